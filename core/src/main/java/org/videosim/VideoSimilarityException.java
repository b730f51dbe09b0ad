package org.videosim;

/**
 * Base class of every error that the environment or the data causes: an unreadable or unsupported video, a
 * corrupt fingerprint or index, missing model weights, fingerprints of different pipelines.
 *
 * <p>Unchecked, as in the rest of the API. The message always names what was being processed (the video, and where
 * known the frame index, timestamp and stage), and the original cause is attached. Programming errors (a null or
 * out-of-range argument) are reported with the standard {@link NullPointerException},
 * {@link IllegalArgumentException} and {@link IllegalStateException} instead.
 */
public class VideoSimilarityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure described by {@code message}.
   *
   * @param message what failed, with its context (video, stage)
   */
  public VideoSimilarityException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}.
   *
   * @param message what failed, with its context (video, stage)
   * @param cause the underlying failure
   */
  public VideoSimilarityException(String message, Throwable cause) {
    super(message, cause);
  }
}
