package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.testkit.SyntheticFrameSource;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.edit.FrameEdits;

/** The deep stages in a whole pipeline, on synthetic videos (no decoder). */
class DeepPipelineTest {
  static List<Frame> video(int scene, int seconds, java.util.function.UnaryOperator<Frame> edit) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < seconds * 4; i++) {
      frames.add(edit.apply(TestFrames.scene(scene, i, i / 4.0, 192, 108, 0)));
    }
    return frames;
  }

  @Test
  void fingerprintAndScore_withMobileNetAndSetTransformer() {
    SyntheticFrameSource source = new SyntheticFrameSource()
        .put("a", video(1, 6, f -> f))
        .put("copy", video(1, 6, f -> FrameEdits.scale(0.6).apply(f)))
        .put("other", video(2, 6, f -> f));
    try (SetTransformerClipAggregator agg = SetTransformerClipAggregator.identityInitialised(TestHeads.DIM)) {
      VideoSimilarity sim = VideoSimilarity.builder().frameSource(source).sampleRate(2).clipSeconds(1)
          .encoder(TestHeads.encoder()).aggregator(agg).build();
      VideoFingerprint a = sim.fingerprint(VideoInput.of("a", new byte[1]));
      assertThat(a.codeBits()).isEqualTo(TestHeads.DIM);
      assertThat(a.clips()).hasSizeBetween(5, 7).allSatisfy(c -> assertThat(c.frameCount()).isBetween(1, 2));
      assertThat(a.spec().toString()).contains("mobilenetv2-nsfwjs@1").contains("set-transformer")
          .contains("identity-init@1");
      double copy = sim.score(a, sim.fingerprint(VideoInput.of("copy", new byte[1]))).rawSimilarity();
      double other = sim.score(a, sim.fingerprint(VideoInput.of("other", new byte[1]))).rawSimilarity();
      assertThat(sim.score(a, a).rawSimilarity()).isEqualTo(1.0);
      assertThat(copy).isGreaterThan(other + 0.1);

      VideoSimilarity dct = VideoSimilarity.builder().frameSource(source).build();
      assertThatThrownBy(() -> dct.score(a, a)).isInstanceOf(IncompatibleFingerprintException.class);
    }
  }
}
