package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.videosim.VideoSimilarity;
import org.videosim.dedup.DedupListener;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Deduplicator;
import org.videosim.dedup.FingerprintStore;
import org.videosim.report.GroupsReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videosim dedup}: groups a corpus into versions of the same content. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = {"Groups videos into versions of the same content: how many versions of each exist.",
        "Fingerprints every video (kept in a store by file content, so a second run, or one after a killed run,",
        "fingerprints only new or changed files), finds candidates with a multi-index-hashing index of the clip codes",
        "(never all pairs), verifies them with the matcher and joins matched pieces of content (video, view, time",
        "span): a compilation, a reaction or a picture in picture is a version of each of its sources without joining",
        "their groups. Writes 'video<TAB>group<TAB>versions<TAB>relation<TAB>score', one row per membership.",
        "Progress goes to stderr. Exit status: 0 done, 2 bad usage, 3 some files could not be read."})
final class DedupCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Directories of videos (their video files, not sub-directories) or video files.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--list", paramLabel = "FILE", description = "A file listing videos, one path per line.")
  Path list;

  @Option(names = "--out", required = true, paramLabel = "FILE.tsv", description = "Where to write the groups.")
  Path out;

  @Option(names = "--json", paramLabel = "FILE.json", description = "Also write the groups, per-video version "
      + "counts, segments and run figures as JSON.")
  Path json;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML page of the groups "
      + "with thumbnails and the matched spans.")
  Path report;

  @Option(names = "--store", paramLabel = "DIR", description = "Fingerprint store (default: videosim-store beside "
      + "the --out file).")
  Path storeDir;

  @Option(names = "--no-store", description = "Keep no fingerprints.")
  boolean noStore;

  @Option(names = "--radius", paramLabel = "R", description = "Hamming radius of a clip hit in bits (default: 24%% "
      + "of the code length).")
  Integer radius;

  @Option(names = "--min-shared", defaultValue = "2", paramLabel = "SECONDS", description = "Shortest matched "
      + "segment that joins two pieces of content (default: ${DEFAULT-VALUE}).")
  double minShared;

  @Option(names = "--min-link-score", paramLabel = "P", description = "Least score of a pair whose segments join "
      + "two pieces of content (default: 0.95; a pair also needs the pipeline's verdict). Grouping is transitive: one "
      + "false link joins two whole groups, so a link needs more evidence than a pair's verdict.")
  Double minLinkScore;

  @Option(names = "--max-candidates", defaultValue = "50", paramLabel = "K", description = "Most candidates "
      + "verified per video (default: ${DEFAULT-VALUE}).")
  int maxCandidates;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (noStore && storeDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--store and --no-store exclude each other");
    }
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      files.addAll(Files.isDirectory(p) ? VideoFiles.list(p) : List.of(p));
    }
    if (list != null) {
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          files.add(Path.of(line.strip()));
        }
      }
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no videos: give directories, files or --list");
    }
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter err = spec.commandLine().getErr();
    Deduplicator.Builder b;
    VideoSimilarity sim = pipeline.build();
    try {
      b = Deduplicator.builder(sim).minSharedSeconds(minShared).maxCandidates(maxCandidates).threads(n)
          .listener(new Bars(err));
      if (radius != null) {
        b.radius(radius);
      }
      if (minLinkScore != null) {
        b.minLinkScore(minLinkScore);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // duplicate ids: the first file keeps its id, the others are skipped with a message
    VideoFiles.Unique<Path> kept = VideoFiles.withUniqueIds(files, f -> f, err);
    int duplicates = kept.duplicates();
    List<Path> unique = kept.kept();
    Path dir = storeDir != null ? storeDir : out.toAbsolutePath().getParent().resolve("videosim-store");
    DedupResult r;
    if (noStore) {
      r = b.build().run(unique);
    } else {
      try (FingerprintStore store = FingerprintStore.open(dir, sim.spec())) {
        r = b.store(store).build().run(unique);
      }
    }
    r.writeTsv(out);
    if (json != null) {
      r.writeJson(json);
    }
    if (report != null) {
      Map<String, Path> byId = new java.util.HashMap<>();
      unique.forEach(f -> byId.put(VideoFiles.id(f), f));
      GroupsReport.builder(sim).build().write(r, byId, report);
    }
    DedupResult.Stats s = r.stats();
    long multi = r.groups().stream().filter(g -> g.size() > 1).count();
    err.printf(Locale.ROOT, "wrote %s: %d videos (%d from the store, %d fingerprinted) in %d groups, %d of them with"
        + " several versions; %d candidate pairs at radius %d, %d matched; %.1f s fingerprints, %.1f s candidates, "
        + "%.1f s verification, %.1f s groups%s%n", out, s.videos(), s.fromStore(), s.fingerprinted(),
        r.groups().size(), multi, s.candidatePairs(), s.radius(), s.matchedPairs(), s.fingerprintSeconds(),
        s.candidateSeconds(), s.verifySeconds(), s.groupSeconds(), r.failures().isEmpty() ? ""
            : "; " + r.failures().size() + " file(s) failed");
    err.flush();
    return r.failures().isEmpty() && duplicates == 0 ? 0 : Main.EXIT_INPUT;
  }

  /** A progress bar per stage on stderr, and each failure's message. */
  private static final class Bars implements DedupListener {
    private final PrintWriter err;
    private final Map<Stage, Progress> bars = new EnumMap<>(Stage.class);

    Bars(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void started(Stage stage, int total) {
      if (total > 0) {
        bars.put(stage, new Progress(err, stage.name().toLowerCase(Locale.ROOT), total));
      }
    }

    @Override
    public void step(Stage stage, boolean ok) {
      Progress p;
      synchronized (this) {
        p = bars.get(stage);
      }
      if (p != null) {
        p.step(ok);
      }
    }

    @Override
    public void failed(Path file, String message) {
      synchronized (err) {
        err.println("videosim: " + message);
        err.flush();
      }
    }
  }

}
