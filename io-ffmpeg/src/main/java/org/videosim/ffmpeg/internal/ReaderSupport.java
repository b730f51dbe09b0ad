package org.videosim.ffmpeg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.videosim.DecodeWarning;
import org.videosim.FrameRequest;
import org.videosim.VideoInfo;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every frame reader of this module does the same way, whatever the decoding library. */
public final class ReaderSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderSupport.class);

  private ReaderSupport() {}

  /** The local file a decoder opens: the input's own file, or its in-memory bytes staged in a temporary file. */
  public static final class LocalFile implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private LocalFile(Path path, boolean temporary) {
      this.path = path;
      this.temporary = temporary;
    }

    public Path path() {
      return path;
    }

    /** Deletes the temporary file, if one was made. */
    @Override
    public void close() {
      if (temporary) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          LOG.warn("cannot delete temporary file {}", path, e);
        }
      }
    }
  }

  /**
   * Checks that the input is a readable, non-empty regular file (staging in-memory bytes first).
   *
   * @throws VideoDecodeException naming the video and the problem
   */
  public static LocalFile localFile(VideoInput input, String stage) {
    String video = input.description();
    LocalFile file;
    if (input.path().isPresent()) {
      file = new LocalFile(input.path().get(), false);
    } else {
      try {
        Path tmp = Files.createTempFile("videosim-", "-" + input.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        file = new LocalFile(tmp, true);
        try (InputStream in = input.openStream()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          file.close();
          throw e;
        }
      } catch (IOException e) {
        throw new VideoDecodeException(video, stage, "cannot stage the in-memory video in a temporary file: " + e,
            e);
      }
    }
    Path path = file.path();
    String problem = null;
    Throwable cause = null;
    if (!Files.exists(path)) {
      problem = org.videosim.internal.LocalFiles.missingReason(path);
      cause = new NoSuchFileException(path.toString());
    } else if (Files.isDirectory(path)) {
      problem = "is a directory, not a video file";
    } else if (!Files.isRegularFile(path)) {
      // a FIFO or a device would block or never end
      problem = "not a regular file (" + org.videosim.internal.LocalFiles.typeOf(path) + ")";
    } else if (!Files.isReadable(path)) {
      problem = "file is not readable";
    } else {
      try {
        if (Files.size(path) == 0) {
          problem = "file is empty (0 bytes)";
        }
      } catch (IOException e) {
        problem = "cannot read file: " + e;
        cause = e;
      }
    }
    if (problem != null) {
      file.close();
      throw new VideoDecodeException(video, stage, problem, cause);
    }
    return file;
  }

  /**
   * Limits on a decoded picture: each side between {@code minSide} and {@code maxSide} pixels, at most
   * {@code maxPixels} pixels, and at most {@code maxDecodedBytes} for the pictures a decoder may hold at once
   * (estimated as {@link #REFERENCE_PICTURES} reference pictures plus one per decoder thread plus one being
   * converted, at the picture format's size).
   */
  public record Limits(int minSide, int maxSide, long maxPixels, long maxDecodedBytes) {}

  /** The most reference pictures an H.264 or HEVC decoder keeps (its decoded picture buffer). */
  public static final int REFERENCE_PICTURES = 16;

  /** The frame period that {@code info} declares (one over its frame rate), or 0 when the rate is missing or absurd. */
  public static double framePeriod(VideoInfo info) {
    double fps = info.frameRate();
    return fps > 0 && fps < 1000 ? 1 / fps : 0;
  }

  /**
   * Refuses pictures outside the limits; a 0x0 size is accepted when {@code beforeDecoding} (unknown until the
   * first frame).
   *
   * @param pictureBytes bytes of one decoded picture in its pixel format, or 0 if unknown (3 bytes a pixel are
   *     assumed)
   * @param threads decoder threads
   * @throws UnsupportedVideoException naming the size and the limit
   */
  public static void checkSize(int width, int height, boolean beforeDecoding, Limits limits, long pictureBytes,
      int threads, String video, String stage) {
    if (width == 0 && height == 0 && beforeDecoding) {
      return;
    }
    if (width < limits.minSide() || height < limits.minSide()) {
      throw new UnsupportedVideoException(video, stage, "picture of " + width + "x" + height
          + " pixels is too small (each side must be at least " + limits.minSide() + " pixels)");
    }
    if (width > limits.maxSide() || height > limits.maxSide()) {
      throw new UnsupportedVideoException(video, stage, "picture of " + width + "x" + height
          + " pixels is too large (each side must be at most " + limits.maxSide() + " pixels)");
    }
    if ((long) width * height > limits.maxPixels()) {
      throw new UnsupportedVideoException(video, stage, "picture of " + width + "x" + height
          + " pixels is too large (at most " + limits.maxPixels() + " pixels per frame)");
    }
    long picture = pictureBytes > 0 ? pictureBytes : 3L * width * height;
    long estimate = picture * (REFERENCE_PICTURES + threads + 1);
    if (estimate > limits.maxDecodedBytes()) {
      throw new UnsupportedVideoException(video, stage, String.format(Locale.ROOT, "picture of %dx%d pixels "
          + "(%d bytes each) is too large: decoding it may hold %d MB of pictures, more than the %d MB allowed",
          width, height, picture, estimate >> 20, limits.maxDecodedBytes() >> 20));
    }
  }

  /**
   * What a reader checks about the frames it decoded, whatever the decoding library: timestamps, decoding and read
   * errors, and, at the end, what was decoded against what the container declares. Not thread-safe.
   */
  public static final class DecodeAudit {
    /** A gap between two decoded frames longer than this (seconds) is implausible. */
    public static final double MAX_GAP = 60;
    /** Decoding less than this share of the declared duration or frame count is worth a warning ... */
    static final double SHORT_SHARE = 0.9;
    /** ... when at least this many seconds are missing. */
    static final double SHORT_SECONDS = 1.0;
    /** The share of the declared duration that fewer frames than declared may leave uncovered at the end. */
    static final double REPEAT_SPAN_SHARE = 0.05;
    /** How far before the latest time a packet's may lie in decoding order (frame reordering spans a few frames). */
    static final double REORDER_SECONDS = 2.0;

    private long frames;
    /** Packets sent while non-reference frames were skipped, and of those, the ones that could be skipped. */
    private long packets;
    private long mayBeSkipped;
    private double last = Double.NaN;
    private long notAfter;
    private double maxGap;
    private long maxGapAfter;
    private long errors;
    private String lastError;
    private String readError;
    private long readErrorAfter;
    /** Packets left undecoded on purpose (keyframe-only reading). */
    private long dropped;
    /** The latest time among the decoded frames and the packets left undecoded, and how many of them were seen. */
    private double seenMax = Double.NaN;
    private long timesSeen;

    /** A decoded frame at {@code t} seconds from the stream's start, before any correction. */
    public void frame(double t) {
      seen(t);
      if (frames > 0 && !(t > last)) {
        notAfter++;
      }
      if (frames == 0 || t > last) {
        last = t;
      }
      frames++;
    }

    /**
     * A packet left undecoded on purpose (keyframe-only reading), its time from the stream's start or NaN: the frames
     * it held were not lost, so it counts as decoded in the duration and missing-frames checks, and its time in the
     * gap check. Packets come in decoding order, where a B-frame's time lies a few frames before its predecessor's:
     * a time counts as not after the others when it equals the latest or lies more than {@link #REORDER_SECONDS}
     * before it.
     */
    public void dropped(double t) {
      dropped++;
      if (Double.isNaN(t)) {
        return;
      }
      if (timesSeen > 0 && (t == seenMax || t < seenMax - REORDER_SECONDS)) {
        notAfter++;
      }
      seen(t);
    }

    /** A time seen, decoded or left out: the gaps between them. */
    private void seen(double t) {
      if (timesSeen > 0 && t > seenMax && t - seenMax > maxGap) {
        maxGap = t - seenMax;
        maxGapAfter = frames - 1;
      }
      if (timesSeen == 0 || t > seenMax) {
        seenMax = t;
      }
      timesSeen++;
    }

    /**
     * A packet sent to a decoder that drops non-reference frames ({@code skippable}: this one may be dropped). The
     * frames it drops are counted as decoded in the missing-frames check: they were skipped, not lost.
     */
    public void packet(boolean skippable) {
      packets++;
      mayBeSkipped += skippable ? 1 : 0;
    }

    /** A packet that could not be decoded. */
    public void decodeError(String message) {
      errors++;
      lastError = message;
    }

    /** Reading stopped at an error that is not the end of the file. */
    public void readError(String message) {
      if (readError == null) {
        readError = message;
        readErrorAfter = frames;
      }
    }

    /**
     * The warnings for what was decoded against what {@code info} declares.
     *
     * @param declaredFrames the frame count the container declares, or 0 if none
     */
    public List<DecodeWarning> warnings(VideoInfo info, long declaredFrames) {
      List<DecodeWarning> out = new ArrayList<>();
      if (frames == 0) {
        return out;
      }
      if (readError != null) {
        out.add(new DecodeWarning(DecodeWarning.Kind.TRUNCATED, "reading stopped at an error after " + readErrorAfter
            + " frames: " + readError));
      }
      double decoded = seenMax + framePeriod(info); // the latest time decoded or left out on purpose
      double declared = info.durationSeconds();
      // with non-reference frames skipped, what the decoder gave out plus what it was allowed to drop (at most the
      // packets sent, less those that failed): the frame count of both warnings below
      long seen = (mayBeSkipped == 0 ? frames : Math.max(frames, Math.min(frames + mayBeSkipped, packets - errors)))
          + dropped;
      boolean spanShort = declared > 0 && decoded < SHORT_SHARE * declared && declared - decoded > SHORT_SECONDS;
      if (spanShort) {
        out.add(new DecodeWarning(DecodeWarning.Kind.SHORT_DURATION, String.format(Locale.ROOT,
            "decoded %.2f s of the declared %.2f s (%d frames)", decoded, declared, seen)));
      }
      // A container may count frames it holds no picture for: an AVI's empty chunks repeat the previous picture
      // (Debian's opencv-doc tree.avi declares 444 frames and holds 68 pictures over its 29.6 s, the last at 29.2 s).
      // Fewer frames that span the whole declared duration (all but REPEAT_SPAN_SHARE of it), read and decoded
      // without an error, lose nothing. A file cut short by less than the duration warning's second still warns of
      // its missing frames (before, a 4-s file that lost 0.9 s decoded without a warning).
      boolean spanWhole = declared > 0 && decoded >= (1 - REPEAT_SPAN_SHARE) * declared;
      boolean repeatsOnly = spanWhole && errors == 0 && readError == null;
      if (!repeatsOnly && declaredFrames > 0 && seen < SHORT_SHARE * declaredFrames
          && declaredFrames - seen >= 2) {
        out.add(new DecodeWarning(DecodeWarning.Kind.MISSING_FRAMES, "decoded " + seen + " of the "
            + declaredFrames + " frames the container declares"));
      }
      if (errors > 0) {
        out.add(new DecodeWarning(DecodeWarning.Kind.DAMAGED_PACKETS, errors + " packet(s) could not be decoded "
            + "and were skipped (last: " + lastError + ")"));
      }
      if (notAfter > 0 || maxGap > MAX_GAP) {
        List<String> what = new ArrayList<>();
        if (notAfter > 0) {
          what.add(notAfter + " of " + (frames + dropped) + " frames not after the previous one (kept in order)");
        }
        if (maxGap > MAX_GAP) {
          what.add(String.format(Locale.ROOT, "a gap of %.1f s after frame %d", maxGap, maxGapAfter));
        }
        out.add(new DecodeWarning(DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS, String.join("; ", what)));
      }
      if (frames == 1 && dropped == 0) {
        out.add(new DecodeWarning(DecodeWarning.Kind.STILL_IMAGE, "a single frame was decoded (container "
            + info.container() + "): a still image, not a video"));
      }
      return out;
    }
  }

  /**
   * Presentation times of decoded frames, kept monotonic, and the sampling decision: the first frame, then the
   * first frame at or after each multiple of {@code 1 / sampleRate}. The next sample time is computed in O(1), so
   * an absurd timestamp jump cannot make a loop run for years of video time. Not thread-safe.
   */
  public static final class SamplingClock {
    private final double period;
    private double lastTime = Double.NEGATIVE_INFINITY;
    private double nextSampleTime = Double.NEGATIVE_INFINITY;

    public SamplingClock(FrameRequest request) {
      this(request.sampleRate());
    }

    /** A clock that samples {@code rate} frames per second of video time. */
    public SamplingClock(double rate) {
      this.period = 1.0 / rate;
    }

    /** Records a decoded frame's time (raised to the previous one if it goes back) and returns it. */
    public double advance(double t) {
      if (t < lastTime) {
        t = lastTime; // damaged or reordered timestamps: keep time monotonic
      }
      lastTime = t;
      return t;
    }

    /** Whether the frame at time {@code t} (as returned by {@link #advance}) is kept. */
    public boolean sample(double t) {
      if (t + 1e-6 < nextSampleTime) {
        return false;
      }
      nextSampleTime = (Math.floor(t / period + 1e-6) + 1) * period;
      return true;
    }

    /** The time from which the next frame is sampled (negative infinity before the first). */
    public double nextSampleTime() {
      return nextSampleTime;
    }

    /** The time of the last decoded frame, or negative infinity before the first. */
    public double lastTime() {
      return lastTime;
    }

    /** The last decoded frame's time, or NaN before the first: for error messages. */
    public double lastTimeOrNaN() {
      return lastTime > Double.NEGATIVE_INFINITY ? lastTime : Double.NaN;
    }
  }

  /**
   * Measures how the picture changes over time, for {@link org.videosim.FrameReader#motion()}: the first decoded frame
   * at or after each step of {@link org.videosim.FrameReader#MOTION_RATE} per second is taken as a grey thumbnail of
   * {@link #SIDE} x {@link #SIDE} pixels (the whole picture, squeezed), and each step's value is the mean absolute
   * difference of its thumbnail from the step before's. A step that no frame starts (a frame lasting longer than a
   * step) gets the value of the frame that ends the gap. A gap of more than {@link #MAX_GAP_SECONDS} in the frames'
   * times (a damaged file's timestamps) ends the measurement: what was measured before it stays.
   */
  public static final class MotionMeter {
    /** Side of the grey thumbnails, in pixels. */
    public static final int SIDE = org.videosim.FrameReader.MOTION_SIDE;
    /** The longest gap between two measured frames that the series bridges, in seconds. */
    public static final double MAX_GAP_SECONDS = 10;
    private static final double RATE = org.videosim.FrameReader.MOTION_RATE;

    private final SamplingClock clock = new SamplingClock(RATE);
    private byte[] previous;
    private int previousStep = -1;
    private float[] values = new float[64];
    private int size;
    private boolean ended;

    /**
     * Whether the frame at time {@code t} (monotonic, as the sampling clock gives it) is measured: then pass its
     * thumbnail to {@link #accept}.
     */
    public boolean wants(double t) {
      return !ended && clock.sample(t);
    }

    /**
     * Whether a decoder must decode the frame at {@code t}, a frame period of {@code framePeriod} seconds after the
     * frame before it: while the measurement goes on, when a step starts within that period (5% more, for the
     * timestamps' rounding), so that the frame at {@code t} is the first at or after the step's time. Decided from the
     * time alone, not from which frames were measured: a decoder is fed several frames ahead of its output (frame
     * threads, reordering), and asked from the measured frames, it kept most frames.
     */
    public boolean needs(double t, double framePeriod) {
      return !ended && step(t) > step(t - 1.05 * framePeriod);
    }

    /** The step whose time is the latest at or before {@code t}. */
    private static double step(double t) {
      return Math.floor(t * RATE + 1e-6);
    }

    /** Records the thumbnail ({@link #SIDE} squared grey bytes) of the frame at {@code t}, which {@link #wants}. */
    public void accept(double t, byte[] grey) {
      int step = (int) Math.min(Integer.MAX_VALUE, step(t));
      if (previous != null) {
        if (step - previousStep > MAX_GAP_SECONDS * RATE) {
          ended = true;
          return;
        }
        long sum = 0;
        for (int i = 0; i < grey.length; i++) {
          sum += Math.abs((grey[i] & 0xff) - (previous[i] & 0xff));
        }
        float value = (float) sum / grey.length;
        for (int k = previousStep + 1; k <= step; k++) {
          add(value);
        }
      } else {
        if (step > MAX_GAP_SECONDS * RATE) {
          ended = true;
          return;
        }
        for (int k = 1; k <= step; k++) {
          add(0); // a video whose first frame comes late: no change before it
        }
      }
      previous = grey;
      previousStep = step;
    }

    private void add(float value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    /**
     * The series: value {@code i} is the change from step {@code i} to step {@code i + 1} (the frames at or after
     * {@code i / MOTION_RATE} and {@code (i + 1) / MOTION_RATE} seconds); empty before two frames were measured.
     */
    public float[] series() {
      return Arrays.copyOf(values, size);
    }
  }

  /** A clockwise rotation in degrees rounded to a quarter turn in [0, 360). */
  public static int quarterTurns(double clockwiseDegrees) {
    if (Double.isNaN(clockwiseDegrees)) {
      return 0;
    }
    long r = Math.round(clockwiseDegrees / 90.0) * 90;
    return (int) (((r % 360) + 360) % 360);
  }

  /** Rotates packed RGB clockwise by 90, 180 or 270 degrees. */
  public static byte[] rotate(byte[] src, int w, int h, int degrees) {
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int nx;
        int ny;
        int nw;
        switch (degrees) {
          case 90: nx = h - 1 - y; ny = x; nw = h; break;
          case 180: nx = w - 1 - x; ny = h - 1 - y; nw = w; break;
          case 270: nx = y; ny = w - 1 - x; nw = h; break;
          default: throw new IllegalArgumentException("rotation " + degrees);
        }
        int s = (y * w + x) * 3;
        int d = (ny * nw + nx) * 3;
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
      }
    }
    return dst;
  }
}
