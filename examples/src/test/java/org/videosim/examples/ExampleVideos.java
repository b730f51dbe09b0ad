package org.videosim.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.videosim.Frame;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;
import org.videosim.testkit.TestFrames;

/** Short generated videos for the examples' tests. */
final class ExampleVideos {
  private ExampleVideos() {}

  /** Six seconds of a synthetic scene, H.264 at 25 fps. */
  static Path scene(Path file, int scene) throws Exception {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 192, 108, 25)) {
      for (Frame f : TestFrames.clip(scene, 150, 25, 192, 108)) {
        w.write(f);
      }
    }
    return file;
  }

  /** Six one-second shots of synthetic scenes ({@code scene * 100} onwards), 160x96 H.264 at 10 fps. */
  static Path shots(Path file, int scene) throws Exception {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 160, 96, 10)) {
      for (int sec = 0; sec < 6; sec++) {
        for (Frame f : TestFrames.clip(scene * 100 + sec, 10, 10, 160, 96)) {
          w.write(new Frame(sec * 10 + f.index(), sec + f.timestamp(), f.width(), f.height(), f.rgb()));
        }
      }
    }
    return file;
  }

  /**
   * A folder {@code videos} in {@code dir} of two unrelated videos, {@code video1.mp4} and {@code video2.mp4}
   * ({@link #shots}), and {@code upload.mp4}, a black-and-white copy of {@code video1}.
   */
  static Path versionsFolder(Path dir) throws Exception {
    Path videos = Files.createDirectory(dir.resolve("videos"));
    for (int scene = 1; scene <= 2; scene++) {
      shots(videos.resolve("video" + scene + ".mp4"), scene);
    }
    editedCopy(videos.resolve("video1.mp4"), videos.resolve("upload.mp4"), FrameEdits.gray());
    return videos;
  }

  /** A mirrored, black-and-white copy of {@code source}. */
  static Path editedCopy(Path source, Path file) throws Exception {
    return editedCopy(source, file, FrameEdits.hflip().andThen(FrameEdits.gray()));
  }

  /** A copy of {@code source} with an edit of every frame. */
  static Path editedCopy(Path source, Path file, FrameEdit edit) throws Exception {
    EditedCopy.of(source).edit(edit).writeTo(file);
    return file;
  }
}
