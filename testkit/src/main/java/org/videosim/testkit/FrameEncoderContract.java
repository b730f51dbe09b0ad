package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;

/**
 * The behaviour every {@link FrameEncoder} must have: stable identity, embeddings of the declared dimension, one
 * per frame in order, deterministic, thread-safe, robust to re-scaling, and discriminative between unrelated
 * frames. Extend it and supply the encoder.
 */
public abstract class FrameEncoderContract {

  /**
   * The encoder under test; called several times per test, so return one instance.
   *
   * @return the encoder
   */
  protected abstract FrameEncoder encoder();

  /** Frames of the size the encoder asks for. */
  protected List<Frame> frames(int scene, int count) {
    int side = encoder().preferredFrameSide();
    return TestFrames.clip(scene, count, 2, side, Math.max(8, side * 9 / 16));
  }

  @Test
  void identity_isStable() {
    FrameEncoder e = encoder();
    assertThat(e.name()).isNotBlank().doesNotContainAnyWhitespaces();
    assertThat(e.version()).isNotBlank();
    assertThat(e.spec()).isEqualTo(encoder().spec());
    assertThat(e.toString()).isNotBlank();
    assertThat(e.dimension()).isPositive();
    assertThat(e.batchSize()).isPositive();
    assertThat(e.preferredFrameSide()).isBetween(8, 4096);
  }

  @Test
  void encode_batch_returnsOneEmbeddingPerFrameOfTheDeclaredDimension() {
    List<Frame> frames = frames(1, Math.min(5, encoder().batchSize()));
    List<Embedding> out = encoder().encode(frames);
    assertThat(out).hasSameSizeAs(frames).allSatisfy(e -> assertThat(e.dimension())
        .isEqualTo(encoder().dimension()));
  }

  @Test
  void encode_sameFrames_isDeterministicAndIndependentOfBatching() {
    List<Frame> frames = frames(2, Math.min(4, encoder().batchSize()));
    List<Embedding> all = encoder().encode(frames);
    List<Embedding> one = new ArrayList<>();
    for (Frame f : frames) {
      one.addAll(encoder().encode(List.of(f)));
    }
    for (int i = 0; i < frames.size(); i++) {
      assertThat(cosine(all.get(i), one.get(i))).isGreaterThan(0.9999);
    }
  }

  @Test
  void encode_rescaledFrame_staysClose_unrelatedFrameDoesNot() {
    Frame f = frames(3, 1).get(0);
    Frame small = org.videosim.edit.FrameEdits.scale(0.5).apply(f);
    Frame other = frames(4, 1).get(0);
    List<Embedding> e = encoder().encode(List.of(f, small, other));
    double same = cosine(e.get(0), e.get(1));
    double different = cosine(e.get(0), e.get(2));
    assertThat(same).isGreaterThan(different + 0.1);
  }

  @Test
  void encode_concurrently_givesTheSameResults() throws Exception {
    List<Frame> frames = frames(5, Math.min(3, encoder().batchSize()));
    List<Embedding> expected = encoder().encode(frames);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Embedding>>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(pool.submit(() -> encoder().encode(frames)));
      }
      for (Future<List<Embedding>> f : fs) {
        List<Embedding> got = f.get();
        for (int i = 0; i < got.size(); i++) {
          assertThat(cosine(got.get(i), expected.get(i))).isGreaterThan(0.9999);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Cosine similarity of two embeddings (0 when either is zero).
   *
   * @param a an embedding
   * @param b another, of the same dimension
   * @return the cosine
   */
  protected static double cosine(Embedding a, Embedding b) {
    double n = a.norm() * b.norm();
    return n == 0 ? 0 : a.dot(b) / n;
  }
}
