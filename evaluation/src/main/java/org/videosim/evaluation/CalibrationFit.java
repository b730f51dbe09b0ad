package org.videosim.evaluation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.videosim.MatchedSegment;
import org.videosim.TemporalVideoMatcher;
import org.videosim.internal.FusedCalibration;

/**
 * Fits a pipeline's fused calibration (raw or, when its matcher {@link TemporalVideoMatcher#normalisesCalibration
 * normalises}, background-normalised similarity, check similarity, and whether a pair has a matched segment) on a
 * benchmark's pairs, and measures it honestly: k-fold over content units, every pair scored by a calibration fitted
 * on pairs that touch none of its fold's units. Stateless.
 */
public final class CalibrationFit {
  private CalibrationFit() {}

  /**
   * A fit and the scores it gives.
   *
   * @param calibration fitted on every pair that {@code fitOn} admits
   * @param crossFitted the benchmark's pairs scored by the calibrations of the other folds
   * @param folds the content units of each fold
   */
  public record Result(FusedCalibration calibration, List<PairScore> crossFitted, List<Set<String>> folds) {}

  /**
   * Fits and cross-fits.
   *
   * @param matcher the pipeline's matcher: its threshold and the rules of {@link TemporalVideoMatcher#probability}
   * @param k folds over the units (at least 2)
   * @param seed draws the folds
   * @param fitOn which pairs the shipped calibration is fitted on (e.g. those of licence-clean units only)
   */
  public static Result fit(Benchmark b, List<PairScore> scores, TemporalVideoMatcher matcher, int k, long seed,
      Predicate<PairScore> fitOn) {
    if (k < 2) {
      throw new IllegalArgumentException("need at least two folds: " + k);
    }
    Map<String, Benchmark.Query> queries = new HashMap<>();
    b.queries().forEach(q -> queries.put(q.id(), q));
    Map<String, String> refUnit = new HashMap<>();
    b.references().forEach(r -> refUnit.put(r.id(), r.unit()));
    List<String> units = new ArrayList<>(new TreeSet<>(unitsOf(b)));
    java.util.Collections.shuffle(units, new Random(seed));
    Map<String, Integer> fold = new HashMap<>();
    List<Set<String>> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      folds.add(new TreeSet<>());
    }
    for (int i = 0; i < units.size(); i++) {
      fold.put(units.get(i), i % k);
      folds.get(i % k).add(units.get(i));
    }
    boolean normalised = matcher.normalisesCalibration();
    List<PairScore> usable = scores.stream().filter(s -> !Double.isNaN(s.raw()) && !Double.isNaN(s.check())
        && !(normalised && Double.isNaN(s.normalised()))).toList();
    if (usable.size() < scores.size()) {
      throw new IllegalArgumentException("every pair needs a raw and a check similarity" + (normalised
          ? " and a normalised one (the background set must apply to the pipeline)" : "") + ": "
          + (scores.size() - usable.size()) + " have none");
    }
    PairScore[] out = new PairScore[scores.size()];
    for (int f = 0; f < k; f++) {
      int ff = f;
      List<Integer> train = new ArrayList<>();
      for (int i = 0; i < scores.size(); i++) {
        PairScore s = scores.get(i);
        if (fold.get(queries.get(s.query()).unit()) != ff && fold.get(refUnit.get(s.reference())) != ff) {
          train.add(i);
        }
      }
      TemporalVideoMatcher m = with(matcher, fitPairs(scores, train, queries, normalised));
      for (int i = 0; i < scores.size(); i++) {
        PairScore s = scores.get(i);
        if (fold.get(queries.get(s.query()).unit()) == ff) {
          out[i] = rescored(s, m);
        }
      }
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      if (fitOn.test(scores.get(i))) {
        all.add(i);
      }
    }
    return new Result(fitPairs(scores, all, queries, normalised), List.of(out), folds);
  }

  private static Set<String> unitsOf(Benchmark b) {
    Set<String> u = new TreeSet<>();
    b.queries().forEach(q -> u.add(q.unit()));
    b.references().forEach(r -> u.add(r.unit()));
    return u;
  }

  private static FusedCalibration fitPairs(List<PairScore> scores, List<Integer> idx,
      Map<String, Benchmark.Query> queries, boolean normalised) {
    double[] x = new double[idx.size()];
    double[] y = new double[idx.size()];
    boolean[] seg = new boolean[idx.size()];
    boolean[] pos = new boolean[idx.size()];
    for (int k = 0; k < idx.size(); k++) {
      PairScore s = scores.get(idx.get(k));
      x[k] = normalised ? s.normalised() : s.raw();
      y[k] = s.check();
      seg[k] = !s.segments().isEmpty();
      pos[k] = s.reference().equals(queries.get(s.query()).reference());
    }
    return FusedCalibration.fit(x, y, seg, pos);
  }

  /** The matcher with the fused calibration {@code c}, for the same pipeline. */
  public static TemporalVideoMatcher with(TemporalVideoMatcher matcher, FusedCalibration c) {
    return matcher.toBuilder().fusedCalibration(c.a(), c.b(), c.c(), c.d()).build();
  }

  /** A pair scored again by another matcher's calibration and rules. */
  static PairScore rescored(PairScore s, TemporalVideoMatcher m) {
    List<MatchedSegment> segs = new ArrayList<>();
    for (Segment g : s.segments()) {
      segs.add(new MatchedSegment(g.refStart(), g.refEnd(), g.queryStart(), g.queryEnd(), 1));
    }
    double p = m.probability(new TemporalVideoMatcher.Evidence(s.raw(), s.check(), segs, s.coverage(),
        s.prominence(), s.normalised()));
    return new PairScore(s.query(), s.reference(), p, s.raw(), s.check(), s.segments(), s.coverage(),
        s.prominence(), s.normalised());
  }

  /** Pairs whose query footage and reference both come from {@code units}. */
  public static Predicate<PairScore> within(Benchmark b, Collection<String> units) {
    Set<String> set = Set.copyOf(units);
    return byUnits(b, (queryUnit, referenceUnit) -> set.contains(queryUnit) && set.contains(referenceUnit));
  }

  /**
   * The pairs whose query and reference both come from none of {@code units} (a query of generated flat footage
   * counts as of no unit): e.g. the pairs a model trained on some of a benchmark's units has never seen.
   */
  public static Predicate<PairScore> outside(Benchmark b, Collection<String> units) {
    Set<String> set = Set.copyOf(units);
    return byUnits(b, (queryUnit, referenceUnit) -> !set.contains(queryUnit) && !set.contains(referenceUnit));
  }

  /** Pairs chosen by the content units of their query and reference. */
  private static Predicate<PairScore> byUnits(Benchmark b, java.util.function.BiPredicate<String, String> keep) {
    Map<String, String> qUnit = new HashMap<>();
    b.queries().forEach(q -> qUnit.put(q.id(), q.unit()));
    Map<String, String> rUnit = new HashMap<>();
    b.references().forEach(r -> rUnit.put(r.id(), r.unit()));
    return s -> keep.test(qUnit.get(s.query()), rUnit.get(s.reference()));
  }
}
