package org.videosim;

import java.util.Locale;
import java.util.Objects;

/**
 * One clip found by an {@link Index} search. Immutable.
 *
 * @param videoId the id of the fingerprint the clip belongs to
 * @param clipIndex position of the clip in that fingerprint
 * @param start start of the clip in its video, seconds
 * @param end end of the clip in its video, seconds
 * @param distance Hamming distance between the query code and the clip's code
 */
public record IndexHit(String videoId, int clipIndex, double start, double end, int distance) {

  /**
   * Checks the hit.
   *
   * @throws NullPointerException if {@code videoId} is null
   * @throws IllegalArgumentException if {@code distance} is negative
   */
  public IndexHit {
    Objects.requireNonNull(videoId, "videoId");
    if (distance < 0) {
      throw new IllegalArgumentException("distance must not be negative: " + distance);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s#%d (%.2f-%.2fs) d=%d", videoId, clipIndex, start, end, distance);
  }
}
