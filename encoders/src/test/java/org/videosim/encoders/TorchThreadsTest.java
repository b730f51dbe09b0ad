package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;

/** The encoders' torch thread options. */
class TorchThreadsTest {

  @Test
  void threadOptions_outOfRange_throwIllegalArgumentException() {
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().intraOpThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads");
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().interOpThreads(257))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interOpThreads");
    assertThatThrownBy(() -> TorchScriptFrameEncoder.builder(java.nio.file.Path.of("m.pt")).intraOpThreads(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads");
  }

  /**
   * Each encoder's intra-op count applies to the thread that encodes with it (torch keeps the count per thread), and
   * the embeddings do not depend on it.
   */
  @Test
  void encode_intraOpThreads_setsTheCallingThreadsCountAndKeepsTheEmbeddings() throws Exception {
    List<Frame> frames = TestFrames.clip(7, 4, 2, TestHeads.INPUT, TestHeads.INPUT * 9 / 16);
    List<Embedding> reference = TestHeads.encoder().encode(frames);
    for (int threads : new int[] {1, 2}) {
      try (MobileNetFrameEncoder e = MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT)
          .head(TestHeads.head()).intraOpThreads(threads).build()) {
        Object[] seen = CompletableFuture.supplyAsync(() -> {
          List<Embedding> out = e.encode(frames);
          return new Object[] {out, JniUtils.getNumThreads()};
        }, r -> new Thread(r).start()).get();
        assertThat(seen[1]).as("torch threads of the encoding thread").isEqualTo(threads);
        @SuppressWarnings("unchecked")
        List<Embedding> out = (List<Embedding>) seen[0];
        for (int i = 0; i < frames.size(); i++) {
          double cos = out.get(i).dot(reference.get(i)) / (out.get(i).norm() * reference.get(i).norm());
          assertThat(cos).as("frame %d with %d threads", i, threads).isGreaterThan(0.99999);
        }
      }
    }
  }

  /** Torch takes one inter-op count per process; asking for another fails clearly instead of being ignored. */
  @Test
  void build_interOpThreadsOtherThanTheProcesss_throwsIllegalStateException() {
    assumeTrue(System.getProperty("ai.djl.pytorch.num_interop_threads") != null, "the JVM sets the count at start");
    TestHeads.encoder();   // the engine runs
    int current = JniUtils.getNumInteropThreads();
    try (MobileNetFrameEncoder same = MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT)
        .head(TestHeads.head()).interOpThreads(current).build()) {
      assertThat(same.dimension()).isEqualTo(TestHeads.DIM);
    }
    assertThatThrownBy(() -> MobileNetFrameEncoder.builder().inputSize(TestHeads.INPUT).head(TestHeads.head())
        .interOpThreads(current + 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("inter-op thread count")
        .hasMessageContaining("already " + current);
    assertThat(JniUtils.getNumInteropThreads()).isEqualTo(current);
  }
}
