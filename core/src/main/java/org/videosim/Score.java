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
 * @param value calibrated probability that the videos share content, in [0, 1] (the raw similarity when the score
 *     is not {@code calibrated})
 * @param rawSimilarity the uncalibrated similarity it was computed from, in [0, 1]; for the default matcher 1 for
 *     identical fingerprints and about 0.5 for unrelated videos
 * @param threshold the decision threshold on {@code value} of the matcher that made this score; NaN when not
 *     {@code calibrated}
 * @param segments matched segments, longest first; empty when nothing aligns
 * @param checkSimilarity the same similarity on the fingerprints' check codes (a second, appearance description of
 *     each clip; see {@link VideoSimilarity.Builder#checkEncoder}), in [0, 1]; NaN when the fingerprints have none
 * @param warnings what decoding either video noticed that makes this score less trustworthy (each names its video;
 *     see {@link VideoFingerprint#warnings()}); empty when both decoded cleanly
 * @param calibrated true when {@code value} is a probability from a calibration fitted for the pipeline that made
 *     the fingerprints; false when the pipeline has none (a custom encoder or aggregator with the default matcher):
 *     then {@code value} is the raw similarity, which ranks but is no probability, the threshold is NaN and
 *     {@link #isMatch()} cannot decide
 */
public record Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments,
    double checkSimilarity, List<DecodeWarning> warnings, boolean calibrated) {

  /** A calibrated score without a check similarity and without decode warnings. */
  public Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments) {
    this(value, rawSimilarity, threshold, segments, Double.NaN);
  }

  /** A calibrated score without decode warnings. */
  public Score(double value, double rawSimilarity, double threshold, List<MatchedSegment> segments,
      double checkSimilarity) {
    this(value, rawSimilarity, threshold, segments, checkSimilarity, List.of(), true);
  }

  /**
   * Checks the score and copies the segments and warnings.
   *
   * @throws IllegalArgumentException if {@code value} or {@code rawSimilarity} is outside [0, 1],
   *     {@code checkSimilarity} is neither NaN nor within [0, 1], or the threshold is not within (0, 1) for a
   *     calibrated score (not NaN for an uncalibrated one)
   * @throws NullPointerException if {@code segments} or {@code warnings} is null
   */
  public Score {
    if (calibrated ? !(threshold > 0 && threshold < 1) : !Double.isNaN(threshold)) {
      throw new IllegalArgumentException(calibrated ? "threshold must be within (0, 1): " + threshold
          : "an uncalibrated score has no threshold: " + threshold);
    }
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
    return new Score(value, rawSimilarity, threshold, segments, checkSimilarity, warnings, calibrated);
  }

  /**
   * True when {@link #value()} reaches the decision threshold.
   *
   * @throws IllegalStateException when the score is not {@link #calibrated()}: its pipeline has no calibration
   *     to decide with (fit one with {@code videosim calibrate} and set it on the matcher)
   */
  public boolean isMatch() {
    if (!calibrated) {
      throw new IllegalStateException("this score is uncalibrated: its pipeline (a custom encoder, aggregator or "
          + "binarizer with a matcher calibrated for another pipeline) has no calibration to decide with; rank by "
          + "value(), or fit a calibration with 'videosim calibrate' and set it on the matcher");
    }
    return value >= threshold;
  }

  /** The same score as an uncalibrated pipeline gives it: the raw similarity as the value, no threshold. */
  public Score uncalibrated() {
    return new Score(rawSimilarity, rawSimilarity, Double.NaN, segments, checkSimilarity, warnings, false);
  }

  /** {@code copy}, {@code not a copy}, or {@code uncalibrated}: the decision in words, for reports. */
  public String verdict() {
    return !calibrated ? "uncalibrated" : isMatch() ? "copy" : "not a copy";
  }

  /** The same score seen from B's side (segments swapped). */
  public Score swapped() {
    return new Score(value, rawSimilarity, threshold, segments.stream().map(MatchedSegment::swapped).toList(),
        checkSimilarity, warnings, calibrated);
  }

  /**
   * A score with as many decimals as it needs to show how far it is from 1 (at least four): 0.9987, 0.99999989. Two
   * scores that print the same are the same to the precision shown.
   */
  public static String digits(double value) {
    int decimals = 4;
    if (value < 1 && value > 0.999) {
      decimals = Math.min(16, 2 + (int) Math.ceil(-Math.log10(1 - value)));
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Score(%s%s, raw %.4f%s, %d segment(s)%s)", digits(value),
        !calibrated ? " uncalibrated" : isMatch() ? " match" : "", rawSimilarity, Double.isNaN(checkSimilarity) ? ""
            : String.format(Locale.ROOT, ", check %.4f", checkSimilarity), segments.size(),
        warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
  }
}
