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

  /**
   * @return fingerprints by path, in the order given; files that failed are absent (their errors are printed)
   */
  static Map<Path, VideoFingerprint> fingerprintAll(VideoSimilarity sim, List<Path> files, int threads,
      PrintWriter err) throws InterruptedException {
    Map<Path, VideoFingerprint> made = new ConcurrentHashMap<>();
    fingerprintEach(sim, files, threads, err, made::put);
    Map<Path, VideoFingerprint> out = new LinkedHashMap<>();
    for (Path f : files) {
      VideoFingerprint fp = made.get(f);
      if (fp != null) {
        out.put(f, fp);
      }
    }
    return out;
  }

  /**
   * Fingerprints every file and hands each fingerprint to {@code sink} as soon as it is made (so that nothing
   * finished is lost if the process dies later); the progress bar counts a file once its sink returned. A file
   * that cannot be read is reported and skipped; an exception of the sink stops the work and is rethrown.
   *
   * @return the number of files that could not be read
   */
  static int fingerprintEach(VideoSimilarity sim, List<Path> files, int threads, PrintWriter err, Sink sink)
      throws InterruptedException {
    Progress progress = new Progress(err, "fingerprinting", files.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "videosim-fingerprint");
      t.setDaemon(true);
      return t;
    });
    List<String> errors = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          VideoFingerprint fp;
          try {
            fp = sim.fingerprint(f);
          } catch (VideoSimilarityException e) {
            synchronized (errors) {
              errors.add(e.getMessage());
            }
            progress.step(false);
            return;
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
      for (String msg : errors) {
        err.println("videosim: " + msg);
      }
      err.flush();
      return errors.size();
    } finally {
      pool.shutdownNow();
    }
  }
}
