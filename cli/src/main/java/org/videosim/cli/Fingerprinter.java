package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;

/** Fingerprints many files on a thread pool with a progress bar; failures are reported, not fatal. */
final class Fingerprinter {
  private Fingerprinter() {}

  /** Takes each fingerprint as soon as it is made, on the worker thread that made it; must be thread-safe. */
  interface Sink {
    void accept(Path file, VideoFingerprint fingerprint);
  }

  /** Fingerprints by path, in the order given, and why each file that failed did. */
  record Outcome(Map<Path, VideoFingerprint> fingerprints, Map<Path, String> failures) {}

  /**
   * @return fingerprints by path, in the order given; files that failed are absent (their errors are printed)
   */
  static Map<Path, VideoFingerprint> fingerprintAll(VideoSimilarity sim, List<Path> files, int threads,
      PrintWriter err) throws InterruptedException {
    return fingerprintAll(sim, files, threads, err, false);
  }

  /** {@link #fingerprintAll}; under {@code strict} a file with decode warnings fails. */
  static Map<Path, VideoFingerprint> fingerprintAll(VideoSimilarity sim, List<Path> files, int threads,
      PrintWriter err, boolean strict) throws InterruptedException {
    return fingerprintOutcome(sim, files, threads, err, strict).fingerprints();
  }

  /** {@link #fingerprintAll}, also saying why each failed file failed. */
  static Outcome fingerprintOutcome(VideoSimilarity sim, List<Path> files, int threads, PrintWriter err,
      boolean strict) throws InterruptedException {
    Map<Path, VideoFingerprint> made = new ConcurrentHashMap<>();
    Map<Path, String> failures = fingerprintEach(sim, files, threads, err, strict, made::put);
    Map<Path, VideoFingerprint> out = new LinkedHashMap<>();
    for (Path f : files) {
      VideoFingerprint fp = made.get(f);
      if (fp != null) {
        out.put(f, fp);
      }
    }
    return new Outcome(out, failures);
  }

  /**
   * Fingerprints every file and hands each fingerprint to {@code sink} as soon as it is made (so that nothing
   * finished is lost if the process dies later); the progress bar counts a file once its sink returned. A file
   * that cannot be read is reported and skipped; an exception of the sink stops the work and is rethrown. Decode
   * warnings are printed at the end; under {@code strict} a file with warnings fails instead.
   *
   * @return why each file that could not be read failed, in the order given
   */
  static Map<Path, String> fingerprintEach(VideoSimilarity sim, List<Path> files, int threads, PrintWriter err,
      boolean strict, Sink sink) throws InterruptedException {
    Progress progress = new Progress(err, "fingerprinting", files.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "videosim-fingerprint");
      t.setDaemon(true);
      return t;
    });
    Map<Path, String> errors = new ConcurrentHashMap<>();
    Map<Path, String> warnings = new ConcurrentHashMap<>();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          VideoFingerprint fp;
          try {
            fp = sim.fingerprint(f);
            Warnings.check(f.toString(), fp.warnings(), strict);
          } catch (VideoSimilarityException e) {
            errors.put(f, e.getMessage());
            progress.step(false);
            return;
          }
          if (!fp.warnings().isEmpty()) {
            warnings.put(f, Warnings.lines(f.toString(), fp.warnings()));
          }
          sink.accept(f, fp);
          progress.step(true);
        }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException("fingerprinting failed", ex.getCause());
        }
      }
      Map<Path, String> failed = new LinkedHashMap<>();
      for (Path f : files) {
        if (warnings.containsKey(f)) {
          err.print(warnings.get(f));
        }
        if (errors.containsKey(f)) {
          err.println("videosim: " + errors.get(f));
          failed.put(f, errors.get(f));
        }
      }
      err.flush();
      return failed;
    } finally {
      pool.shutdownNow();
    }
  }
}
