package org.videosim;

/**
 * Calibration of the default pipeline's raw similarity (dct v2 encoder, 62-bit sign codes, 2 fps, one-frame grid clips),
 * as fitted by {@code ./videosim calibrate --videos ../shared/videos/train --copies 4} (seed 20261125): 192 edited
 * copies of the 48 training videos against their sources, 6447 non-copy pairs. docs/calibration.md has the full
 * report.
 */
final class DefaultCalibration {
  private DefaultCalibration() {}

  static final double A = 7.292224;
  static final double B = 7.538217;
  static final double C = -0.468521;
  /**
   * The smallest probability that at most 0.1% of the calibration's non-copy pairs reach (0.8751, rounded): a copy
   * detector meets far more unrelated pairs than copies, so the even-odds 0.5 would flag too many (2.3%).
   */
  static final double THRESHOLD = 0.88;
  /**
   * {@link PipelineSpec#codeKey()} of the default pipeline (the builder's defaults), which this calibration was fitted
   * for: any other pipeline with the default matcher gives uncalibrated scores. A test checks it against the builder.
   */
  static final String PIPELINE = "c29d39800c18f365";
}
