package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.Score;
import org.videosim.SyntheticFrameSource;
import org.videosim.TestFrames;
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

  @Test
  void bundledResources_loadAndDescribeThemselves() {
    IsoHashBinarizer b = Svrtn.binarizer();
    assertThat(b.bits()).isEqualTo(256);
    assertThat(b.dimension()).isEqualTo(256);
    assertThat(Svrtn.matcher().threshold()).isBetween(0.05, 0.99);
    assertThat(Svrtn.matcher().calibrate(0)).isEqualTo(0.0);
    assertThat(Svrtn.matcher().calibrate(1)).isEqualTo(1.0);
    try (MobileNetFrameEncoder e = MobileNetFrameEncoder.builder().trainedHead().build()) {
      assertThat(e.dimension()).isEqualTo(256);
      assertThat(e.spec().toString()).contains("trained");
    }
  }

  @Test
  void pipeline_findsAnEditedCopy_andTellsItFromOtherFootage() {
    SyntheticFrameSource source = new SyntheticFrameSource()
        .put("a", video(1, 8, f -> f))
        .put("copy", video(1, 8, f -> FrameEdits.hflip().andThen(FrameEdits.border(0, 0.15, 0, 0.15, Color.BLACK))
            .apply(f)))
        .put("other", video(2, 8, f -> f));
    try (Svrtn.Pipeline p = Svrtn.pipeline(VideoSimilarity.builder().frameSource(source))) {
      VideoSimilarity sim = p.similarity();
      assertThat(sim.spec().stages()).containsKeys("layout", "encoder", "binarizer");
      assertThat(sim.spec().stages().get("binarizer").name()).isEqualTo("isohash");
      VideoFingerprint a = sim.fingerprint(VideoInput.of("a", new byte[1]));
      assertThat(a.codeBits()).isEqualTo(256);
      Score self = sim.score(a, a);
      Score copy = sim.score(a, sim.fingerprint(VideoInput.of("copy", new byte[1])));
      Score other = sim.score(a, sim.fingerprint(VideoInput.of("other", new byte[1])));
      assertThat(self.value()).isEqualTo(1.0);
      assertThat(copy.value()).isGreaterThan(other.value());
      assertThat(copy.rawSimilarity()).isGreaterThan(other.rawSimilarity() + 0.1);
    }
  }
}
