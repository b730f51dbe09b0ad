package org.videosim.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.videosim.VideoSimilarity;
import org.videosim.encoders.Svrtn;

/**
 * What torch's thread settings cost a library user: fingerprints one video with {@code Svrtn.pipeline()} whose encoder
 * has {@code intraOpThreads(INTRA)}, from {@code PARALLEL} threads at once, {@code ROUNDS} times after one warm-up
 * round, and prints the median seconds per video. Run it with and without {@code OMP_WAIT_POLICY=PASSIVE} in the
 * environment, which a JVM cannot set for itself:
 *
 * <pre>
 * for w in PASSIVE unset; do for t in "1 1" "2 1" "1 2" "2 2"; do
 *   env $([ $w = unset ] &amp;&amp; echo -u OMP_WAIT_POLICY || echo OMP_WAIT_POLICY=$w) DJL_OFFLINE=true \
 *     java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.TorchThreadsTiming VIDEO $t 5
 * done; done
 * </pre>
 */
public final class TorchThreadsTiming {
  private TorchThreadsTiming() {}

  /**
   * Runs the timing.
   *
   * @param args VIDEO INTRA PARALLEL [ROUNDS]
   * @throws Exception if the video cannot be fingerprinted
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: TorchThreadsTiming VIDEO INTRA_OP_THREADS PARALLEL [ROUNDS]");
      System.exit(2);
    }
    Path video = Path.of(args[0]);
    int intra = Integer.parseInt(args[1]);
    int parallel = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try (Svrtn.Pipeline p = Svrtn.pipeline(VideoSimilarity.builder(), Svrtn.encoderBuilder().intraOpThreads(intra))) {
      VideoSimilarity sim = p.similarity();
      double[] perVideo = new double[rounds];
      for (int r = -1; r < rounds; r++) {
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          done.add(pool.submit(() -> sim.fingerprint(video)));
        }
        for (Future<?> f : done) {
          f.get();
        }
        if (r >= 0) {
          perVideo[r] = (System.nanoTime() - t0) / 1e9 / parallel;
        }
      }
      Arrays.sort(perVideo);
      System.out.printf(Locale.ROOT, "OMP_WAIT_POLICY=%s intraOpThreads=%d parallel=%d: %.3f s per video (median of "
          + "%d rounds; min %.3f, max %.3f)%n", System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"), intra,
          parallel, perVideo[rounds / 2], rounds, perVideo[0], perVideo[rounds - 1]);
    } finally {
      pool.shutdownNow();
    }
  }
}
