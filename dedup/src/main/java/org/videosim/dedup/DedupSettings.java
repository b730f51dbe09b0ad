package org.videosim.dedup;

import java.io.Serializable;
import java.util.Locale;

/**
 * The settings that the single-machine {@link Deduplicator} and the Spark job ({@code SparkDedup}) share, with
 * their defaults and checks in one place, so that both find and link the same pairs: the clip radius, the
 * substrings per code, the most candidates per video, the shortest shared segment and the coverage of a relation.
 * Both builders hold one and set it through their own fluent methods.
 *
 * <p>Immutable and thread-safe; each {@code with...} returns a new value.
 */
public final class DedupSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default radius as a share of the code length: 24%, as {@code index query} (61 of 256 bits, 15 of 62). */
  public static final double DEFAULT_RADIUS_FRACTION = 0.24;

  /**
   * Default {@linkplain #withMinLinkScore least score of a pair that links}: 0.95. Grouping is transitive, so one
   * false link joins two whole groups; a link needs more evidence than a pair's verdict (0.88 for the shipped
   * pipelines). Chosen on the evaluation harness's held-out units (424 videos, 26 references, svrtn 3.0): mean group
   * precision / recall 0.892 / 0.890 at the pipeline's threshold, 0.932 / 0.890 at 0.90, 0.968 / 0.887 at 0.93,
   * 0.992 / 0.879 at 0.95, 0.992 / 0.843 at 0.99.
   */
  public static final double DEFAULT_MIN_LINK_SCORE = 0.95;

  private static final DedupSettings DEFAULTS = new DedupSettings(-1, DEFAULT_RADIUS_FRACTION, 0, 50, 2, 0.8,
      DEFAULT_MIN_LINK_SCORE);

  private final int radius;
  private final double radiusFraction;
  private final int substrings;
  private final int maxCandidates;
  private final double minSharedSeconds;
  private final double coverage;
  private final double minLinkScore;

  private DedupSettings(int radius, double radiusFraction, int substrings, int maxCandidates,
      double minSharedSeconds, double coverage, double minLinkScore) {
    this.radius = radius;
    this.radiusFraction = radiusFraction;
    this.substrings = substrings;
    this.maxCandidates = maxCandidates;
    this.minSharedSeconds = minSharedSeconds;
    this.coverage = coverage;
    this.minLinkScore = minLinkScore;
  }

  /**
   * The defaults: radius 24% of the bits, one substring per 16 bits, 50 candidates, 2 s shared, coverage 0.8, links
   * from a score of 0.95.
   */
  public static DedupSettings defaults() {
    return DEFAULTS;
  }

  /**
   * A fixed Hamming radius of a clip pair, in bits.
   *
   * @throws IllegalArgumentException if {@code r} is negative
   */
  public DedupSettings withRadius(int r) {
    if (r < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + r);
    }
    return new DedupSettings(r, radiusFraction, substrings, maxCandidates, minSharedSeconds, coverage, minLinkScore);
  }

  /**
   * Substrings per code of the multi-index-hashing search (default 0: one per 16 bits).
   *
   * @throws IllegalArgumentException if {@code m} is not positive
   */
  public DedupSettings withSubstrings(int m) {
    if (m < 1) {
      throw new IllegalArgumentException("substrings must be positive: " + m);
    }
    return new DedupSettings(radius, radiusFraction, m, maxCandidates, minSharedSeconds, coverage, minLinkScore);
  }

  /**
   * Most candidates verified per video, those hit by most of its clips (default 50).
   *
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  public DedupSettings withMaxCandidates(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("maxCandidates must be positive: " + k);
    }
    return new DedupSettings(radius, radiusFraction, substrings, k, minSharedSeconds, coverage, minLinkScore);
  }

  /**
   * Shortest matched segment, on both sides, that joins two pieces of content, in seconds (default 2).
   *
   * @throws IllegalArgumentException if {@code seconds} is negative or not finite
   */
  public DedupSettings withMinSharedSeconds(double seconds) {
    if (!(seconds >= 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("minSharedSeconds must be finite and not negative: " + seconds);
    }
    return new DedupSettings(radius, radiusFraction, substrings, maxCandidates, seconds, coverage,
        minLinkScore);
  }

  /**
   * Share of a video that matched segments must cover for {@link Relation} to call it covered (default 0.8).
   *
   * @throws IllegalArgumentException if {@code c} is not within (0, 1]
   */
  public DedupSettings withCoverage(double c) {
    if (!(c > 0 && c <= 1)) {
      throw new IllegalArgumentException("coverage must be within (0, 1]: " + c);
    }
    return new DedupSettings(radius, radiusFraction, substrings, maxCandidates, minSharedSeconds, c, minLinkScore);
  }

  /**
   * Least score of a verified pair whose segments link (default {@value #DEFAULT_MIN_LINK_SCORE}): a pair also
   * needs its pipeline's verdict ({@code Score.isMatch()}), so a value at or below the pipeline's threshold leaves
   * only that. Scores are calibrated probabilities, the same for every shipped pipeline.
   *
   * @throws IllegalArgumentException if {@code p} is not within [0, 1]
   */
  public DedupSettings withMinLinkScore(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("minLinkScore must be within [0, 1]: " + p);
    }
    return new DedupSettings(radius, radiusFraction, substrings, maxCandidates, minSharedSeconds, coverage, p);
  }

  /** The radius for codes of {@code bits} bits: the fixed one, or 24% of the bits. */
  public int radiusFor(int bits) {
    return radius >= 0 ? radius : (int) Math.round(radiusFraction * bits);
  }

  /** Substrings per code for codes of {@code bits} bits: the set number, or one per 16 bits. */
  public int substringsFor(int bits) {
    return substrings > 0 ? substrings : Math.max(1, (bits + 15) / 16);
  }

  /** The substrings set, 0 for one per 16 bits. */
  public int substrings() {
    return substrings;
  }

  /** Most candidates per video. */
  public int maxCandidates() {
    return maxCandidates;
  }

  /** Shortest shared segment that links, in seconds. */
  public double minSharedSeconds() {
    return minSharedSeconds;
  }

  /** Least score of a pair that links. */
  public double minLinkScore() {
    return minLinkScore;
  }

  /** Coverage of {@link Relation#of}. */
  public double coverage() {
    return coverage;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "radius=%s, substrings=%s, maxCandidates=%d, minSharedSeconds=%s, coverage=%s, "
        + "minLinkScore=%s", radius >= 0 ? Integer.toString(radius) : radiusFraction + " of the bits",
        substrings > 0 ? Integer.toString(substrings) : "bits/16", maxCandidates, minSharedSeconds, coverage,
        minLinkScore);
  }
}
