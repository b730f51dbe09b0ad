package org.videosim;

import java.util.Locale;

/**
 * A stretch of video A that matches a stretch of video B: start and end times on both sides (seconds), and how
 * similar the aligned clips are. Immutable.
 *
 * @param startA start in A
 * @param endA end in A
 * @param startB start in B
 * @param endB end in B
 * @param similarity mean similarity of the aligned clips, in [0, 1]
 */
public record MatchedSegment(double startA, double endA, double startB, double endB, double similarity) {

  /**
   * Checks the segment.
   *
   * @throws IllegalArgumentException if a span is negative or reversed, or {@code similarity} is outside [0, 1]
   */
  public MatchedSegment {
    if (!(startA <= endA) || !(startB <= endB) || startA < 0 || startB < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "bad segment %.3f-%.3f / %.3f-%.3f",
          startA, endA, startB, endB));
    }
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be within [0, 1]: " + similarity);
    }
  }

  /** Length of the segment in A, seconds. */
  public double durationA() {
    return endA - startA;
  }

  /** Length of the segment in B, seconds. */
  public double durationB() {
    return endB - startB;
  }

  /** The same segment seen from B's side. */
  public MatchedSegment swapped() {
    return new MatchedSegment(startB, endB, startA, endA, similarity);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "A %.2f-%.2fs <-> B %.2f-%.2fs (similarity %.3f)", startA, endA, startB, endB,
        similarity);
  }
}
