package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreAPairTest {
  @TempDir Path dir;

  @Test
  void run_editedCopyAndUnrelatedVideo_reportsCopyWithSegmentAndNotACopy() throws Exception {
    Path a = ExampleVideos.scene(dir.resolve("a.mp4"), 1);
    Path copy = ExampleVideos.editedCopy(a, dir.resolve("copy.mp4"));
    Path other = ExampleVideos.scene(dir.resolve("other.mp4"), 2);
    assertThat(ScoreAPair.run(a, copy)).contains("(copy at threshold 0.88)").contains("segment A ");
    assertThat(ScoreAPair.run(a, other)).contains("(not a copy at threshold 0.88)").doesNotContain("segment");
  }
}
