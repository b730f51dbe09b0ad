package org.videosim.ffmpeg;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.internal.FfmpegFrameReader;
import org.videosim.ffmpeg.internal.ReaderSupport;

/**
 * The default {@link FrameSource}: FFmpeg 8.1 through bytedeco's binding, with the native libraries bundled in the
 * jar (no system FFmpeg needed). Decodes mp4/mov (H.264, HEVC, AV1, MPEG-4), webm/mkv (VP8, VP9, AV1), avi, mpg and
 * the other formats FFmpeg reads.
 *
 * <p>Each video is read straight through, without seeking, and only the sampled frames are converted to RGB and
 * scaled; rotation metadata (display matrix) is honoured. By default only plain local video files are opened: FFmpeg's
 * protocol white list is {@code file} and its container (demuxer) white list is {@link #DEFAULT_CONTAINERS}, which
 * leaves out playlists and every other format that opens further files or URLs (hls, dash, concat, image2, sdp,
 * ...): a caller that names file X never gets bytes of file Y. Playlists and remote inputs are an explicit opt-in:
 * {@link Builder#allowedContainers} and {@link Builder#allowedProtocols}.
 *
 * <p>Limits that turn into {@link org.videosim.UnsupportedVideoException}: each side at least {@link #minSide()}
 * and at most {@link #maxSide()} pixels, at most {@link #maxPixels()} pixels per frame, and at most
 * {@link #maxDecodedBytes()} for the pictures the decoder may hold at once (16 reference pictures plus one per
 * thread plus one, at the pixel format's size). Damaged packets are skipped; more than {@code maxConsecutiveErrors}
 * in a row, or a video without a single decodable frame, is a {@link org.videosim.VideoDecodeException}. What was
 * decoded is checked against what the container declares ({@link FrameReader#warnings()}: a file that ends early,
 * missing frames, damaged packets, implausible timestamps, a still image).
 *
 * <p>Immutable and thread-safe: each {@link #open} creates an independent decoder.
 */
public final class FfmpegFrameSource implements FrameSource {
  /**
   * The container formats opened by default (FFmpeg demuxer names; a name matches a demuxer with several names,
   * e.g. {@code mov} matches {@code mov,mp4,m4a,3gp,3g2,mj2}): the usual video containers and elementary streams,
   * plus common audio formats so that audio-only files are reported as such. Playlist-like demuxers that open other
   * files or URLs (hls, dash, concat, image2, sdp, ...) and still-image formats are left out.
   */
  public static final List<String> DEFAULT_CONTAINERS = List.of("mov", "matroska", "webm", "avi", "mpeg", "mpegts",
      "mpegvideo", "m4v", "h264", "hevc", "obu", "flv", "asf", "ogg", "ivf", "yuv4mpegpipe", "mjpeg", "gif", "dv",
      "mxf", "nut", "wav", "mp3", "aac", "flac");
  /** The protocols opened by default: local files only. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("file");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  private final int threads;
  private final boolean skipNonReference;
  private final boolean keyframesOnly;
  private final int minSide;
  private final int maxSide;
  private final long maxPixels;
  private final long maxDecodedBytes;
  private final int maxConsecutiveErrors;
  private final List<String> allowedContainers;
  private final List<String> allowedProtocols;

  private FfmpegFrameSource(Builder b) {
    this.threads = b.threads;
    this.skipNonReference = b.skipNonReference;
    this.keyframesOnly = b.keyframesOnly;
    this.minSide = b.minSide;
    this.maxSide = b.maxSide;
    this.maxPixels = b.maxPixels;
    this.maxDecodedBytes = b.maxDecodedBytes;
    this.maxConsecutiveErrors = b.maxConsecutiveErrors;
    this.allowedContainers = b.allowedContainers;
    this.allowedProtocols = b.allowedProtocols;
  }

  /**
   * A source with the default settings: one decoding thread per video, 16 px minimum side, 8192 px maximum side,
   * 8192 x 4352 pixels at most, 2 GiB of decoded pictures at most, plain local video files only.
   */
  public static FfmpegFrameSource create() {
    return builder().build();
  }

  /**
   * A builder with the defaults of {@link #create()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public FrameReader open(VideoInput input, FrameRequest request) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(request, "request");
    return new FfmpegFrameReader(input, request, new FfmpegFrameReader.Options(threads,
        new ReaderSupport.Limits(minSide, maxSide, maxPixels, maxDecodedBytes), maxConsecutiveErrors,
        String.join(",", allowedContainers), String.join(",", allowedProtocols), skipNonReference, keyframesOnly),
        getClass().getSimpleName());
  }

  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public String version() {
    return "8.1";
  }

  /**
   * {@code frames=key} when only keyframes are read ({@link Builder#keyframesOnly}): such fingerprints describe fewer
   * moments, and say so in their spec (they stay comparable with those of every frame).
   */
  @Override
  public java.util.Map<String, String> parameters() {
    return keyframesOnly ? java.util.Map.of("frames", "key") : java.util.Map.of();
  }

  /** Whether only keyframes are decoded: see {@link Builder#keyframesOnly}. */
  public boolean keyframesOnly() {
    return keyframesOnly;
  }

  /** Decoder threads per video: see {@link Builder#threads}. */
  public int threads() {
    return threads;
  }

  /** Smallest picture side accepted, pixels: see {@link Builder#minSide}. */
  public int minSide() {
    return minSide;
  }

  /** Largest picture accepted, pixels: see {@link Builder#maxPixels}. */
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

  /** FFmpeg demuxer names of the container formats this source opens. */
  public List<String> allowedContainers() {
    return allowedContainers;
  }

  /** FFmpeg protocol names this source opens. */
  public List<String> allowedProtocols() {
    return allowedProtocols;
  }

  @Override
  public String toString() {
    return "FfmpegFrameSource(threads=" + threads + ", minSide=" + minSide + ", maxSide=" + maxSide + ", maxPixels="
        + maxPixels + ", maxDecodedBytes=" + maxDecodedBytes + (keyframesOnly ? ", keyframesOnly" : "")
        + ", maxConsecutiveErrors=" + maxConsecutiveErrors
        + (allowedContainers.equals(DEFAULT_CONTAINERS) ? "" : ", allowedContainers=" + allowedContainers)
        + (allowedProtocols.equals(DEFAULT_PROTOCOLS) ? "" : ", allowedProtocols=" + allowedProtocols) + ")";
  }

  /** Checks a list of FFmpeg component names: not empty, each lower-case letters, digits and '_'. */
  static List<String> names(List<String> names, String what) {
    Objects.requireNonNull(names, what);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (String n : names) {
      Objects.requireNonNull(n, what + " name");
      if (!NAME.matcher(n).matches()) {
        throw new IllegalArgumentException("not an FFmpeg name in " + what + ": '" + n + "'");
      }
    }
    return List.copyOf(names);
  }

  /** The default of {@link Builder#minSide}: the smallest accepted width and height, pixels. */
  public static final int DEFAULT_MIN_SIDE = 16;

  /** Builder of {@link FfmpegFrameSource}; not thread-safe. */
  public static final class Builder {
    private int threads = 1;
    private boolean skipNonReference = true;
    private boolean keyframesOnly;
    private int minSide = DEFAULT_MIN_SIDE;
    private int maxSide = 8192;
    private long maxPixels = 8192L * 4352;
    private long maxDecodedBytes = 2L << 30;
    private int maxConsecutiveErrors = 200;
    private List<String> allowedContainers = DEFAULT_CONTAINERS;
    private List<String> allowedProtocols = DEFAULT_PROTOCOLS;

    private Builder() {}

    /**
     * Decoder threads per video (default 1: callers that fingerprint several videos at once use the cores
     * better with one thread each).
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be within [1, 64]: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Leave undecoded the frames that no sample can take and no other frame refers to (FFmpeg's {@code
     * AVDISCARD_NONREF} between samples; default true). The frames sampled are the same as when every frame is
     * decoded, so are the fingerprints; at 1 sample a second of 30 fps H.264 with B-frames it saves about a fifth of
     * the time at 1080p. Applies when a sample is taken from 4 frames or more.
     */
    public Builder skipNonReferenceFrames(boolean skip) {
      this.skipNonReference = skip;
      return this;
    }

    /**
     * Decode only the keyframes (packets the container marks as key: intra-coded pictures that need no other),
     * default false: a quick scan for a pre-filter, whose fingerprint describes the video at its keyframes only,
     * often seconds apart (x264's default: at scene cuts and at least every 250 frames), at a fraction of the decoding
     * time. Sampling still takes at most the request's rate. Compare such a fingerprint with full ones to rank
     * candidates, then fingerprint the candidates' query in full for a verdict: with fewer clips, fewer copies get
     * the segment that a copy verdict needs (README, "Keyframe scan"). A video whose container marks no keyframe
     * cannot be read so ({@link org.videosim.VideoDecodeException}).
     */
    public Builder keyframesOnly(boolean keyframesOnly) {
      this.keyframesOnly = keyframesOnly;
      return this;
    }

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

    /** Largest accepted width and height in pixels (default 8192; 8704x64 is refused). */
    public Builder maxSide(int maxSide) {
      if (maxSide < 1) {
        throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
      }
      this.maxSide = maxSide;
      return this;
    }

    /**
     * Most bytes of decoded pictures a decoder may hold at once, estimated as 16 reference pictures plus one per
     * decoder thread plus one, at the size of the stream's pixel format (default 2 GiB: an 8192 x 4352 8-bit 4:2:0
     * video fits, a 10-bit 4:4:4 one of that size does not).
     */
    public Builder maxDecodedBytes(long maxDecodedBytes) {
      if (maxDecodedBytes < 1) {
        throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
      }
      this.maxDecodedBytes = maxDecodedBytes;
      return this;
    }

    /**
     * The container formats to open, as FFmpeg demuxer names (default {@link #DEFAULT_CONTAINERS}). Adding a
     * playlist demuxer ({@code hls}, {@code concat}, ...) is the opt-in that lets a file make FFmpeg read other
     * files (and, with {@link #allowedProtocols}, URLs): only do so for inputs you trust.
     *
     * @throws NullPointerException if the list or a name is null
     * @throws IllegalArgumentException if the list is empty or a name is not lower-case letters, digits and '_'
     */
    public Builder allowedContainers(List<String> demuxerNames) {
      this.allowedContainers = names(demuxerNames, "demuxerNames");
      return this;
    }

    /**
     * The protocols FFmpeg may open (default {@link #DEFAULT_PROTOCOLS}, local files only): e.g. add {@code http},
     * {@code https}, {@code tcp}, {@code tls} and {@code crypto} to let an allowed playlist fetch remote segments.
     *
     * @throws NullPointerException if the list or a name is null
     * @throws IllegalArgumentException if the list is empty or a name is not lower-case letters, digits and '_'
     */
    public Builder allowedProtocols(List<String> protocolNames) {
      this.allowedProtocols = names(protocolNames, "protocolNames");
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
     * Builds an immutable, thread-safe source; can be called again.
     *
     * @return the source
     */
    public FfmpegFrameSource build() {
      return new FfmpegFrameSource(this);
    }
  }
}
