package org.videosim;

import java.util.Objects;

/**
 * Something a frame source noticed while decoding that makes a fingerprint (and every score made from it) less
 * trustworthy, though frames were decoded: the file ended early, frames are missing, timestamps are implausible.
 * Carried by {@link VideoFingerprint#warnings()} and {@link Score#warnings()}; the command line prints them, and its
 * {@code --strict} option makes them errors. Immutable.
 *
 * @param kind what kind of problem
 * @param detail what was found, with the numbers, e.g. {@code decoded 1.04 s of the declared 12.00 s}
 */
public record DecodeWarning(Kind kind, String detail) {

  /** The kinds of problem. */
  public enum Kind {
    /** Reading stopped at an error before the end of the file (a truncated or damaged file). */
    TRUNCATED,
    /** What was decoded spans clearly less than the duration the container declares. */
    SHORT_DURATION,
    /** Clearly fewer frames were decoded than the container declares. */
    MISSING_FRAMES,
    /** Packets could not be decoded and were skipped. */
    DAMAGED_PACKETS,
    /** Frame timestamps that cannot be right: long gaps between frames, time standing still or going back. */
    IMPLAUSIBLE_TIMESTAMPS,
    /** A single picture was decoded: a still image, not a video. */
    STILL_IMAGE,
    /** A kind this library does not know (read from a fingerprint written by a newer one). */
    OTHER
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code kind} or {@code detail} is null
   */
  public DecodeWarning {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** This warning with its detail prefixed by the video it concerns, e.g. in a {@link Score}. */
  public DecodeWarning about(String video) {
    return new DecodeWarning(kind, "'" + Objects.requireNonNull(video, "video") + "': " + detail);
  }

  @Override
  public String toString() {
    return kind + ": " + detail;
  }
}
