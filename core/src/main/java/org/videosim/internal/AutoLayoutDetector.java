package org.videosim.internal;

import java.util.List;
import java.util.Map;
import org.videosim.Frame;
import org.videosim.FrameRequest;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;

/** {@link LayoutDetector#none()} and {@link LayoutDetector#auto()}: {@link FrameLayout} on windows of frames. */
public final class AutoLayoutDetector implements LayoutDetector {
  public static final AutoLayoutDetector NONE = new AutoLayoutDetector(false, false);
  public static final AutoLayoutDetector DEFAULT = new AutoLayoutDetector(true, true);

  /** Longer side of the frames the border detector looks at. */
  static final int ANALYSIS_SIDE = 192;

  /**
   * Longer side of the frames the inset detector looks at: smaller, so that an inset's edge, spread over two pixels
   * once a larger frame is scaled down, is a one-pixel step again (on copies re-encoded with H.264 and scaled from
   * 384 px, 160 px found 10-20% more insets than 192 px at the same rate of false ones; {@code LayoutAccuracy}).
   */
  static final int INSET_SIDE = 160;

  private final boolean borders;
  private final boolean insets;

  private AutoLayoutDetector(boolean borders, boolean insets) {
    this.borders = borders;
    this.insets = insets;
  }

  /** True for {@link #NONE}: the pipeline skips the stage altogether. */
  public boolean isNone() {
    return !borders && !insets;
  }

  @Override
  public String name() {
    return isNone() ? "none" : "auto";
  }

  /**
   * 2: a second cut of a split frame needs independent changes on both sides of its seam (its fingerprints differ
   * from 1's where a straight edge within one video was taken for one).
   */
  @Override
  public String version() {
    return "2";
  }

  @Override
  public Map<String, String> parameters() {
    return isNone() ? Map.of() : Map.of("borders", Boolean.toString(borders), "insets", Boolean.toString(insets),
        "side", Integer.toString(ANALYSIS_SIDE), "insetSide", Integer.toString(INSET_SIDE));
  }

  @Override
  public Layout detect(List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    if (isNone()) {
      return Layout.FULL;
    }
    Region picture = borders ? FrameLayout.borders(analysisSize(frames, ANALYSIS_SIDE)) : Region.FULL;
    if (insets) {
      List<Region> panels = panels(frames, picture);
      if (!panels.isEmpty()) {
        return new Layout(picture, panels);
      }
    }
    List<Region> inset = insets ? insets(frames, 1) : List.of();
    // an inset that is the picture itself (e.g. a frame around it) is a border, not other footage
    if (!inset.isEmpty() && inset.get(0).iou(picture) > 0.8) {
      inset = List.of();
    }
    return new Layout(picture, inset);
  }

  /**
   * The inset candidates of a window of frames as {@link #detect(List)} finds them ({@link FrameLayout#insets(List,
   * int)} on frames scaled to {@link #INSET_SIDE}, each without its own bars), best first.
   *
   * @param max most candidates
   */
  public static List<Region> insets(List<Frame> frames, int max) {
    List<Frame> small = analysisSize(frames, INSET_SIDE);
    return FrameLayout.insets(small, max).stream().map(r -> withoutBorders(small, r)).toList();
  }

  /**
   * The panels of a split screen or grid within the picture ({@link FrameLayout#panels}, on frames scaled to {@link
   * #INSET_SIDE}), each without its own bars (a video fitted into its panel), as regions of the whole frame; at most
   * {@link #MAX_PANELS}.
   */
  static List<Region> panels(List<Frame> frames, Region picture) {
    List<Frame> small = analysisSize(frames, INSET_SIDE);
    if (!picture.isFull()) {
      org.videosim.edit.FrameEdit crop = org.videosim.edit.FrameEdits.crop(picture);
      small = small.stream().map(crop::apply).toList();
    }
    List<Frame> cropped = small;
    List<Region> found = FrameLayout.panels(cropped);
    if (found.size() > MAX_PANELS) {
      return List.of();
    }
    return found.stream().map(r -> withoutBorders(cropped, r)).map(r -> new Region(picture.x() + r.x()
        * picture.w(), picture.y() + r.y() * picture.h(), r.w() * picture.w(), r.h() * picture.h())).toList();
  }

  /** Most panels described as views: a 2x2 grid (more are too small to encode and too costly). */
  static final int MAX_PANELS = 4;

  /** An inset without its own borders (a letterboxed video shown over another one): the borders within it. */
  private static Region withoutBorders(List<Frame> frames, Region inset) {
    org.videosim.edit.FrameEdit crop = org.videosim.edit.FrameEdits.crop(inset);
    Region p = FrameLayout.borders(frames.stream().map(crop::apply).toList());
    return p.isFull() ? inset
        : new Region(inset.x() + p.x() * inset.w(), inset.y() + p.y() * inset.h(), p.w() * inset.w(),
            p.h() * inset.h());
  }

  /**
   * The frames scaled down to {@code side} (longer side) when larger: the detectors' thresholds are set at that size
   * (an inset found at 128-192 px was missed at 256 px), and regions are fractions of the frame anyway.
   */
  private static List<Frame> analysisSize(List<Frame> frames, int side) {
    FrameRequest analysis = new FrameRequest(1, side);
    List<Frame> out = new java.util.ArrayList<>(frames.size());
    for (Frame f : frames) {
      if (Math.max(f.width(), f.height()) <= side) {
        out.add(f);
      } else {
        int[] size = analysis.outputSize(f.width(), f.height());
        out.add(org.videosim.edit.FrameEdits.resize(size[0], size[1]).apply(f));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LayoutDetector(" + name() + ")";
  }
}
