package org.videosim;

import java.util.List;
import org.videosim.internal.HistogramShotDetector;

/**
 * Stage 2: finds shot boundaries (hard cuts) in a stream of sampled frames, so that clips never straddle a cut.
 *
 * <p>A detector is immutable and thread-safe; {@link #newSession()} gives the per-video state, fed frames in time
 * order.
 */
public interface ShotDetector extends PipelineStage {

  /** Starts detecting in one video. */
  Session newSession();

  /** Per-video state of a detector; not thread-safe. */
  interface Session {
    /** Feeds the next frame. */
    void accept(Frame frame);

    /** Indexes (into the frames fed) of the first frames of new shots, in increasing order; excludes 0. */
    List<Integer> boundaries();
  }

  /**
   * The training-free default: compares colour histograms of consecutive frames and marks a cut where their
   * distance stands out from the recent ones (an adaptive threshold).
   */
  static ShotDetector histogram() {
    return HistogramShotDetector.DEFAULT;
  }

  /** A detector that never finds a boundary: the whole video is one shot. */
  static ShotDetector none() {
    return org.videosim.internal.NoShotDetector.INSTANCE;
  }
}
