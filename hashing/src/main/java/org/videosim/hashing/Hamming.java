package org.videosim.hashing;

import java.util.Objects;

/**
 * Hamming-distance kernels over codes stored contiguously in a {@code long[]}: code {@code i} of {@code words}
 * 64-bit words occupies {@code codes[i * words .. (i + 1) * words)}. Stateless and thread-safe.
 */
public final class Hamming {
  private Hamming() {}

  /** Distance between code {@code a} at {@code ao} and code {@code b} at {@code bo}, both {@code words} long. */
  public static int distance(long[] a, int ao, long[] b, int bo, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(a[ao + w] ^ b[bo + w]);
    }
    return d;
  }

  /**
   * Distances from {@code query} to each of the first {@code count} codes in {@code codes}.
   *
   * @param out receives {@code count} distances
   */
  public static void distances(long[] query, long[] codes, int words, int count, int[] out) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(codes, "codes");
    if (query.length != words) {
      throw new IllegalArgumentException("query must have " + words + " words: " + query.length);
    }
    if ((long) count * words > codes.length || out.length < count) {
      throw new IllegalArgumentException("count " + count + " exceeds the codes or the output");
    }
    switch (words) {
      case 1: {
        long q0 = query[0];
        for (int i = 0; i < count; i++) {
          out[i] = Long.bitCount(codes[i] ^ q0);
        }
        return;
      }
      case 4: {
        long q0 = query[0];
        long q1 = query[1];
        long q2 = query[2];
        long q3 = query[3];
        for (int i = 0, o = 0; i < count; i++, o += 4) {
          out[i] = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
              + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3);
        }
        return;
      }
      default:
        for (int i = 0, o = 0; i < count; i++, o += words) {
          out[i] = distance(query, 0, codes, o, words);
        }
    }
  }
}
