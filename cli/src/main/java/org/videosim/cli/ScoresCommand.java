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
import org.videosim.internal.Tsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim scores}: every query against every reference, as a TSV table. */
@Command(name = "scores", mixinStandardHelpOptions = true,
    description = {"Scores every query video against every reference video and writes a table",
        "'query<TAB>reference<TAB>score<TAB>raw<TAB>check<TAB>note' (ids are file names without extension),",
        "fingerprinting each file once. Every entry of both folders gets its rows: one that is not a readable video",
        "(a directory, a FIFO, a symbolic link loop, another extension, a damaged file) gets NA rows whose note says",
        "why; decode warnings go in the note too. A tab, newline, carriage return or backslash in a field is written",
        "as \\t, \\n, \\r or \\\\, so a row is always one line.",
        "Exit status: 0 done, 2 bad usage, 3 some entries could not be read (their rows say NA)."})
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
    OutputFiles.prepare(out);
    OutputFiles.prepare(segmentsOut);
    PrintWriter err = spec.commandLine().getErr();
    // rows are keyed by id: of two files with one id in a folder, the first is scored, the other skipped
    List<VideoFiles.Entry> queryEntries = VideoFiles.entries(queries);
    List<VideoFiles.Entry> refEntries = VideoFiles.entries(refs);
    VideoFiles.Unique<VideoFiles.Entry> uq = VideoFiles.withUniqueIds(queryEntries, VideoFiles.Entry::path, err);
    boolean selfJoin = Files.isSameFile(queries, refs);
    VideoFiles.Unique<VideoFiles.Entry> ur = selfJoin ? uq
        : VideoFiles.withUniqueIds(refEntries, VideoFiles.Entry::path, err);
    List<VideoFiles.Entry> qe = uq.kept();
    List<VideoFiles.Entry> re = ur.kept();
    List<Path> qs = qe.stream().map(VideoFiles.Entry::path).toList();
    List<Path> rs = re.stream().map(VideoFiles.Entry::path).toList();
    VideoSimilarity sim = pipeline.build();
    // why each entry that is not scored is not: not a video, or its fingerprinting failed
    Map<Path, String> problems = new java.util.HashMap<>();
    // each file once, also when the queries are the references (a self-join)
    java.util.Set<Path> unique = new java.util.LinkedHashSet<>();
    for (VideoFiles.Entry e : concat(qe, re)) {
      if (e.problem() != null) {
        if (problems.putIfAbsent(e.path(), e.problem()) == null) {
          err.println("videosim: " + e.path() + ": " + e.problem());
        }
      } else {
        unique.add(e.path());
      }
    }
    List<Path> all = new ArrayList<>(unique);
    long t0 = System.nanoTime();
    Fingerprinter.Outcome outcome = Fingerprinter.fingerprintOutcome(sim, all, n, err, pipeline.strict);
    Map<Path, VideoFingerprint> fps = outcome.fingerprints();
    problems.putAll(outcome.failures());
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
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("query\treference\tscore\traw\tcheck\tnote\n");
      for (int i = 0; i < qs.size(); i++) {
        for (int j = 0; j < rs.size(); j++) {
          Score s = scores[i][j];
          String note = note(qs.get(i), rs.get(j), s, problems);
          w.write(Tsv.field(VideoFiles.id(qs.get(i))) + "\t" + Tsv.field(VideoFiles.id(rs.get(j))) + "\t"
              + (s == null ? "NA\tNA\tNA" : String.format(Locale.ROOT, "%s\t%.6f\t%s", s.value(), s.rawSimilarity(),
                  Double.isNaN(s.checkSimilarity()) ? "NA" : String.format(Locale.ROOT, "%.6f", s.checkSimilarity())))
              + "\t" + Tsv.field(note) + "\n");
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
              w.write(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.6f%n",
                  Tsv.field(VideoFiles.id(qs.get(i))), Tsv.field(VideoFiles.id(rs.get(j))), m.startB(), m.endB(),
                  m.startA(), m.endA(), s.value()));
            }
          }
        }
      }
    }
    int failed = problems.size();
    int duplicates = uq.duplicates() + (selfJoin ? 0 : ur.duplicates());
    err.printf(Locale.ROOT, "wrote %s: %d x %d pairs; fingerprinted %d files in %.1f s with %d threads%s%s%n", out,
        qs.size(), rs.size(), fps.size(), fpSeconds, n, failed > 0 ? "; " + failed + " file(s) failed" : "",
        duplicates > 0 ? "; " + duplicates + " duplicate id(s) skipped" : "");
    err.flush();
    return failed > 0 || duplicates > 0 ? Main.EXIT_INPUT : 0;
  }

  private static List<VideoFiles.Entry> concat(List<VideoFiles.Entry> a, List<VideoFiles.Entry> b) {
    List<VideoFiles.Entry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The note of a row: why it is NA, or the decode warnings of its score; empty for a clean score. */
  private static String note(Path q, Path r, Score s, Map<Path, String> problems) {
    if (s == null) {
      List<String> why = new ArrayList<>();
      if (problems.containsKey(q)) {
        why.add("query: " + problems.get(q));
      }
      if (problems.containsKey(r) && !r.equals(q)) {
        why.add("reference: " + problems.get(r));
      }
      return String.join("; ", why);
    }
    return s.warnings().isEmpty() ? "" : "warning: " + s.warnings().stream()
        .map(org.videosim.DecodeWarning::toString).reduce((x, y) -> x + "; " + y).orElseThrow();
  }
}
