package org.videosim.evaluation;

/**
 * A stretch of a generated query's timeline: either copied footage, played from {@code from} to {@code to} seconds
 * of its source clip ({@code to < from} plays it backwards; the speed is their difference over {@code duration}), or
 * unrelated filler footage (an intro, an outro, inserted frames).
 *
 * @param copy true for the copied footage, false for unrelated filler
 * @param duration length in the query, seconds, positive
 * @param from source time at the start of the stretch (copied footage), seconds from the source clip's start
 * @param to source time at its end
 */
public record Piece(boolean copy, double duration, double from, double to) {
  /**
   * Checks the stretch.
   *
   * @throws IllegalArgumentException if the duration is not positive or a time is not finite
   */
  public Piece {
    if (!(duration > 0) || !Double.isFinite(duration) || !Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException("need a positive duration and finite times: " + duration + ", " + from
          + ", " + to);
    }
  }

  /** Copied footage from {@code from} to {@code to} of the source, over {@code duration} seconds of the query. */
  public static Piece copy(double duration, double from, double to) {
    return new Piece(true, duration, from, to);
  }

  /** Unrelated footage for {@code duration} seconds, starting {@code from} seconds into the filler. */
  public static Piece filler(double duration, double from) {
    return new Piece(false, duration, from, from + duration);
  }

  /** The source time shown {@code dt} seconds into this stretch. */
  public double sourceTime(double dt) {
    return from + (to - from) * dt / duration;
  }
}
