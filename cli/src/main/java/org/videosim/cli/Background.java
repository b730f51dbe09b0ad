package org.videosim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.FfmpegFrameSource;

/**
 * An unrelated video used as a picture-in-picture background: the background frame at the foreground frame's time,
 * looping over the first {@value #SECONDS} seconds. Loaded on first use; not thread-safe, one per copy.
 */
final class Background implements Function<Frame, Frame> {
  private static final double RATE = 5;
  private static final double SECONDS = 20;

  private final Path video;
  private List<Frame> frames;

  Background(Path video) {
    this.video = video;
  }

  @Override
  public Frame apply(Frame fg) {
    if (frames == null) {
      frames = new ArrayList<>();
      try (FrameReader r = FfmpegFrameSource.create().open(VideoInput.of(video), new FrameRequest(RATE, 360))) {
        for (Frame f = r.next(); f != null && f.timestamp() < SECONDS; f = r.next()) {
          frames.add(f);
        }
      }
    }
    return frames.get((int) Math.floor(fg.timestamp() * RATE) % frames.size());
  }
}
