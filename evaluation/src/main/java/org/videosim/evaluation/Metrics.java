package org.videosim.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Retrieval, localization and calibration metrics: pure functions over score tables, defined as the dev benchmark's
 * {@code eval.py} defines them. Scores are similarities (higher is more similar); NaN or negative infinity means
 * "never retrieved". Tied scores form one threshold step (no optimistic tie-breaking). Stateless.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * A precision-recall curve: one point per distinct finite score (the threshold), from the highest score down.
   *
   * @param thresholds scores, descending
   * @param precision at each threshold
   * @param recall at each threshold
   */
  public record Curve(double[] thresholds, double[] precision, double[] recall) {}

  private static double key(double s) {
    return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
  }

  /** The precision-recall curve of {@code scores} against {@code labels}, with {@code positives} in all. */
  public static Curve curve(double[] scores, boolean[] labels, int positives) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + ", "
          + labels.length);
    }
    Integer[] order = finiteOrder(scores);
    List<double[]> pts = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]]) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = k == order.length - 1 || key(scores[order[k + 1]]) != key(scores[order[k]]);
      if (lastOfTie && positives > 0) {
        pts.add(new double[] {scores[order[k]], (double) tp / (tp + fp), (double) tp / positives});
      }
    }
    double[] t = new double[pts.size()];
    double[] p = new double[pts.size()];
    double[] r = new double[pts.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = pts.get(i)[0];
      p[i] = pts.get(i)[1];
      r[i] = pts.get(i)[2];
    }
    return new Curve(t, p, r);
  }

  /** Indices of the finite scores, highest first (stable). */
  private static Integer[] finiteOrder(double[] scores) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (Double.isFinite(scores[i])) {
        idx.add(i);
      }
    }
    Integer[] order = idx.toArray(new Integer[0]);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    return order;
  }

  /** Average precision: the sum over thresholds of the recall gained times the precision there; NaN without positives. */
  public static double averagePrecision(double[] scores, boolean[] labels) {
    int positives = 0;
    for (boolean b : labels) {
      positives += b ? 1 : 0;
    }
    if (positives == 0) {
      return Double.NaN;
    }
    Curve c = curve(scores, labels, positives);
    double ap = 0;
    double prev = 0;
    for (int i = 0; i < c.recall().length; i++) {
      ap += (c.recall()[i] - prev) * c.precision()[i];
      prev = c.recall()[i];
    }
    return ap;
  }

  /**
   * The highest recall at a threshold whose precision is at least {@code target}, and that threshold.
   *
   * @return {@code {recall, threshold}}; {@code {0, NaN}} when no threshold reaches the precision
   */
  public static double[] recallAtPrecision(Curve c, double target) {
    double best = -1;
    double thr = Double.NaN;
    for (int i = 0; i < c.thresholds().length; i++) {
      if (c.precision()[i] >= target && c.recall()[i] > best) {
        best = c.recall()[i];
        thr = c.thresholds()[i];
      }
    }
    return best < 0 ? new double[] {0, Double.NaN} : new double[] {best, thr};
  }

  /** Probability that a positive outscores a negative (ties count one half; missing scores tie at the bottom). */
  public static double rocAuc(double[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key(scores[i])));
    double rankSum = 0;
    long pos = 0;
    for (int k = 0; k < n; ) {
      int e = k;
      while (e + 1 < n && key(scores[order[e + 1]]) == key(scores[order[k]])) {
        e++;
      }
      double avgRank = (k + 1 + e + 1) / 2.0;
      for (int i = k; i <= e; i++) {
        if (labels[order[i]]) {
          rankSum += avgRank;
          pos++;
        }
      }
      k = e + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Expected calibration error of probabilities {@code p} against outcomes {@code y}, in equal-width bins. */
  public static double expectedCalibrationError(double[] p, boolean[] y, int bins) {
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) (p[i] * bins)));
      sumP[b] += p[i];
      sumY[b] += y[i] ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sumP[b] - sumY[b]) / p.length;
      }
    }
    return ece;
  }

  /** Mean squared difference between probabilities and outcomes. */
  public static double brierScore(double[] p, boolean[] y) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - (y[i] ? 1 : 0);
      s += d * d;
    }
    return p.length == 0 ? Double.NaN : s / p.length;
  }

  // ---------------------------------------------------------------- localization (VCSL style, as eval.py)

  /** Total length of the union of intervals {@code {start, end}}. */
  static double unionLength(List<double[]> intervals) {
    if (intervals.isEmpty()) {
      return 0;
    }
    List<double[]> iv = new ArrayList<>(intervals);
    iv.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
    double total = 0;
    double cs = iv.get(0)[0];
    double ce = iv.get(0)[1];
    for (double[] x : iv.subList(1, iv.size())) {
      if (x[0] > ce) {
        total += ce - cs;
        cs = x[0];
        ce = x[1];
      } else {
        ce = Math.max(ce, x[1]);
      }
    }
    return total + (ce - cs);
  }

  /**
   * How much of the boxes {@code a}, on each axis, the boxes of {@code b} that overlap them (in both axes) cover: the
   * product of the query-axis and reference-axis shares.
   */
  static double coveredShare(List<Segment> a, List<Segment> b) {
    double covQ = 0;
    double covR = 0;
    double totQ = 0;
    double totR = 0;
    for (Segment x : a) {
      List<double[]> iq = new ArrayList<>();
      List<double[]> ir = new ArrayList<>();
      for (Segment y : b) {
        double qs = Math.max(x.queryStart(), y.queryStart());
        double qe = Math.min(x.queryEnd(), y.queryEnd());
        double rs = Math.max(x.refStart(), y.refStart());
        double re = Math.min(x.refEnd(), y.refEnd());
        if (qe > qs && re > rs) {
          iq.add(new double[] {qs, qe});
          ir.add(new double[] {rs, re});
        }
      }
      covQ += unionLength(iq);
      covR += unionLength(ir);
      totQ += Math.max(0, x.queryEnd() - x.queryStart());
      totR += Math.max(0, x.refEnd() - x.refStart());
    }
    return (covQ / (totQ + 1e-9)) * (covR / (totR + 1e-9));
  }

  /** Localization precision, recall and F1 over the pairs judged, and how many pairs and queries that was. */
  public record Localization(double precision, double recall, double f1, int pairs, int queries) {}

  /**
   * VCSL-style localization: for every (query, reference) pair that has ground-truth segments or predicted ones,
   * precision is the share of the predicted boxes that the truth covers (query axis times reference axis) and recall
   * the same with the roles swapped; predictions on a pair without truth give precision 0 and recall 1, truth without
   * predictions precision 1 and recall 0. Averaged per query, then over queries.
   *
   * @param predicted segments by pair key {@code query + "\t" + reference}
   * @param truth the same for the ground truth
   */
  public static Localization localization(Map<String, List<Segment>> predicted, Map<String, List<Segment>> truth) {
    Set<String> keys = new TreeSet<>(predicted.keySet());
    keys.addAll(truth.keySet());
    Map<String, double[]> perQuery = new TreeMap<>(); // sum p, sum r, count
    int pairs = 0;
    for (String k : keys) {
      List<Segment> p = predicted.getOrDefault(k, List.of());
      List<Segment> g = truth.getOrDefault(k, List.of());
      if (p.isEmpty() && g.isEmpty()) {
        continue;
      }
      pairs++;
      double prec;
      double rec;
      if (g.isEmpty()) {
        prec = 0;
        rec = 1;
      } else if (p.isEmpty()) {
        prec = 1;
        rec = 0;
      } else {
        prec = coveredShare(p, g);
        rec = coveredShare(g, p);
      }
      double[] q = perQuery.computeIfAbsent(k.substring(0, k.indexOf('\t')), x -> new double[3]);
      q[0] += prec;
      q[1] += rec;
      q[2]++;
    }
    if (perQuery.isEmpty()) {
      return new Localization(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }
    double p = 0;
    double r = 0;
    for (double[] q : perQuery.values()) {
      p += q[0] / q[2];
      r += q[1] / q[2];
    }
    p /= perQuery.size();
    r /= perQuery.size();
    return new Localization(p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, pairs, perQuery.size());
  }
}
