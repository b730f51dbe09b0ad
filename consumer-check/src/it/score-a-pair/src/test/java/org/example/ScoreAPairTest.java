package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.Clip;
import org.videosim.Frame;
import org.videosim.Index;
import org.videosim.IndexHit;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;
import org.videosim.hashing.Indexes;
import org.videosim.testkit.TestFrames;

/** What a new user does first, with nothing but the published artifacts. */
class ScoreAPairTest {
  @TempDir Path dir;

  private Path video(String name, int scene) throws Exception {
    Path file = dir.resolve(name);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 192, 108, 25)) {
      for (Frame f : TestFrames.clip(scene, 150, 25, 192, 108)) {
        w.write(f);
      }
    }
    return file;
  }

  @Test
  void score_generatedCopyAndUnrelatedVideo_tellsThemApart() throws Exception {
    Path a = video("a.mp4", 1);
    Path unrelated = video("c.mp4", 2);
    Path copy = dir.resolve("b.mp4");
    EditedCopy.of(a).edit(FrameEdits.hflip().andThen(FrameEdits.gray())).writeTo(copy);

    try (VideoSimilarity similarity = VideoSimilarity.builder().build()) {
      Score s = similarity.score(a, copy);
      System.out.println("score(a, edited copy of a) = " + s);
      assertThat(s.isMatch()).isTrue();
      assertThat(s.segments()).isNotEmpty();
      Score t = similarity.score(a, unrelated);
      System.out.println("score(a, unrelated) = " + t);
      assertThat(t.isMatch()).isFalse();

      // index and query: the copy's clips find a among the indexed videos
      try (Index index = Indexes.exact()) {
        index.add(similarity.fingerprint(a));
        index.add(similarity.fingerprint(unrelated));
        VideoFingerprint query = similarity.fingerprint(copy);
        int radius = (int) Math.round(0.24 * query.codeBits());
        Set<String> candidates = new TreeSet<>();
        for (Clip clip : query.clips()) {
          for (IndexHit hit : index.search(clip.code(), radius)) {
            candidates.add(hit.videoId());
          }
        }
        assertThat(candidates).contains("a");
      }
    }
  }

  /** Every videosim class came from the published repository, never from anywhere else. */
  @Test
  void classpath_videosimJars_cameFromThePublishedRepository() throws Exception {
    Path localRepository = Path.of(System.getProperty("consumer.localRepository"));
    for (Class<?> c : List.of(VideoSimilarity.class, FfmpegVideoWriter.class, Indexes.class, TestFrames.class)) {
      Path jar = jarOf(c);
      assertThat(jar).as(c.getName()).startsWith(localRepository.resolve("org/videosim"));
      String origin = Files.readString(jar.resolveSibling("_remote.repositories"));
      assertThat(origin).as("origin of " + jar.getFileName()).contains(jar.getFileName() + ">videosim=");
    }
  }

  private static Path jarOf(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
