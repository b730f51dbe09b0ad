package org.videosim;

import java.util.Locale;

/**
 * A video could not be opened or decoded: it is missing, empty, truncated, corrupt, or holds no decodable picture.
 *
 * <p>Example message: {@code cannot decode frame 812 (t=27.067s) of 'a.mp4' in FfmpegFrameSource: invalid data}.
 */
public class VideoDecodeException extends VideoSimilarityException {
  private static final long serialVersionUID = 1L;

  private final String video;
  private final long frameIndex;
  private final double timestamp;
  private final String stage;

  /** An error about the video as a whole (opening, probing); frame index and timestamp are unknown. */
  public VideoDecodeException(String video, String stage, String problem, Throwable cause) {
    this(video, -1, Double.NaN, stage, problem, cause);
  }

  /**
   * An error at one frame.
   *
   * @param frameIndex index of the decoded frame, or -1 when unknown
   * @param timestamp presentation time in seconds, or NaN when unknown
   */
  public VideoDecodeException(
      String video, long frameIndex, double timestamp, String stage, String problem, Throwable cause) {
    super(format(video, frameIndex, timestamp, stage, problem), cause);
    this.video = video;
    this.frameIndex = frameIndex;
    this.timestamp = timestamp;
    this.stage = stage;
  }

  private static String format(String video, long frameIndex, double timestamp, String stage, String problem) {
    StringBuilder sb = new StringBuilder("cannot decode ");
    if (frameIndex >= 0) {
      sb.append("frame ").append(frameIndex);
      if (!Double.isNaN(timestamp)) {
        sb.append(String.format(Locale.ROOT, " (t=%.3fs)", timestamp));
      }
      sb.append(" of ");
    }
    sb.append('\'').append(video).append('\'');
    if (stage != null) {
      sb.append(" in ").append(stage);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The video, as given by {@link VideoInput#description()}. */
  public String video() {
    return video;
  }

  /** Index of the decoded frame where the error happened, or -1 when it concerns the whole video. */
  public long frameIndex() {
    return frameIndex;
  }

  /** Presentation time in seconds of the frame where the error happened, or NaN. */
  public double timestamp() {
    return timestamp;
  }

  /** The stage that failed (its {@link PipelineStage#name()}), or null. */
  public String stage() {
    return stage;
  }
}
