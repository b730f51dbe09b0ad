package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.Score;
import org.videosim.testkit.SyntheticFrameSource;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.edit.FrameEdits;
import org.videosim.hashing.IsoHashBinarizer;

/** The bundled trained pipeline: its resources load and it finds copies on synthetic videos. */
class SvrtnTest {
  private static List<Frame> video(int scene, int seconds, java.util.function.UnaryOperator<Frame> edit) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < seconds * 4; i++) {
      frames.add(edit.apply(TestFrames.scene(scene, i, i / 4.0, 320, 180, 0)));
    }
    return frames;
  }

  /** Footage of another kind than {@link TestFrames}' blobs: drifting diagonal stripes and a checkerboard. */
  private static List<Frame> stripes(int seconds) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < seconds * 4; i++) {
      int w = 320;
      int h = 180;
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = x < w / 2 ? 127 + 120 * Math.sin((x + 2 * y) * 0.15 + i * 0.3)
              : ((x / 20 + y / 20 + i / 4) % 2 == 0 ? 30 : 220);
          int k = (y * w + x) * 3;
          rgb[k] = rgb[k + 1] = rgb[k + 2] = (byte) v;
        }
      }
      frames.add(new Frame(i, i / 4.0, w, h, rgb));
    }
    return frames;
  }

  @Test
  void bundledResources_loadAndDescribeThemselves() {
    IsoHashBinarizer b = Svrtn.binarizer();
    assertThat(b.bits()).isEqualTo(256);
    assertThat(b.dimension()).isEqualTo(256);
    assertThat(Svrtn.matcher().threshold()).isBetween(0.05, 0.99);
    assertThat(Svrtn.matcher().calibrate(0)).isEqualTo(0.0);
    assertThat(Svrtn.matcher().calibrate(1)).isEqualTo(1.0);
    assertThat(Svrtn.matcher().parameters()).containsKey("fusedCalibration");
    assertThat(Svrtn.matcher().normalisesCalibration()).as("the calibration reads the normalised similarity").isTrue();
    assertThat(Svrtn.zoomMatcher().normalisesCalibration()).isTrue();
    assertThat(Svrtn.background().bits()).isEqualTo(256);
    assertThat(Svrtn.background().groups()).as("the licence-clean training units").hasSize(32);
    assertThat(Svrtn.background().size()).isGreaterThan(1000);
    assertThat(Svrtn.matcher().calibrate(1, 1)).isGreaterThan(0.999);
    // the fused calibration reads the normalised similarity: unrelated pairs' median is about 0.37 on the harness
    assertThat(Svrtn.matcher().calibrate(0.35, 0.5)).isLessThan(0.1);
    try (MobileNetFrameEncoder e = MobileNetFrameEncoder.builder().trainedHead().build()) {
      assertThat(e.dimension()).isEqualTo(256);
      assertThat(e.spec().toString()).contains("trained");
    }
  }

  @Test
  void pipeline_findsAnEditedCopy_andTellsItFromOtherFootage() {
    SyntheticFrameSource source = new SyntheticFrameSource()
        .put("a", video(1, 8, f -> f))
        .put("copy", video(1, 8, f -> FrameEdits.border(0, 0.15, 0, 0.15, Color.BLACK)
            .andThen(FrameEdits.eq(0.05, 1.1, 1)).apply(f)))
        .put("other", stripes(8));
    try (Svrtn.Pipeline p = Svrtn.pipeline(VideoSimilarity.builder().frameSource(source))) {
      VideoSimilarity sim = p.similarity();
      assertThat(sim.spec().stages()).containsKeys("layout", "encoder", "binarizer", "check");
      assertThat(sim.spec().stages().get("check").name()).isEqualTo("dct");
      assertThat(sim.spec().stages().get("check").parameters()).containsEntry("mirror", "none");
      assertThat(sim.spec().stages().get("binarizer").name()).isEqualTo("isohash");
      assertThat(sim.spec().codeKey()).as("the calibration belongs to this pipeline").isEqualTo(Svrtn.PIPELINE_KEY);
      assertThat(Svrtn.background().appliesTo(sim.spec())).as("the background set holds this pipeline's codes")
          .isTrue();
      assertThat(sim.isCalibrated()).isTrue();
      assertThat(sim.widensPanels()).isTrue();
      assertThat(sim.bandView()).isTrue();
      VideoSimilarity noBands = sim.toBuilder().bandView(false).build();
      assertThat(noBands.spec().codeKey()).as("3.4's pipeline").isEqualTo(Svrtn.PIPELINE_KEY_NO_BANDS);
      assertThat(noBands.isCalibrated()).as("3.4's calibration is 3.5's").isTrue();
      assertThat(sim.toBuilder().widenPanels(false).build().isCalibrated())
          .as("the calibration belongs to the pipeline with widened panels").isFalse();
      // swapped calibrations: neither pipeline takes the other's
      assertThat(sim.toBuilder().matcher(org.videosim.VideoMatcher.temporal()).build().isCalibrated()).isFalse();
      assertThat(VideoSimilarity.builder().frameSource(source).matcher(Svrtn.matcher()).build().isCalibrated())
          .isFalse();
      VideoFingerprint a = sim.fingerprint(VideoInput.of("a", new byte[1]));
      assertThat(a.codeBits()).isEqualTo(256);
      assertThat(a.checks()).hasSameSizeAs(a.clips());
      Score self = sim.score(a, a);
      Score copy = sim.score(a, sim.fingerprint(VideoInput.of("copy", new byte[1])));
      Score other = sim.score(a, sim.fingerprint(VideoInput.of("other", new byte[1])));
      assertThat(self.value()).isEqualTo(1.0);
      assertThat(copy.isMatch()).isTrue();
      assertThat(copy.value()).isGreaterThan(other.value());
      assertThat(copy.rawSimilarity()).isGreaterThan(other.rawSimilarity() + 0.1);
      assertThat(other.isMatch()).isFalse();
      assertThat(copy.checkSimilarity()).isGreaterThan(other.checkSimilarity());
      org.videosim.TemporalVideoMatcher.Evidence e = ((org.videosim.TemporalVideoMatcher) sim.matcher())
          .evidence(a, sim.fingerprint(VideoInput.of("copy", new byte[1])));
      assertThat(e.normalisedRaw()).as("normalised against the bundled background set").isBetween(0.0, 1.0);
    }
  }

  @Test
  void zoomPipeline_hasItsOwnCalibration_andMeetsAStrongCentreCropBetter() {
    SyntheticFrameSource source = new SyntheticFrameSource()
        .put("a", video(1, 8, f -> f))
        .put("crop", video(1, 8, f -> FrameEdits.crop(0.2, 0.2, 0.8, 0.8).andThen(FrameEdits.resize(320, 180))
            .apply(f)))
        .put("other", stripes(8));
    try (Svrtn.Pipeline z = Svrtn.zoomPipeline(VideoSimilarity.builder().frameSource(source));
        Svrtn.Pipeline p = Svrtn.pipeline(VideoSimilarity.builder().frameSource(source))) {
      VideoSimilarity zoom = z.similarity();
      VideoSimilarity plain = p.similarity();
      assertThat(zoom.zoomView()).isEqualTo(Svrtn.ZOOM_VIEW);
      assertThat(zoom.spec().codeKey()).as("the zoom calibration belongs to this pipeline")
          .isEqualTo(Svrtn.ZOOM_PIPELINE_KEY);
      assertThat(zoom.isCalibrated()).isTrue();
      assertThat(zoom.toBuilder().bandView(false).build().spec().codeKey()).as("3.4's zoom pipeline")
          .isEqualTo(Svrtn.ZOOM_PIPELINE_KEY_NO_BANDS);
      assertThat(zoom.toBuilder().bandView(false).build().isCalibrated()).isTrue();
      assertThat(zoom.toBuilder().bandView(false).matcher(Svrtn.matcher()).build().isCalibrated()).isFalse();
      // swapped calibrations: neither pipeline takes the other's
      assertThat(zoom.toBuilder().matcher(Svrtn.matcher()).build().isCalibrated()).isFalse();
      assertThat(plain.toBuilder().matcher(Svrtn.zoomMatcher()).build().isCalibrated()).isFalse();
      VideoFingerprint a = zoom.fingerprint(VideoInput.of("a", new byte[1]));
      assertThat(a.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(org.videosim.Clip.ZOOM));
      Score crop = zoom.score(a, zoom.fingerprint(VideoInput.of("crop", new byte[1])));
      Score other = zoom.score(a, zoom.fingerprint(VideoInput.of("other", new byte[1])));
      Score plainCrop = plain.score(VideoInput.of("a", new byte[1]), VideoInput.of("crop", new byte[1]));
      System.out.printf("zoom view: crop raw %.3f (without %.3f), other raw %.3f; scores %.4f / %.4f%n",
          crop.rawSimilarity(), plainCrop.rawSimilarity(), other.rawSimilarity(), crop.value(), other.value());
      assertThat(crop.rawSimilarity()).isGreaterThan(plainCrop.rawSimilarity());
      assertThat(crop.value()).isGreaterThan(other.value());
      assertThat(other.isMatch()).isFalse();
    }
  }
}
