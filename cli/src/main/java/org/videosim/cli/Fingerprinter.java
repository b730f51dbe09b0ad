package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;

/** Fingerprints many files on a thread pool with a progress bar; failures are reported, not fatal. */
final class Fingerprinter {
  private Fingerprinter() {}

  /**
   * @return fingerprints by path, in the order given; files that failed are absent (their errors are printed)
   */
  static Map<Path, VideoFingerprint> fingerprintAll(VideoSimilarity sim, List<Path> files, int threads,
      PrintWriter err) throws InterruptedException {
    Progress progress = new Progress(err, "fingerprinting", files.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "videosim-fingerprint");
      t.setDaemon(true);
      return t;
    });
    List<String> errors = new ArrayList<>();
    Map<Path, Future<VideoFingerprint>> futures = new LinkedHashMap<>();
    try {
      for (Path f : files) {
        futures.put(f, pool.submit(() -> {
          try {
            VideoFingerprint fp = sim.fingerprint(f);
            progress.step(true);
            return fp;
          } catch (VideoSimilarityException e) {
            synchronized (errors) {
              errors.add(e.getMessage());
            }
            progress.step(false);
            return null;
          }
        }));
      }
      Map<Path, VideoFingerprint> out = new LinkedHashMap<>();
      for (Map.Entry<Path, Future<VideoFingerprint>> e : futures.entrySet()) {
        try {
          VideoFingerprint fp = e.getValue().get();
          if (fp != null) {
            out.put(e.getKey(), fp);
          }
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IllegalStateException("fingerprinting " + e.getKey() + " failed", ex.getCause());
        }
      }
      for (String msg : errors) {
        err.println("videosim: " + msg);
      }
      err.flush();
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
