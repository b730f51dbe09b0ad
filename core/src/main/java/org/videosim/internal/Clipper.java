package org.videosim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a video's sampled frames into clips: consecutive frames of one shot spanning at most {@code clipSeconds}.
 * A clip never crosses a shot boundary. Stateless.
 */
public final class Clipper {
  private Clipper() {}

  /** A clip as a range of frame indexes with its time span. */
  public record Span(int from, int to, double start, double end) {
    /** Number of frames. */
    public int size() {
      return to - from;
    }
  }

  /**
   * @param times frame timestamps, non-decreasing
   * @param boundaries indexes of the first frames of new shots, increasing
   * @param clipSeconds longest clip, seconds
   * @param period sampling period, seconds: a clip ends at the next frame, at most one period after its last
   */
  public static List<Span> cut(double[] times, List<Integer> boundaries, double clipSeconds, double period) {
    List<Span> spans = new ArrayList<>();
    int n = times.length;
    int b = 0;
    int from = 0;
    while (from < n) {
      int shotEnd = n;
      while (b < boundaries.size() && boundaries.get(b) <= from) {
        b++;
      }
      if (b < boundaries.size()) {
        shotEnd = boundaries.get(b);
      }
      int to = from + 1;
      while (to < shotEnd && times[to] < times[from] + clipSeconds - 1e-6) {
        to++;
      }
      double end = Math.min(to < n ? times[to] : Double.POSITIVE_INFINITY, times[to - 1] + period);
      spans.add(new Span(from, to, times[from], Math.max(end, times[from])));
      from = to;
    }
    return spans;
  }
}
