package org.videosim;

import java.util.List;
import java.util.Objects;

/**
 * Where the picture is in a stretch of video: the picture without its borders, and picture-in-picture insets that
 * are worth describing on their own. Regions are fractions of the decoded frame. Immutable.
 *
 * @param picture the picture without borders ({@link Region#FULL} when there are none)
 * @param insets rectangles of the frame holding other footage (picture in picture), best first; may be empty
 */
public record Layout(Region picture, List<Region> insets) {
  /** The whole frame, no inset. */
  public static final Layout FULL = new Layout(Region.FULL, List.of());

  /**
   * Checks the layout and copies the insets.
   *
   * @throws NullPointerException if {@code picture} or an inset is null
   */
  public Layout {
    Objects.requireNonNull(picture, "picture");
    insets = List.copyOf(insets);
  }
}
