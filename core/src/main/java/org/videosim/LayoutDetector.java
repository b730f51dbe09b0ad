package org.videosim;

import java.util.List;
import org.videosim.internal.AutoLayoutDetector;

/**
 * Frame normalisation stage: finds the borders around the picture (letterbox, pillarbox, a frame, a blurred fill),
 * picture-in-picture insets and a picture turned in its frame in a window of frames of one video. The pipeline turns
 * a turned picture back, then encodes the picture without its borders and each inset on its own as a further
 * {@linkplain Clip#view() view} of the same time span, so a copy shown inside another video (a reaction video, a
 * compilation) or turned by an angle can still be found.
 *
 * <p>Implementations must be thread-safe and deterministic.
 */
public interface LayoutDetector extends PipelineStage {

  /**
   * The layout of a window of consecutive sampled frames of one video, all of the same size.
   *
   * @param frames at least one frame
   */
  Layout detect(List<Frame> frames);

  /** Frames per window the pipeline hands to {@link #detect(List)}. */
  default int windowFrames() {
    return 12;
  }

  /** No normalisation: the whole frame is the picture. The pipeline then decodes at the encoder's size. */
  static LayoutDetector none() {
    return AutoLayoutDetector.NONE;
  }

  /**
   * Solid and blurred borders removed, at most one picture-in-picture inset or the panels of a split frame, and a
   * picture turned by 1.5-45 degrees in its frame (on black or another flat colour) turned back, found from
   * the frames alone (no model): see {@code docs/layout.md}.
   */
  static LayoutDetector auto() {
    return AutoLayoutDetector.DEFAULT;
  }
}
