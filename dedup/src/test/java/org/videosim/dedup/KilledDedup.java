package org.videosim.dedup;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.videosim.VideoSimilarity;

/**
 * A child JVM for {@link FingerprintStoreTest}: runs dedup on the given files with a store, printing "STORED" after
 * each fingerprint is stored and then pausing, so that the test can kill it with SIGKILL mid-run.
 */
public final class KilledDedup {
  private KilledDedup() {}

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    List<Path> files = Stream.of(args).skip(1).map(Path::of).toList();
    VideoSimilarity sim = VideoSimilarity.builder().build();
    try (FingerprintStore s = FingerprintStore.open(store, sim.spec())) {
      Deduplicator.builder(sim).store(s).threads(1).listener(new DedupListener() {
        @Override
        public void step(Stage stage, boolean ok) {
          if (stage == Stage.FINGERPRINT) {
            System.out.println("STORED");
            System.out.flush();
            try {
              Thread.sleep(2000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      }).build().run(files);
    }
    System.out.println("DONE");
  }
}
