package org.videosim.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.videosim.VideoSimilarity;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Deduplicator;
import org.videosim.dedup.FingerprintStore;
import org.videosim.dedup.VersionGroup;

/**
 * How many versions of each video exist in a folder: groups the folder's videos with {@code videosim-dedup},
 * keeping fingerprints in a store so that a second run only fingerprints new files.
 *
 * <pre>java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.videosim.examples.FindVersions DIR</pre>
 */
public final class FindVersions {
  private FindVersions() {}

  public static void main(String[] args) throws IOException {
    System.out.print(run(Path.of(args[0]), Path.of(args.length > 1 ? args[1] : "fingerprint-store")));
  }

  /** Groups the videos of {@code dir}; returns one line per group with several versions, then a count per video. */
  static String run(Path dir, Path storeDir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    }
    VideoSimilarity similarity = VideoSimilarity.builder().build();
    StringBuilder out = new StringBuilder();
    try (FingerprintStore store = FingerprintStore.open(storeDir, similarity.spec())) {
      DedupResult result = Deduplicator.builder(similarity).store(store).build().run(files);
      for (VersionGroup g : result.groups()) {
        if (g.size() > 1) {
          out.append(g.id()).append(':');
          g.members().forEach(m -> out.append(' ').append(m.videoId()).append(" (").append(m.relation().label())
              .append(')'));
          out.append('\n');
        }
      }
      for (String v : result.videos()) {
        out.append(v).append(": ").append(result.versionsOf(v)).append(" other version(s)\n");
      }
    }
    return out.toString();
  }
}
