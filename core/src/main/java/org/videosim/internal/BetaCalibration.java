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
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    if (pos == 0 || pos == n) {
      throw new IllegalArgumentException("need both copies and non-copies to fit a calibration");
    }
    double wPos = 0.5 / pos;
    double wNeg = 0.5 / (n - pos);
    double[][] f = new double[n][3];
    for (int i = 0; i < n; i++) {
      double v = Math.min(1 - EPS, Math.max(EPS, x[i]));
      f[i][0] = Math.log(v);
      f[i][1] = -Math.log1p(-v);
      f[i][2] = 1;
    }
    double[] w = {1, 1, 0};
    double lambda = 1e-4;
    double loss = loss(f, positive, wPos, wNeg, w, lambda);
    for (int iter = 0; iter < 200; iter++) {
      double[] g = new double[3];
      double[][] h = new double[3][3];
      for (int i = 0; i < n; i++) {
        double z = w[0] * f[i][0] + w[1] * f[i][1] + w[2] * f[i][2];
        double p = 1 / (1 + Math.exp(-z));
        double wi = positive[i] ? wPos : wNeg;
        double r = wi * (p - (positive[i] ? 1 : 0));
        double s = wi * p * (1 - p);
        for (int j = 0; j < 3; j++) {
          g[j] += r * f[i][j];
          for (int k = 0; k < 3; k++) {
            h[j][k] += s * f[i][j] * f[i][k];
          }
        }
      }
      for (int j = 0; j < 3; j++) {
        g[j] += lambda * w[j];
        h[j][j] += lambda;
      }
      double[] step = solve3(h, g);
      // Damped Newton: halve the step until the loss decreases.
      double t = 1;
      double[] next = new double[3];
      double nextLoss = Double.POSITIVE_INFINITY;
      for (int half = 0; half < 40; half++, t /= 2) {
        for (int j = 0; j < 3; j++) {
          next[j] = w[j] - t * step[j];
        }
        nextLoss = loss(f, positive, wPos, wNeg, next, lambda);
        if (nextLoss <= loss) {
          break;
        }
      }
      if (!(nextLoss <= loss)) {
        break;
      }
      double change = Math.abs(loss - nextLoss);
      System.arraycopy(next, 0, w, 0, 3);
      loss = nextLoss;
      if (change < 1e-12) {
        break;
      }
    }
    return new BetaCalibration(Math.max(w[0], 1e-3), Math.max(w[1], 1e-3), w[2]);
  }

  /** Weighted logistic loss with L2 regularisation. */
  private static double loss(double[][] f, boolean[] positive, double wPos, double wNeg, double[] w, double lambda) {
    double l = 0;
    for (int i = 0; i < f.length; i++) {
      double z = w[0] * f[i][0] + w[1] * f[i][1] + w[2] * f[i][2];
      // log(1 + exp(-z)) for positives, log(1 + exp(z)) for negatives, computed stably
      double m = positive[i] ? -z : z;
      l += (positive[i] ? wPos : wNeg) * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    }
    return l + 0.5 * lambda * (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
  }

  private static double[] solve3(double[][] a, double[] b) {
    double[][] m = new double[3][4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(a[i], 0, m[i], 0, 3);
      m[i][3] = b[i];
    }
    for (int col = 0; col < 3; col++) {
      int piv = col;
      for (int r = col + 1; r < 3; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      double[] t = m[col];
      m[col] = m[piv];
      m[piv] = t;
      if (Math.abs(m[col][col]) < 1e-15) {
        return new double[3];
      }
      for (int r = 0; r < 3; r++) {
        if (r != col) {
          double factor = m[r][col] / m[col][col];
          for (int k = col; k < 4; k++) {
            m[r][k] -= factor * m[col][k];
          }
        }
      }
    }
    return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
  }

  /**
   * Expected calibration error over {@code bins} equal-width bins of the predicted probability, with the classes
   * weighted equally (the prior the calibration assumes).
   */
  public double expectedCalibrationError(double[] x, boolean[] positive, int bins) {
    double[] wsum = new double[bins];
    double[] psum = new double[bins];
    double[] ysum = new double[bins];
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    double wPos = 0.5 / pos;
    double wNeg = 0.5 / (x.length - pos);
    for (int i = 0; i < x.length; i++) {
      double p = apply(x[i]);
      int b = Math.min(bins - 1, (int) (p * bins));
      double w = positive[i] ? wPos : wNeg;
      wsum[b] += w;
      psum[b] += w * p;
      ysum[b] += positive[i] ? w : 0;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (wsum[b] > 0) {
        ece += Math.abs(psum[b] - ysum[b]);
      }
    }
    return ece;
  }

  /** Brier score with the classes weighted equally. */
  public double brierScore(double[] x, boolean[] positive) {
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    double wPos = 0.5 / pos;
    double wNeg = 0.5 / (x.length - pos);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = apply(x[i]) - (positive[i] ? 1 : 0);
      s += (positive[i] ? wPos : wNeg) * d * d;
    }
    return s;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "BetaCalibration(a=%.6f, b=%.6f, c=%.6f)", a, b, c);
  }
}
