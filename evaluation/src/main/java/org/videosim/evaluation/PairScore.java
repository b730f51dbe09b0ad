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
 */
public record PairScore(String query, String reference, double value, double raw, double check,
    List<Segment> segments) {
  public PairScore {
    segments = List.copyOf(segments);
  }

  /** The key of this pair in {@link Metrics#localization}: {@code query + "\t" + reference}. */
  public String key() {
    return query + "\t" + reference;
  }
}
