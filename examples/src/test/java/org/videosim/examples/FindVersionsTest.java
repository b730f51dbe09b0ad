package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindVersionsTest {
  @TempDir Path dir;

  @Test
  void run_folderWithACopy_groupsTheCopyWithItsSource() throws Exception {
    Path videos = ExampleVideos.versionsFolder(dir);
    String out = FindVersions.run(videos, dir.resolve("store"));
    assertThat(out).contains("upload: 1 other version(s)").contains("video1: 1 other version(s)")
        .contains("video2: 0 other version(s)");
  }
}
