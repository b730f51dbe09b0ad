package org.videosim.ffmpeg;

import java.nio.file.Path;
import java.util.List;
import org.videosim.Frame;
import org.videosim.FrameSource;
import org.videosim.FrameSourceContract;

class FfmpegFrameSourceTest extends FrameSourceContract {
  @Override
  protected FrameSource source() {
    return FfmpegFrameSource.create();
  }

  @Override
  protected void writeVideo(Path file, List<Frame> frames, double fps) {
    TestVideos.write(file, frames, fps);
  }
}
