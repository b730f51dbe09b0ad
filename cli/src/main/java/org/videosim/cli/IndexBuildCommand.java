package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.Indexes;
import org.videosim.hashing.PersistentIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim index build}: fingerprints the videos of a folder that the index lacks and adds them. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Fingerprints every video of a folder (on all cores) and adds it to the index in DIR, creating",
        "the index if needed. Videos already in the index (by id: file name without extension) are skipped, so",
        "re-running adds only new files. Each fingerprint is added (and forced to disk) as soon as it is made, so an",
        "interrupted build keeps everything it finished and the next run goes on from there.",
        "Exit status: 0 done, 2 bad usage, 3 some files could not be read or the index could not be opened."})
final class IndexBuildCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Directory of videos to index.")
  Path videos;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
  Path indexDir;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS", description = "How long to wait while "
      + "another writer has the index open (default: ${DEFAULT-VALUE}: fail at once, naming it).")
  double waitSeconds;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be positive: " + n);
    }
    if (!(waitSeconds >= 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--wait must not be negative: " + waitSeconds);
    }
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = VideoFiles.list(videos);
    VideoSimilarity sim = pipeline.build();
    try (PersistentIndex index = Indexes.openOrCreate(indexDir,
        java.time.Duration.ofMillis((long) (waitSeconds * 1000)))) {
      index.spec().ifPresent(s -> s.checkCompatibleWith(sim.spec(), "index '" + indexDir + "'", "this pipeline"));
      List<Path> todo = new ArrayList<>();
      VideoFiles.Unique<Path> unique = VideoFiles.withUniqueIds(files, f -> f, err);
      int present = 0;
      int duplicates = unique.duplicates();
      for (Path f : unique.kept()) {
        if (index.contains(VideoFiles.id(f))) {
          present++;
        } else {
          todo.add(f);
        }
      }
      long t0 = System.nanoTime();
      AtomicInteger added = new AtomicInteger();
      AtomicInteger clips = new AtomicInteger();
      int failed = todo.isEmpty() ? 0 : Fingerprinter.fingerprintEach(sim, todo, n, err, pipeline.strict,
          (file, made) -> {
        VideoFingerprint fp = made.withVideoId(VideoFiles.id(file));
        index.add(fp); // on disk when it returns: a killed build keeps it
        added.incrementAndGet();
        clips.addAndGet(fp.clips().size());
      }).size();
      err.printf(Locale.ROOT, "index %s: added %d videos (%d clips) in %.1f s, %d already indexed%s%s; now %d videos,"
          + " %d clips%n", indexDir, added.get(), clips.get(), (System.nanoTime() - t0) / 1e9, present,
          failed > 0 ? ", " + failed + " failed" : "", duplicates > 0 ? ", " + duplicates + " duplicate ids skipped"
              : "", index.videoCount(), index.size());
      err.flush();
      return failed > 0 || duplicates > 0 ? Main.EXIT_INPUT : 0;
    }
  }
}
