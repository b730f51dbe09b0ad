package org.videosim.cli;

import java.util.List;
import org.videosim.DecodeWarning;
import org.videosim.VideoSimilarityException;

/** Decode warnings on the command line: how they are written, and {@code --strict}, which makes them errors. */
final class Warnings {
  private Warnings() {}

  /** A video refused under {@code --strict} because decoding it gave warnings. */
  static final class StrictException extends VideoSimilarityException {
    private static final long serialVersionUID = 1L;

    StrictException(String message) {
      super(message);
    }
  }

  /** One line per warning: {@code videosim: warning: WHAT: KIND: detail}. */
  static String lines(String what, List<DecodeWarning> warnings) {
    StringBuilder sb = new StringBuilder();
    for (DecodeWarning w : warnings) {
      sb.append("videosim: warning: ").append(what).append(": ").append(w).append('\n');
    }
    return sb.toString();
  }

  /**
   * Under {@code strict}, refuses a video whose decoding gave warnings.
   *
   * @throws StrictException naming the video and its warnings
   */
  static void check(String what, List<DecodeWarning> warnings, boolean strict) {
    if (strict && !warnings.isEmpty()) {
      throw new StrictException(what + ": refused under --strict: " + warnings.stream().map(DecodeWarning::toString)
          .reduce((x, y) -> x + "; " + y).orElseThrow());
    }
  }
}
