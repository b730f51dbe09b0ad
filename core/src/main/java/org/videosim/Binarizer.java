package org.videosim;

import org.videosim.internal.ThresholdBinarizer;

/**
 * Stage 5: turns a clip embedding into a binary code, so clips compare by Hamming distance.
 *
 * <p>Implementations are immutable and thread-safe; a fitted binarizer (e.g. IsoHash) carries its fitted state
 * in its identity ({@link #parameters()} or {@link #version()}) so that codes of different fits are never compared.
 */
public interface Binarizer extends PipelineStage {

  /** Length of the codes for embeddings of {@code dimension} values. */
  int bits(int dimension);

  /** Binarizes one embedding. */
  BitCode binarize(Embedding embedding);

  /** Bit {@code i} is set when value {@code i} is positive: one bit per dimension. */
  static Binarizer sign() {
    return ThresholdBinarizer.SIGN;
  }

  /**
   * Bit {@code i} is set when value {@code i} exceeds {@code thresholds[i]}, e.g. per-dimension medians of a
   * sample, which makes every bit equally likely.
   *
   * @param thresholds one finite threshold per dimension; copied
   */
  static Binarizer thresholds(float[] thresholds) {
    return ThresholdBinarizer.of(thresholds);
  }
}
