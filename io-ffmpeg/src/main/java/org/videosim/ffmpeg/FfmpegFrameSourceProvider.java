package org.videosim.ffmpeg;

import org.videosim.FrameSource;
import org.videosim.FrameSourceProvider;

/** Registers {@link FfmpegFrameSource} as the default frame source; used by {@link FrameSource#discover()}. */
public final class FfmpegFrameSourceProvider implements FrameSourceProvider {
  @Override
  public FrameSource create() {
    return FfmpegFrameSource.create();
  }

  @Override
  public int priority() {
    return 100;
  }
}
