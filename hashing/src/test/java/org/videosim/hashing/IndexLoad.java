package org.videosim.hashing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.videosim.IndexHit;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.internal.DirectoryIndex;

/**
 * The two sides of {@link IndexLoadTest}, also run as child processes: a writer that adds videos {@code v0, v1, ...}
 * in order, and readers that open the index read-only again and again and check what they see.
 *
 * <p>{@code writer DIR PAUSE_MS COMPACT_BYTES}: adds video after video (pausing between them), printing {@code ADD n}
 * once each add returned, until its standard input closes; then prints {@code DONE n}.
 *
 * <p>{@code reader DIR THREADS SECONDS}: runs {@code THREADS} reader loops for {@code SECONDS}, then prints
 * {@code RESULT opens searches errors maxVideos}; each error is printed to standard error.
 */
public final class IndexLoad {
  private IndexLoad() {}

  /** What reader loops did. */
  static final class Counts {
    final AtomicLong opens = new AtomicLong();
    final AtomicLong searches = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong maxVideos = new AtomicLong();
  }

  /**
   * Opens the index read-only and checks it: it holds exactly videos {@code v0 .. v(k-1)} for some {@code k} no
   * smaller than {@code previous} (a committed prefix, never a part of a video, never going back), a sample of them
   * equal to what was added, and a search for a clip of one finds it.
   *
   * @return {@code k}
   * @throws IllegalStateException describing the first violation
   */
  static int checkOnce(Path dir, int previous, Random rnd, Counts counts) {
    try (PersistentIndex index = Indexes.openReadOnly(dir)) {
      counts.opens.incrementAndGet();
      List<String> ids = index.videoIds();
      int k = ids.size();
      if (k < previous) {
        throw new IllegalStateException("went back from " + previous + " to " + k + " videos");
      }
      for (int s = 0; s < Math.min(k, 8); s++) {
        int n = s < 2 ? k - 1 - s : rnd.nextInt(k);
        VideoFingerprint expected = CrashingWriter.video(n);
        VideoFingerprint got = index.fingerprint("v" + n).orElse(null);
        if (!expected.equals(got)) {
          throw new IllegalStateException("video v" + n + " of " + k + " is " + (got == null ? "missing" : "different"));
        }
        List<IndexHit> hits = index.search(expected.clips().get(rnd.nextInt(expected.clips().size())).code(), 0);
        counts.searches.incrementAndGet();
        if (hits.stream().noneMatch(h -> h.videoId().equals("v" + n))) {
          throw new IllegalStateException("a clip of v" + n + " is not found");
        }
      }
      int clips = 0;
      for (int n = 0; n < k; n++) {
        clips += CrashingWriter.clipCount(n);
      }
      if (index.size() != clips) {
        throw new IllegalStateException(k + " videos hold " + index.size() + " clips, expected " + clips);
      }
      counts.maxVideos.accumulateAndGet(k, Math::max);
      return k;
    }
  }

  /** Runs {@code threads} reader loops for {@code seconds}; errors are counted and printed to standard error. */
  static Counts read(Path dir, int threads, double seconds, long seed) throws Exception {
    Counts counts = new Counts();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] fs = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        Random rnd = new Random(seed + t);
        fs[t] = pool.submit(() -> {
          int seen = 0;
          while (System.nanoTime() < end) {
            try {
              seen = checkOnce(dir, seen, rnd, counts);
            } catch (RuntimeException e) {
              counts.errors.incrementAndGet();
              System.err.println("reader error: " + e);
            }
          }
        });
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return counts;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("writer")) {
      long pause = Long.parseLong(args[2]);
      long compactBytes = Long.parseLong(args[3]);
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      Thread watcher = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
          while (in.readLine() != null) {
            // wait for the end of the input
          }
        } catch (java.io.IOException e) {
          // treat as closed
        }
        done.set(true);
      });
      watcher.setDaemon(true);
      watcher.start();
      int n = 0;
      try (DirectoryIndex index = DirectoryIndex.open(dir, true, 0, compactBytes)) {
        System.out.println("READY");
        System.out.flush();
        for (; !done.get(); n++) {
          index.add(CrashingWriter.video(n));
          System.out.println("ADD " + n);
          System.out.flush();
          if (pause > 0) {
            Thread.sleep(pause);
          }
        }
      }
      System.out.println("DONE " + n);
      System.out.flush();
    } else {
      Counts c = read(dir, Integer.parseInt(args[2]), Double.parseDouble(args[3]), ProcessHandle.current().pid());
      System.out.println("RESULT " + c.opens.get() + " " + c.searches.get() + " " + c.errors.get() + " "
          + c.maxVideos.get());
      System.out.flush();
    }
  }
}
