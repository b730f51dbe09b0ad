package org.videosim.internal;

import java.util.Locale;

/**
 * The probability of a copy from two raw similarities of a pair, each in [0, 1] with about 0.5 for unrelated videos:
 * {@code p = 1 / (1 + exp(-(c + a logit(x) + b logit(y))))}. With {@code a, b > 0} it rises with either similarity;
 * a pair that only one of them finds alike stays in between. Immutable.
 *
 * @param a weight of the first similarity's logit, positive
 * @param b weight of the second similarity's logit, positive
 * @param c intercept
 */
public record FusedCalibration(double a, double b, double c) {
  private static final double EPS = 1e-6;

  public FusedCalibration {
    if (!(a > 0) || !(b > 0) || !Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
      throw new IllegalArgumentException("fused calibration needs finite a > 0, b > 0, c: " + a + ", " + b + ", " + c);
    }
  }

  /** The probability of a copy for similarities {@code x} and {@code y}. */
  public double apply(double x, double y) {
    double z = c + a * logit(x) + b * logit(y);
    return 1 / (1 + Math.exp(-z));
  }

  private static double logit(double v) {
    double p = Math.min(1 - EPS, Math.max(EPS, v));
    return Math.log(p / (1 - p));
  }

  /**
   * Fits by logistic regression with the two classes weighted equally (the probability at even prior odds).
   * Weights that come out non-positive are clamped to a small positive value to keep the map monotone.
   *
   * @param x first similarities
   * @param y second similarities of the same pairs
   * @param positive whether each pair is a copy
   */
  public static FusedCalibration fit(double[] x, double[] y, boolean[] positive) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("need both similarities of every pair");
    }
    double[][] f = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      f[i] = new double[] {logit(x[i]), logit(y[i]), 1};
    }
    double[] w = Logistic.fit(f, positive, new double[] {1, 1, 0});
    return new FusedCalibration(Math.max(w[0], 1e-3), Math.max(w[1], 1e-3), w[2]);
  }

  /** Expected calibration error over {@code bins} bins, the classes weighted equally. */
  public double expectedCalibrationError(double[] x, double[] y, boolean[] positive, int bins) {
    return Logistic.expectedCalibrationError(probabilities(x, y), positive, bins);
  }

  /** Brier score, the classes weighted equally. */
  public double brierScore(double[] x, double[] y, boolean[] positive) {
    return Logistic.brierScore(probabilities(x, y), positive);
  }

  private double[] probabilities(double[] x, double[] y) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = apply(x[i], y[i]);
    }
    return p;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FusedCalibration(a=%.6f, b=%.6f, c=%.6f)", a, b, c);
  }
}
