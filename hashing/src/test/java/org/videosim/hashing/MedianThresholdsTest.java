package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.Binarizer;
import org.videosim.testkit.BinarizerContract;
import org.videosim.BitCode;
import org.videosim.Embedding;

/** Median thresholds: the binarizer contract, and every bit set for half of the sample it was fitted on. */
class MedianThresholdsTest extends BinarizerContract {
  private static final List<Embedding> SAMPLE = sample(new Random(8), 501);
  private static final Binarizer BINARIZER = Binarizers.medianThresholds(SAMPLE);

  static List<Embedding> sample(Random rnd, int n) {
    List<Embedding> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[24];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (j + Math.exp(rnd.nextGaussian())); // skewed, off-centre: sign() would set every bit
      }
      s.add(Embedding.of(v));
    }
    return s;
  }

  @Override
  protected Binarizer binarizer() {
    return BINARIZER;
  }

  @Override
  protected int dimension() {
    return 24;
  }

  /** Embeddings from the distribution of the sample (the contract's default is centred on 0). */
  @Override
  protected Embedding random(Random rnd) {
    return sample(rnd, 1).get(0);
  }

  @Test
  void medianThresholds_setEachBitForHalfTheSample() {
    int[] ones = new int[24];
    for (Embedding e : SAMPLE) {
      BitCode c = BINARIZER.binarize(e);
      for (int k = 0; k < 24; k++) {
        ones[k] += c.get(k) ? 1 : 0;
      }
    }
    assertThat(ones).containsOnly(250); // 501 values: 250 above the median, the median itself, 250 below
    assertThat(BINARIZER.name()).isEqualTo("thresholds");
  }

  @Test
  void medianThresholds_badSamples_areRejected() {
    assertThatThrownBy(() -> Binarizers.medianThresholds(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Binarizers.medianThresholds(List.of(Embedding.of(1f), Embedding.of(1f, 2f))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element 1");
  }
}
