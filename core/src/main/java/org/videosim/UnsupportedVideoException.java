package org.videosim;

/**
 * A readable file that this pipeline cannot use: no video stream (audio only), an unsupported codec, or a picture
 * size outside the supported range.
 */
public class UnsupportedVideoException extends VideoDecodeException {
  private static final long serialVersionUID = 1L;

  /**
   * A video that the pipeline cannot use.
   *
   * @param video the video's description (its file name)
   * @param stage the stage that found the problem, e.g. {@code FfmpegFrameSource}
   * @param problem what is unsupported
   */
  public UnsupportedVideoException(String video, String stage, String problem) {
    super(video, stage, problem, null);
  }
}
