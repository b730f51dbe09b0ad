package org.videosim.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.videosim.IndexHit;
import org.videosim.Index;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.Indexes;

/**
 * Fingerprints a folder of known videos once, then checks an upload against them: which known videos does it
 * copy, and where?
 *
 * <pre>
 * mvn -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.videosim.examples.FindCopies KNOWN_DIR UPLOAD
 * </pre>
 */
public final class FindCopies {
  private FindCopies() {}

  /**
   * Prints which known videos an upload copies.
   *
   * @param args the folder of known videos and the upload
   * @throws IOException if the folder cannot be listed
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: FindCopies KNOWN_VIDEOS_DIR UPLOAD_VIDEO");
      System.exit(2);
    }
    System.out.print(run(Path.of(args[0]), Path.of(args[1])));
  }

  /**
   * The report for one upload against a folder of known videos.
   *
   * @param knownDir a folder of videos
   * @param upload the video to check
   * @return one line per candidate with its score, and its matched segments
   * @throws IOException if the folder cannot be listed
   */
  public static String run(Path knownDir, Path upload) throws IOException {
    // One instance, built once and shared: immutable and thread-safe.
    try (VideoSimilarity similarity = VideoSimilarity.builder().build()) {
      return report(similarity, knownDir, upload);
    }
  }

  private static String report(VideoSimilarity similarity, Path knownDir, Path upload) throws IOException {
    // Fingerprint the known videos and index their clip codes.
    List<VideoFingerprint> known = new ArrayList<>();
    try (Index index = Indexes.exact(); Stream<Path> files = Files.list(knownDir)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        VideoFingerprint fp = similarity.fingerprint(p);
        known.add(fp);
        index.add(fp);
      }
      VideoFingerprint query = similarity.fingerprint(upload);

      // Candidates: known videos with a clip close to one of the upload's clips, within 24% of the code's bits
      // (the radius of `videosim index query`: 15 of the default pipeline's 62 bits).
      int radius = (int) Math.round(0.24 * query.codeBits());
      java.util.Set<String> candidates = new java.util.TreeSet<>();
      for (var clip : query.clips()) {
        for (IndexHit hit : index.search(clip.code(), radius)) {
          candidates.add(hit.videoId());
        }
      }

      // Score each candidate: probability of a copy, and where.
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%s: %d clips, %d candidate(s) among %d known videos%n",
          upload.getFileName(), query.clips().size(), candidates.size(), known.size()));
      for (VideoFingerprint k : known) {
        if (!candidates.contains(k.videoId())) {
          continue;
        }
        Score s = similarity.score(k, query);
        out.append(String.format(Locale.ROOT, "  %-24s %s %s%n", k.videoId(), Score.digits(s.value()),
            s.calibrated() ? (s.isMatch() ? "COPY" : "") : "(uncalibrated)"));
        for (MatchedSegment m : s.segments()) {
          out.append(String.format(Locale.ROOT, "      known %6.2f-%6.2fs  <->  upload %6.2f-%6.2fs%n", m.startA(),
              m.endA(), m.startB(), m.endB()));
        }
      }
      return out.toString();
    }
  }
}
