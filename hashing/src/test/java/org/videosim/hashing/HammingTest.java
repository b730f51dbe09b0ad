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

  /** Random codes; with {@code fewBits} only 6 bits vary, so that many codes tie. */
  private static long[] randomCodes(Random rnd, int n, int words, boolean fewBits) {
    long[] codes = new long[n * words];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = fewBits ? (i % words == 0 ? rnd.nextLong() & 0x3fL : 0L) : rnd.nextLong();
    }
    return codes;
  }

  /**
   * Codes that each copy one half of {@code q}'s bits and are random in the other, or differ from {@code q} in a few
   * bits: the kernels' shortcuts (a block of codes counted before it is recorded, a code given up on its first half)
   * meet codes that pass the first test and fail the second, and the reverse.
   */
  private static long[] halvesOf(Random rnd, long[] q, int n) {
    int words = q.length;
    int bits = 64 * words;
    long[] codes = new long[n * words];
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(3);
      for (int b = 0; b < bits; b++) {
        boolean first = b < bits / 2;
        boolean bit = (q[b / 64] >>> (b % 64) & 1) != 0;
        if (kind == 0 && !first || kind == 1 && first) {
          bit = rnd.nextBoolean();
        } else if (kind == 2 && rnd.nextInt(bits) < 4) {
          bit = !bit;
        }
        if (bit) {
          codes[i * words + b / 64] |= 1L << (b % 64);
        }
      }
    }
    return codes;
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 2, 4, 8})
  void kernels_codesNearTheQueryInOneHalf_matchTheNaiveReference(int words) {
    long seed = 1205L * words + 7;
    Random rnd = new Random(seed);
    long[] q = randomCodes(rnd, 1, words, false);
    int n = 1000 + rnd.nextInt(1000);
    long[] codes = halvesOf(rnd, q, n);
    long[] all = reference(q, codes, words, n);
    for (int radius : new int[] {0, 2, 5, 8 * words, 16 * words, 32 * words, 40 * words}) {
      long[] expected = java.util.Arrays.stream(all).filter(h -> Hamming.distanceOf(h) <= radius).toArray();
      assertThat(Hamming.withinRadius(q, codes, words, n, radius)).as("seed %d, radius %d", seed, radius)
          .containsExactly(expected);
    }
    long[] sorted = all.clone();
    java.util.Arrays.sort(sorted);
    for (int k : new int[] {1, 10, 333, n}) {
      assertThat(Hamming.nearest(q, codes, words, n, k)).as("seed %d, k %d", seed, k)
          .containsExactly(java.util.Arrays.copyOf(sorted, k));
    }
  }

  private static long[] reference(long[] q, long[] codes, int words, int n) {
    long[] all = new long[n];
    for (int i = 0; i < n; i++) {
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(q[w] ^ codes[i * words + w]);
      }
      all[i] = Hamming.pack(d, i);
    }
    return all;
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void withinRadius_matchesNaiveFilterOnRandomCodes(int words) {
    long seed = 77L * words + 1;
    Random rnd = new Random(seed);
    for (boolean fewBits : new boolean[] {false, true}) {
      int n = 1 + rnd.nextInt(2000);
      long[] codes = randomCodes(rnd, n, words, fewBits);
      long[] q = java.util.Arrays.copyOfRange(codes, 0, words);
      q[0] ^= 1L << rnd.nextInt(64);
      long[] all = reference(q, codes, words, n);
      for (int radius : new int[] {0, 1, 3, 16 * words, 32 * words, 64 * words}) {
        long[] expected = java.util.Arrays.stream(all).filter(h -> Hamming.distanceOf(h) <= radius).toArray();
        assertThat(Hamming.withinRadius(q, codes, words, n, radius)).as("seed %d, radius %d", seed, radius)
            .containsExactly(expected);
      }
      assertThat(Hamming.withinRadius(q, codes, words, n, 64 * words)).hasSize(n);
    }
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 2, 4, 8})
  void parallelScans_manyBlocks_equalTheNaiveReference(int words) {
    long seed = 1207L * words;
    Random rnd = new Random(seed);
    int n = (1 << 20) / words * 2 + 1 + rnd.nextInt(1000); // two blocks of 8 MB and a part of a third
    long[] codes = randomCodes(rnd, n, words, false);
    long[] q = java.util.Arrays.copyOfRange(codes, 0, words);
    long[] all = reference(q, codes, words, n);
    int radius = 32 * words - (int) Math.sqrt(64 * words); // two deviations below the mean: about 2% of codes
    long[] expected = java.util.Arrays.stream(all).filter(h -> Hamming.distanceOf(h) <= radius).toArray();
    long[] hits = Hamming.withinRadiusParallel(q, codes, words, n, radius);
    assertThat(expected.length).isGreaterThan(1000);
    if (!java.util.Arrays.equals(hits, expected)) { // (AssertJ's diff of a large array takes minutes)
      throw new AssertionError("seed " + seed + ": " + hits.length + " hits, expected " + expected.length);
    }
    int[] out = new int[n];
    Hamming.distancesParallel(q, codes, words, n, out);
    for (int i = 0; i < n; i++) {
      if (out[i] != Hamming.distanceOf(all[i])) {
        throw new AssertionError("seed " + seed + ", code " + i + ": " + out[i] + " != " + all[i]);
      }
    }
    assertThatThrownBy(() -> Hamming.withinRadiusParallel(q, codes, words, n, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hamming.distancesParallel(q, codes, words, n, new int[n - 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void nearest_matchesNaiveSortIncludingTies(int words) {
    long seed = 91L * words + 3;
    Random rnd = new Random(seed);
    for (boolean fewBits : new boolean[] {false, true}) {
      int n = 1 + rnd.nextInt(3000);
      long[] codes = randomCodes(rnd, n, words, fewBits);
      long[] q = randomCodes(rnd, 1, words, fewBits);
      long[] all = reference(q, codes, words, n);
      java.util.Arrays.sort(all);
      for (int k : new int[] {1, 2, 7, 100, n, n + 5}) {
        assertThat(Hamming.nearest(q, codes, words, n, k)).as("seed %d, k %d, fewBits %s", seed, k, fewBits)
            .containsExactly(java.util.Arrays.copyOf(all, Math.min(k, n)));
      }
    }
  }

  @ParameterizedTest(name = "{0} words")
  @ValueSource(ints = {1, 4})
  void kernels_badArguments_areRejected(int words) {
    assertThatThrownBy(() -> Hamming.withinRadius(new long[words], new long[words], words, 1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    assertThatThrownBy(() -> Hamming.nearest(new long[words], new long[words], words, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    assertThatThrownBy(() -> Hamming.nearest(new long[words], new long[words], words, 2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> Hamming.withinRadius(null, new long[words], words, 1, 1))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("query");
    assertThat(Hamming.nearest(new long[words], new long[0], words, 0, 3)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void pack_roundTripsDistanceAndIndexAndSortsByDistanceThenIndex() {
    long a = Hamming.pack(3, Integer.MAX_VALUE);
    long b = Hamming.pack(4, 0);
    assertThat(Hamming.distanceOf(a)).isEqualTo(3);
    assertThat(Hamming.indexOf(a)).isEqualTo(Integer.MAX_VALUE);
    assertThat(a).isLessThan(b);
    assertThat(Hamming.pack(4, 1)).isGreaterThan(b);
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
