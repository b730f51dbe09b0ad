package org.videosim;

/**
 * Where two videos' {@link Motion} series rise and fall together: the time offset at which their levels correlate
 * best, and whether that is evidence of shared footage. Two videos of one fixed camera look alike at every moment,
 * so their codes align nothing; a copy still changes when its original does (people walk by, a hand moves, the
 * encoder's noise of the original's frames) and another moment of the same camera does not.
 *
 * <p>The levels are correlated (Pearson) at every offset where at least {@link #MIN_OVERLAP} steps overlap. The best
 * offset counts only when (1) its correlation is at least {@link #MIN_CORRELATION}; (2) it stands out: every offset
 * at least {@link #PEAK_EXCLUSION} steps away correlates at least {@link #MIN_PEAK_GAP} less (a periodic series, such
 * as the repeated frames of a frame-rate conversion or a flickering light, correlates alike one period away, and at
 * the best of many offsets); and (3) it is significant for the number of independent steps it rests on: with {@code
 * n'} the overlap's effective sample size (Bartlett: the overlap's length over {@code 1 + 2 sum_k rho_a(k) rho_b(k)},
 * the products of the two series' autocorrelations up to a quarter of the overlap), {@code atanh(r) sqrt(n' - 3)} is
 * at least {@link #MIN_Z} (a burst of motion in each video, a few steps long, correlates highly with any other burst
 * but rests on few independent steps). The thresholds were set on the evaluation harness's pairs without a segment
 * and on the 121 pairs of two moments of one camera or shoot in {@code benchmarks/scripts/same-shoot.sh}'s set, none
 * of which passes (README, "Motion evidence").
 */
final class MotionAlignment {
  /** Fewest overlapping steps (2 s at {@link Motion#RATE}). */
  static final int MIN_OVERLAP = 16;
  /** Least correlation at the best offset. */
  static final double MIN_CORRELATION = 0.95;
  /** Steps (0.5 s) within which another offset is the same peak. */
  static final int PEAK_EXCLUSION = 4;
  /** How much less every offset outside the peak must correlate. */
  static final double MIN_PEAK_GAP = 0.2;
  /** Least Fisher z of the best correlation, scaled by the root of the effective sample size less 3. */
  static final double MIN_Z = 5;

  /**
   * The best offset: step {@code startA} of A meets step {@code startB} of B for {@code steps} steps, with the
   * correlation {@code r}, the gap to the best offset outside its peak and the significance {@code z}.
   */
  record Result(int startA, int startB, int steps, double r, double gap, double z) {
    /** Whether this alignment is evidence of shared footage (the class's three conditions). */
    boolean isEvidence() {
      return r >= MIN_CORRELATION && gap >= MIN_PEAK_GAP && z >= MIN_Z;
    }

    /** The aligned time spans as a segment, within the videos' durations, of the given similarity in [0, 1]. */
    MatchedSegment segment(double durationA, double durationB, double similarity) {
      double sa = Math.min(durationA, startA / Motion.RATE);
      double sb = Math.min(durationB, startB / Motion.RATE);
      return new MatchedSegment(sa, Math.min(durationA, Math.max(sa, (startA + steps) / Motion.RATE)), sb,
          Math.min(durationB, Math.max(sb, (startB + steps) / Motion.RATE)), Math.max(0, Math.min(1, similarity)));
    }
  }

  private MotionAlignment() {}

  /** The best offset of two series, or null where they overlap by fewer than {@link #MIN_OVERLAP} steps anywhere. */
  static Result align(Motion a, Motion b) {
    int n = a.size();
    int m = b.size();
    if (n < MIN_OVERLAP || m < MIN_OVERLAP) {
      return null;
    }
    double[] x = levels(a);
    double[] y = levels(b);
    // offset d: step i of A meets step i - d of B
    int lo = -(m - MIN_OVERLAP);
    int hi = n - MIN_OVERLAP;
    double[] r = new double[hi - lo + 1];
    int best = 0;
    for (int d = lo; d <= hi; d++) {
      int i0 = Math.max(d, 0);
      int j0 = Math.max(-d, 0);
      int len = Math.min(n - i0, m - j0);
      r[d - lo] = correlation(x, i0, y, j0, len);
      if (r[d - lo] > r[best]) {
        best = d - lo;
      }
    }
    double second = 0;
    for (int k = 0; k < r.length; k++) {
      if (Math.abs(k - best) >= PEAK_EXCLUSION) {
        second = Math.max(second, r[k]);
      }
    }
    int d = best + lo;
    int i0 = Math.max(d, 0);
    int j0 = Math.max(-d, 0);
    int len = Math.min(n - i0, m - j0);
    double rb = r[best];
    double z = rb > 0 ? atanh(Math.min(rb, 0.99999)) * Math.sqrt(effectiveSteps(x, i0, y, j0, len) - 3) : 0;
    return new Result(i0, j0, len, rb, rb - second, z);
  }

  private static double[] levels(Motion s) {
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = s.level(i);
    }
    return v;
  }

  /** Pearson correlation of {@code len} values from {@code x[i0]} and {@code y[j0]}; 0 where either is constant. */
  static double correlation(double[] x, int i0, double[] y, int j0, int len) {
    double sx = 0;
    double sy = 0;
    for (int k = 0; k < len; k++) {
      sx += x[i0 + k];
      sy += y[j0 + k];
    }
    double mx = sx / len;
    double my = sy / len;
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int k = 0; k < len; k++) {
      double u = x[i0 + k] - mx;
      double v = y[j0 + k] - my;
      xy += u * v;
      xx += u * u;
      yy += v * v;
    }
    double den = Math.sqrt(xx * yy);
    return den > 1e-9 ? xy / den : 0;
  }

  /**
   * Bartlett's effective sample size of the correlation of two overlapping stretches: their length over {@code 1 + 2
   * sum_k rho_x(k) rho_y(k)}, {@code k} up to a quarter of the length, within [3.0001, length].
   */
  static double effectiveSteps(double[] x, int i0, double[] y, int j0, int len) {
    double[] u = centred(x, i0, len);
    double[] v = centred(y, j0, len);
    double uu = dot(u, u, 0);
    double vv = dot(v, v, 0);
    double s = 1;
    if (uu > 1e-12 && vv > 1e-12) {
      for (int k = 1; k <= Math.max(1, len / 4); k++) {
        s += 2 * (dot(u, u, k) / uu) * (dot(v, v, k) / vv);
      }
    }
    return Math.max(3.0001, Math.min(len, len / Math.max(s, 1e-9)));
  }

  private static double[] centred(double[] x, int from, int len) {
    double mean = 0;
    for (int k = 0; k < len; k++) {
      mean += x[from + k];
    }
    mean /= len;
    double[] out = new double[len];
    for (int k = 0; k < len; k++) {
      out[k] = x[from + k] - mean;
    }
    return out;
  }

  /** Sum of {@code u[t] v[t + lag]}. */
  private static double dot(double[] u, double[] v, int lag) {
    double s = 0;
    for (int t = 0; t + lag < u.length; t++) {
      s += u[t] * v[t + lag];
    }
    return s;
  }

  private static double atanh(double r) {
    return 0.5 * Math.log((1 + r) / (1 - r));
  }
}
