package org.videosim.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.TemporalVideoMatcher;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline over a benchmark (every query against every reference) and computes its {@link Report}. Stateless.
 */
public final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
  /** Kinds whose copies share only part of their footage: localization is reported for each. */
  static final List<String> LOCALIZED_KINDS = List.of("partial", "intro_outro", "insertion");

  private Evaluation() {}

  /** Fingerprints of a benchmark's videos by id, and the ids that could not be read (with the reason). */
  public record Fingerprints(Map<String, VideoFingerprint> byId, Map<String, String> failures) {}

  /**
   * Fingerprints every reference and query of the benchmark in {@code dir} on {@code threads} threads.
   *
   * @param progress told the number of videos done so far (from worker threads), may be null
   */
  public static Fingerprints fingerprint(Benchmark b, Path dir, VideoSimilarity sim, int threads,
      IntConsumer progress) {
    return fingerprint(b, dir, sim, threads, progress, null);
  }

  /**
   * As {@link #fingerprint(Benchmark, Path, VideoSimilarity, int, IntConsumer)}, keeping the fingerprints in
   * {@code cache} (when not null): read from it when it holds this pipeline's fingerprints of the same videos, else
   * written to it. A matcher is not part of a pipeline's identity, so matchers can be compared on cached
   * fingerprints.
   */
  public static Fingerprints fingerprint(Benchmark b, Path dir, VideoSimilarity sim, int threads,
      IntConsumer progress, Path cache) {
    if (cache != null && Files.exists(cache)) {
      Fingerprints cached = readCache(cache, sim);
      if (cached != null && cached.byId().size() + cached.failures().size()
          == b.references().size() + b.queries().size()) {
        LOG.info("{} fingerprints read from {}", cached.byId().size(), cache);
        return cached;
      }
    }
    Fingerprints fresh = compute(b, dir, sim, threads, progress);
    if (cache != null) {
      writeCache(cache, fresh);
    }
    return fresh;
  }

  private static Fingerprints readCache(Path cache, VideoSimilarity sim) {
    try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
        Files.newInputStream(cache)))) {
      Map<String, VideoFingerprint> fps = new LinkedHashMap<>();
      Map<String, String> failures = new LinkedHashMap<>();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        int len = in.readInt();
        if (len < 0) {
          failures.put(id, in.readUTF());
          continue;
        }
        byte[] data = in.readNBytes(len);
        VideoFingerprint f = VideoFingerprint.fromBytes(data);
        if (!f.spec().equals(sim.spec())) {
          return null; // another pipeline's
        }
        fps.put(id, f);
      }
      return new Fingerprints(Map.copyOf(fps), Map.copyOf(failures));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring the fingerprint cache {}: {}", cache, e.getMessage());
      return null;
    }
  }

  private static void writeCache(Path cache, Fingerprints f) {
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
        Files.newOutputStream(cache)))) {
      out.writeInt(f.byId().size() + f.failures().size());
      for (Map.Entry<String, VideoFingerprint> e : new TreeMap<>(f.byId()).entrySet()) {
        byte[] data = e.getValue().toBytes();
        out.writeUTF(e.getKey());
        out.writeInt(data.length);
        out.write(data);
      }
      for (Map.Entry<String, String> e : new TreeMap<>(f.failures()).entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(-1);
        out.writeUTF(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + cache, e);
    }
  }

  private static Fingerprints compute(Benchmark b, Path dir, VideoSimilarity sim, int threads,
      IntConsumer progress) {
    Map<String, Path> files = new LinkedHashMap<>();
    b.references().forEach(r -> files.put(r.id(), dir.resolve(r.file())));
    b.queries().forEach(q -> files.put(q.id(), dir.resolve(q.file())));
    Map<String, VideoFingerprint> fps = new ConcurrentHashMap<>();
    Map<String, String> failures = new ConcurrentHashMap<>();
    Parallel.map(List.copyOf(files.entrySet()), threads, progress, e -> {
      try {
        fps.put(e.getKey(), sim.fingerprint(e.getValue()));
      } catch (VideoSimilarityException x) {
        failures.put(e.getKey(), x.getMessage());
        LOG.warn("cannot fingerprint {}: {}", e.getKey(), x.getMessage());
      }
      return null;
    });
    return new Fingerprints(Map.copyOf(fps), Map.copyOf(failures));
  }

  /** Scores every query against every reference; pairs with an unreadable video get NaN. */
  public static List<PairScore> score(Benchmark b, Fingerprints fps, VideoSimilarity sim) {
    List<PairScore> out = new ArrayList<>();
    for (Benchmark.Query q : b.queries()) {
      VideoFingerprint fq = fps.byId().get(q.id());
      for (Benchmark.Reference r : b.references()) {
        VideoFingerprint fr = fps.byId().get(r.id());
        if (fq == null || fr == null) {
          out.add(new PairScore(q.id(), r.id(), Double.NaN, Double.NaN, Double.NaN, List.of()));
          continue;
        }
        Score s = sim.score(fr, fq);
        List<Segment> segs = new ArrayList<>();
        for (MatchedSegment m : s.segments()) { // the score gives the reference's times first
          segs.add(new Segment(m.startB(), m.endB(), m.startA(), m.endA()));
        }
        double coverage = Double.NaN;
        double prominence = Double.NaN;
        double normalised = Double.NaN;
        if (sim.matcher() instanceof TemporalVideoMatcher t) {
          TemporalVideoMatcher.Evidence e = t.evidence(fr, fq);
          coverage = e.coverage();
          prominence = e.prominence();
          normalised = e.normalisedRaw();
        }
        out.add(new PairScore(q.id(), r.id(), s.value(), s.rawSimilarity(), s.checkSimilarity(), segs, coverage,
            prominence, normalised));
      }
    }
    return out;
  }

  /**
   * Writes {@code query reference score raw check coverage prominence segment} (a header line first; {@code eval.py}
   * reads the first three).
   */
  public static void writeScores(List<PairScore> scores, Path file) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("query\treference\tscore\traw\tcheck\tcoverage\tprominence\tsegment\tnormalised\n");
      for (PairScore s : scores) {
        w.write(s.query() + "\t" + s.reference() + "\t" + num(s.value()) + "\t" + num(s.raw()) + "\t"
            + num(s.check()) + "\t" + num(s.coverage()) + "\t" + num(s.prominence()) + "\t"
            + (s.segments().isEmpty() ? 0 : 1) + "\t" + num(s.normalised()) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes the predicted segments: {@code query reference query_start query_end ref_start ref_end score}. */
  public static void writeSegments(List<PairScore> scores, Path file) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("query\treference\tquery_start\tquery_end\tref_start\tref_end\tscore\n");
      for (PairScore s : scores) {
        for (Segment g : s.segments()) {
          w.write(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%s%n", s.query(), s.reference(),
              g.queryStart(), g.queryEnd(), g.refStart(), g.refEnd(), num(s.value())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A score with all its digits (17 significant), or {@code NA}. */
  static String num(double v) {
    return Double.isNaN(v) ? "NA" : Double.toString(v);
  }

  /**
   * The report of {@code scores} on {@code b}.
   *
   * @param threshold the pipeline's decision threshold on the score
   */
  public static Report report(String name, Benchmark b, List<PairScore> scores, double threshold, int failed) {
    Objects.requireNonNull(b, "b");
    Map<String, Benchmark.Query> queries = new HashMap<>();
    b.queries().forEach(q -> queries.put(q.id(), q));
    Map<String, Benchmark.Reference> refs = new HashMap<>();
    b.references().forEach(r -> refs.put(r.id(), r));
    int n = scores.size();
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      PairScore p = scores.get(i);
      s[i] = Double.isNaN(p.value()) ? Double.NEGATIVE_INFINITY : p.value();
      Benchmark.Query q = queries.get(p.query());
      y[i] = q != null && p.reference().equals(q.reference());
    }
    int positives = count(y);
    Metrics.Curve curve = Metrics.curve(s, y, positives);
    double[] r90 = Metrics.recallAtPrecision(curve, 0.90);
    double[] r99 = Metrics.recallAtPrecision(curve, 0.99);
    double t99 = r99[1];

    // per query: AP over its references, recall@1
    Map<String, List<Integer>> byQuery = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byQuery.computeIfAbsent(scores.get(i).query(), k -> new ArrayList<>()).add(i);
    }
    double apSum = 0;
    double r1Sum = 0;
    int withMatch = 0;
    int distractorsHit = 0;
    for (Map.Entry<String, List<Integer>> e : byQuery.entrySet()) {
      List<Integer> idx = e.getValue();
      double[] qs = idx.stream().mapToDouble(i -> s[i]).toArray();
      boolean[] qy = new boolean[idx.size()];
      for (int k = 0; k < idx.size(); k++) {
        qy[k] = y[idx.get(k)];
      }
      double max = java.util.Arrays.stream(qs).max().orElse(Double.NEGATIVE_INFINITY);
      if (count(qy) == 0) {
        if (!Double.isNaN(t99) && max >= t99) {
          distractorsHit++;
        }
        continue;
      }
      withMatch++;
      apSum += Metrics.averagePrecision(qs, qy);
      if (Double.isFinite(max)) {
        int top = 0;
        int good = 0;
        for (int k = 0; k < qs.length; k++) {
          if (qs[k] == max) {
            top++;
            good += qy[k] ? 1 : 0;
          }
        }
        r1Sum += (double) good / top;
      }
    }
    int fpAt99 = 0;
    for (int i = 0; i < n; i++) {
      if (!y[i] && !Double.isNaN(t99) && s[i] >= t99) {
        fpAt99++;
      }
    }

    // per kind and group: the kind's positives against all negatives
    List<Double> negatives = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!y[i]) {
        negatives.add(s[i]);
      }
    }
    Map<String, List<Integer>> byKind = new TreeMap<>();
    Map<String, List<Integer>> byGroup = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (y[i]) {
        Benchmark.Query q = queries.get(scores.get(i).query());
        byKind.computeIfAbsent(q.kind(), k -> new ArrayList<>()).add(i);
        byGroup.computeIfAbsent(q.group(), k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Report.KindFigures> kinds = new LinkedHashMap<>();
    byKind.forEach((k, idx) -> kinds.put(k, figures(idx, s, negatives, t99, threshold)));
    Map<String, Report.KindFigures> groups = new LinkedHashMap<>();
    for (Group g : Group.values()) {
      List<Integer> idx = byGroup.get(g.label());
      if (idx != null) {
        groups.put(g.label(), figures(idx, s, negatives, t99, threshold));
      }
    }

    // negatives by kind
    Map<String, List<Double>> negByKind = new LinkedHashMap<>();
    for (String k : List.of("same_shoot", "other_unit_distractor", "flat_distractor", "other_footage")) {
      negByKind.put(k, new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      if (y[i]) {
        continue;
      }
      PairScore p = scores.get(i);
      Benchmark.Query q = queries.get(p.query());
      Benchmark.Reference r = refs.get(p.reference());
      String kind;
      if (q.shownUnits().contains(r.unit())) {
        kind = "same_shoot"; // other moments of the reference's shoot, in the picture or as filler
      } else if ("flat".equals(q.negative())) {
        kind = "flat_distractor";
      } else if ("other_unit".equals(q.negative())) {
        kind = "other_unit_distractor";
      } else {
        kind = "other_footage";
      }
      negByKind.get(kind).add(s[i]);
    }
    Map<String, Report.NegativeFigures> negFigures = new LinkedHashMap<>();
    negByKind.forEach((k, v) -> {
      double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      int at = (int) v.stream().filter(x -> x >= threshold).count();
      int at99 = Double.isNaN(t99) ? 0 : (int) v.stream().filter(x -> x >= t99).count();
      negFigures.put(k, new Report.NegativeFigures(v.size(), max, at, v.isEmpty() ? Double.NaN
          : (double) at / v.size(), at99));
    });

    // localization: all predicted segments, as eval.py
    Map<String, List<Segment>> predicted = new HashMap<>();
    Map<String, List<Segment>> truth = new HashMap<>();
    for (int i = 0; i < n; i++) {
      PairScore p = scores.get(i);
      if (!p.segments().isEmpty()) {
        predicted.put(p.key(), p.segments());
      }
      if (y[i]) {
        truth.put(p.key(), queries.get(p.query()).segments());
      }
    }
    Metrics.Localization loc = Metrics.localization(predicted, truth);
    Map<String, Metrics.Localization> locByKind = new LinkedHashMap<>();
    for (String kind : LOCALIZED_KINDS) {
      Set<String> ids = new HashSet<>();
      b.queries().stream().filter(q -> kind.equals(q.kind()) && q.isCopy()).forEach(q -> ids.add(q.id()));
      if (!ids.isEmpty()) {
        locByKind.put(kind, Metrics.localization(filter(predicted, ids), filter(truth, ids)));
      }
    }

    // calibration
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Double.isFinite(s[i]) ? s[i] : 0;
    }
    int tp = 0;
    int called = 0;
    int printingOne = 0;
    int exactlyOne = 0;
    Set<Double> top = new HashSet<>();
    double maxNeg = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (s[i] >= threshold) {
        called++;
        tp += y[i] ? 1 : 0;
      }
      if (s[i] >= 0.99995) {
        printingOne++;
        top.add(s[i]);
      }
      if (s[i] == 1.0) {
        exactlyOne++;
      }
      if (!y[i]) {
        maxNeg = Math.max(maxNeg, s[i]);
      }
    }
    Report.Calibration cal = new Report.Calibration(threshold, called == 0 ? Double.NaN : (double) tp / called,
        positives == 0 ? Double.NaN : (double) tp / positives, Metrics.expectedCalibrationError(p, y, 10),
        Metrics.brierScore(p, y), maxNeg, printingOne, exactlyOne, top.size());

    // similarity of copies against the reference's number of shots
    Map<String, List<Integer>> byShots = new LinkedHashMap<>();
    for (String bucket : List.of("1", "2", "3-4", "5+")) {
      byShots.put(bucket, new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      if (y[i]) {
        int shots = refs.get(scores.get(i).reference()).shots();
        byShots.get(shots <= 1 ? "1" : shots == 2 ? "2" : shots <= 4 ? "3-4" : "5+").add(i);
      }
    }
    List<Report.ShotFigures> shots = new ArrayList<>();
    byShots.forEach((k, idx) -> {
      if (!idx.isEmpty()) {
        double meanScore = idx.stream().mapToDouble(i -> p[i]).average().orElse(Double.NaN);
        double meanRaw = idx.stream().mapToDouble(i -> scores.get(i).raw()).filter(v -> !Double.isNaN(v))
            .average().orElse(Double.NaN);
        shots.add(new Report.ShotFigures(k, idx.size(), meanScore, meanRaw, against(idx, s, negatives)));
      }
    });

    return new Report(name, byQuery.size(), withMatch, byQuery.size() - withMatch, b.references().size(), positives,
        n, failed, Metrics.averagePrecision(s, y), withMatch == 0 ? Double.NaN : apSum / withMatch,
        withMatch == 0 ? Double.NaN : r1Sum / withMatch, Metrics.rocAuc(s, y), r90[0], r90[1], r99[0], t99, fpAt99,
        distractorsHit, kinds, groups, negFigures, loc, locByKind, cal, shots);
  }

  private static Map<String, List<Segment>> filter(Map<String, List<Segment>> m, Set<String> queryIds) {
    Map<String, List<Segment>> out = new HashMap<>();
    m.forEach((k, v) -> {
      if (queryIds.contains(k.substring(0, k.indexOf('\t')))) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Report.KindFigures figures(List<Integer> idx, double[] s, List<Double> negatives, double t99,
      double threshold) {
    int at99 = 0;
    int atT = 0;
    double sum = 0;
    for (int i : idx) {
      at99 += !Double.isNaN(t99) && s[i] >= t99 ? 1 : 0;
      atT += s[i] >= threshold ? 1 : 0;
      sum += Double.isFinite(s[i]) ? s[i] : 0;
    }
    return new Report.KindFigures(idx.size(), against(idx, s, negatives), (double) at99 / idx.size(),
        (double) atT / idx.size(), sum / idx.size());
  }

  /** AP of the positives {@code idx} ranked against all {@code negatives}. */
  private static double against(List<Integer> idx, double[] s, List<Double> negatives) {
    double[] sc = new double[idx.size() + negatives.size()];
    boolean[] lb = new boolean[sc.length];
    for (int k = 0; k < idx.size(); k++) {
      sc[k] = s[idx.get(k)];
      lb[k] = true;
    }
    for (int k = 0; k < negatives.size(); k++) {
      sc[idx.size() + k] = negatives.get(k);
    }
    return Metrics.averagePrecision(sc, lb);
  }

  private static int count(boolean[] y) {
    int c = 0;
    for (boolean b : y) {
      c += b ? 1 : 0;
    }
    return c;
  }
}
