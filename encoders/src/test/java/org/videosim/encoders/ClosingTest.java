package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.testkit.SyntheticFrameSource;
import org.videosim.testkit.TestFrames;

/** Pipelines that own deep stages free their native memory when closed. */
class ClosingTest {
  private static final int DIM = 64;

  /** A training-free encoder of {@value #DIM} values (4 x 16 strips of luma), so the test builds only the transformer. */
  private static final FrameEncoder STRIPS = new FrameEncoder() {
    @Override
    public String name() {
      return "strips";
    }

    @Override
    public int dimension() {
      return DIM;
    }

    @Override
    public int preferredFrameSide() {
      return 64;
    }

    @Override
    public List<Embedding> encode(List<Frame> frames) {
      List<Embedding> out = new ArrayList<>();
      for (Frame f : frames) {
        float[] luma = f.luma();
        float[] v = new float[DIM];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++) {
            v[(y * 4 / f.height()) * 16 + x * 16 / f.width()] += luma[y * f.width() + x];
          }
        }
        out.add(Embedding.of(v).normalized());
      }
      return out;
    }
  };

  /** Children of DJL's system manager of the PyTorch engine: one per live root manager (encoder, aggregator, ...). */
  private static int liveRootManagers() throws Exception {
    Field f = BaseNDManager.class.getDeclaredField("resources");
    f.setAccessible(true);
    NDManager system;
    try (NDManager probe = Engine.getEngine("PyTorch").newBaseManager()) {
      system = probe.getParentManager();
    }
    return ((Map<?, ?>) f.get(system)).size();
  }

  @Test
  void close_thousandBuildCloseCycles_nativeMemoryDoesNotGrow() throws Exception {
    SyntheticFrameSource source = new SyntheticFrameSource().put("v", TestFrames.clip(1, 4, 2, 64, 36));
    VideoInput video = VideoInput.of("v", new byte[1]);
    long[] rss = new long[3];
    int managersBefore = 0;
    for (int round = 0; round < rss.length; round++) {
      // round 0 warms up (JIT, torch's caches); rounds 1 and 2 run 500 cycles each
      for (int cycle = 0; cycle < (round == 0 ? 50 : 500); cycle++) {
        SetTransformerClipAggregator transformer = SetTransformerClipAggregator.randomInitialised(DIM, cycle);
        try (VideoSimilarity sim = VideoSimilarity.builder().frameSource(source).encoder(STRIPS)
            .aggregator(transformer).owns(transformer).clipSeconds(2).build()) {
          if (cycle % 10 == 0) {   // every tenth pipeline is used too: its forward passes allocate per-batch arrays
            assertThat(sim.fingerprint(video).clips()).isNotEmpty();
          }
        }
        assertThat(transformer.manager().isOpen()).as("cycle %d", cycle).isFalse();
      }
      System.gc();
      rss[round] = MobileNetFrameEncoderTest.residentBytes();
      if (round == 0) {
        managersBefore = liveRootManagers();
      }
    }
    assertThat(liveRootManagers()).isEqualTo(managersBefore);
    // each transformer holds about 200 KB of weights (a leak would add 100 MB per 500 cycles) besides its manager
    assertThat(rss[2] - rss[1]).as("resident memory growth over 500 cycles after 550 (%s)",
        java.util.Arrays.toString(rss)).isLessThan(40L << 20);
  }

  @Test
  void close_ownedAndBorrowedStages_closesOnlyTheOwnedOnes() {
    SetTransformerClipAggregator borrowed = SetTransformerClipAggregator.identityInitialised(DIM);
    SetTransformerClipAggregator owned = SetTransformerClipAggregator.identityInitialised(DIM);
    VideoSimilarity.Builder b = VideoSimilarity.builder().frameSource(new SyntheticFrameSource()).encoder(STRIPS)
        .aggregator(borrowed).owns(owned);
    VideoSimilarity first = b.build();
    VideoSimilarity second = b.build();   // ownership moved to the first: the second owns nothing
    VideoSimilarity variant = first.toBuilder().build();
    first.close();
    first.close();   // idempotent
    assertThat(owned.manager().isOpen()).isFalse();
    assertThat(borrowed.manager().isOpen()).isTrue();
    assertThat(first.isClosed()).isTrue();
    assertThat(second.isClosed()).isFalse();
    assertThatThrownBy(() -> first.fingerprint(VideoInput.of("v", new byte[1])))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    second.close();
    variant.close();
    assertThat(borrowed.manager().isOpen()).isTrue();
    borrowed.close();
  }

  @Test
  void close_failingResource_closesTheOthersAndReportsIt() {
    SetTransformerClipAggregator owned = SetTransformerClipAggregator.identityInitialised(DIM);
    VideoSimilarity sim = VideoSimilarity.builder().frameSource(new SyntheticFrameSource()).owns(owned)
        .owns(() -> {
          throw new java.io.IOException("disk gone");
        }).build();
    assertThatThrownBy(sim::close).hasMessageContaining("disk gone");
    assertThat(owned.manager().isOpen()).isFalse();
  }

  @Test
  void svrtnPipeline_close_closesItsSimilarityAndEncoder() {
    Svrtn.Pipeline p = Svrtn.pipeline(VideoSimilarity.builder().frameSource(new SyntheticFrameSource()));
    MobileNetFrameEncoder encoder = (MobileNetFrameEncoder) p.similarity().encoder();
    NDManager weights = encoder.manager();
    assertThat(weights.isOpen()).isTrue();
    p.close();
    assertThat(p.similarity().isClosed()).isTrue();
    assertThat(weights.isOpen()).isFalse();
  }
}
