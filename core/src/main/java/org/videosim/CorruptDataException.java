package org.videosim;

/**
 * Stored data (a serialized fingerprint, an index file, model weights) is truncated, corrupt or of a foreign or
 * newer format. The message names the source and what is wrong with it.
 */
public class CorruptDataException extends VideoSimilarityException {
  private static final long serialVersionUID = 1L;

  public CorruptDataException(String message) {
    super(message);
  }

  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
