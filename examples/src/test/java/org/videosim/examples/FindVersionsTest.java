package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.edit.FrameEdits;

class FindVersionsTest {
  @TempDir Path dir;

  @Test
  void run_folderWithACopy_groupsTheCopyWithItsSource() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("videos"));
    for (int scene = 1; scene <= 2; scene++) {
      ExampleVideos.shots(videos.resolve("video" + scene + ".mp4"), scene);
    }
    ExampleVideos.editedCopy(videos.resolve("video1.mp4"), videos.resolve("upload.mp4"), FrameEdits.gray());
    String out = FindVersions.run(videos, dir.resolve("store"));
    assertThat(out).contains("upload: 1 other version(s)").contains("video1: 1 other version(s)")
        .contains("video2: 0 other version(s)");
  }
}
