package org.videosim;

/**
 * Stored data (a serialized fingerprint, an index file, model weights) is truncated, corrupt or of a foreign or
 * newer format. The message names the source and what is wrong with it.
 */
public class CorruptDataException extends VideoSimilarityException {
  private static final long serialVersionUID = 1L;

  /**
   * A corrupt input described by {@code message}, which names it.
   *
   * @param message what is corrupt, and where
   */
  public CorruptDataException(String message) {
    super(message);
  }

  /**
   * A corrupt input described by {@code message}, which names it.
   *
   * @param message what is corrupt, and where
   * @param cause the failure that revealed it
   */
  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
