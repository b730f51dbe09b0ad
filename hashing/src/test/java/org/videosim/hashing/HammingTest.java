package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videosim.BitCode;

class HammingTest {
  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void distances_matchBitCodeOnRandomCodes(int words) {
    long seed = 20261125L + words;
    Random rnd = new Random(seed);
    int n = 777;
    long[] codes = new long[n * words];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = rnd.nextLong();
    }
    long[] q = new long[words];
    for (int i = 0; i < words; i++) {
      q[i] = rnd.nextLong();
    }
    int[] out = new int[n];
    Hamming.distances(q, codes, words, n, out);
    for (int i = 0; i < n; i++) {
      long[] c = new long[words];
      System.arraycopy(codes, i * words, c, 0, words);
      assertThat(out[i]).as("seed %d, code %d", seed, i)
          .isEqualTo(BitCode.of(64 * words, c).hammingDistance(BitCode.of(64 * words, q)));
      assertThat(Hamming.distance(q, 0, codes, i * words, words)).isEqualTo(out[i]);
    }
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 4})
  void distances_badSizes_areRejected(int words) {
    assertThatThrownBy(() -> Hamming.distances(new long[words + 1], new long[words], words, 1, new int[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hamming.distances(new long[words], new long[words], words, 2, new int[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
