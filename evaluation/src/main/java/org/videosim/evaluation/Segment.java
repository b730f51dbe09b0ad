package org.videosim.evaluation;

import java.util.Locale;

/**
 * Where copied footage lies in a query and in its reference, in seconds: the ground truth of localization (a box in
 * query time x reference time; a reversed copy covers the same box).
 */
public record Segment(double queryStart, double queryEnd, double refStart, double refEnd) {
  /**
   * Checks the segment.
   *
   * @throws IllegalArgumentException if it ends before it starts on either axis
   */
  public Segment {
    if (!(queryEnd >= queryStart) || !(refEnd >= refStart)) {
      throw new IllegalArgumentException("segment ends before it starts: " + queryStart + "-" + queryEnd + ", "
          + refStart + "-" + refEnd);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "q %.3f-%.3f r %.3f-%.3f", queryStart, queryEnd, refStart, refEnd);
  }
}
