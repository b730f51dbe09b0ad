package org.videosim.internal;

import java.util.Locale;

/**
 * The probability of a copy from two raw similarities of a pair, each in [0, 1] with about 0.5 for unrelated videos,
 * and whether the pair has a matched segment: {@code p = 1 / (1 + exp(-(c + a logit(x) + b logit(y) + d s)))} with
 * {@code s} 1 for a pair with a segment, else 0. With {@code a, b > 0} it rises with either similarity; a pair that
 * only one of them finds alike stays in between. Immutable.
 *
 * @param a weight of the first similarity's logit, positive
 * @param b weight of the second similarity's logit, positive
 * @param c intercept
 * @param d weight of a matched segment's presence, not negative (0: not used)
 */
public record FusedCalibration(double a, double b, double c, double d) {
  private static final double EPS = 1e-6;

  public FusedCalibration {
    if (!(a > 0) || !(b > 0) || !Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || !(d >= 0)
        || !Double.isFinite(d)) {
      throw new IllegalArgumentException("fused calibration needs finite a > 0, b > 0, c, d >= 0: " + a + ", " + b
          + ", " + c + ", " + d);
    }
  }

  /** Without the segment term. */
  public FusedCalibration(double a, double b, double c) {
    this(a, b, c, 0);
  }

  /** The probability of a copy for similarities {@code x} and {@code y} (no segment term). */
  public double apply(double x, double y) {
    return 1 / (1 + Math.exp(-logOdds(x, y, false)));
  }

  /** The log-odds of a copy for similarities {@code x} and {@code y} of a pair with or without a segment. */
  public double logOdds(double x, double y, boolean segment) {
    return c + a * logit(x) + b * logit(y) + (segment ? d : 0);
  }

  private static double logit(double v) {
    double p = Math.min(1 - EPS, Math.max(EPS, v));
    return Math.log(p / (1 - p));
  }

  /**
   * Fits {@code a}, {@code b}, {@code c} and {@code d} by logistic regression with the two classes weighted equally;
   * weights that come out below their bounds are clamped (monotone in both similarities, a segment never counts
   * against a copy).
   *
   * @param segment whether each pair has a matched segment
   */
  public static FusedCalibration fit(double[] x, double[] y, boolean[] segment, boolean[] positive) {
    double[][] f = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      f[i] = new double[] {logit(x[i]), logit(y[i]), 1, segment[i] ? 1 : 0};
    }
    double[] w = Logistic.fit(f, positive, new double[] {1, 1, 0, 0});
    return new FusedCalibration(Math.max(w[0], 1e-3), Math.max(w[1], 1e-3), w[2], Math.max(0, w[3]));
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
    return String.format(Locale.ROOT, "FusedCalibration(a=%.6f, b=%.6f, c=%.6f, d=%.6f)", a, b, c, d);
  }
}
