package org.videosim.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.videosim.Embedding;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarity.TimedEmbedding;

/**
 * Frame-to-clip retrieval, as the method measures it: one frame (or a few) of a copy as the query, every clip of
 * every reference as the database. For each chosen copy, the query is the clip of the query pipeline (whose clips
 * hold one frame, or a few) at the middle of its copied segment, all its views (insets, panels) taken, each
 * reference clip scored by the best cosine similarity over them. A reference clip is relevant when it is of the copied
 * reference and its span, widened by {@link #TOLERANCE} seconds each way, holds the reference time of that moment.
 */
public final class FrameToClip {
  /** Seconds a relevant reference clip may lie off the copied moment. */
  public static final double TOLERANCE = 0.5;

  private FrameToClip() {}

  /**
   * The figures of one run.
   *
   * @param queries copies asked
   * @param recallAt1 share of them whose best reference clip is relevant
   * @param meanAp mean over them of the average precision of the ranked reference clips
   * @param clips reference clips in the database
   */
  public record Result(int queries, double recallAt1, double meanAp, int clips) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d queries, %d clips: recall@1 %.3f, mAP %.3f", queries, clips, recallAt1,
          meanAp);
    }
  }

  /** A reference clip of the database, with its embedding's norm. */
  private record Item(String reference, TimedEmbedding clip, double norm) {}

  /**
   * The copies asked: the first {@code perKind} copies of every transformation kind (manifest order) that have a
   * copied segment.
   */
  public static List<Benchmark.Query> choose(Benchmark b, int perKind) {
    Map<String, Integer> taken = new HashMap<>();
    List<Benchmark.Query> out = new ArrayList<>();
    for (Benchmark.Query q : b.queries()) {
      if (q.isCopy() && !q.segments().isEmpty() && taken.merge(q.kind(), 1, Integer::sum) <= perKind) {
        out.add(q);
      }
    }
    return out;
  }

  /** Reference clip embeddings of {@code clips}, by reference id. */
  public static Map<String, List<TimedEmbedding>> references(Benchmark b, Path dir, VideoSimilarity clips,
      int threads, IntConsumer progress) {
    List<List<TimedEmbedding>> all = Parallel.map(b.references(), threads, progress, r ->
        clips.timedClipEmbeddings(VideoInput.of(dir.resolve(r.file()))));
    Map<String, List<TimedEmbedding>> out = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      out.put(b.references().get(i).id(), all.get(i));
    }
    return out;
  }

  /**
   * Runs the retrieval.
   *
   * @param references the database, from {@link #references}
   * @param queries the copies asked, from {@link #choose}
   * @param frames the query pipeline: the reference pipeline with clips of one frame (or a few)
   */
  public static Result run(Path dir, Map<String, List<TimedEmbedding>> references, List<Benchmark.Query> queries,
      VideoSimilarity frames, int threads, IntConsumer progress) {
    Objects.requireNonNull(references, "references");
    List<Item> db = new ArrayList<>();
    references.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        e.getValue().forEach(c -> db.add(new Item(e.getKey(), c, c.embedding().norm()))));
    List<double[]> perQuery = Parallel.map(queries, threads, progress, q -> {
      List<TimedEmbedding> qc = frames.timedClipEmbeddings(VideoInput.of(dir.resolve(q.file())));
      Segment s = q.segments().get(0);
      double qt = (s.queryStart() + s.queryEnd()) / 2;
      double along = s.queryEnd() > s.queryStart() ? (qt - s.queryStart()) / (s.queryEnd() - s.queryStart()) : 0.5;
      boolean reversed = q.transform().contains("reverse");
      double rt = reversed ? s.refEnd() - along * (s.refEnd() - s.refStart())
          : s.refStart() + along * (s.refEnd() - s.refStart());
      List<Embedding> asked = at(qc, qt);
      double[] askedNorms = asked.stream().mapToDouble(Embedding::norm).toArray();
      double[] score = new double[db.size()];
      boolean[] relevant = new boolean[db.size()];
      int positives = 0;
      for (int i = 0; i < db.size(); i++) {
        Item it = db.get(i);
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < asked.size(); a++) {
          double norms = askedNorms[a] * it.norm();
          best = Math.max(best, norms > 0 ? asked.get(a).dot(it.clip().embedding()) / norms : 0);
        }
        score[i] = best;
        relevant[i] = it.reference().equals(q.reference()) && it.clip().start() - TOLERANCE <= rt
            && rt <= it.clip().end() + TOLERANCE;
        positives += relevant[i] ? 1 : 0;
      }
      Integer[] order = new Integer[db.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]));
      double ap = 0;
      int hits = 0;
      for (int k = 0; k < order.length; k++) {
        if (relevant[order[k]]) {
          hits++;
          ap += (double) hits / (k + 1);
        }
      }
      return new double[] {order.length > 0 && relevant[order[0]] ? 1 : 0, positives > 0 ? ap / positives : 0};
    });
    double r1 = perQuery.stream().mapToDouble(r -> r[0]).average().orElse(Double.NaN);
    double map = perQuery.stream().mapToDouble(r -> r[1]).average().orElse(Double.NaN);
    return new Result(queries.size(), r1, map, db.size());
  }

  /** The embeddings (every view) of the query clips that hold time {@code t}, or of the nearest clip's span. */
  private static List<Embedding> at(List<TimedEmbedding> clips, double t) {
    List<Embedding> out = new ArrayList<>();
    for (TimedEmbedding c : clips) {
      if (c.start() <= t && t < c.end()) {
        out.add(c.embedding());
      }
    }
    if (out.isEmpty() && !clips.isEmpty()) {
      TimedEmbedding nearest = clips.stream().min(Comparator.comparingDouble(c -> Math.abs((c.start() + c.end()) / 2
          - t))).orElseThrow();
      clips.stream().filter(c -> c.start() == nearest.start()).forEach(c -> out.add(c.embedding()));
    }
    return out;
  }
}
