package org.videosim.report;

import org.videosim.VideoSimilarityException;

/**
 * A report could not be written (e.g. its folder does not exist or is not writable). The message names the file.
 */
public class ReportException extends VideoSimilarityException {
  private static final long serialVersionUID = 1L;

  /**
   * A report that could not be written.
   *
   * @param message what could not be written, naming the file
   * @param cause the I/O failure
   */
  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
