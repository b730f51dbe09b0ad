package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.ClipAggregator;
import org.videosim.Embedding;

/**
 * The behaviour every {@link ClipAggregator} must have: one embedding of the declared dimension from any non-empty
 * set of frame embeddings, independent of their order, and an error for an empty clip.
 */
public abstract class ClipAggregatorContract {

  /**
   * The aggregator under test; called once per test.
   *
   * @return the aggregator
   */
  protected abstract ClipAggregator aggregator();

  /** Dimension of the frame embeddings the aggregator takes. */
  protected abstract int frameDimension();

  /**
   * Random frame embeddings of the dimension the tests give the aggregator.
   *
   * @param count how many
   * @param seed the seed
   * @return the embeddings
   */
  protected List<Embedding> randomFrames(int count, long seed) {
    Random rnd = new Random(seed);
    List<Embedding> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] v = new float[frameDimension()];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) rnd.nextGaussian();
      }
      out.add(Embedding.of(v).normalized());
    }
    return out;
  }

  @Test
  void aggregate_anyFrameCount_givesTheDeclaredDimension() {
    for (int n : new int[] {1, 2, 7}) {
      Embedding e = aggregator().aggregate(randomFrames(n, n));
      assertThat(e.dimension()).isEqualTo(aggregator().dimension(frameDimension()));
    }
  }

  @Test
  void aggregate_shuffledFrames_isPermutationInvariant() {
    List<Embedding> frames = randomFrames(6, 42);
    List<Embedding> shuffled = new ArrayList<>(frames);
    Collections.shuffle(shuffled, new Random(7));
    Embedding a = aggregator().aggregate(frames);
    Embedding b = aggregator().aggregate(shuffled);
    for (int i = 0; i < a.dimension(); i++) {
      assertThat((double) b.get(i)).isCloseTo(a.get(i), org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void aggregate_empty_isRejected() {
    assertThatThrownBy(() -> aggregator().aggregate(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identity_isStable() {
    assertThat(aggregator().name()).isNotBlank().doesNotContainAnyWhitespaces();
    assertThat(aggregator().spec()).isEqualTo(aggregator().spec());
  }
}
