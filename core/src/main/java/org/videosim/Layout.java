package org.videosim;

import java.util.List;
import java.util.Objects;

/**
 * Where the picture is in a stretch of video: the picture without its borders, picture-in-picture insets that are
 * worth describing on their own, and how far the picture is turned. Regions are fractions of the decoded frame.
 * Immutable.
 *
 * @param picture the picture without borders ({@link Region#FULL} when there are none); of a turned picture, its
 *     region of the frame turned back
 * @param insets rectangles of the frame holding other footage (picture in picture), best first; may be empty
 * @param rotation degrees by which the picture is turned clockwise in the frame, on a flat canvas (a rotation edit),
 *     within (-90, 90); 0 for a picture that is not turned. The picture is then a region of the frame turned back by
 *     as much about its centre, at its own size, and there are no insets
 */
public record Layout(Region picture, List<Region> insets, double rotation) {
  /** The whole frame, no inset. */
  public static final Layout FULL = new Layout(Region.FULL, List.of());

  /**
   * Checks the layout and copies the insets.
   *
   * @throws NullPointerException if {@code picture} or an inset is null
   * @throws IllegalArgumentException if {@code rotation} is not within (-90, 90), or a turned picture has insets
   */
  public Layout {
    Objects.requireNonNull(picture, "picture");
    insets = List.copyOf(insets);
    if (!(rotation > -90 && rotation < 90)) {
      throw new IllegalArgumentException("rotation must be within (-90, 90) degrees: " + rotation);
    }
    rotation = rotation == 0 ? 0 : rotation; // -0.0 is no turn either, and equals 0
    if (rotation != 0 && !insets.isEmpty()) {
      throw new IllegalArgumentException("a turned picture has no insets");
    }
  }

  /** A picture that is not turned. */
  public Layout(Region picture, List<Region> insets) {
    this(picture, insets, 0);
  }

  /** Whether the picture is turned ({@link #rotation()} is not 0). */
  public boolean isTurned() {
    return rotation != 0;
  }
}
