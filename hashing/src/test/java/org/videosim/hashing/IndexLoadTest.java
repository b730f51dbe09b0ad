package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.VideoFingerprint;

/**
 * Load: 16 concurrent readers (8 threads here, 4 threads in each of 2 other processes) open the persistent index
 * read-only again and again while a writer process adds videos to it and compacts it (every 64 KiB of log), for 15 s
 * ({@code -Dvideosim.load.seconds=N} for longer; {@code benchmarks/scripts/index-load.sh} runs 10 minutes). Every
 * reader must see a committed prefix of the writer's videos, complete and growing, and never fail; at the end the
 * index must hold every video whose add was acknowledged. Prints its figures.
 */
class IndexLoadTest {
  @TempDir Path tmp;

  @Test
  void sixteenReadersAndOneWriter_noErrorsAndNoLostEntries() throws Exception {
    double seconds = Double.parseDouble(System.getProperty("videosim.load.seconds", "15"));
    int processes = 2;
    int threadsPerProcess = 4;
    int localThreads = 8;
    Path dir = tmp.resolve("index");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Process writer = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", cp, IndexLoad.class.getName(), "writer",
        dir.toString(), "5", Long.toString(64 << 10)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger done = new AtomicInteger(-1);
    BufferedReader wout = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    assertThat(wout.readLine()).isEqualTo("READY");
    Thread follower = new Thread(() -> {
      try {
        for (String l = wout.readLine(); l != null; l = wout.readLine()) {
          if (l.startsWith("ADD ")) {
            acked.set(Integer.parseInt(l.substring(4)) + 1);
          } else if (l.startsWith("DONE ")) {
            done.set(Integer.parseInt(l.substring(5)));
          }
        }
      } catch (java.io.IOException e) {
        // the writer ended
      }
    });
    follower.start();
    List<Process> readers = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      readers.add(new ProcessBuilder(javaBin, "-Xmx256m", "-cp", cp, IndexLoad.class.getName(), "reader",
          dir.toString(), Integer.toString(threadsPerProcess), Double.toString(seconds))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    long t0 = System.nanoTime();
    IndexLoad.Counts local = IndexLoad.read(dir, localThreads, seconds, 1);
    long opens = local.opens.get();
    long searches = local.searches.get();
    long errors = local.errors.get();
    long maxSeen = local.maxVideos.get();
    for (Process r : readers) {
      String result = null;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          if (l.startsWith("RESULT ")) {
            result = l;
          }
        }
      }
      assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(result).as("a reader process reported").isNotNull();
      String[] f = result.split(" ");
      opens += Long.parseLong(f[1]);
      searches += Long.parseLong(f[2]);
      errors += Long.parseLong(f[3]);
      maxSeen = Math.max(maxSeen, Long.parseLong(f[4]));
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    writer.getOutputStream().close(); // the writer stops after its current add
    assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    follower.join(10_000);
    int added = done.get();
    assertThat(added).as("the writer finished").isGreaterThanOrEqualTo(acked.get());
    int lost = 0;
    try (PersistentIndex index = Indexes.open(dir)) {
      for (int n = 0; n < added; n++) {
        VideoFingerprint fp = index.fingerprint("v" + n).orElse(null);
        if (!CrashingWriter.video(n).equals(fp)) {
          lost++;
        }
      }
      assertThat(index.videoCount()).isEqualTo(added);
    }
    String figures = String.format(Locale.ROOT, "index load: %.0f s, %d readers (%d threads here + %d processes x %d "
        + "threads), 1 writer process: %d videos added (%.0f/s), %d read-only opens (%.0f/s), %d searches, largest "
        + "index seen %d videos; errors %d, acknowledged videos lost %d", elapsed, localThreads + processes
        * threadsPerProcess, localThreads, processes, threadsPerProcess, added, added / elapsed, opens, opens / elapsed,
        searches, maxSeen, errors, lost);
    System.out.println(figures);
    assertThat(errors).as(figures).isZero();
    assertThat(lost).as(figures).isZero();
    assertThat(opens).as(figures).isGreaterThan(0);
  }
}
