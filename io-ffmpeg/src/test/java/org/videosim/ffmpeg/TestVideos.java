package org.videosim.ffmpeg;

import java.nio.file.Path;
import java.util.List;
import org.videosim.Frame;

/** Writes test videos with the bundled FFmpeg. */
public final class TestVideos {
  private TestVideos() {}

  /** Writes frames at a constant rate with the default codec for the file's extension. */
  public static Path write(Path file, List<Frame> frames, double fps) {
    Frame first = frames.get(0);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, first.width(), first.height(), fps)) {
      for (Frame f : frames) {
        w.write(f);
      }
    }
    return file;
  }

  /** Writes frames with a given codec. */
  public static Path write(Path file, List<Frame> frames, double fps, FfmpegVideoWriter.Codec codec) {
    Frame first = frames.get(0);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, first.width(), first.height(), fps, codec, 0, 0)) {
      for (Frame f : frames) {
        w.write(f);
      }
    }
    return file;
  }
}
