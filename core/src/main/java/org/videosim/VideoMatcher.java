package org.videosim;


/**
 * Last stage: compares two fingerprints of the same pipeline and says how likely B contains a copy of (part of)
 * A, and where. Implementations are immutable and thread-safe.
 */
public interface VideoMatcher extends PipelineStage {

  /**
   * Scores a pair. Callers have checked that both fingerprints come from compatible pipelines.
   */
  Score match(VideoFingerprint a, VideoFingerprint b);

  /** The decision threshold on {@link Score#value()} used by {@link Score#isMatch()}. */
  double threshold();

  /**
   * True when this matcher's scores are probabilities for fingerprints of {@code spec}: its calibration was fitted
   * for that pipeline (or given by its user). A {@link VideoSimilarity} with a matcher that is not calibrated for
   * it gives {@linkplain Score#calibrated() uncalibrated} scores. Default: true.
   */
  default boolean isCalibratedFor(PipelineSpec spec) {
    return true;
  }

  /**
   * The default matcher, calibrated for the default training-free pipeline: see {@link TemporalVideoMatcher} for the
   * method.
   */
  static VideoMatcher temporal() {
    return TemporalVideoMatcher.DEFAULT;
  }
}
