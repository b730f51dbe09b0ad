package org.videosim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The answer to "is B a copy of (part of) A, and where?". Immutable.
 *
 * <p>{@link #value()} is a probability-like similarity in [0, 1]: 1 for identical fingerprints, near 0 for
 * unrelated videos; see {@link VideoMatcher#temporal()} for how it is computed and calibrated.
 * {@link #isMatch()} applies the matcher's decision threshold. {@link #segments()} says where the copied footage
 * lies in each video.
 *
 * @param value calibrated probability that the videos share content, in [0, 1]
 * @param rawSimilarity the uncalibrated similarity it was computed from, in [0, 1]; for the default matcher 1 for
 *     identical fingerprints and about 0.5 for unrelated videos
 * @param threshold the decision threshold on {@code value} of the matcher that made this score
 * @param segments matched segments, longest first; empty when nothing aligns
 * @param checkSimilarity the same similarity on the fingerprints' check codes (a second, appearance description of
 *     each clip; see {@link VideoSimilarity.Builder#checkEncoder}), in [0, 1]; NaN when the fingerprints have none
 * @param warnings what decoding either video noticed that makes this score less trustworthy (each names its video;
 *     see {@link VideoFingerprint#warnings()}); empty when both decoded cleanly
 */
public record Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments,
    double checkSimilarity, List<DecodeWarning> warnings) {

  /** A score without a check similarity. */
  public Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments) {
    this(value, rawSimilarity, threshold, segments, Double.NaN);
  }

  /** A score without decode warnings. */
  public Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments,
      double checkSimilarity) {
    this(value, rawSimilarity, threshold, segments, checkSimilarity, List.of());
  }

  /**
   * Checks the score and copies the segments and warnings.
   *
   * @throws IllegalArgumentException if {@code value} or {@code rawSimilarity} is outside [0, 1], or
   *     {@code checkSimilarity} is neither NaN nor within [0, 1]
   * @throws NullPointerException if {@code segments} or {@code warnings} is null
   */
  public Score {
    if (!Double.isNaN(checkSimilarity) && !(checkSimilarity >= 0 && checkSimilarity <= 1)) {
      throw new IllegalArgumentException("checkSimilarity must be within [0, 1] or NaN: " + checkSimilarity);
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("value must be within [0, 1]: " + value);
    }
    if (!(rawSimilarity >= 0 && rawSimilarity <= 1)) {
      throw new IllegalArgumentException("rawSimilarity must be within [0, 1]: " + rawSimilarity);
    }
    segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
  }

  /** This score carrying {@code warnings} (replacing its own). */
  public Score withWarnings(List<DecodeWarning> warnings) {
    return new Score(value, rawSimilarity, threshold, segments, checkSimilarity, warnings);
  }

  /** True when {@link #value()} reaches the decision threshold. */
  public boolean isMatch() {
    return value >= threshold;
  }

  /** The same score seen from B's side (segments swapped). */
  public Score swapped() {
    return new Score(value, rawSimilarity, threshold, segments.stream().map(MatchedSegment::swapped).toList(),
        checkSimilarity, warnings);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Score(%.4f%s, raw %.4f%s, %d segment(s)%s)", value, isMatch() ? " match" : "",
        rawSimilarity, Double.isNaN(checkSimilarity) ? "" : String.format(Locale.ROOT, ", check %.4f",
            checkSimilarity), segments.size(), warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
  }
}
