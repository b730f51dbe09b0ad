package org.videosim.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.videosim.Frame;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.FfmpegVideoWriter;

/**
 * Writes one generated video: a transformation applied to footage, with unrelated footage for fillers and layouts,
 * encoded as H.264 with the project's {@link FfmpegVideoWriter}; returns where the copied footage lies (the ground
 * truth). Stateless; deterministic for the same inputs.
 */
public final class QueryRenderer {
  /** Output frames per second unless the transformation sets them. */
  public static final double FRAME_RATE = 25;
  /** Output bit rate unless the transformation sets it (bits per second). */
  public static final int BIT_RATE = 450_000;
  /** Longer side of the output, at most, unless the transformation sets less. */
  public static final int MAX_SIDE = 640;

  private QueryRenderer() {}

  /** What was written: the copied footage's segments and the video's length. */
  public record Rendered(List<Segment> segments, double duration, int width, int height, int frames) {}

  /**
   * Renders {@code transform} of {@code copy} into {@code out}.
   *
   * @param others {@link Transform#OTHERS} stretches of unrelated footage (the first also fills intros and
   *     inserted bursts), played in a loop from their start
   * @param seed draws the dropped frames
   */
  public static Rendered render(Transform transform, Footage copy, List<Footage> others, long seed, Path out) {
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(copy, "copy");
    Objects.requireNonNull(out, "out");
    if (others.size() != Transform.OTHERS) {
      throw new IllegalArgumentException("need " + Transform.OTHERS + " other footages: " + others.size());
    }
    List<Piece> pieces = transform.pieces(copy.duration());
    double fps = transform.frameRate(FRAME_RATE);
    List<Function<Frame, Frame>> fns = new ArrayList<>();
    for (Footage o : others) {
      fns.add(f -> o.looped(f.timestamp()));
    }
    FrameEdit edit = transform.edit(fns);
    double total = pieces.stream().mapToDouble(Piece::duration).sum();
    int n = Math.max(1, (int) Math.round(total * fps));

    // the output size: the first copied frame, edited, fitted into the longest side
    Piece firstCopy = pieces.stream().filter(Piece::copy).findFirst().orElseThrow(() ->
        new IllegalArgumentException(transform + " copies nothing"));
    Frame probe = edit.apply(at(copy, firstCopy.from(), 0, 0));
    int maxSide = transform.maxSide(MAX_SIDE);
    double s = Math.min(1, (double) maxSide / Math.max(probe.width(), probe.height()));
    int w = Math.max(16, (int) Math.round(probe.width() * s)) & ~1;
    int h = Math.max(16, (int) Math.round(probe.height() * s)) & ~1;
    FrameEdit fit = FrameEdits.resize(w, h);

    Random drops = new Random(seed);
    Frame previous = null;
    try (FfmpegVideoWriter writer = FfmpegVideoWriter.create(out, w, h, fps, FfmpegVideoWriter.Codec.H264,
        transform.bitRate(BIT_RATE), 0)) {
      int p = 0;
      double pieceStart = 0;
      for (int k = 0; k < n; k++) {
        double t = k / fps;
        while (p < pieces.size() - 1 && t >= pieceStart + pieces.get(p).duration() - 1e-9) {
          pieceStart += pieces.get(p).duration();
          p++;
        }
        Piece piece = pieces.get(p);
        double dt = Math.min(piece.duration(), t - pieceStart);
        Frame frame;
        if (previous != null && transform.dropRate() > 0 && drops.nextDouble() < transform.dropRate()) {
          frame = previous;
        } else if (piece.copy()) {
          frame = edit.apply(at(copy, piece.sourceTime(dt), k, t));
        } else {
          Frame f = others.get(0).looped(piece.from() + dt);
          frame = new Frame(k, t, f.width(), f.height(), f.rgb());
        }
        if (frame.width() != w || frame.height() != h) {
          frame = fit.apply(frame);
        }
        writer.write(frame);
        previous = frame;
      }
    }
    return new Rendered(segments(pieces), n / fps, w, h, n);
  }

  /** The frame of {@code footage} at source time {@code s}, renumbered as output frame {@code k} at time {@code t}. */
  private static Frame at(Footage footage, double s, int k, double t) {
    Frame f = footage.at(s);
    return new Frame(k, t, f.width(), f.height(), f.rgb());
  }

  /** The copied stretches as query x source boxes, joining stretches that continue each other in both. */
  static List<Segment> segments(List<Piece> pieces) {
    List<Segment> out = new ArrayList<>();
    double q = 0;
    for (Piece p : pieces) {
      if (p.copy()) {
        double r0 = Math.min(p.from(), p.to());
        double r1 = Math.max(p.from(), p.to());
        Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && Math.abs(last.queryEnd() - q) < 1e-9 && p.to() >= p.from()
            && Math.abs(last.refEnd() - r0) < 1e-9) {
          out.set(out.size() - 1, new Segment(last.queryStart(), q + p.duration(), last.refStart(), r1));
        } else {
          out.add(new Segment(q, q + p.duration(), r0, r1));
        }
      }
      q += p.duration();
    }
    return out;
  }
}
