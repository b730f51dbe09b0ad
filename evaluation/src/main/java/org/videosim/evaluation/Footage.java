package org.videosim.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInput;
import org.videosim.edit.FrameEdits;

/**
 * A stretch of footage held in memory: the frames of a video between two times (decoded once, scaled so that the
 * longer side is at most a given size), or generated low-content frames. Times are seconds from the stretch's
 * start. Immutable and thread-safe.
 */
public final class Footage {
  private final String description;
  private final List<Frame> frames;
  private final double[] times;
  private final double duration;

  private Footage(String description, List<Frame> frames, double duration) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames in " + description);
    }
    this.description = description;
    this.frames = List.copyOf(frames);
    this.times = frames.stream().mapToDouble(Frame::timestamp).toArray();
    this.duration = duration;
  }

  /**
   * Decodes {@code video} from {@code start} to {@code end} seconds at up to {@code fps} frames per second, scaled
   * to at most {@code maxSide} pixels on the longer side. The duration is what was decoded, never the container's
   * claim.
   *
   * @throws VideoDecodeException if the video cannot be read or has no frame in the range
   */
  public static Footage load(FrameSource source, Path video, double start, double end, double fps, int maxSide) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(video, "video");
    if (!(end > start) || start < 0) {
      throw new IllegalArgumentException("need 0 <= start < end: " + start + ", " + end);
    }
    List<Frame> frames = new ArrayList<>();
    double last = start;
    double step = 1 / fps;
    try (FrameReader r = source.open(VideoInput.of(video), new FrameRequest(fps, maxSide))) {
      for (Frame f = r.next(); f != null && f.timestamp() < end; f = r.next()) {
        if (f.timestamp() >= start - 1e-9) {
          frames.add(new Frame(frames.size(), f.timestamp() - start, f.width(), f.height(), f.rgb()));
          last = f.timestamp();
        }
      }
    }
    if (frames.isEmpty()) {
      throw new VideoDecodeException(video.toString(), "Footage", String.format(Locale.ROOT,
          "no frames between %.2f and %.2f s", start, end), null);
    }
    double duration = Math.min(end, last + step) - start;
    return new Footage(String.format(Locale.ROOT, "%s[%.2f-%.2f]", video.getFileName(), start, start + duration),
        frames, duration);
  }

  /** The kinds of generated low-content footage: {@code black}, {@code solid} (one colour), {@code slides}. */
  public static final List<String> FLAT_KINDS = List.of("black", "solid", "slides");

  /**
   * Generated low-content footage of {@code duration} seconds at 5 frames per second: {@code black}, a {@code solid}
   * colour with faint noise, or {@code slides} (a plain background with a title that changes every 3 seconds), as
   * flat negatives that must not match anything.
   */
  public static Footage flat(String kind, double duration, int width, int height, long seed) {
    if (!FLAT_KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown flat footage kind: " + kind);
    }
    Random rnd = new Random(seed);
    Color colour = Color.getHSBColor(rnd.nextFloat(), 0.3f + 0.6f * rnd.nextFloat(), 0.3f + 0.7f * rnd.nextFloat());
    String[] titles = {"Chapter 1", "Thank you for watching", "Subscribe", "Q&A", "Results", "Summary", "Agenda",
        "Introduction", "Part 2", "Questions?"};
    int first = rnd.nextInt(titles.length);
    List<Frame> frames = new ArrayList<>();
    int n = Math.max(1, (int) Math.round(duration * 5));
    for (int k = 0; k < n; k++) {
      double t = k / 5.0;
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      switch (kind) {
        case "black" -> {
          g.setColor(Color.BLACK);
          g.fillRect(0, 0, width, height);
        }
        case "solid" -> {
          g.setColor(colour);
          g.fillRect(0, 0, width, height);
        }
        default -> {
          int slide = (int) (t / 3);
          g.setColor(slide % 2 == 0 ? colour : colour.darker());
          g.fillRect(0, 0, width, height);
          g.setColor(Color.WHITE);
          g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, height / 10)));
          g.drawString(titles[(first + slide) % titles.length], width / 10, height / 2);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(6, height / 20)));
          g.drawString("- point " + (slide + 1), width / 10, height * 2 / 3);
        }
      }
      g.dispose();
      Frame f = FrameEdits.fromImage(k, t, img);
      if (!kind.equals("black")) {
        f = FrameEdits.noise(3, seed + k).apply(f);
      }
      frames.add(f);
    }
    return new Footage(kind + "(" + String.format(Locale.ROOT, "%.1fs", duration) + ")", frames, duration);
  }

  /** Seconds of footage. */
  public double duration() {
    return duration;
  }

  /** Width of its frames, pixels. */
  public int width() {
    return frames.get(0).width();
  }

  /** Height of its frames, pixels. */
  public int height() {
    return frames.get(0).height();
  }

  /** The frame shown at {@code t} seconds (the last one that started at or before it), clamped to the footage. */
  public Frame at(double t) {
    int lo = 0;
    int hi = times.length - 1;
    if (t <= times[0]) {
      return frames.get(0);
    }
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (times[mid] <= t + 1e-9) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return frames.get(lo);
  }

  /** The frame at {@code t} seconds of the footage played in a loop. */
  public Frame looped(double t) {
    return at(((t % duration) + duration) % duration);
  }

  @Override
  public String toString() {
    return description;
  }
}
