package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void bitCode_roundTripsBitsAndCountsDistance() {
    Random rnd = new Random(1);
    boolean[] a = new boolean[130];
    boolean[] b = new boolean[130];
    int expected = 0;
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextBoolean();
      b[i] = rnd.nextBoolean();
      expected += a[i] != b[i] ? 1 : 0;
    }
    BitCode ca = BitCode.fromBits(a);
    BitCode cb = BitCode.fromBits(b);
    assertThat(ca.bits()).isEqualTo(130);
    for (int i = 0; i < a.length; i++) {
      assertThat(ca.get(i)).isEqualTo(a[i]);
    }
    assertThat(ca.hammingDistance(cb)).isEqualTo(expected);
    assertThat(ca.hammingDistance(ca)).isZero();
    assertThat(BitCode.of(130, ca.toLongArray())).isEqualTo(ca).hasSameHashCodeAs(ca);
  }

  @Test
  void bitCode_badWords_areRejected() {
    assertThatThrownBy(() -> BitCode.of(63, -1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond 63");
    assertThatThrownBy(() -> BitCode.of(65, 1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 words");
    assertThatThrownBy(() -> BitCode.of(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BitCode.of(64, 1L).hammingDistance(BitCode.of(63, 1L)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bitCode_isImmutable() {
    long[] w = {5L};
    BitCode c = BitCode.of(64, w);
    w[0] = 0;
    c.toLongArray()[0] = 0;
    assertThat(c.toLongArray()).containsExactly(5L);
  }

  @Test
  void embedding_copiesAndChecksValues() {
    float[] v = {3, 4};
    Embedding e = Embedding.of(v);
    v[0] = 0;
    assertThat(e.get(0)).isEqualTo(3f);
    assertThat(e.norm()).isEqualTo(5.0);
    assertThat(e.normalized().norm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThatThrownBy(() -> Embedding.of(1f, Float.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1");
    assertThatThrownBy(() -> Embedding.of()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.dot(Embedding.of(1f))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void layout_checksItsTurnAndCopiesItsInsets() {
    List<Region> insets = new java.util.ArrayList<>(List.of(new Region(0.1, 0.1, 0.3, 0.3)));
    Layout plain = new Layout(Region.FULL, insets);
    insets.clear();
    assertThat(plain.insets()).hasSize(1);
    assertThat(plain.rotation()).isZero();
    assertThat(plain.isTurned()).isFalse();
    assertThat(Layout.FULL.isTurned()).isFalse();
    Layout turned = new Layout(Region.FULL, List.of(), -12.5);
    assertThat(turned.isTurned()).isTrue();
    assertThat(turned.rotation()).isEqualTo(-12.5);
    assertThat(new Layout(Region.FULL, List.of(), -0.0)).isEqualTo(new Layout(Region.FULL, List.of()));
    assertThatThrownBy(() -> new Layout(Region.FULL, List.of(), 90)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Layout(Region.FULL, List.of(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Layout(Region.FULL, List.of(new Region(0.1, 0.1, 0.3, 0.3)), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("insets");
  }

  @Test
  void frame_validatesAndCopies() {
    byte[] px = new byte[2 * 2 * 3];
    px[0] = (byte) 200;
    Frame f = new Frame(0, 1.5, 2, 2, px);
    px[0] = 0;
    assertThat(f.rgbAt(0, 0) >>> 16).isEqualTo(200);
    assertThat(f.luma()[0]).isCloseTo(0.299f * 200, org.assertj.core.data.Offset.offset(1e-3f));
    assertThatThrownBy(() -> new Frame(0, 0, 2, 2, new byte[5])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes");
    assertThatThrownBy(() -> new Frame(0, Double.NaN, 2, 2, new byte[12]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Frame(-1, 0, 2, 2, new byte[12])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void frameRequest_outputSize_keepsAspect() {
    FrameRequest r = new FrameRequest(2, 128);
    assertThat(r.outputSize(1920, 1080)).containsExactly(128, 72);
    assertThat(r.outputSize(1080, 1920)).containsExactly(72, 128);
    assertThat(r.outputSize(100, 1)).containsExactly(128, 1);
    assertThatThrownBy(() -> new FrameRequest(0, 128)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleRate must be positive: 0.0");
    assertThatThrownBy(() -> new FrameRequest(2, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void videoInput_idsAndDescriptions() {
    VideoInput f = VideoInput.of(java.nio.file.Path.of("/videos/clip.final.mp4"));
    assertThat(f.id()).isEqualTo("clip.final");
    assertThat(f.name()).isEqualTo("clip.final.mp4");
    assertThat(f.description()).isEqualTo("/videos/clip.final.mp4");
    VideoInput m = VideoInput.of("upload.webm", new byte[] {1, 2, 3});
    assertThat(m.inMemory()).isTrue();
    assertThat(m.size()).isEqualTo(3);
    assertThat(m.id()).isEqualTo("upload");
    assertThatThrownBy(() -> VideoInput.of((java.nio.file.Path) null)).isInstanceOf(NullPointerException.class)
        .hasMessage("path");
  }

  @Test
  void segmentsAndScores_validateRanges() {
    assertThatThrownBy(() -> new MatchedSegment(2, 1, 0, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MatchedSegment(0, 1, 0, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Score(1.2, 0.5, 0.5, List.of())).isInstanceOf(IllegalArgumentException.class);
    Score s = new Score(0.7, 0.6, 0.5, List.of(new MatchedSegment(0, 1, 2, 3, 0.9)));
    assertThat(s.isMatch()).isTrue();
    assertThat(s.swapped().segments().get(0).startA()).isEqualTo(2);
  }

  @Test
  void pipelineSpec_compatibilityIgnoresTheSourceAndNamesTheDifference() {
    StageSpec enc = new StageSpec("dct", "1", Map.of("grid", "32"));
    PipelineSpec a = new PipelineSpec(Map.of("source", new StageSpec("ffmpeg", "8.1", Map.of()), "encoder", enc));
    PipelineSpec b = new PipelineSpec(Map.of("source", new StageSpec("humble", "0.3.0", Map.of()), "encoder", enc));
    PipelineSpec c = new PipelineSpec(Map.of("source", new StageSpec("ffmpeg", "8.1", Map.of()), "encoder",
        new StageSpec("dct", "2", Map.of("grid", "32"))));
    assertThat(a.isCompatibleWith(b)).isTrue();
    assertThat(a.isCompatibleWith(c)).isFalse();
    assertThatThrownBy(() -> a.checkCompatibleWith(c, "x", "y")).isInstanceOf(IncompatibleFingerprintException.class)
        .hasMessageContaining("encoder: dct@1(grid=32) vs dct@2(grid=32)");
    assertThat(enc.toString()).isEqualTo("dct@1(grid=32)");
    // a compact fingerprint or index of a pipeline this JVM has not built: its stages are unknown, the message says so
    PipelineSpec unknown = PipelineSpec.unresolved(0x1234L, 0x5678L);
    assertThat(unknown.isResolved()).isFalse();
    assertThatThrownBy(() -> a.checkCompatibleWith(unknown, "this pipeline", "index 'i'"))
        .isInstanceOf(IncompatibleFingerprintException.class)
        .hasMessageContaining("index 'i' comes from a pipeline that this run has not built, so only its key is known "
            + "here (pipeline key 0000000000001234)")
        .hasMessageContaining("the other from encoder dct@1, no zoom view, no band views")
        .hasMessageContaining("--zoom-view").hasMessageContaining("of another svrtn version are refused")
        .hasMessageNotContaining("null vs");
    assertThatThrownBy(() -> unknown.checkCompatibleWith(a, "index 'i'", "this pipeline"))
        .hasMessageContaining("index 'i' comes from a pipeline that this run has not built");
  }
}
