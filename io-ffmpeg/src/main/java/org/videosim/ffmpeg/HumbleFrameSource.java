package org.videosim.ffmpeg;

import java.util.List;
import java.util.Objects;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.internal.Humble;
import org.videosim.ffmpeg.internal.HumbleFrameReader;
import org.videosim.ffmpeg.internal.ReaderSupport;

/**
 * An alternative {@link FrameSource} on <a href="https://github.com/artclarke/humble-video">Humble Video</a> 0.3.0
 * ({@code io.humble:humble-video-all}, an optional dependency of this module: add it yourself to use this class).
 * <b>Licence:</b> Humble Video is licensed under the GNU AGPL version 3 (videosim itself is Apache-2.0); an application
 * that adds it must meet the AGPL's terms. Nothing in videosim pulls it in.
 * It behaves like {@link FfmpegFrameSource}: each video is read straight through without seeking, frames are
 * sampled by presentation time (the first frame, then the first frame at or after each multiple of
 * {@code 1 / sampleRate}), only the kept frames are converted to RGB and scaled, and all work is bounded by what is
 * decoded, never by the declared duration or frame rate. Prefer {@link FfmpegFrameSource}, the default, unless you
 * have a reason to use Humble; its limits are:
 *
 * <ul>
 *   <li><b>Old decoders.</b> Humble 0.3.0 (2018) bundles FFmpeg 2.8 (libavcodec 56.60, from 2015): no AV1 (such
 *       videos are an {@link org.videosim.UnsupportedVideoException}), and years of decoder security fixes are
 *       missing. Do not use it for untrusted uploads. As a partial guard, only the container formats in
 *       {@link #allowedContainers()} are opened (FFmpeg's {@code format_whitelist}; FFmpeg 2.8 has no protocol
 *       white list), so a local playlist (HLS, concat, SDP) cannot make it fetch other resources.
 *   <li><b>Start-up.</b> Loading Humble unpacks its ~105 MB native library into {@code java.io.tmpdir} in every
 *       JVM, which must be writable and executable; this takes about 0.8-0.9 s (measured on a 2-core VM) before the
 *       first video opens. The library is deleted once loaded.
 *   <li><b>Single-threaded decoding.</b> With FFmpeg's decoder threads on, a decoding error logged from a worker
 *       thread attaches that thread to the JVM as a non-daemon thread that never ends, so a JVM that decoded one
 *       damaged file never exits. This source therefore always decodes with one thread per video (no
 *       {@code threads} option); run several videos in parallel to use more cores.
 *   <li><b>Scaler.</b> Humble ORs the flags passed to {@code MediaPictureResampler.make} into its default
 *       ({@code SWS_AREA}), and FFmpeg rejects two scaler algorithms ("Exactly one scaler algorithm must be chosen"),
 *       so every non-zero flag except area itself fails; the flags are passed as 0 and the algorithm is set through
 *       the resampler's {@code sws_flags} property instead (area when shrinking, bilinear when enlarging, as
 *       {@link FfmpegFrameSource} does). On the test videos the pixels equal {@link FfmpegFrameSource}'s when
 *       shrinking and differ by about 1.3 levels on average when enlarging (the two swscale versions interpolate
 *       differently); the sources have different {@link #name()}s, so their fingerprints are not mixed.
 *   <li><b>No lock manager.</b> Humble registers no FFmpeg lock manager, and FFmpeg 2.8 aborts the whole JVM when
 *       two threads open codecs at once; this source serialises opening and closing videos on one process-wide lock
 *       (decoding still runs in parallel). Other code in the same JVM that opens Humble decoders concurrently, not
 *       through this class, can still abort the process.
 *   <li><b>Timestamps.</b> Decoded pictures carry the packet's timestamp in the <em>stream's</em> time base, but
 *       report the decoder's time base (e.g. 1/50000 instead of 1/25000 for 25 fps H.264), so the stream's time base
 *       is used.
 *   <li><b>Rotation.</b> Honoured from the container's {@code rotate} tag (the track matrix of mp4/mov), which
 *       FFmpeg 2.8 exposes as stream metadata; per-frame display matrices are not exposed by Humble.
 *   <li><b>Logging.</b> Humble logs through SLF4J (FFmpeg under {@code org.ffmpeg}, Humble under
 *       {@code io.humble}), and logs an ERROR for every exception it raises, e.g. once per damaged input; configure
 *       those loggers if that is too loud. Nothing is printed to stdout or stderr.
 * </ul>
 *
 * <p>Limits that turn into {@link org.videosim.UnsupportedVideoException}: no video stream, a codec FFmpeg 2.8
 * cannot decode, each side under {@link #minSide()} or over {@link #maxSide()} pixels, more than
 * {@link #maxPixels()} pixels per frame, or more than {@link #maxDecodedBytes()} of decoded pictures held at once.
 * What was decoded is checked against what the container declares ({@link FrameReader#warnings()}), as by
 * {@link FfmpegFrameSource}.
 * Missing, empty, random, truncated or damaged files are a {@link org.videosim.VideoDecodeException} naming the file;
 * damaged packets are skipped, but more than {@code maxConsecutiveErrors} in a row, or a video without a single
 * decodable frame, fail. In-memory inputs are staged in a temporary file that is deleted on close.
 *
 * <p>Immutable and thread-safe: each {@link #open} creates an independent demuxer and decoder.
 */
public final class HumbleFrameSource implements FrameSource {
  /**
   * The container formats opened by default (FFmpeg 2.8 demuxer names): the usual video containers and elementary
   * streams, plus common audio formats so that audio-only files are reported as such. Playlist-like demuxers that
   * open other files or URLs (hls, concat, sdp, image2, ...) are left out.
   */
  public static final List<String> DEFAULT_CONTAINERS = List.of("mov", "mp4", "matroska", "webm", "avi", "mpeg",
      "mpegts", "mpegvideo", "m4v", "h264", "hevc", "flv", "asf", "ogg", "ivf", "yuv4mpegpipe", "mjpeg", "gif", "dv",
      "mxf", "nut", "wav", "mp3", "aac", "flac");

  private final int minSide;
  private final int maxSide;
  private final long maxPixels;
  private final long maxDecodedBytes;
  private final int maxConsecutiveErrors;
  private final List<String> allowedContainers;

  private HumbleFrameSource(Builder b) {
    this.minSide = b.minSide;
    this.maxSide = b.maxSide;
    this.maxDecodedBytes = b.maxDecodedBytes;
    this.maxPixels = b.maxPixels;
    this.maxConsecutiveErrors = b.maxConsecutiveErrors;
    this.allowedContainers = b.allowedContainers;
  }

  /**
   * A source with the default settings: 16 px minimum side, 8192 x 4352 maximum, {@link #DEFAULT_CONTAINERS}.
   *
   * @throws IllegalStateException if Humble Video is not on the class path
   */
  public static HumbleFrameSource create() {
    return builder().build();
  }

  /** A builder starting from the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first call in a JVM loads Humble's native library (see the class description); if that fails, every
   * call throws a {@link org.videosim.VideoDecodeException} with the loading error as its cause.
   */
  @Override
  public FrameReader open(VideoInput input, FrameRequest request) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(request, "request");
    return new HumbleFrameReader(input, request, new HumbleFrameReader.Options(new ReaderSupport.Limits(minSide,
        maxSide, maxPixels, maxDecodedBytes), maxConsecutiveErrors, String.join(",", allowedContainers)),
        getClass().getSimpleName());
  }

  @Override
  public String name() {
    return "humble";
  }

  @Override
  public String version() {
    return "0.3.0";
  }

  /** Smallest accepted width and height in pixels. */
  public int minSide() {
    return minSide;
  }

  /** Largest accepted picture, width times height. */
  public long maxPixels() {
    return maxPixels;
  }

  /** Largest accepted width and height in pixels. */
  public int maxSide() {
    return maxSide;
  }

  /** Most bytes of decoded pictures a decoder may hold at once (estimated from the picture size and format). */
  public long maxDecodedBytes() {
    return maxDecodedBytes;
  }

  /** Damaged packets tolerated in a row before a video fails. */
  public int maxConsecutiveErrors() {
    return maxConsecutiveErrors;
  }

  /** FFmpeg demuxer names of the container formats this source opens. */
  public List<String> allowedContainers() {
    return allowedContainers;
  }

  @Override
  public String toString() {
    return "HumbleFrameSource(minSide=" + minSide + ", maxPixels=" + maxPixels + ", maxConsecutiveErrors="
        + maxConsecutiveErrors + ", allowedContainers=" + allowedContainers + ")";
  }

  /** Builder of {@link HumbleFrameSource}; not thread-safe. */
  public static final class Builder {
    private int minSide = 16;
    private int maxSide = 8192;
    private long maxPixels = 8192L * 4352;
    private long maxDecodedBytes = 2L << 30;
    private int maxConsecutiveErrors = 200;
    private List<String> allowedContainers = DEFAULT_CONTAINERS;

    private Builder() {}

    /** Smallest accepted width and height in pixels (default 16). */
    public Builder minSide(int minSide) {
      if (minSide < 1) {
        throw new IllegalArgumentException("minSide must be positive: " + minSide);
      }
      this.minSide = minSide;
      return this;
    }

    /** Largest accepted picture, width times height (default 8192 x 4352, the largest H.264/HEVC level). */
    public Builder maxPixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
      }
      this.maxPixels = maxPixels;
      return this;
    }

    /** Largest accepted width and height in pixels (default 8192). */
    public Builder maxSide(int maxSide) {
      if (maxSide < 1) {
        throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
      }
      this.maxSide = maxSide;
      return this;
    }

    /** Most bytes of decoded pictures held at once, as for {@link FfmpegFrameSource.Builder#maxDecodedBytes}. */
    public Builder maxDecodedBytes(long maxDecodedBytes) {
      if (maxDecodedBytes < 1) {
        throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
      }
      this.maxDecodedBytes = maxDecodedBytes;
      return this;
    }

    /** Damaged packets tolerated in a row before giving up (default 200). */
    public Builder maxConsecutiveErrors(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxConsecutiveErrors must not be negative: " + n);
      }
      this.maxConsecutiveErrors = n;
      return this;
    }

    /**
     * The container formats to open, as FFmpeg 2.8 demuxer names (default {@link #DEFAULT_CONTAINERS}); a name
     * matches a demuxer with several names, e.g. {@code mov} matches {@code mov,mp4,m4a,3gp,3g2,mj2}. Other files
     * fail with a {@link org.videosim.VideoDecodeException}. Adding playlist demuxers (hls, concat) lets a file
     * make FFmpeg open other files and URLs.
     *
     * @throws NullPointerException if the list or a name is null
     * @throws IllegalArgumentException if the list is empty or a name is not lower-case letters, digits and '_'
     */
    public Builder allowedContainers(List<String> demuxerNames) {
      this.allowedContainers = FfmpegFrameSource.names(demuxerNames, "demuxerNames");
      return this;
    }

    /**
     * Builds the source.
     *
     * @throws IllegalStateException if Humble Video ({@code io.humble:humble-video-all:0.3.0}) is not on the class
     *     path
     */
    public HumbleFrameSource build() {
      if (!Humble.onClassPath()) {
        throw new IllegalStateException("Humble Video is not on the class path: add the dependency"
            + " io.humble:humble-video-all:0.3.0 (optional in videosim-io-ffmpeg), or use FfmpegFrameSource");
      }
      return new HumbleFrameSource(this);
    }
  }
}
