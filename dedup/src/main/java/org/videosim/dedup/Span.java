package org.videosim.dedup;

import java.util.Locale;
import java.util.Objects;

/**
 * A piece of content: a time span of one view of one video. View 0 is the picture itself; higher views are regions
 * that the layout stage described on their own, such as a picture-in-picture inset ({@link org.videosim.Clip#view()}).
 * Immutable.
 *
 * @param videoId the video
 * @param view the view, 0 to 127
 * @param start start in seconds
 * @param end end in seconds, not before {@code start}
 */
public record Span(String videoId, int view, double start, double end) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a value is out of range
   */
  public Span {
    Objects.requireNonNull(videoId, "videoId");
    if (view < 0 || view > 127) {
      throw new IllegalArgumentException("view must be within [0, 127]: " + view);
    }
    if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < start) {
      throw new IllegalArgumentException("bad time span: " + start + " .. " + end);
    }
  }

  /** Length in seconds. */
  public double duration() {
    return end - start;
  }

  /** Seconds this span and {@code other} share (0 when they do not overlap); views and videos are not compared. */
  public double overlap(Span other) {
    return Math.max(0, Math.min(end, other.end) - Math.max(start, other.start));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s%s %.2f-%.2fs", videoId, view == 0 ? "" : " view " + view, start, end);
  }
}
