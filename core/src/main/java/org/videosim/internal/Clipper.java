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
   * Clips lie on a grid of {@code clipSeconds} anchored at each shot's first frame: a frame belongs to cell
   * {@code floor((t - shotStart) / clipSeconds)}. (Comparing each frame with the clip's first frame instead merged
   * neighbours whenever sampling jitter put a frame a little early.)
   *
   * @param times frame timestamps, non-decreasing
   * @param boundaries indexes of the first frames of new shots, increasing
   * @param clipSeconds longest clip, seconds
   * @param period sampling period, seconds: a clip ends at the next frame, at most one period after its last
   * @param videoEnd where the video ends (the end of its last frame), seconds, or NaN if unknown: the last clip
   *     ends there when that is sooner than a period after its last frame (and later than that frame)
   */
  public static List<Span> cut(double[] times, List<Integer> boundaries, double clipSeconds, double period,
      double videoEnd) {
    List<Span> spans = new ArrayList<>();
    int n = times.length;
    int b = 0;
    int from = 0;
    double shotStart = n > 0 ? times[0] : 0;
    while (from < n) {
      while (b < boundaries.size() && boundaries.get(b) <= from) {
        if (boundaries.get(b) == from) {
          shotStart = times[from];
        }
        b++;
      }
      int shotEnd = b < boundaries.size() ? boundaries.get(b) : n;
      long cell = cell(times[from], shotStart, clipSeconds);
      int to = from + 1;
      while (to < shotEnd && cell(times[to], shotStart, clipSeconds) == cell) {
        to++;
      }
      double end = Math.min(to < n ? times[to] : Double.POSITIVE_INFINITY, times[to - 1] + period);
      if (to == n && videoEnd > times[n - 1]) {
        end = Math.min(end, videoEnd);
      }
      spans.add(new Span(from, to, times[from], Math.max(end, times[from])));
      from = to;
    }
    return spans;
  }

  private static long cell(double t, double shotStart, double clipSeconds) {
    return (long) Math.floor((t - shotStart) / clipSeconds + 1e-6);
  }
}
