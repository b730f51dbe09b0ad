package org.videosim.ffmpeg;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInput;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;

/**
 * Makes an edited copy of a video, the way re-uploaders do: frame edits (crop, mirror, colour, overlays, ...),
 * speed changes, a sub-segment, unrelated footage before or after, another frame rate or bit rate. Used by the
 * tests, the demo and the calibration to make copies whose ground truth is known.
 *
 * <pre>{@code
 * EditedCopy.of(Path.of("in.mp4")).edit(FrameEdits.hflip()).speed(1.5).writeTo(Path.of("copy.mp4"));
 * }</pre>
 *
 * <p>Frames are read with the default {@link FfmpegFrameSource}, scaled so that the longer side is at most
 * {@link #maxSide(int)} pixels, and written at a constant frame rate. Not thread-safe (a builder); each
 * {@link #writeTo} call is independent.
 */
public final class EditedCopy {
  private final Path source;
  private FrameEdit edit = FrameEdits.identity();
  private double speed = 1;
  private double trimStart = 0;
  private double trimEnd = Double.POSITIVE_INFINITY;
  private Path intro;
  private double introSeconds;
  private Path outro;
  private double outroSeconds;
  private double frameRate = 25;
  private int bitRate;
  private int maxSide = 480;
  private FfmpegVideoWriter.Codec codec;
  private FrameSource frameSource = FfmpegFrameSource.create();

  private EditedCopy(Path source) {
    this.source = source;
  }

  /** Starts a copy of {@code source}. */
  public static EditedCopy of(Path source) {
    return new EditedCopy(Objects.requireNonNull(source, "source"));
  }

  /** The frame edit to apply (default: none). */
  public EditedCopy edit(FrameEdit edit) {
    this.edit = Objects.requireNonNull(edit, "edit");
    return this;
  }

  /** Playback speed: 2 plays twice as fast (half the duration), 0.5 is slow motion. */
  public EditedCopy speed(double speed) {
    if (!(speed >= 0.1 && speed <= 10)) {
      throw new IllegalArgumentException("speed must be within [0.1, 10]: " + speed);
    }
    this.speed = speed;
    return this;
  }

  /** Keeps only the source's footage from {@code start} to {@code end} seconds. */
  public EditedCopy trim(double start, double end) {
    if (!(start >= 0 && end > start)) {
      throw new IllegalArgumentException("need 0 <= start < end: " + start + ", " + end);
    }
    this.trimStart = start;
    this.trimEnd = end;
    return this;
  }

  /** Puts the first {@code seconds} of another video before the copy. */
  public EditedCopy intro(Path video, double seconds) {
    this.intro = Objects.requireNonNull(video, "video");
    this.introSeconds = positive(seconds, "seconds");
    return this;
  }

  /** Puts the first {@code seconds} of another video after the copy. */
  public EditedCopy outro(Path video, double seconds) {
    this.outro = Objects.requireNonNull(video, "video");
    this.outroSeconds = positive(seconds, "seconds");
    return this;
  }

  /** Output frames per second (default 25). */
  public EditedCopy frameRate(double fps) {
    if (!(fps >= 1 && fps <= 120)) {
      throw new IllegalArgumentException("frameRate must be within [1, 120]: " + fps);
    }
    this.frameRate = fps;
    return this;
  }

  /** Target bit rate in bits per second; 0 (default) lets the encoder choose its default quality. */
  public EditedCopy bitRate(int bitsPerSecond) {
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("bitRate must not be negative: " + bitsPerSecond);
    }
    this.bitRate = bitsPerSecond;
    return this;
  }

  /** Longer side of the working and output resolution before edits, at most (default 480; never enlarged). */
  public EditedCopy maxSide(int pixels) {
    if (pixels < 16 || pixels > 4096) {
      throw new IllegalArgumentException("maxSide must be within [16, 4096]: " + pixels);
    }
    this.maxSide = pixels;
    return this;
  }

  /** The codec (default: by the output file's extension). */
  public EditedCopy codec(FfmpegVideoWriter.Codec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /** Where frames are read from (default {@link FfmpegFrameSource#create()}). */
  public EditedCopy frameSource(FrameSource source) {
    this.frameSource = Objects.requireNonNull(source, "source");
    return this;
  }

  private static double positive(double v, String what) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be positive: " + v);
    }
    return v;
  }

  /**
   * Writes the copy.
   *
   * @return the number of frames written
   * @throws VideoDecodeException if a source cannot be read
   */
  public int writeTo(Path out) {
    Objects.requireNonNull(out, "out");
    // Source time shown at output tick k: trimStart + k * speed / frameRate.
    double period = speed / frameRate;
    Output writer = new Output(out);
    int side;
    try (FrameReader probe = frameSource.open(VideoInput.of(source), new FrameRequest(1, maxSide))) {
      side = Math.max(16, Math.min(maxSide, Math.max(probe.info().width(), probe.info().height())));
    }
    try (FrameReader r = frameSource.open(VideoInput.of(source), new FrameRequest(frameRate * speed * 2, side))) {
      Frame current = r.next();
      if (current == null) {
        throw new VideoDecodeException(source.toString(), "EditedCopy", "no frames", null);
      }
      Frame next = r.next();
      // Duration of the source's frames: the gap between the last two frames read.
      double frameDuration = next != null ? next.timestamp() - current.timestamp() : 1.0 / frameRate;
      boolean first = true;
      for (long k = 0; ; k++) {
        double t = trimStart + k * period;
        if (t >= trimEnd) {
          break;
        }
        while (next != null && next.timestamp() <= t + 1e-6) {
          frameDuration = next.timestamp() - current.timestamp();
          current = next;
          next = r.next();
        }
        if (next == null && t >= current.timestamp() + frameDuration - 1e-6) {
          break; // past the end of the source
        }
        Frame edited = edit.apply(current);
        if (first) {
          writer.open(edited.width(), edited.height());
          if (intro != null) {
            copyPlain(intro, introSeconds, writer);
          }
          first = false;
        }
        writer.write(edited);
      }
      if (first) {
        throw new VideoDecodeException(source.toString(), "EditedCopy", "nothing to copy in the trimmed range", null);
      }
      if (outro != null) {
        copyPlain(outro, outroSeconds, writer);
      }
      return writer.frames;
    } finally {
      writer.close();
    }
  }

  private void copyPlain(Path video, double seconds, Output writer) {
    try (FrameReader r = frameSource.open(VideoInput.of(video), new FrameRequest(frameRate, maxSide))) {
      int k = 0;
      for (Frame f = r.next(); f != null && k < Math.round(seconds * frameRate); f = r.next(), k++) {
        writer.write(f);
      }
    }
  }

  /** The writer, opened at the first edited frame's size (rounded down to even); other frames are scaled to it. */
  private final class Output {
    private final Path path;
    private FfmpegVideoWriter writer;
    private int width;
    private int height;
    int frames;

    Output(Path path) {
      this.path = path;
    }

    void open(int w, int h) {
      width = Math.max(2, w & ~1);
      height = Math.max(2, h & ~1);
      FfmpegVideoWriter.Codec c = codec != null ? codec
          : FfmpegVideoWriter.Codec.forFileName(path.getFileName().toString());
      writer = FfmpegVideoWriter.create(path, width, height, frameRate, c, bitRate, 0);
    }

    void write(Frame f) {
      if (f.width() != width || f.height() != height) {
        f = FrameEdits.resize(width, height).apply(f);
      }
      writer.write(f);
      frames++;
    }

    void close() {
      if (writer != null) {
        writer.close();
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "EditedCopy(%s, edit=%s, speed=%.2f, trim=%.2f-%.2f, fps=%.1f, bitRate=%d)",
        source, edit, speed, trimStart, trimEnd, frameRate, bitRate);
  }
}
