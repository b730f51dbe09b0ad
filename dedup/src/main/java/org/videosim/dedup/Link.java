package org.videosim.dedup;

import java.util.Locale;
import java.util.Objects;

/**
 * A verified match between two pieces of content: span {@code a} of one video shows the same footage as span
 * {@code b} of another (one {@link org.videosim.MatchedSegment} of a pair that the matcher called a copy, with the
 * views that matched). Times map linearly from one span onto the other. Immutable.
 *
 * @param a the span in the first video
 * @param b the span in the second video
 * @param similarity the segment's mean clip similarity, in [0, 1]
 */
public record Link(Span a, Span b, double similarity) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a value is out of range
   */
  public Link {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be within [0, 1]: " + similarity);
    }
  }

  /** The time in {@code b} that time {@code t} of {@code a} maps to. */
  public double toB(double t) {
    return a.duration() <= 0 ? b.start() : b.start() + (t - a.start()) / a.duration() * b.duration();
  }

  /** The time in {@code a} that time {@code t} of {@code b} maps to. */
  public double toA(double t) {
    return b.duration() <= 0 ? a.start() : a.start() + (t - b.start()) / b.duration() * a.duration();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s <-> %s (similarity %.3f)", a, b, similarity);
  }
}
