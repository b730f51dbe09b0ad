package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.testkit.FrameEncoderContract;
import org.videosim.testkit.TestFrames;

class MobileNetFrameEncoderTest extends FrameEncoderContract {
  @TempDir Path tmp;

  @Override
  protected FrameEncoder encoder() {
    return TestHeads.encoder();
  }

  @Test
  void identity_namesWeightsCutInputAndHead() {
    assertThat(encoder().name()).isEqualTo("mobilenetv2");
    assertThat(encoder().parameters()).containsEntry("weights", "mobilenetv2-nsfwjs@1")
        .containsEntry("cut", MobileNetFrameEncoder.DEFAULT_CUT).containsEntry("input", "96")
        .containsEntry("dimension", "64").containsKey("head");
    assertThat(encoder().parameters().get("head")).startsWith("mobilenet-head@1:");
    assertThat(encoder().preferredFrameSide()).isEqualTo(96);
  }

  /**
   * Building reads and checks the weights; torch starts at the first frame, so a pipeline built to compare stored
   * fingerprints never starts it (Svrtn.pipeline(): 0.3 s instead of about 1 s, the same scores).
   */
  @Test
  void build_loadsNothingNative_untilTheFirstFrame_andCloseWithoutUseIsFine() {
    MobileNetFrameEncoder fresh = MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT).head(TestHeads.head())
        .build();
    assertThat(fresh.isLoaded()).isFalse();
    assertThat(fresh.dimension()).isEqualTo(TestHeads.DIM);
    assertThat(fresh.parameters()).isEqualTo(TestHeads.encoder().parameters());
    assertThat(fresh.isLoaded()).isFalse();
    List<Frame> frames = List.of(TestFrames.scene(1, 0, 0, 96, 54, 0));
    assertThat(fresh.encode(frames).get(0).toArray()).containsExactly(TestHeads.encoder().encode(frames).get(0)
        .toArray());
    assertThat(fresh.isLoaded()).isTrue();
    fresh.close();
    assertThatThrownBy(() -> fresh.encode(frames)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    MobileNetFrameEncoder unused = MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT).head(TestHeads.head())
        .build();
    unused.close();
    assertThat(unused.isLoaded()).isFalse();
  }

  @Test
  void encode_givesUnitVectors_andFramesOfAnySizeInOneBatch() {
    List<Frame> frames = List.of(TestFrames.scene(1, 0, 0, 96, 54, 0), TestFrames.scene(1, 1, 0, 54, 96, 0),
        TestFrames.scene(1, 2, 0, 640, 360, 0), TestFrames.scene(1, 3, 0, 17, 9, 0),
        TestFrames.scene(2, 4, 0, 96, 54, 0));
    List<Embedding> e = encoder().encode(frames);
    assertThat(e).hasSize(5).allSatisfy(x -> assertThat(x.norm()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5)));
    // Each frame is resampled on its own: a mixed batch gives what each frame gives alone.
    for (int i = 0; i < frames.size(); i++) {
      assertThat(cosine(e.get(i), encoder().encode(List.of(frames.get(i))).get(0))).isGreaterThan(0.9999);
    }
  }

  @Test
  void mirrorInvariant_givesAFrameAndItsMirrorImageTheSameEmbedding() {
    List<Frame> frames = List.of(TestFrames.scene(1, 0, 0, 96, 54, 0), TestFrames.scene(3, 5, 0, 96, 54, 0));
    List<Frame> mirrored = frames.stream().map(f -> org.videosim.edit.FrameEdits.hflip().apply(f)).toList();
    try (MobileNetFrameEncoder inv = MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT).head(TestHeads.head())
        .mirrorInvariant(true).build()) {
      assertThat(inv.parameters()).containsEntry("mirror", "invariant");
      assertThat(encoder().parameters()).doesNotContainKey("mirror");
      List<Embedding> a = inv.encode(frames);
      List<Embedding> b = inv.encode(mirrored);
      List<Embedding> plainA = encoder().encode(frames);
      List<Embedding> plainB = encoder().encode(mirrored);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(cosine(a.get(i), b.get(i))).isGreaterThan(0.999);
        assertThat(cosine(plainA.get(i), plainB.get(i))).isLessThan(0.99);
      }
      // different scenes stay apart
      assertThat(cosine(a.get(0), a.get(1))).isLessThan(0.95);
    }
  }

  @Test
  void saveHead_thenLoad_givesBitIdenticalOutputs() throws IOException {
    Path file = tmp.resolve("head.vsw");
    TestHeads.encoder().saveHead(file, "7", "round trip");
    List<Frame> frames = TestFrames.clip(9, 5, 2, 96, 54);
    try (MobileNetFrameEncoder loaded = MobileNetFrameEncoder.builder().inputSize(96).head(file).build()) {
      assertThat(loaded.encode(frames)).isEqualTo(encoder().encode(frames));
      assertThat(loaded.parameters().get("head")).startsWith("mobilenet-head@7:");
    }
  }

  @Test
  void hiddenLayer_addsItsRectifiedUnitsToTheLinearMap_andRoundTrips() throws IOException {
    List<Frame> frames = TestFrames.clip(6, 4, 2, 96, 54);
    int units = 5;
    int dim = TestHeads.DIM;
    try (MobileNetFrameEncoder backbone = MobileNetFrameEncoder.builder().inputSize(96).withoutHead().build()) {
      int channels = backbone.backboneChannels();
      float[] w = TestHeads.encoder().headWeight();
      float[] b = TestHeads.encoder().headBias();
      java.util.Random rnd = new java.util.Random(3);
      float[] v = new float[units * channels];
      float[] c = new float[units];
      float[] u = new float[dim * units];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < c.length; i++) {
        c[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < u.length; i++) {
        u[i] = (float) rnd.nextGaussian();
      }
      Path file = tmp.resolve("hidden.vsw");
      FrameHeads.of(dim, channels, w, b, units, v, c, u, "h1", "test").write(file);
      List<Embedding> x = backbone.encode(frames);
      try (MobileNetFrameEncoder hidden = MobileNetFrameEncoder.builder().inputSize(96).head(file).build()) {
        assertThat(hidden.headHiddenUnits()).isEqualTo(units);
        assertThat(TestHeads.encoder().headHiddenUnits()).isZero();
        List<Embedding> e = hidden.encode(frames);
        for (int f = 0; f < frames.size(); f++) {
          float[] in = x.get(f).toArray();
          double[] y = new double[dim];
          double[] h = new double[units];
          for (int k = 0; k < units; k++) {
            h[k] = c[k];
            for (int j = 0; j < channels; j++) {
              h[k] += v[k * channels + j] * in[j];
            }
            h[k] = Math.max(0, h[k]);
          }
          double norm = 0;
          for (int i = 0; i < dim; i++) {
            y[i] = b[i];
            for (int j = 0; j < channels; j++) {
              y[i] += w[i * channels + j] * in[j];
            }
            for (int k = 0; k < units; k++) {
              y[i] += u[i * units + k] * h[k];
            }
            norm += y[i] * y[i];
          }
          float[] got = e.get(f).toArray();
          for (int i = 0; i < dim; i++) {
            assertThat(got[i]).isCloseTo((float) (y[i] / Math.sqrt(norm)), org.assertj.core.data.Offset.offset(1e-4f));
          }
          // the hidden layer changes the embedding (this test would pass for a linear head otherwise)
          assertThat(cosine(e.get(f), encoder().encode(List.of(frames.get(f))).get(0))).isLessThan(0.999);
        }
        Path again = tmp.resolve("again.vsw");
        hidden.saveHead(again, "h1", "test");
        try (MobileNetFrameEncoder loaded = MobileNetFrameEncoder.builder().inputSize(96).head(again).build()) {
          assertThat(loaded.encode(frames)).isEqualTo(e);
        }
      }
    }
  }

  @Test
  void encode_tenMinutesAtOneFps_doesNotGrowNativeMemory() throws Exception {
    List<Frame> batch = TestFrames.clip(3, 8, 1, 96, 54);
    int before = liveResources();
    for (int i = 0; i < 20; i++) {
      encoder().encode(batch);   // warm up torch's allocator and the JIT
    }
    long[] rss = new long[3];
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 75; i++) {   // 600 frames: 10 minutes at 1 frame per second
        encoder().encode(batch);
      }
      System.gc();
      rss[round] = residentBytes();
    }
    // Every batch's arrays live in a sub-manager that is closed with the batch: the weights' manager holds exactly
    // what it held before.
    assertThat(liveResources()).isEqualTo(before);
    // Leaking each batch's arrays (some 30 MB of feature maps per batch of 8 at 96x96) would add gigabytes per
    // round; the Java heap and the allocators move by less than the bound.
    assertThat(rss[2] - rss[0]).as("resident memory growth over 1200 frames (%s)", java.util.Arrays.toString(rss))
        .isLessThan(400L << 20);
  }

  /** Resources attached to the encoder's own manager (DJL keeps them in a protected map). */
  static int liveResources() throws Exception {
    java.lang.reflect.Field f = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
    f.setAccessible(true);
    return ((java.util.Map<?, ?>) f.get(TestHeads.encoder().manager())).size();
  }

  static long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  @Test
  void build_missingHeadFile_throwsCorruptDataExceptionNamingIt() {
    Path missing = tmp.resolve("nope.vsw");
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(96).head(missing).build())
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void build_corruptHeadFile_throwsCorruptDataExceptionNamingIt() throws IOException {
    byte[] good = Files.readAllBytes(TestHeads.head());
    Path truncated = tmp.resolve("truncated.vsw");
    Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(96).head(truncated).build())
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(truncated.toString());
    Path flipped = tmp.resolve("flipped.vsw");
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x10;
    Files.write(flipped, bad);
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(96).head(flipped).build())
        .isInstanceOf(CorruptDataException.class).hasMessageContaining(flipped.toString())
        .hasMessageContaining("checksum");
  }

  @Test
  void build_headForAnotherLayer_isRefused() {
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(96).cut("block_12_add").head(TestHeads.head())
        .build()).isInstanceOf(CorruptDataException.class).hasMessageContaining("384 channels")
        .hasMessageContaining("96");
  }

  @Test
  void builder_badArguments_areRejectedAtTheSetter() {
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().cut("block_99")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block_99");
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().pooling("max")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().head(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withoutHead_returnsPooledBackboneFeatures() {
    try (MobileNetFrameEncoder backbone = MobileNetFrameEncoder.builder().inputSize(96).cut("block_12_add")
        .withoutHead().build()) {
      List<Embedding> e = backbone.encode(TestFrames.clip(2, 3, 2, 96, 54));
      assertThat(e).allSatisfy(x -> assertThat(x.dimension()).isEqualTo(96));
      assertThat(backbone.parameters()).containsEntry("head", "none");
    }
  }

  @Test
  void regionalPooling_givesUnitVectorsCloseToAvg() {
    try (MobileNetFrameEncoder regional = MobileNetFrameEncoder.builder().inputSize(96).head(TestHeads.head())
        .pooling("regional").build()) {
      List<Frame> frames = TestFrames.clip(4, 2, 2, 96, 54);
      List<Embedding> r = regional.encode(frames);
      List<Embedding> a = encoder().encode(frames);
      for (int i = 0; i < r.size(); i++) {
        assertThat(r.get(i).norm()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(cosine(r.get(i), a.get(i))).isGreaterThan(0.5);
      }
      assertThat(regional.spec()).isNotEqualTo(encoder().spec());
    }
  }

  @Test
  void encode_afterClose_isNotPossible_butOtherEncodersLive() {
    MobileNetFrameEncoder e = MobileNetFrameEncoder.builder().inputSize(64).head(TestHeads.head()).build();
    List<Frame> frames = new ArrayList<>(TestFrames.clip(1, 2, 2, 64, 36));
    assertThat(e.encode(frames)).hasSize(2);
    e.close();
    assertThat(encoder().encode(frames)).hasSize(2);
  }
}
