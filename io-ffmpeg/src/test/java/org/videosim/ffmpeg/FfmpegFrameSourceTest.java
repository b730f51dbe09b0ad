package org.videosim.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoInput;

/** {@link FfmpegFrameSource}: the whole {@link DecodingContract}, then FFmpeg-specific behaviour. */
class FfmpegFrameSourceTest extends DecodingContract {
  @Override
  protected FrameSource source() {
    return FfmpegFrameSource.create();
  }

  @Override
  protected FrameSource sourceWithMaxPixels(long maxPixels) {
    return FfmpegFrameSource.builder().maxPixels(maxPixels).build();
  }

  @Override
  protected FrameSource sourceWithMinSide(int minSide) {
    return FfmpegFrameSource.builder().minSide(minSide).build();
  }

  @Override
  protected FrameSource sourceWithMaxDecodedBytes(long maxDecodedBytes) {
    return FfmpegFrameSource.builder().maxDecodedBytes(maxDecodedBytes).build();
  }

  @Override
  protected String expectedStage() {
    return "FfmpegFrameSource";
  }

  @Test
  void builder_badThreads_failsAtTheSetter() {
    assertThatThrownBy(() -> FfmpegFrameSource.builder().threads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads");
  }

  @Test
  void writeTo_editedCopy_hasTheEditedDurationAndSize() {
    Path src = TestVideos.write(dir.resolve("src.mp4"), TestFrames.clip(7, 100, 25, 160, 96), 25);
    Path out = dir.resolve("fast.mp4");
    int n = EditedCopy.of(src).edit(org.videosim.edit.FrameEdits.crop(0, 0, 0.5, 1)).speed(2).frameRate(25)
        .writeTo(out);
    assertThat(n).isBetween(49, 51);
    try (FrameReader r = source().open(VideoInput.of(out), new FrameRequest(2, 160))) {
      assertThat(r.info().width()).isEqualTo(80);
      assertThat(r.info().height()).isEqualTo(96);
      assertThat(r.info().durationSeconds()).isCloseTo(2.0, offset(0.1));
    }
  }
}
