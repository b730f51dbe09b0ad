package org.videosim.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.videosim.Frame;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;

/** {@link LayoutDetector#none()} and {@link LayoutDetector#auto()}: {@link FrameLayout} on windows of frames. */
public final class AutoLayoutDetector implements LayoutDetector {
  public static final AutoLayoutDetector NONE = new AutoLayoutDetector(false, false);
  public static final AutoLayoutDetector DEFAULT = new AutoLayoutDetector(true, true);

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
    return isNone() ? Map.of() : Map.of("borders", Boolean.toString(borders), "insets", Boolean.toString(insets));
  }

  @Override
  public Layout detect(List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    if (isNone()) {
      return Layout.FULL;
    }
    Region picture = borders ? FrameLayout.borders(frames) : Region.FULL;
    Optional<Region> inset = insets ? FrameLayout.inset(frames) : Optional.empty();
    // an inset that is the picture itself (e.g. a frame around it) is a border, not other footage
    if (inset.isPresent() && inset.get().iou(picture) > 0.8) {
      inset = Optional.empty();
    }
    return new Layout(picture, inset.map(List::of).orElse(List.of()));
  }

  @Override
  public String toString() {
    return "LayoutDetector(" + name() + ")";
  }
}
