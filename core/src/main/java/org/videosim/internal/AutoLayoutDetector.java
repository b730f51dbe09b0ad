package org.videosim.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.videosim.Frame;
import org.videosim.FrameRequest;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;

/** {@link LayoutDetector#none()} and {@link LayoutDetector#auto()}: {@link FrameLayout} on windows of frames. */
public final class AutoLayoutDetector implements LayoutDetector {
  public static final AutoLayoutDetector NONE = new AutoLayoutDetector(false, false);
  public static final AutoLayoutDetector DEFAULT = new AutoLayoutDetector(true, true);

  /** Longer side of the frames the detectors look at. */
  static final int ANALYSIS_SIDE = 192;

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

  @Override
  public Map<String, String> parameters() {
    return isNone() ? Map.of() : Map.of("borders", Boolean.toString(borders), "insets", Boolean.toString(insets),
        "side", Integer.toString(ANALYSIS_SIDE));
  }

  @Override
  public Layout detect(List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    if (isNone()) {
      return Layout.FULL;
    }
    List<Frame> small = analysisSize(frames);
    Region picture = borders ? FrameLayout.borders(small) : Region.FULL;
    Optional<Region> inset = insets ? FrameLayout.inset(small) : Optional.empty();
    // an inset that is the picture itself (e.g. a frame around it) is a border, not other footage
    if (inset.isPresent() && inset.get().iou(picture) > 0.8) {
      inset = Optional.empty();
    }
    return new Layout(picture, inset.map(List::of).orElse(List.of()));
  }

  /**
   * The frames scaled down to {@link #ANALYSIS_SIDE} (longer side) when larger: the detectors' thresholds are set at
   * that size (an inset found at 128-192 px was missed at 256 px), and regions are fractions of the frame anyway.
   */
  private static List<Frame> analysisSize(List<Frame> frames) {
    FrameRequest analysis = new FrameRequest(1, ANALYSIS_SIDE);
    List<Frame> out = new java.util.ArrayList<>(frames.size());
    for (Frame f : frames) {
      if (Math.max(f.width(), f.height()) <= ANALYSIS_SIDE) {
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
