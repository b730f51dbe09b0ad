package org.videosim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.report.ComparisonReport;
import org.videosim.report.ComparisonReporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code videosim compare A B [--report out.html] [--report-png out.png]}: the score of one pair and where the copy
 * is, optionally with a visual report.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Scores how likely video B contains a copy of (part of) video A, and shows the matched segments.",
        "Exit status: 0 done, 2 bad usage, 3 a video could not be read or a report could not be written."})
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "First video file.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Second video file.")
  Path b;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Also write a visual report: a self-contained HTML page with the clip-to-clip similarity heatmap,"
          + " the matched segments on two timelines and matched frames side by side.")
  Path report;

  @Option(names = "--report-png", paramLabel = "FILE.png",
      description = "Also write the visual report as a PNG image (same content).")
  Path reportPng;

  @Option(names = "--report-pairs", paramLabel = "N", defaultValue = "3",
      description = "Frame pairs shown per matched segment in the report (default: ${DEFAULT-VALUE}).")
  int reportPairs;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (reportPairs < 1 || reportPairs > 32) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--report-pairs must be within [1, 32]: " + reportPairs);
    }
    OutputFiles.prepare(report);
    OutputFiles.prepare(reportPng);
    VideoSimilarity sim = pipeline.decodingOneVideoAtATime().build();
    long t0 = System.nanoTime();
    // Both videos at once: one core each.
    CompletableFuture<VideoFingerprint> fa = CompletableFuture.supplyAsync(() -> sim.fingerprint(a));
    VideoFingerprint fb = sim.fingerprint(b);
    VideoFingerprint fpA = join(fa);
    Warnings.check(a.toString(), fpA.warnings(), pipeline.strict);
    Warnings.check(b.toString(), fb.warnings(), pipeline.strict);
    Score score = sim.score(fpA, fb);
    double seconds = (System.nanoTime() - t0) / 1e9;
    // what the calibration reads when it reads the similarity against a background set (svrtn)
    double normalised = sim.matcher() instanceof org.videosim.TemporalVideoMatcher t && t.normalisesCalibration()
        ? t.evidence(fpA, fb).normalisedRaw() : Double.NaN;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(fpA, fb, score, normalised, seconds));
    } else {
      if (score.calibrated()) {
        out.printf(Locale.ROOT, "score     %s (%s at threshold %.2f)%n", Score.digits(score.value()),
            score.verdict(), score.threshold());
      } else {
        out.printf(Locale.ROOT, "score     %s (uncalibrated: the raw similarity; this pipeline has no calibration, "
            + "see 'videosim calibrate')%n", Score.digits(score.value()));
      }
      out.printf(Locale.ROOT, "raw       %.4f%n", score.rawSimilarity());
      if (!Double.isNaN(normalised)) {
        out.printf(Locale.ROOT, "norm.     %.4f (the raw similarity normalised against unrelated footage: what the "
            + "calibration reads)%n", normalised);
      }
      if (!Double.isNaN(score.checkSimilarity())) {
        out.printf(Locale.ROOT, "check     %.4f%n", score.checkSimilarity());
      }
      out.printf(Locale.ROOT, "A         %s (%.2f s, %s)%n", a, fpA.duration(), fpA.clipsText());
      out.printf(Locale.ROOT, "B         %s (%.2f s, %s)%n", b, fb.duration(), fb.clipsText());
      if (score.segments().isEmpty()) {
        out.println("segments  none");
      }
      for (MatchedSegment s : score.segments()) {
        out.printf(Locale.ROOT, "segment   A %7.2f - %7.2f s  <->  B %7.2f - %7.2f s  similarity %.3f%n",
            s.startA(), s.endA(), s.startB(), s.endB(), s.similarity());
      }
      for (org.videosim.DecodeWarning w : score.warnings()) {
        out.printf(Locale.ROOT, "warning   %s%n", w);
      }
      out.printf(Locale.ROOT, "time      %.2f s%n", seconds);
    }
    out.flush();
    if (report != null || reportPng != null) {
      ComparisonReport r = ComparisonReporter.builder(sim).pairsPerSegment(reportPairs).build()
          .report(VideoInput.of(a), fpA, VideoInput.of(b), fb, score);
      if (report != null) {
        r.writeHtml(report);
      }
      if (reportPng != null) {
        r.writePng(reportPng);
      }
    }
    return 0;
  }

  private static VideoFingerprint join(CompletableFuture<VideoFingerprint> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  private String toJson(VideoFingerprint fa, VideoFingerprint fb, Score score, double normalised, double seconds)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("a", a.toString());
    root.put("b", b.toString());
    root.put("score", score.value());
    root.put("rawSimilarity", score.rawSimilarity());
    if (!Double.isNaN(normalised)) {
      root.put("normalisedSimilarity", normalised);
    }
    if (!Double.isNaN(score.checkSimilarity())) {
      root.put("checkSimilarity", score.checkSimilarity());
    }
    root.put("calibrated", score.calibrated());
    if (score.calibrated()) {
      root.put("threshold", score.threshold());
      root.put("match", score.isMatch());
    }
    root.put("durationA", fa.duration());
    root.put("durationB", fb.duration());
    ArrayNode segs = root.putArray("segments");
    for (MatchedSegment s : score.segments()) {
      ObjectNode n = segs.addObject();
      n.put("startA", s.startA());
      n.put("endA", s.endA());
      n.put("startB", s.startB());
      n.put("endB", s.endB());
      n.put("similarity", s.similarity());
    }
    ArrayNode warnings = root.putArray("warnings");
    for (org.videosim.DecodeWarning w : score.warnings()) {
      ObjectNode n = warnings.addObject();
      n.put("kind", w.kind().name());
      n.put("detail", w.detail());
    }
    root.put("seconds", seconds);
    return mapper.writeValueAsString(root);
  }
}
