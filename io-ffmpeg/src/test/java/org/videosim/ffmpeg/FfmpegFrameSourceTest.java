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

  /** Every frame sampled at 1 fps, and how many frames the decoder gave out. */
  static java.util.List<org.videosim.Frame> sampled(FrameSource source, Path video, long[] decoded) {
    java.util.List<org.videosim.Frame> out = new java.util.ArrayList<>();
    try (FrameReader r = source.open(VideoInput.of(video), new FrameRequest(1, 160))) {
      for (org.videosim.Frame f = r.next(); f != null; f = r.next()) {
        out.add(f);
      }
      assertThat(r.warnings()).isEmpty();
      decoded[0] = ((org.videosim.ffmpeg.internal.FfmpegFrameReader) r).decodedFrames();
    }
    return out;
  }

  /**
   * An MPEG-4 file of {@code frames} 160x96 frames at 30 fps with two B-frames between its reference frames (about
   * two frames in three: as most distributed video has) and a keyframe every 12 frames.
   */
  private Path withBFrames(String name, int seed, int frames) {
    Path video = dir.resolve(name);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(video, 160, 96, 30, FfmpegVideoWriter.Codec.MPEG4, 0, 0,
        2)) {
      TestFrames.clip(seed, frames, 30, 160, 96).forEach(w::write);
    }
    return video;
  }

  /**
   * Motion is measured at every eighth of a second from the first frame at or after it, the same whether the decoder
   * skips the B-frames no step needs or decodes every frame; a keyframe scan and a request without it measure none.
   */
  @Test
  void motion_isMeasuredEveryEighthOfASecond_theSameWhicheverFramesTheDecoderSkips() {
    Path video = withBFrames("motion.mp4", 11, 300);
    long[] decoded = new long[1];
    float[] skipping = motion(FfmpegFrameSource.create(), video, true, decoded);
    long[] all = new long[1];
    float[] every = motion(FfmpegFrameSource.builder().skipNonReferenceFrames(false).build(), video, true, all);
    assertThat(all[0]).isEqualTo(300);
    assertThat(decoded[0]).isLessThan(300);
    // frames from 0 to 9.97 s: steps 0 to 79, a change from each step to the next
    assertThat(skipping).hasSize(79).isEqualTo(every);
    double sum = 0;
    for (float v : skipping) {
      assertThat(v).isBetween(0f, 255f);
      sum += v;
    }
    assertThat(sum / skipping.length).as("the test clip moves").isGreaterThan(1);
    assertThat(motion(FfmpegFrameSource.create(), video, false, decoded)).isNull();
    assertThat(motion(FfmpegFrameSource.builder().keyframesOnly(true).build(), video, true, decoded)).isNull();
  }

  private static float[] motion(FrameSource source, Path video, boolean measure, long[] decoded) {
    try (FrameReader r = source.open(VideoInput.of(video), new FrameRequest(1, 160, measure))) {
      for (org.videosim.Frame f = r.next(); f != null; f = r.next()) {
        assertThat(f.width()).isEqualTo(160);
      }
      decoded[0] = ((org.videosim.ffmpeg.internal.FfmpegFrameReader) r).decodedFrames();
      return r.motion();
    }
  }

  @Test
  void endTime_isTheSame_whicheverFramesTheDecoderSkips() {
    Path bframes = withBFrames("end-b.mp4", 4, 183);
    double skipping = endTime(FfmpegFrameSource.create(), bframes);
    assertThat(skipping).isCloseTo(6.1, offset(0.001))
        .isEqualTo(endTime(FfmpegFrameSource.builder().skipNonReferenceFrames(false).build(), bframes));
  }

  @Test
  void skipNonReferenceFrames_bFramesBetweenSamples_areNotDecoded_theSampledFramesAreTheSame() {
    Path video = withBFrames("bframes.mp4", 9, 300);
    long[] all = new long[1];
    long[] skipping = new long[1];
    java.util.List<org.videosim.Frame> every = sampled(FfmpegFrameSource.builder().skipNonReferenceFrames(false)
        .build(), video, all);
    java.util.List<org.videosim.Frame> some = sampled(FfmpegFrameSource.create(), video, skipping);
    assertThat(all[0]).isEqualTo(300);
    assertThat(skipping[0]).isLessThan(200); // two B-frames in three, but those near each sample time
    assertThat(some).hasSize(10).hasSameSizeAs(every);
    for (int i = 0; i < every.size(); i++) {
      assertThat(some.get(i).timestamp()).isEqualTo(every.get(i).timestamp());
      assertThat(some.get(i).rgb()).isEqualTo(every.get(i).rgb());
    }
    // two threads (frame threading copies the skip setting to each thread's decoder): the same frames
    long[] threaded = new long[1];
    java.util.List<org.videosim.Frame> two = sampled(FfmpegFrameSource.builder().threads(2).build(), video, threaded);
    for (int i = 0; i < every.size(); i++) {
      assertThat(two.get(i).rgb()).isEqualTo(every.get(i).rgb());
    }
    assertThatThrownBy(() -> FfmpegVideoWriter.create(dir.resolve("x.mp4"), 160, 96, 30,
        FfmpegVideoWriter.Codec.H264, 0, 0, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bFrames");
  }

  /**
   * Keyframe-only reading decodes the keyframes alone (the writer puts one every 12 frames), samples from them at
   * most at the request's rate, gives each exactly as decoding every frame does (an intra picture needs no other),
   * warns of nothing (the frames left out were not lost), ends where the video ends and says so in its spec.
   */
  @Test
  void keyframesOnly_decodesTheKeyframesAlone_asDecodingEveryFrameGivesThem() {
    Path video = withBFrames("gop.mp4", 10, 300);
    FfmpegFrameSource keyframes = FfmpegFrameSource.builder().keyframesOnly(true).build();
    long[] decoded = new long[1];
    java.util.List<org.videosim.Frame> some = sampled(keyframes, video, decoded);
    assertThat(decoded[0]).isBetween(25L, 30L); // a keyframe every 12 frames, and none of the 275 others
    java.util.Map<Double, byte[]> every = new java.util.HashMap<>();
    try (FrameReader r = FfmpegFrameSource.create().open(VideoInput.of(video), new FrameRequest(30, 160))) {
      for (org.videosim.Frame f = r.next(); f != null; f = r.next()) {
        every.put(f.timestamp(), f.rgb());
      }
    }
    assertThat(every).hasSize(300);
    assertThat(some).hasSize(10);
    double previous = -1;
    for (org.videosim.Frame f : some) {
      assertThat(Math.round(f.timestamp() * 30) % 12).as("a keyframe's time: %s", f.timestamp()).isZero();
      assertThat(f.timestamp() - previous).isGreaterThan(0.79); // 1 a second at most, from 0.4-s keyframes
      assertThat(f.rgb()).isEqualTo(every.get(f.timestamp()));
      previous = f.timestamp();
    }
    assertThat(endTime(keyframes, video)).isEqualTo(endTime(FfmpegFrameSource.create(), video));
    assertThat(keyframes.spec().parameters()).containsEntry("frames", "key");
    assertThat(FfmpegFrameSource.create().spec().parameters()).isEmpty();
  }

  /**
   * Keyframe-only reading still says when timestamps are implausible, from the times of the packets it leaves out as
   * well: a day per frame, or every frame at 0; and damaged files still give frames or a clear exception.
   */
  @Test
  void keyframesOnly_implausibleTimestampsAndDamagedFiles_areReportedAsWhenEveryFrameIsDecoded() throws Exception {
    FfmpegFrameSource keyframes = FfmpegFrameSource.builder().keyframesOnly(true).build();
    Path day = withFrameDelta("key-day-per-frame.mp4", 0x7fff0000);
    try (FrameReader r = keyframes.open(VideoInput.of(day), new FrameRequest(2, 64))) {
      r.forEachRemaining(x -> { });
      assertThat(r.warnings()).extracting(org.videosim.DecodeWarning::kind)
          .contains(org.videosim.DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS);
    }
    Path zero = withFrameDelta("key-zero-fps.mp4", 0);
    try (FrameReader r = keyframes.open(VideoInput.of(zero), new FrameRequest(2, 64))) {
      r.forEachRemaining(x -> { });
      assertThat(r.warnings()).as("a 0 fps file must not decode silently").isNotEmpty();
    } catch (org.videosim.VideoDecodeException e) {
      assertThat(e).hasMessageContaining("key-zero-fps.mp4"); // refusing it is fine too
    }
    readsMutatedFiles(keyframes, "key-fuzz", 50, 20261207, 30);
  }
}
