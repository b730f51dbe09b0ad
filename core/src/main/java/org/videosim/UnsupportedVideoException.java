package org.videosim;

/**
 * A readable file that this pipeline cannot use: no video stream (audio only), an unsupported codec, or a picture
 * size outside the supported range.
 */
public class UnsupportedVideoException extends VideoDecodeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedVideoException(String video, String stage, String problem) {
    super(video, stage, problem, null);
  }
}
