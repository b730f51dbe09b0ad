package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;

class FindVersionsTest {
  @TempDir Path dir;

  @Test
  void run_folderWithACopy_groupsTheCopyWithItsSource() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("videos"));
    for (int scene = 1; scene <= 2; scene++) {
      try (FfmpegVideoWriter w = FfmpegVideoWriter.create(videos.resolve("video" + scene + ".mp4"), 160, 96, 10)) {
        for (int sec = 0; sec < 6; sec++) {
          for (var f : TestFrames.clip(scene * 100 + sec, 10, 10, 160, 96)) {
            w.write(new org.videosim.Frame(sec * 10 + f.index(), sec + f.timestamp(), f.width(), f.height(), f.rgb()));
          }
        }
      }
    }
    EditedCopy.of(videos.resolve("video1.mp4")).edit(FrameEdits.gray()).writeTo(videos.resolve("upload.mp4"));
    String out = FindVersions.run(videos, dir.resolve("store"));
    assertThat(out).contains("upload: 1 other version(s)").contains("video1: 1 other version(s)")
        .contains("video2: 0 other version(s)");
  }
}
