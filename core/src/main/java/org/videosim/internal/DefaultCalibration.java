package org.videosim.internal;

/**
 * Calibration of the default pipeline's raw similarity (dct encoder, 63-bit sign codes, 2 fps, one-frame clips),
 * as fitted by {@code ./videosim calibrate --videos ../shared/videos/train --copies 4} (seed 20261125): 192 edited
 * copies of the 48 readable training videos against their sources, 6447 non-copy pairs. See
 * docs/calibration.md for the full report.
 */
final class DefaultCalibration {
  private DefaultCalibration() {}

  static final double A = 0.001;
  static final double B = 11.399048;
  static final double C = -4.903583;
  /** Even odds: the probability at which a copy and a non-copy are equally likely under the calibration's prior. */
  static final double THRESHOLD = 0.5;
}
