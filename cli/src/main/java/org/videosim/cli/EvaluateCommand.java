package org.videosim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.VideoSimilarity;
import org.videosim.evaluation.Benchmark;
import org.videosim.evaluation.BenchmarkBuilder;
import org.videosim.evaluation.Evaluation;
import org.videosim.evaluation.PairScore;
import org.videosim.evaluation.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code videosim evaluate}: builds a benchmark of the method's transformations from held-out source videos (or reuses
 * one), runs a pipeline over it and writes the report.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Builds a benchmark from source videos (deterministic from --seed: references cut from the videos,",
        "each of the method's transformations applied to some of them, distractors: other moments of the same shoots,",
        "other footage, flat clips), or reuses the one in --benchmark, then scores every query against every",
        "reference with the pipeline and writes report.md, report.json, scores.tsv and segments.tsv into --out."})
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--videos", paramLabel = "DIR",
      description = "Source videos (content unit = file name before '__'); needed when --benchmark has none yet.")
  Path videos;

  @Option(names = "--units", paramLabel = "FILE",
      description = "Only these content units (one per line, '#' comments; 'UNIT distractor-only' for footage that "
          + "only makes distractors and fillers, e.g. static cameras): units held out from whatever was trained or "
          + "fitted on the others.")
  Path units;

  @Option(names = "--benchmark", required = true, paramLabel = "DIR",
      description = "Where the benchmark is (built there first when it holds no manifest.json).")
  Path benchmark;

  @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: BENCHMARK/results/"
      + "ENCODER).")
  Path out;

  @Option(names = "--seed", defaultValue = "20261205", description = "Seed of the benchmark (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--per-kind", defaultValue = "6", paramLabel = "N",
      description = "Copies per transformation kind (default: ${DEFAULT-VALUE}).")
  int perKind;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Option(names = "--name", description = "Name of the run in the report (default: the encoder).")
  String name;

  @Option(names = "--reuse-fingerprints", description = "Keep the fingerprints in OUT/fingerprints.bin and reuse "
      + "them when the pipeline is the same (a matcher is not part of it: compare matchers quickly).")
  boolean reuse;

  @Option(names = "--refit-calibration", description = "Also fit the pipeline's fused calibration (raw and check "
      + "similarities, and a segment term) on the benchmark's pairs: reported cross-fitted over --folds folds of "
      + "content units (each pair scored by a calibration fitted on units of the other folds), and printed fitted on "
      + "all pairs (or those of --fit-units) for shipping.")
  boolean refit;

  @Option(names = "--folds", defaultValue = "4", description = "Folds over content units for --refit-calibration "
      + "(default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--fit-units", paramLabel = "FILE", description = "Fit the shipped calibration only on pairs whose "
      + "videos both come from these units (e.g. licence-clean ones).")
  Path fitUnits;

  @Option(names = "--frame-to-clip", paramLabel = "N", defaultValue = "0", description = "Also measure frame-to-clip "
      + "retrieval on the first N copies of every transformation: the clip at the middle of the copied segment, of "
      + "one frame and of three frames, against every reference clip (recall@1, mAP). Default: off.")
  int frameToClip;

  @Option(names = "--exclude-units", paramLabel = "FILE", description = "Also report on the pairs whose query and "
      + "reference come from none of these units (report-unseen.md, and report-refit-unseen.md with "
      + "--refit-calibration): e.g. the units a compared model was trained on.")
  Path excludeUnits;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outw = spec.commandLine().getOut();
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (refit && !pipeline.checkCodes()) {
      // before any work: the fused calibration combines the clip codes' and the check codes' similarities
      throw new CommandLine.ParameterException(spec.commandLine(), "--refit-calibration fits the fused calibration "
          + "of the clip codes' and the check codes' similarities; this pipeline has no check codes (use --encoder "
          + "svrtn, or --check dct or dct-oriented)");
    }
    VideoSimilarity sim = pipeline.build();
    if (refit && sim.matcher() instanceof org.videosim.TemporalVideoMatcher m && m.normalisesCalibration()
        && !m.hasBackgroundFor(sim.spec())) {
      // before any work: the fit reads every pair's similarity normalised against the background set
      throw new CommandLine.ParameterException(spec.commandLine(), "--refit-calibration fits a calibration of the "
          + "similarity normalised against the background set, and the pipeline's background set does not apply to "
          + "these codes (an option such as --mirror-invariant, --binarizer or --input-size changes them): give a set "
          + "fitted with these options, --background FILE from 'videosim fit-background'");
    }
    Benchmark b;
    if (Files.exists(benchmark.resolve(Benchmark.MANIFEST))) {
      b = Benchmark.read(benchmark);
      err.printf(Locale.ROOT, "benchmark %s: %d references, %d queries (seed %d)%n", benchmark,
          b.references().size(), b.queries().size(), b.seed());
    } else {
      if (videos == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--videos is needed to build a benchmark in "
            + benchmark);
      }
      BenchmarkBuilder builder = BenchmarkBuilder.from(videos).seed(seed).perKind(perKind).threads(n);
      if (units != null) {
        List<String> lines = readUnits(units);
        builder.units(unitNames(lines));
        builder.distractorOnly(unitNames(lines.stream().filter(l -> l.matches("\\S+\\s+distractor-only")).toList()));
      }
      long t0 = System.nanoTime();
      Progress[] progress = new Progress[1];
      b = builder.build(benchmark, k -> {
        synchronized (progress) {
          if (progress[0] == null) {
            progress[0] = new Progress(err, "making videos", builder.plannedVideos());
          }
          progress[0].step(true);
        }
      });
      err.printf(Locale.ROOT, "built %d references and %d queries in %.0f s%n", b.references().size(),
          b.queries().size(), (System.nanoTime() - t0) / 1e9);
    }
    String run = name != null ? name : pipeline.encoder;
    Path dir = out != null ? out : benchmark.resolve("results").resolve(run);
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Progress progress = new Progress(err, "fingerprinting", b.references().size() + b.queries().size());
    Evaluation.Fingerprints fps = Evaluation.fingerprint(b, benchmark, sim, n, k -> progress.step(true),
        reuse ? dir.resolve("fingerprints.bin") : null);
    double fpSeconds = (System.nanoTime() - t0) / 1e9;
    List<PairScore> scores = Evaluation.score(b, fps, sim);
    Evaluation.writeScores(scores, dir.resolve("scores.tsv"));
    Evaluation.writeSegments(scores, dir.resolve("segments.tsv"));
    Report report = Evaluation.report(run, b, scores, sim.threshold(), fps.failures().size());
    Files.writeString(dir.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
        report);
    outw.print(report.markdown());
    java.util.function.Predicate<PairScore> unseen = excludeUnits == null ? null
        : org.videosim.evaluation.CalibrationFit.outside(b, unitNames(excludeUnits));
    if (unseen != null) {
      reportUnseen(run + " (pairs of units not in " + excludeUnits.getFileName() + ")", b, scores, unseen,
          sim.threshold(), fps.failures().size(), dir.resolve("report-unseen.md"), outw);
    }
    if (refit) {
      if (!(sim.matcher() instanceof org.videosim.TemporalVideoMatcher matcher)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--refit-calibration needs the temporal matcher");
      }
      java.util.function.Predicate<PairScore> fitOn = fitUnits == null ? x -> true
          : org.videosim.evaluation.CalibrationFit.within(b, unitNames(fitUnits));
      org.videosim.evaluation.CalibrationFit.Result fit = org.videosim.evaluation.CalibrationFit.fit(b, scores, matcher,
          folds, seed, fitOn);
      Report cross = Evaluation.report(run + " (calibration refit, cross-fitted over " + folds + " folds of units)", b,
          fit.crossFitted(), sim.threshold(), fps.failures().size());
      Files.writeString(dir.resolve("report-refit.md"), cross.markdown(), StandardCharsets.UTF_8);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report-refit.json")
          .toFile(), cross);
      Evaluation.writeScores(fit.crossFitted(), dir.resolve("scores-refit.tsv"));
      outw.println();
      outw.print(cross.markdown());
      if (unseen != null) {
        reportUnseen(run + " (calibration refit, cross-fitted; pairs of units not in " + excludeUnits.getFileName()
            + ")", b, fit.crossFitted(), unseen, sim.threshold(), fps.failures().size(),
            dir.resolve("report-refit-unseen.md"), outw);
      }
      outw.printf(Locale.ROOT, "%nfused calibration fitted on %s: a=%.6f b=%.6f c=%.6f d=%.6f%n",
          fitUnits == null ? "all pairs" : "the pairs of the units in " + fitUnits, fit.calibration().a(),
          fit.calibration().b(), fit.calibration().c(), fit.calibration().d());
    }
    if (frameToClip > 0) {
      List<Benchmark.Query> asked = org.videosim.evaluation.FrameToClip.choose(b, frameToClip);
      Progress refs = new Progress(err, "reference clips", b.references().size());
      var db = org.videosim.evaluation.FrameToClip.references(b, benchmark, sim, n, k -> refs.step(true));
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "frame-to-clip retrieval (%s, clips of %.1f s"
          + " in the database)%n", run, sim.clipSeconds()));
      for (int frames : new int[] {1, 3}) {
        VideoSimilarity few = sim.toBuilder().clipSeconds(frames / sim.sampleRate()).build();
        Progress qp = new Progress(err, "query frames (" + frames + ")", asked.size());
        var r = org.videosim.evaluation.FrameToClip.run(benchmark, db, asked, few, n, k -> qp.step(true));
        text.append(String.format(Locale.ROOT, "%d frame%s as the query: %s%n", frames, frames > 1 ? "s" : "", r));
      }
      Files.writeString(dir.resolve("frame-to-clip.txt"), text.toString(), StandardCharsets.UTF_8);
      outw.println();
      outw.print(text);
    }
    outw.printf(Locale.ROOT, "%nfingerprinted %d videos in %.0f s (%d threads); results in %s%n",
        fps.byId().size(), fpSeconds, n, dir);
    outw.flush();
    fps.failures().forEach((id, why) -> err.println("videosim: " + id + ": " + why));
    return fps.failures().isEmpty() ? 0 : Main.EXIT_INPUT;
  }

  /** Writes to {@code file} and prints the report named {@code name} on the pairs that {@code unseen} keeps. */
  private static void reportUnseen(String name, Benchmark b, List<PairScore> scores,
      java.util.function.Predicate<PairScore> unseen, double threshold, int failed, Path file, PrintWriter outw)
      throws IOException {
    Report r = Evaluation.report(name, b, scores.stream().filter(unseen).toList(), threshold, failed);
    Files.writeString(file, r.markdown(), StandardCharsets.UTF_8);
    outw.println();
    outw.print(r.markdown());
  }

  /** The unit names of a units file: the first word of each line. */
  static List<String> unitNames(Path file) throws IOException {
    return unitNames(readUnits(file));
  }

  private static List<String> unitNames(List<String> lines) {
    return lines.stream().map(l -> l.split("\\s+")[0]).toList();
  }

  /** The lines of a units file, comments and blank lines left out. */
  static List<String> readUnits(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.replaceAll("#.*", "").trim();
      if (!l.isEmpty()) {
        out.add(l);
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no units in " + file);
    }
    return out;
  }
}
