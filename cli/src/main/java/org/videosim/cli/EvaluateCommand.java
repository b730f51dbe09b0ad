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

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outw = spec.commandLine().getOut();
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
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
        builder.units(lines.stream().map(l -> l.split("\\s+")[0]).toList());
        builder.distractorOnly(lines.stream().filter(l -> l.matches("\\S+\\s+distractor-only")).map(l ->
            l.split("\\s+")[0]).toList());
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
    VideoSimilarity sim = pipeline.build();
    String run = name != null ? name : pipeline.encoder;
    Path dir = out != null ? out : benchmark.resolve("results").resolve(run);
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Progress progress = new Progress(err, "fingerprinting", b.references().size() + b.queries().size());
    Evaluation.Fingerprints fps = Evaluation.fingerprint(b, benchmark, sim, n, k -> progress.step(true));
    double fpSeconds = (System.nanoTime() - t0) / 1e9;
    List<PairScore> scores = Evaluation.score(b, fps, sim);
    Evaluation.writeScores(scores, dir.resolve("scores.tsv"));
    Evaluation.writeSegments(scores, dir.resolve("segments.tsv"));
    Report report = Evaluation.report(run, b, scores, sim.threshold(), fps.failures().size());
    Files.writeString(dir.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
        report);
    outw.print(report.markdown());
    outw.printf(Locale.ROOT, "%nfingerprinted %d videos in %.0f s (%d threads); results in %s%n",
        fps.byId().size(), fpSeconds, n, dir);
    outw.flush();
    fps.failures().forEach((id, why) -> err.println("videosim: " + id + ": " + why));
    return fps.failures().isEmpty() ? 0 : Main.EXIT_INPUT;
  }

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
