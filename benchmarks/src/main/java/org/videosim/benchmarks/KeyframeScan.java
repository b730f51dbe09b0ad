package org.videosim.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.encoders.Svrtn;
import org.videosim.evaluation.Metrics;
import org.videosim.ffmpeg.FfmpegFrameSource;

/**
 * Keyframe-only reading as a pre-filter, measured: the references of a benchmark (a folder with {@code refs/} and
 * the dev benchmark's {@code gt.tsv}) fingerprinted in full with the default pipeline, every video of a folder of
 * queries (the benchmark's, or copies of them re-encoded with another keyframe interval) fingerprinted twice, in full
 * and at its keyframes only ({@link FfmpegFrameSource.Builder#keyframesOnly}), each timed on this thread, and every
 * query scored against every reference both ways. Prints, for both: micro-AP, recall at precision 0.99, recall@1 of
 * the copies, copies and other pairs at score thresholds, fingerprinting time and clips.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.KeyframeScan BENCH QUERIES</pre>
 *
 * <p>({@code -Dencoder=dct}: the training-free pipeline instead of {@code svrtn}) with {@code
 * OMP_WAIT_POLICY=PASSIVE -Dai.djl.pytorch.num_threads=2} as every torch process
 * ({@code benchmarks/scripts/keyframe-scan.sh} runs it).
 */
public final class KeyframeScan {
  private static final double[] THRESHOLDS = {0.3, 0.5, 0.7, 0.88};

  private KeyframeScan() {}

  /** One way of reading the queries: its scores against every reference, and what fingerprinting them took. */
  private static final class Way {
    final String name;
    final VideoSimilarity similarity;
    /** Query, then reference: the score. */
    final Map<String, Map<String, Double>> byQuery = new TreeMap<>();
    double seconds;
    long clips;

    Way(String name, VideoSimilarity similarity) {
      this.name = name;
      this.similarity = similarity;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: KeyframeScan BENCH QUERIES");
      System.exit(2);
    }
    Path bench = Path.of(args[0]);
    Path queries = Path.of(args[1]);
    Map<String, String> copyOf = new HashMap<>();
    List<String> gt = Files.readAllLines(bench.resolve("gt.tsv"));
    for (String line : gt.subList(1, gt.size())) {
      String[] f = line.split("\t");
      copyOf.put(f[0], f[1]);
    }
    boolean dct = "dct".equals(System.getProperty("encoder", "svrtn"));
    try (AutoCloseable full = pipeline(dct, false); AutoCloseable key = pipeline(dct, true)) {
      Map<String, VideoFingerprint> refs = new TreeMap<>();
      for (Path p : videos(bench.resolve("refs"))) {
        refs.put(id(p), similarity(full).fingerprint(p));
      }
      List<Path> qs = videos(queries);
      List<Way> ways = List.of(new Way("every frame", similarity(full)), new Way("keyframes only",
          similarity(key)));
      for (Way w : ways) {
        w.similarity.fingerprint(qs.get(0)); // both warm before timing
      }
      double videoSeconds = 0;
      for (Path q : qs) {
        String qid = id(q);
        for (Way w : ways) {
          long t0 = System.nanoTime();
          VideoFingerprint fp = w.similarity.fingerprint(q);
          w.seconds += (System.nanoTime() - t0) / 1e9;
          w.clips += fp.clips().size();
          if (w == ways.get(0)) {
            videoSeconds += fp.duration();
          }
          Map<String, Double> row = new TreeMap<>();
          for (Map.Entry<String, VideoFingerprint> r : refs.entrySet()) {
            Score s = w.similarity.score(r.getValue(), fp);
            row.put(r.getKey(), s.value());
          }
          w.byQuery.put(qid, row);
        }
      }
      long copies = qs.stream().filter(q -> refs.containsKey(copyOf.get(id(q)))).count();
      System.out.printf(Locale.ROOT, "%d queries (%d copies, %.0f s of video) x %d references%n%n", qs.size(), copies,
          videoSeconds, refs.size());
      StringBuilder head = new StringBuilder("| reading | fingerprint time (this thread) | clips | micro-AP | R@P99 "
          + "| recall@1 |");
      for (double t : THRESHOLDS) {
        head.append(String.format(Locale.ROOT, " at %.2f: copies / other pairs |", t));
      }
      System.out.println(head);
      System.out.println("|---".repeat(6 + THRESHOLDS.length) + "|");
      for (Way w : ways) {
        List<double[]> pairs = new ArrayList<>(); // {score, copy 1/0}
        w.byQuery.forEach((q, row) -> row.forEach((r, v) -> pairs.add(new double[] {v, r.equals(copyOf.get(q)) ? 1
            : 0})));
        double[] apR = apAndRecallAtP99(pairs);
        long top1 = w.byQuery.entrySet().stream().filter(e -> best(e.getValue()).equals(copyOf.get(e.getKey())))
            .count();
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f s (%.2f of every frame's) | %d "
            + "| %.3f | %.3f | %.3f |", w.name, w.seconds, w.seconds / ways.get(0).seconds, w.clips, apR[0], apR[1],
            (double) top1 / copies));
        for (double t : THRESHOLDS) {
          long tp = pairs.stream().filter(p -> p[1] == 1 && p[0] >= t).count();
          long fp = pairs.stream().filter(p -> p[1] == 0 && p[0] >= t).count();
          row.append(String.format(Locale.ROOT, " %d / %d |", tp, fp));
        }
        System.out.println(row);
      }
    }
  }

  /** The default pipeline ({@code svrtn}) or the training-free one ({@code dct}), reading keyframes only or not. */
  private static AutoCloseable pipeline(boolean dct, boolean keyframesOnly) {
    VideoSimilarity.Builder b = VideoSimilarity.builder().frameSource(FfmpegFrameSource.builder()
        .keyframesOnly(keyframesOnly).build());
    return dct ? b.build() : Svrtn.pipeline(b);
  }

  private static VideoSimilarity similarity(AutoCloseable pipeline) {
    return pipeline instanceof Svrtn.Pipeline p ? p.similarity() : (VideoSimilarity) pipeline;
  }

  private static String best(Map<String, Double> row) {
    return row.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /** Micro-AP and recall at precision 0.99 of {score, copy} pairs, as the evaluation harness computes them. */
  static double[] apAndRecallAtP99(List<double[]> pairs) {
    double[] scores = new double[pairs.size()];
    boolean[] copy = new boolean[pairs.size()];
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = pairs.get(i)[0];
      copy[i] = pairs.get(i)[1] == 1;
      positives += copy[i] ? 1 : 0;
    }
    return new double[] {Metrics.averagePrecision(scores, copy),
        Metrics.recallAtPrecision(Metrics.curve(scores, copy, positives), 0.99)[0]};
  }

  private static List<Path> videos(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String id(Path p) {
    return p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
  }
}
