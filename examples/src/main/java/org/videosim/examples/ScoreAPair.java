package org.videosim.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoSimilarity;

/**
 * The first thing to try: is B a copy of (part of) A, and where?
 *
 * <pre>
 * mvn -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.videosim.examples.ScoreAPair A.mp4 B.mp4
 * </pre>
 */
public final class ScoreAPair {
  private ScoreAPair() {}

  /**
   * Prints the score of two videos.
   *
   * @param args the two videos
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ScoreAPair A.mp4 B.mp4");
      System.exit(2);
    }
    System.out.print(run(Path.of(args[0]), Path.of(args[1])));
  }

  /**
   * The report of one pair: the probability that B copies (part of) A, the decision, and the matched segments.
   *
   * @param a the original
   * @param b the suspected copy
   * @return the report, one line per fact
   */
  public static String run(Path a, Path b) {
    // Build once and share (immutable, thread-safe); close when done.
    try (VideoSimilarity similarity = VideoSimilarity.builder().build()) {
      Score s = similarity.score(a, b);
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "score %.4f (%s at threshold %.2f)%n", s.value(),
          s.isMatch() ? "copy" : "not a copy", similarity.threshold()));
      for (MatchedSegment m : s.segments()) {
        out.append(String.format(Locale.ROOT, "segment A %.2f-%.2fs <-> B %.2f-%.2fs (similarity %.3f)%n",
            m.startA(), m.endA(), m.startB(), m.endB(), m.similarity()));
      }
      return out.toString();
    }
  }
}
