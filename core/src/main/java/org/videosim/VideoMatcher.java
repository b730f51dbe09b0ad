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
   * The default matcher, calibrated for the default training-free pipeline: see {@link TemporalVideoMatcher} for the
   * method.
   */
  static VideoMatcher temporal() {
    return TemporalVideoMatcher.DEFAULT;
  }
}
