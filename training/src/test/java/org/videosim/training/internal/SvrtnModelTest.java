package org.videosim.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.encoders.SetTransformerClipAggregator;

class SvrtnModelTest {
  static final int C = 24;
  static final int D = 16;
  static final int N = 5;
  static final int B = 8;

  /** Triplets whose positives are noisy copies of the anchors and whose negatives are unrelated. */
  static float[] batch(Random rnd) {
    float[] x = new float[B * 3 * N * C];
    for (int i = 0; i < B; i++) {
      float[] base = new float[C];
      for (int c = 0; c < C; c++) {
        base[c] = (float) Math.abs(rnd.nextGaussian());
      }
      for (int j = 0; j < N; j++) {
        for (int c = 0; c < C; c++) {
          x[((i * 3) * N + j) * C + c] = base[c] + 0.1f * (float) rnd.nextGaussian();
          x[((i * 3 + 1) * N + j) * C + c] = base[c] + 0.6f * (float) rnd.nextGaussian();
          x[((i * 3 + 2) * N + j) * C + c] = (float) Math.abs(rnd.nextGaussian());
        }
      }
    }
    return x;
  }

  static SvrtnModel model(long seed) {
    Random rnd = new Random(seed);
    float[] w = new float[D * C];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() / Math.sqrt(C));
    }
    Map<String, float[]> t;
    try (SetTransformerClipAggregator init = SetTransformerClipAggregator.identityInitialised(D)) {
      t = init.weights();
    }
    return new SvrtnModel(C, D, w, new float[D], t);
  }

  static final int[] MEDIANS = {0, 1, 2, 3, 4, 0, 1, 2};
  static final int[] ANCHORS = {0, 1, 2, 3, 4, 5, 6, 7};
  static final int[] NEGATIVES = {10, 11, 12, 13, 14, 15, 16, 17};
  static final SvrtnModel.Hyper HYPER = new SvrtnModel.Hyper(3e-3, 3e-3, 0.5, 0.3, 0, true);

  @Test
  void train_repeatedStepsOnABatch_lowerTheLoss() {
    float[] x = batch(new Random(1));
    try (SvrtnModel m = model(2)) {
      trainHalvesTheLoss(m, x);
      assertThat(m.step()).isEqualTo(41);
    }
  }

  /** 41 steps on one batch (seed 3): the last loss is under half the first. */
  static void trainHalvesTheLoss(SvrtnModel m, float[] x) {
    Random rnd = new Random(3);
    SvrtnModel.Losses first = m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, rnd);
    SvrtnModel.Losses last = first;
    for (int s = 0; s < 40; s++) {
      last = m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, rnd);
    }
    assertThat(last.frame() + last.clip()).isLessThan(0.5 * (first.frame() + first.clip()));
  }

  static SvrtnModel hiddenModel(long seed) {
    try (SvrtnModel linear = model(seed);
        SetTransformerClipAggregator init = SetTransformerClipAggregator.identityInitialised(D)) {
      return new SvrtnModel(C, D, linear.headWeight(), linear.headBias(), init.weights(),
          SvrtnModel.HiddenLayer.initial(12, C, D, new Random(seed)));
    }
  }

  @Test
  void hiddenLayer_startsAsTheLinearHead_thenTrainsItsUnits_andIsNotResumedFromALinearCheckpoint(@TempDir Path dir)
      throws Exception {
    float[] x = batch(new Random(1));
    Path linearCheckpoint = dir.resolve("linear.bin");
    try (SvrtnModel linear = model(2); SvrtnModel hidden = hiddenModel(2)) {
      assertThat(hidden.embed(x, B, N)[0]).containsExactly(linear.embed(x, B, N)[0]);
      linear.saveCheckpoint(linearCheckpoint, 1);
      trainHalvesTheLoss(hidden, x);
      float[] out = hidden.hiddenLayer().out();
      double sum = 0;
      for (float v : out) {
        sum += Math.abs(v);
      }
      assertThat(sum).isGreaterThan(0);
      assertThat(linear.hiddenLayer()).isNull();
      assertThatThrownBy(() -> hidden.loadCheckpoint(linearCheckpoint)).isInstanceOf(CorruptDataException.class)
          .hasMessageContaining("another head");
    }
  }

  @Test
  void embed_onRegionFeatures_isWhatTheEncoderComputesWithRegionalPooling(@TempDir Path dir) throws Exception {
    java.util.List<org.videosim.Frame> frames = org.videosim.testkit.TestFrames.clip(5, 6, 2, 96, 54);
    try (org.videosim.encoders.MobileNetFrameEncoder backbone = org.videosim.encoders.MobileNetFrameEncoder.builder()
        .inputSize(96).withoutHead().build()) {
      int channels = backbone.backboneChannels();
      int regions = org.videosim.encoders.MobileNetFrameEncoder.regionCount();
      java.util.List<org.videosim.Embedding> features = backbone.backboneRegionFeatures(frames);
      assertThat(features).allSatisfy(e -> assertThat(e.dimension()).isEqualTo(regions * channels));
      float[] batch = new float[frames.size() * regions * channels];
      for (int f = 0; f < frames.size(); f++) {
        System.arraycopy(features.get(f).toArray(), 0, batch, f * regions * channels, regions * channels);
      }
      Random rnd = new Random(4);
      float[] w = new float[D * channels];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (rnd.nextGaussian() / Math.sqrt(channels));
      }
      float[] bias = new float[D];
      SvrtnModel.HiddenLayer hidden = SvrtnModel.HiddenLayer.initial(6, channels, D, rnd);
      float[] out = new float[D * 6];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) rnd.nextGaussian();
      }
      hidden = new SvrtnModel.HiddenLayer(6, hidden.weight(), hidden.bias(), out);
      Path head = dir.resolve("head.vsw");
      org.videosim.encoders.FrameHeads.of(D, channels, w, bias, 6, hidden.weight(), hidden.bias(), out, "t", "test")
          .write(head);
      try (SetTransformerClipAggregator init = SetTransformerClipAggregator.identityInitialised(D);
          SvrtnModel m = new SvrtnModel(channels, D, w, bias, init.weights(), hidden, regions);
          org.videosim.encoders.MobileNetFrameEncoder regional = org.videosim.encoders.MobileNetFrameEncoder
              .builder().inputSize(96).head(head).pooling("regional").build();
          org.videosim.encoders.MobileNetFrameEncoder avg = org.videosim.encoders.MobileNetFrameEncoder.builder()
              .inputSize(96).head(head).build()) {
        float[] trained = m.embed(batch, 1, 2)[0]; // 1 triplet of 3 clips of 2 frames: the 6 frames in order
        java.util.List<org.videosim.Embedding> expected = regional.encode(frames);
        java.util.List<org.videosim.Embedding> global = avg.encode(frames);
        for (int f = 0; f < frames.size(); f++) {
          float[] e = expected.get(f).toArray();
          double dot = 0;
          for (int i = 0; i < D; i++) {
            assertThat(trained[f * D + i]).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-4f));
            dot += e[i] * global.get(f).toArray()[i];
          }
          assertThat(dot).isLessThan(0.9999); // regional pooling is not the global average here
        }
      }
    }
  }

  @Test
  void frameMask_isDeterministicFromTheSeed_dropsAboutTheRate_andKeepsAFramePerClip() {
    float[] a = SvrtnModel.frameMask(500, 7, 0.3, new Random(11));
    assertThat(SvrtnModel.frameMask(500, 7, 0.3, new Random(11))).isEqualTo(a);
    assertThat(SvrtnModel.frameMask(500, 7, 0.3, new Random(12))).isNotEqualTo(a);
    double dropped = 0;
    for (float v : a) {
      dropped += 1 - v;
    }
    assertThat(dropped / a.length).isBetween(0.27, 0.33);
    float[] all = SvrtnModel.frameMask(50, 3, 0.99, new Random(1));
    for (int i = 0; i < 50; i++) {
      assertThat(all[i * 3] + all[i * 3 + 1] + all[i * 3 + 2]).isEqualTo(1f);
    }
    assertThat(SvrtnModel.frameMask(4, 5, 0, new Random(1))).containsOnly(1f);
  }

  @Test
  void trainAndEmbed_leaveNoNativeArraysBehind() {
    float[] x = batch(new Random(2));
    try (SvrtnModel m = model(3)) {
      Random rnd = new Random(5);
      m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, rnd);
      m.embed(x, B, N);
      int held = m.heldArrays();
      for (int s = 0; s < 5; s++) {
        m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, rnd);
        m.embed(x, B, N);
      }
      assertThat(m.heldArrays()).isEqualTo(held);
    }
  }

  @Test
  void checkpoint_resumedTraining_equalsUninterruptedTraining(@TempDir Path dir) throws Exception {
    float[] x = batch(new Random(4));
    Path ck = dir.resolve("checkpoint.bin");
    float[] uninterrupted;
    try (SvrtnModel m = model(5)) {
      m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, new Random(6));
      m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, new Random(7));
      m.saveCheckpoint(ck, 2);
      m.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, new Random(8));
      uninterrupted = m.headWeight();
    }
    try (SvrtnModel resumed = model(99)) { // other initial weights: the checkpoint must replace them all
      assertThat(resumed.loadCheckpoint(ck)).isEqualTo(2);
      assertThat(resumed.step()).isEqualTo(2);
      resumed.train(x, B, N, MEDIANS, ANCHORS, NEGATIVES, HYPER, new Random(8));
      assertThat(resumed.headWeight()).containsExactly(uninterrupted);
    }
  }

  @Test
  void loadCheckpoint_corruptFile_isCorruptDataException(@TempDir Path dir) throws Exception {
    Path ck = dir.resolve("checkpoint.bin");
    try (SvrtnModel m = model(5)) {
      m.saveCheckpoint(ck, 1);
      byte[] b = Files.readAllBytes(ck);
      b[b.length / 2] ^= 1;
      Files.write(ck, b);
      assertThatThrownBy(() -> m.loadCheckpoint(ck)).isInstanceOf(CorruptDataException.class)
          .hasMessageContaining("checkpoint.bin");
    }
  }

  @Test
  void tripletChunk_roundTripsAndDetectsDamage(@TempDir Path dir) throws Exception {
    float[] f = batch(new Random(9));
    TripletChunk c = new TripletChunk(N, C, ANCHORS, NEGATIVES, MEDIANS, f);
    Path file = dir.resolve("train-00000.bin");
    c.write(file);
    TripletChunk back = TripletChunk.read(file);
    assertThat(back.features()).containsExactly(f);
    assertThat(back.median()).containsExactly(MEDIANS);
    assertThat(back.offset(2, 1)).isEqualTo((2 * 3 + 1) * N * C);
    byte[] b = Files.readAllBytes(file);
    b[100] ^= 4;
    Files.write(file, b);
    assertThatThrownBy(() -> TripletChunk.read(file)).isInstanceOf(CorruptDataException.class);
  }
}
