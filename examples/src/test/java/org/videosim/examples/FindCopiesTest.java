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

class FindCopiesTest {
  @TempDir Path dir;

  @Test
  void run_uploadCopyingOneKnownVideo_reportsItAsCopy() throws Exception {
    Path known = Files.createDirectory(dir.resolve("known"));
    for (int scene = 1; scene <= 3; scene++) {
      try (FfmpegVideoWriter w = FfmpegVideoWriter.create(known.resolve("video" + scene + ".mp4"), 192, 108, 25)) {
        for (var f : TestFrames.clip(scene, 150, 25, 192, 108)) {
          w.write(f);
        }
      }
    }
    Path upload = dir.resolve("upload.mp4");
    EditedCopy.of(known.resolve("video2.mp4")).edit(FrameEdits.hflip().andThen(FrameEdits.gray())).writeTo(upload);
    String report = FindCopies.run(known, upload);
    assertThat(report).containsPattern("video2\\s+\\S+ COPY");
    assertThat(report).doesNotContainPattern("video1\\s+\\S+ COPY").doesNotContainPattern("video3\\s+\\S+ COPY");
  }
}
