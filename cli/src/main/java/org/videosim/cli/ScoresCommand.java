package org.videosim.cli;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim scores}: every query against every reference, as a TSV table. */
@Command(name = "scores", mixinStandardHelpOptions = true,
    description = {"Scores every query video against every reference video and writes a table",
        "'query<TAB>reference<TAB>score' (ids are file names without extension), fingerprinting each file once.",
        "Exit status: 0 done, 2 bad usage, 3 some files could not be read (their rows say NA)."})
final class ScoresCommand implements Callable<Integer> {
  @Option(names = "--queries", required = true, paramLabel = "DIR", description = "Directory of query videos.")
  Path queries;

  @Option(names = "--refs", required = true, paramLabel = "DIR", description = "Directory of reference videos.")
  Path refs;

  @Option(names = "--out", required = true, paramLabel = "FILE.tsv", description = "Where to write the scores.")
  Path out;

  @Option(names = "--segments", paramLabel = "FILE.tsv",
      description = "Also write the matched segments of each pair: query reference query_start query_end "
          + "ref_start ref_end score.")
  Path segmentsOut;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be positive: " + n);
    }
    List<Path> qs = VideoFiles.list(queries);
    List<Path> rs = VideoFiles.list(refs);
    VideoSimilarity sim = pipeline.build();
    PrintWriter err = spec.commandLine().getErr();
    // each file once, also when the queries are the references (a self-join)
    java.util.Set<Path> unique = new java.util.LinkedHashSet<>(qs);
    unique.addAll(rs);
    List<Path> all = new ArrayList<>(unique);
    long t0 = System.nanoTime();
    Map<Path, VideoFingerprint> fps = Fingerprinter.fingerprintAll(sim, all, n, err);
    double fpSeconds = (System.nanoTime() - t0) / 1e9;

    // Score all pairs (cheap next to decoding), one query per task.
    Score[][] scores = new Score[qs.size()][rs.size()];
    IntStream.range(0, qs.size()).parallel().forEach(i -> {
      VideoFingerprint q = fps.get(qs.get(i));
      for (int j = 0; j < rs.size(); j++) {
        VideoFingerprint r = fps.get(rs.get(j));
        if (q != null && r != null) {
          scores[i][j] = sim.score(r, q);
        }
      }
    });
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("query\treference\tscore\traw\tcheck\n");
      for (int i = 0; i < qs.size(); i++) {
        for (int j = 0; j < rs.size(); j++) {
          Score s = scores[i][j];
          w.write(VideoFiles.id(qs.get(i)) + "\t" + VideoFiles.id(rs.get(j)) + "\t"
              + (s == null ? "NA\tNA\tNA" : String.format(Locale.ROOT, "%s\t%.6f\t%s", s.value(), s.rawSimilarity(),
                  Double.isNaN(s.checkSimilarity()) ? "NA" : String.format(Locale.ROOT, "%.6f", s.checkSimilarity())))
              + "\n");
        }
      }
    }
    if (segmentsOut != null) {
      try (BufferedWriter w = Files.newBufferedWriter(segmentsOut, StandardCharsets.UTF_8)) {
        w.write("query\treference\tquery_start\tquery_end\tref_start\tref_end\tscore\n");
        for (int i = 0; i < qs.size(); i++) {
          for (int j = 0; j < rs.size(); j++) {
            Score s = scores[i][j];
            if (s == null) {
              continue;
            }
            for (MatchedSegment m : s.segments()) {
              // matched as (reference, query): A is the reference
              w.write(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.6f%n", VideoFiles.id(qs.get(i)),
                  VideoFiles.id(rs.get(j)), m.startB(), m.endB(), m.startA(), m.endA(), s.value()));
            }
          }
        }
      }
    }
    int failed = all.size() - fps.size();
    err.printf(Locale.ROOT, "wrote %s: %d x %d pairs; fingerprinted %d files in %.1f s with %d threads%s%n", out,
        qs.size(), rs.size(), fps.size(), fpSeconds, n, failed > 0 ? "; " + failed + " file(s) failed" : "");
    err.flush();
    return failed > 0 ? Main.EXIT_INPUT : 0;
  }
}
