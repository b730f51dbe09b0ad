package org.videosim.internal;

import java.util.Locale;

/**
 * Beta calibration (Kull, Silva Filho and Flach, 2017): {@code p(x) = 1 / (1 + exp(-(c + a ln x - b ln(1 - x))))}
 * for scores {@code x} in [0, 1]. With {@code a, b > 0} it is monotone with {@code p(0) = 0} and {@code p(1) = 1}.
 * Immutable.
 *
 * @param a weight of {@code ln x}, positive
 * @param b weight of {@code -ln(1 - x)}, positive
 * @param c intercept
 */
public record BetaCalibration(double a, double b, double c) {
  private static final double EPS = 1e-6;

  /** The calibrated probability of raw score {@code x}. */
  public double apply(double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double z = c + a * Math.log(x) - b * Math.log1p(-x);
    return 1 / (1 + Math.exp(-z));
  }

  /** The log-odds of raw score {@code x}, finite (clamped a millionth inside (0, 1)). */
  public double logOdds(double x) {
    double v = Math.min(1 - EPS, Math.max(EPS, x));
    return c + a * Math.log(v) - b * Math.log1p(-v);
  }

  /**
   * Fits by logistic regression (Newton's method, a little L2 regularisation) with the two classes weighted
   * equally, so the result is the probability at even prior odds. Coefficients that come out non-positive are
   * clamped to a small positive value to keep the map monotone.
   *
   * @param x raw scores in [0, 1]
   * @param positive whether each pair is a copy
   */
  public static BetaCalibration fit(double[] x, boolean[] positive) {
    int n = x.length;
    if (n != positive.length || n == 0) {
      throw new IllegalArgumentException("need as many labels as scores, at least one");
    }
    double[][] f = new double[n][3];
    for (int i = 0; i < n; i++) {
      double v = Math.min(1 - EPS, Math.max(EPS, x[i]));
      f[i][0] = Math.log(v);
      f[i][1] = -Math.log1p(-v);
      f[i][2] = 1;
    }
    double[] w = Logistic.fit(f, positive, new double[] {1, 1, 0});
    return new BetaCalibration(Math.max(w[0], 1e-3), Math.max(w[1], 1e-3), w[2]);
  }

  /**
   * Expected calibration error over {@code bins} equal-width bins of the predicted probability, with the classes
   * weighted equally (the prior the calibration assumes).
   */
  public double expectedCalibrationError(double[] x, boolean[] positive, int bins) {
    return Logistic.expectedCalibrationError(probabilities(x), positive, bins);
  }

  /** Brier score with the classes weighted equally. */
  public double brierScore(double[] x, boolean[] positive) {
    return Logistic.brierScore(probabilities(x), positive);
  }

  private double[] probabilities(double[] x) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = apply(x[i]);
    }
    return p;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "BetaCalibration(a=%.6f, b=%.6f, c=%.6f)", a, b, c);
  }
}
