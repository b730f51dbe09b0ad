package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.Binarizer;
import org.videosim.BitCode;
import org.videosim.Embedding;

/**
 * The behaviour every {@link Binarizer} must have: codes of the declared length, deterministic, and similar
 * embeddings get nearer codes than unrelated ones.
 */
public abstract class BinarizerContract {

  /**
   * The binarizer under test; called once per test.
   *
   * @return the binarizer
   */
  protected abstract Binarizer binarizer();

  /** Dimension of the embeddings it takes. */
  protected abstract int dimension();

  /**
   * A random embedding of the dimension the tests give the binarizer.
   *
   * @param rnd the source of randomness
   * @return a new embedding
   */
  protected Embedding random(Random rnd) {
    float[] v = new float[dimension()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return Embedding.of(v).normalized();
  }

  @Test
  void binarize_givesTheDeclaredLengthDeterministically() {
    Embedding e = random(new Random(1));
    BitCode a = binarizer().binarize(e);
    assertThat(a.bits()).isEqualTo(binarizer().bits(dimension()));
    assertThat(binarizer().binarize(e)).isEqualTo(a);
  }

  @Test
  void binarize_nearEmbeddings_getNearerCodesThanRandomOnes() {
    Random rnd = new Random(20261125);
    double near = 0;
    double far = 0;
    for (int t = 0; t < 50; t++) {
      Embedding a = random(rnd);
      float[] v = a.toArray();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.1 * rnd.nextGaussian() / Math.sqrt(v.length));
      }
      near += binarizer().binarize(a).hammingDistance(binarizer().binarize(Embedding.of(v)));
      far += binarizer().binarize(a).hammingDistance(binarizer().binarize(random(rnd)));
    }
    assertThat(near).isLessThan(far / 3);
  }

  @Test
  void identity_isStable() {
    assertThat(binarizer().name()).isNotBlank().doesNotContainAnyWhitespaces();
    assertThat(binarizer().spec()).isEqualTo(binarizer().spec());
  }
}
