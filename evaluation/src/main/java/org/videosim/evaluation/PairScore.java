package org.videosim.evaluation;

import java.util.List;

/**
 * What a pipeline said about one (query, reference) pair of a benchmark.
 *
 * @param query the query's id
 * @param reference the reference's id
 * @param value the score (a probability for a calibrated pipeline); NaN when either video could not be read
 * @param raw the matcher's raw similarity (NaN when unknown)
 * @param check the check-code similarity (NaN without check codes)
 * @param segments the predicted copied segments, query time first
 * @param coverage share of the shorter side that the segments cover (NaN when the matcher does not say)
 * @param prominence how far best matches stand above the rest (NaN when the matcher does not say)
 * @param normalised the raw similarity against a background set's chance levels (NaN without one)
 */
public record PairScore(String query, String reference, double value, double raw, double check,
    List<Segment> segments, double coverage, double prominence, double normalised) {
  /**
   * Copies the segments.
   *
   * @throws NullPointerException if {@code segments} is null
   */
  public PairScore {
    segments = List.copyOf(segments);
  }

  /** A pair's score without the matcher's evidence. */
  public PairScore(String query, String reference, double value, double raw, double check, List<Segment> segments) {
    this(query, reference, value, raw, check, segments, Double.NaN, Double.NaN, Double.NaN);
  }

  /** The key of this pair in {@link Metrics#localization}: {@code query + "\t" + reference}. */
  public String key() {
    return query + "\t" + reference;
  }
}
