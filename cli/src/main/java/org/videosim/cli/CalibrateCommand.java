package org.videosim.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.internal.BetaCalibration;
import org.videosim.internal.FusedCalibration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code videosim calibrate}: makes edited copies of training videos, scores copies against their sources and
 * against other videos, and fits the calibration of the raw similarity.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Fits the score calibration on training videos: makes random edited copies of each video (the",
        "training edits), scores each copy against its source (copies) and against the other videos (non-copies),",
        "fits a beta calibration with both classes weighted equally (and, when the pipeline has check codes, the",
        "fused calibration of both similarities), and prints it with its reliability."})
final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Directory of training videos.")
  Path videos;

  @Option(names = "--copies", defaultValue = "3", description = "Edited copies per video (default: ${DEFAULT-VALUE}).")
  int copies;

  @Option(names = "--seed", defaultValue = "20261125", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--work", paramLabel = "DIR", description = "Where to keep the copies (default: a temporary "
      + "directory, deleted afterwards). Copies already there are reused: the same seed draws the same edits.")
  Path work;

  @Option(names = "--pairs", paramLabel = "FILE.tsv", description = "Also write every scored pair.")
  Path pairsOut;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Option(names = "--segment-seconds", paramLabel = "S",
      description = "First cut every video longer than 2 S into segments of S seconds, each used as a video of its "
          + "source's content unit (more non-copy pairs from few videos).")
  Double segmentSeconds;

  @Option(names = "--unit-separator", defaultValue = "__", paramLabel = "SEP",
      description = "Videos whose names share the part before SEP come from one source (one shoot, one film) and "
          + "are left out of the non-copies as ambiguous (default: ${DEFAULT-VALUE}; empty: keep all).")
  String unitSeparator;

  @Option(names = "--same-unit-negatives",
      description = "Count videos of the copy's own content unit (other segments of one film, other clips of one "
          + "shoot) as non-copies instead of leaving them out: the hard negatives that a fused calibration needs to "
          + "learn that footage which merely looks alike is no copy.")
  boolean sameUnitNegatives;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A copy of {@code source}; {@code other} supplies its unrelated footage (intros, backgrounds). */
  private record Copy(int source, int other, CopyRecipe recipe, Path file) {}

  @Override
  public Integer call() throws Exception {
    if (copies < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--copies must be positive: " + copies);
    }
    if (segmentSeconds != null && !(segmentSeconds >= 2)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--segment-seconds must be at least 2: "
          + segmentSeconds);
    }
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    List<Path> sources = VideoFiles.list(videos);
    VideoSimilarity sim = pipeline.build();
    boolean temp = work == null;
    Path dir = temp ? Files.createTempDirectory("videosim-calibrate-") : Files.createDirectories(work);
    try {
      if (segmentSeconds != null) {
        sources = segments(sources, Files.createDirectories(dir.resolve("segments")), segmentSeconds, err);
      }
      if (sources.size() < 2) {
        throw new IOException("need at least two videos in " + videos);
      }
      Map<Path, VideoFingerprint> originals = Fingerprinter.fingerprintAll(sim, sources, n, err);
      double[] durations = sources.stream().mapToDouble(p -> originals.containsKey(p)
          ? originals.get(p).duration() : 0).toArray();
      List<Copy> plan = new ArrayList<>();
      Random rnd = new Random(seed);
      for (int i = 0; i < sources.size(); i++) {
        if (!originals.containsKey(sources.get(i))) {
          continue;
        }
        for (int k = 0; k < copies; k++) {
          CopyRecipe recipe = CopyRecipe.random(rnd);
          int other;
          do {
            other = rnd.nextInt(sources.size());
          } while (other == i || durations[other] == 0);
          plan.add(new Copy(i, other, recipe, dir.resolve(VideoFiles.id(sources.get(i)) + "-copy" + k + ".mp4")));
        }
      }
      makeCopies(plan, sources, durations, n, err);
      List<Path> copyFiles = plan.stream().map(Copy::file).toList();
      Map<Path, VideoFingerprint> copyFps = Fingerprinter.fingerprintAll(sim, copyFiles, n, err);

      List<double[]> rows = new ArrayList<>(); // raw, label, copy index, check similarity (NaN without)
      List<String> names = new ArrayList<>();
      for (int c = 0; c < plan.size(); c++) {
        VideoFingerprint q = copyFps.get(plan.get(c).file());
        if (q == null) {
          continue;
        }
        for (int i = 0; i < sources.size(); i++) {
          VideoFingerprint r = originals.get(sources.get(i));
          if (r == null) {
            continue;
          }
          boolean pos = plan.get(c).source() == i;
          // Leave out ambiguous non-copies: videos of the source's unit, and the video that lent the copy its
          // unrelated footage (the copy does contain part of it).
          if (!pos && ((!sameUnitNegatives && sameUnit(sources.get(plan.get(c).source()), sources.get(i)))
              || i == plan.get(c).other() || sameUnit(sources.get(plan.get(c).other()), sources.get(i)))) {
            continue;
          }
          Score score = sim.score(r, q);
          rows.add(new double[] {score.rawSimilarity(), pos ? 1 : 0, c, score.checkSimilarity()});
          names.add(plan.get(c).file().getFileName() + "\t" + sources.get(i).getFileName() + "\t"
              + (pos ? plan.get(c).recipe().family() : "negative") + "\t" + plan.get(c).recipe().description());
        }
      }
      double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
      boolean[] y = new boolean[x.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = rows.get(i)[1] > 0;
      }
      double[] checks = rows.stream().mapToDouble(r -> r[3]).toArray();
      boolean fuse = Arrays.stream(checks).noneMatch(Double::isNaN);
      BetaCalibration cal = BetaCalibration.fit(x, y);
      out.printf(Locale.ROOT, "pairs: %d copies, %d non-copies%n", count(y, true), count(y, false));
      out.printf(Locale.ROOT, "beta calibration of the raw similarity: a=%.6f b=%.6f c=%.6f%n", cal.a(), cal.b(),
          cal.c());
      double[] p = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        p[i] = cal.apply(x[i]);
      }
      if (fuse) {
        out.printf(Locale.ROOT, "  reliability at even odds: ECE %.4f (10 bins), Brier %.4f; average precision %.4f%n",
            cal.expectedCalibrationError(x, y, 10), cal.brierScore(x, y), averagePrecision(x, y));
        FusedCalibration fc = FusedCalibration.fit(x, checks, y);
        out.printf(Locale.ROOT, "fused calibration of the raw and check similarities: a=%.6f b=%.6f c=%.6f%n", fc.a(),
            fc.b(), fc.c());
        out.printf(Locale.ROOT, "  reliability at even odds: ECE %.4f (10 bins), Brier %.4f%n",
            fc.expectedCalibrationError(x, checks, y, 10), fc.brierScore(x, checks, y));
        for (int i = 0; i < x.length; i++) {
          p[i] = fc.apply(x[i], checks[i]);
        }
      } else {
        out.printf(Locale.ROOT, "reliability at even odds: ECE %.4f (10 bins), Brier %.4f%n",
            cal.expectedCalibrationError(x, y, 10), cal.brierScore(x, y));
      }
      report(out, p, y, rows, plan, sim.threshold());
      if (pairsOut != null) {
        try (BufferedWriter w = Files.newBufferedWriter(pairsOut, StandardCharsets.UTF_8)) {
          w.write("copy\tsource\tlabel\trecipe\traw\tcheck\tprobability\n");
          for (int i = 0; i < x.length; i++) {
            String[] parts = names.get(i).split("\t", 4);
            w.write(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.6f\t%.6f\t%.6f%n", parts[0], parts[1], parts[2],
                parts[3], x[i], checks[i], p[i]));
          }
        }
      }
      out.flush();
      return 0;
    } finally {
      if (temp) {
        try (var s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /**
   * Cuts videos longer than twice {@code seconds} into segments named {@code <id>__seg<k>.mp4} (so that a segment's
   * content unit is its source's) in {@code dir}; shorter videos are used whole. Segments already there are reused.
   */
  private static List<Path> segments(List<Path> sources, Path dir, double seconds, PrintWriter err) {
    if (!(seconds >= 2)) {
      throw new IllegalArgumentException("--segment-seconds must be at least 2: " + seconds);
    }
    List<Path> out = new ArrayList<>();
    for (Path src : sources) {
      double duration;
      try (org.videosim.FrameReader r = org.videosim.ffmpeg.FfmpegFrameSource.create().open(
          org.videosim.VideoInput.of(src), new org.videosim.FrameRequest(1, 64))) {
        duration = r.info().durationSeconds();
      }
      if (!(duration >= 2 * seconds)) {
        out.add(src);
        continue;
      }
      String id = VideoFiles.id(src);
      String unitId = id.contains("__") ? id : id + "__";
      for (int k = 0; (k + 1) * seconds <= duration; k++) {
        Path seg = dir.resolve(String.format(Locale.ROOT, "%s%sseg%02d.mp4", unitId, id.contains("__") ? "-" : "",
            k));
        try {
          if (!Files.exists(seg) || Files.size(seg) == 0) {
            EditedCopy.of(src).trim(k * seconds, (k + 1) * seconds).writeTo(seg);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        out.add(seg);
      }
    }
    err.printf(Locale.ROOT, "%d videos cut into %d pieces of at most %.0f s%n", sources.size(), out.size(), seconds);
    return out;
  }

  private boolean sameUnit(Path a, Path b) {
    if (unitSeparator.isEmpty()) {
      return false;
    }
    String na = a.getFileName().toString();
    String nb = b.getFileName().toString();
    int ia = na.indexOf(unitSeparator);
    int ib = nb.indexOf(unitSeparator);
    return ia > 0 && ib > 0 && na.substring(0, ia).equals(nb.substring(0, ib));
  }

  private void makeCopies(List<Copy> plan, List<Path> sources, double[] durations, int threads, PrintWriter err)
      throws Exception {
    Progress progress = new Progress(err, "making copies", plan.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < plan.size(); c++) {
        Copy copy = plan.get(c);
        Path other = sources.get(copy.other());
        fs.add(pool.submit(() -> {
          if (Files.exists(copy.file()) && Files.size(copy.file()) > 0) {
            progress.step(true); // made by an earlier run with the same seed (--work)
            return null;
          }
          EditedCopy e = EditedCopy.of(sources.get(copy.source()));
          copy.recipe().applyTo(e, other, durations[copy.source()]).writeTo(copy.file());
          progress.step(true);
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int count(boolean[] y, boolean value) {
    int n = 0;
    for (boolean b : y) {
      n += b == value ? 1 : 0;
    }
    return n;
  }

  /** Precision, thresholds and recall per edit family of calibrated probabilities {@code p}. */
  private static void report(PrintWriter out, double[] p, boolean[] y, List<double[]> rows, List<Copy> plan,
      double threshold) {
    int pos = count(y, true);
    out.printf(Locale.ROOT, "average precision over all pairs: %.4f%n", averagePrecision(p, y));
    double[] negatives = new double[y.length - pos];
    for (int i = 0, k = 0; i < p.length; i++) {
      if (!y[i]) {
        negatives[k++] = p[i];
      }
    }
    Arrays.sort(negatives);
    for (double fpr : new double[] {0.01, 0.001}) {
      int allowed = (int) Math.floor(fpr * negatives.length);
      double t = Math.nextUp(negatives[negatives.length - 1 - allowed]);
      out.printf(Locale.ROOT, "threshold for a false-positive rate <= %.3f: %.4f%n", fpr, t);
    }
    for (double t : new double[] {0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95}) {
      int tp = 0;
      int fp = 0;
      for (int i = 0; i < p.length; i++) {
        if (p[i] >= t) {
          if (y[i]) {
            tp++;
          } else {
            fp++;
          }
        }
      }
      out.printf(Locale.ROOT, "threshold %.2f: recall %.3f, false-positive rate %.5f (%d of %d)%n", t,
          (double) tp / pos, (double) fp / (y.length - pos), fp, y.length - pos);
    }
    out.println("recall at threshold " + threshold + " per edit family:");
    Map<String, int[]> fam = new java.util.TreeMap<>();
    for (int i = 0; i < p.length; i++) {
      if (y[i]) {
        int[] c = fam.computeIfAbsent(plan.get((int) rows.get(i)[2]).recipe().family(), k -> new int[2]);
        c[0]++;
        c[1] += p[i] >= threshold ? 1 : 0;
      }
    }
    fam.forEach((k, c) -> out.printf(Locale.ROOT, "  %-12s %d/%d%n", k, c[1], c[0]));
  }

  static double averagePrecision(double[] x, boolean[] y) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -x[i]));
    int pos = 0;
    for (boolean b : y) {
      pos += b ? 1 : 0;
    }
    double ap = 0;
    int tp = 0;
    for (int k = 0; k < order.length; k++) {
      if (y[order[k]]) {
        tp++;
        ap += (double) tp / (k + 1);
      }
    }
    return pos == 0 ? 0 : ap / pos;
  }
}
