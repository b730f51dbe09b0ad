package org.videosim;

/**
 * Two fingerprints made by different pipelines (other stages, parameters or model versions) were compared. Their
 * codes live in different spaces, so any score would be meaningless; re-fingerprint one side with the other's
 * pipeline.
 */
public class IncompatibleFingerprintException extends VideoSimilarityException {
  private static final long serialVersionUID = 1L;

  /**
   * An incompatibility described by {@code message}, which names the stage that differs.
   *
   * @param message what differs, in which stage
   */
  public IncompatibleFingerprintException(String message) {
    super(message);
  }
}
