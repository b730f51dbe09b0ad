package org.videosim.ffmpeg;

import java.util.Objects;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.internal.FfmpegFrameReader;

/**
 * The default {@link FrameSource}: FFmpeg 8.1 through bytedeco's binding, with the native libraries bundled in the
 * jar (no system FFmpeg needed). Decodes mp4/mov (H.264, HEVC, AV1, MPEG-4), webm/mkv (VP8, VP9, AV1), avi, mpg and
 * the other formats FFmpeg reads.
 *
 * <p>Each video is read straight through, without seeking, and only the sampled frames are converted to RGB and
 * scaled; rotation metadata (display matrix) is honoured. Only local files are opened (FFmpeg's protocol white list
 * is {@code file}), so a playlist file cannot make the decoder fetch other resources.
 *
 * <p>Limits that turn into {@link org.videosim.UnsupportedVideoException}: each side at least {@link #minSide()}
 * pixels, at most {@link #maxPixels()} pixels per frame. Damaged packets are skipped; more than
 * {@code maxConsecutiveErrors} in a row, or a video without a single decodable frame, is a
 * {@link org.videosim.VideoDecodeException}.
 *
 * <p>Immutable and thread-safe: each {@link #open} creates an independent decoder.
 */
public final class FfmpegFrameSource implements FrameSource {
  private final int threads;
  private final int minSide;
  private final long maxPixels;
  private final int maxConsecutiveErrors;

  private FfmpegFrameSource(Builder b) {
    this.threads = b.threads;
    this.minSide = b.minSide;
    this.maxPixels = b.maxPixels;
    this.maxConsecutiveErrors = b.maxConsecutiveErrors;
  }

  /** A source with the default settings: one decoding thread per video, 16 px minimum side, 8K maximum. */
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
    return new FfmpegFrameReader(input, request,
        new FfmpegFrameReader.Options(threads, minSide, maxPixels, maxConsecutiveErrors), getClass().getSimpleName());
  }

  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public String version() {
    return "8.1";
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

  @Override
  public String toString() {
    return "FfmpegFrameSource(threads=" + threads + ", minSide=" + minSide + ", maxPixels=" + maxPixels
        + ", maxConsecutiveErrors=" + maxConsecutiveErrors + ")";
  }

  /** Builder of {@link FfmpegFrameSource}; not thread-safe. */
  public static final class Builder {
    private int threads = 1;
    private int minSide = 16;
    private long maxPixels = 8192L * 4352;
    private int maxConsecutiveErrors = 200;

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
