package org.videosim.internal;

/**
 * Weighted logistic regression (Newton's method with step halving and a little L2 regularisation), the two classes weighted equally so that the fitted probability is the one at even prior odds;
 * and the reliability measures of such probabilities. Shared by {@link BetaCalibration} and
 * {@link FusedCalibration}.
 */
final class Logistic {
  private static final double LAMBDA = 1e-4;

  private Logistic() {}

  /**
   * @param f one row of features per example, all of the same length (a constant feature gives the intercept)
   * @param positive the class of each example; both classes must occur
   * @param start the weights to start from
   * @return the fitted weights
   */
  static double[] fit(double[][] f, boolean[] positive, double[] start) {
    int n = f.length;
    if (n != positive.length || n == 0) {
      throw new IllegalArgumentException("need as many labels as examples, at least one");
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
    int d = start.length;
    double[] w = start.clone();
    double loss = loss(f, positive, wPos, wNeg, w);
    for (int iter = 0; iter < 200; iter++) {
      double[] g = new double[d];
      double[][] h = new double[d][d];
      for (int i = 0; i < n; i++) {
        double z = dot(w, f[i]);
        double p = 1 / (1 + Math.exp(-z));
        double wi = positive[i] ? wPos : wNeg;
        double r = wi * (p - (positive[i] ? 1 : 0));
        double s = wi * p * (1 - p);
        for (int j = 0; j < d; j++) {
          g[j] += r * f[i][j];
          for (int k = 0; k < d; k++) {
            h[j][k] += s * f[i][j] * f[i][k];
          }
        }
      }
      for (int j = 0; j < d; j++) {
        g[j] += LAMBDA * w[j];
        h[j][j] += LAMBDA;
      }
      double[] step = solve(h, g);
      // Damped Newton: halve the step until the loss decreases.
      double t = 1;
      double[] next = new double[d];
      double nextLoss = Double.POSITIVE_INFINITY;
      for (int half = 0; half < 40; half++, t /= 2) {
        for (int j = 0; j < d; j++) {
          next[j] = w[j] - t * step[j];
        }
        nextLoss = loss(f, positive, wPos, wNeg, next);
        if (nextLoss <= loss) {
          break;
        }
      }
      if (!(nextLoss <= loss)) {
        break;
      }
      double change = Math.abs(loss - nextLoss);
      System.arraycopy(next, 0, w, 0, d);
      loss = nextLoss;
      if (change < 1e-12) {
        break;
      }
    }
    return w;
  }

  private static double dot(double[] w, double[] x) {
    double z = 0;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * x[j];
    }
    return z;
  }

  /** Weighted logistic loss with L2 regularisation. */
  private static double loss(double[][] f, boolean[] positive, double wPos, double wNeg, double[] w) {
    double l = 0;
    for (int i = 0; i < f.length; i++) {
      double z = dot(w, f[i]);
      // log(1 + exp(-z)) for positives, log(1 + exp(z)) for negatives, computed stably
      double m = positive[i] ? -z : z;
      l += (positive[i] ? wPos : wNeg) * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    }
    return l + 0.5 * LAMBDA * dot(w, w);
  }

  /** Solves {@code a x = b} by Gauss-Jordan elimination with partial pivoting; zeros when {@code a} is singular. */
  private static double[] solve(double[][] a, double[] b) {
    int d = b.length;
    double[][] m = new double[d][d + 1];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a[i], 0, m[i], 0, d);
      m[i][d] = b[i];
    }
    for (int col = 0; col < d; col++) {
      int piv = col;
      for (int r = col + 1; r < d; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      double[] t = m[col];
      m[col] = m[piv];
      m[piv] = t;
      if (Math.abs(m[col][col]) < 1e-15) {
        return new double[d];
      }
      for (int r = 0; r < d; r++) {
        if (r != col) {
          double factor = m[r][col] / m[col][col];
          for (int k = col; k <= d; k++) {
            m[r][k] -= factor * m[col][k];
          }
        }
      }
    }
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = m[i][d] / m[i][i];
    }
    return x;
  }

  /**
   * Expected calibration error of probabilities {@code p} over {@code bins} equal-width bins, with the classes
   * weighted equally (the prior the calibration assumes).
   */
  static double expectedCalibrationError(double[] p, boolean[] positive, int bins) {
    double[] wsum = new double[bins];
    double[] psum = new double[bins];
    double[] ysum = new double[bins];
    double[] w = classWeights(positive);
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, (int) (p[i] * bins));
      double wi = positive[i] ? w[0] : w[1];
      wsum[b] += wi;
      psum[b] += wi * p[i];
      ysum[b] += positive[i] ? wi : 0;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (wsum[b] > 0) {
        ece += Math.abs(psum[b] - ysum[b]);
      }
    }
    return ece;
  }

  /** Brier score of probabilities {@code p} with the classes weighted equally. */
  static double brierScore(double[] p, boolean[] positive) {
    double[] w = classWeights(positive);
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - (positive[i] ? 1 : 0);
      s += (positive[i] ? w[0] : w[1]) * d * d;
    }
    return s;
  }

  /** {weight of a positive, weight of a negative}: each class sums to one half. */
  private static double[] classWeights(boolean[] positive) {
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    return new double[] {0.5 / pos, 0.5 / (positive.length - pos)};
  }
}
