package org.videosim.hashing;

import java.util.Arrays;
import java.util.Objects;

/**
 * Hamming-distance kernels over codes stored contiguously in a {@code long[]}: code {@code i} of {@code words}
 * 64-bit words occupies {@code codes[i * words .. (i + 1) * words)}. Stateless and thread-safe.
 *
 * <p>The kernels use {@link Long#bitCount} (a JIT intrinsic: one {@code popcnt} instruction) and have unrolled
 * loops for 1, 2, 4 and 8 words (64, 128, 256 and 512 bits); other lengths take a generic loop. The
 * {@linkplain #withinRadius radius} and {@linkplain #nearest top-k} kernels read each code once and write only
 * the hits, so they run at about the speed the memory delivers the codes (see {@code HammingBenchmark}). The JDK 17
 * Vector API (an incubator module behind a flag) has no lane-wise bit count (it came in JDK 19), so a vector kernel
 * would need a table-lookup popcount; it is not used. (Computing the distances of blocks of 256 codes into a small
 * array and picking the hits from it measured no faster.)
 *
 * <p>Hits are returned <em>packed</em> into a {@code long}: the distance in the high 32 bits and the code's index in
 * the low 32 bits, so that sorting packed hits orders them by distance, then index. Unpack with
 * {@link #distanceOf(long)} and {@link #indexOf(long)}.
 *
 * <p>Arguments are checked: a {@code null} array gives a {@link NullPointerException}, sizes that do not fit give
 * an {@link IllegalArgumentException}.
 */
public final class Hamming {
  private static final long[] NONE = new long[0];

  private Hamming() {}

  /** Distance between code {@code a} at {@code ao} and code {@code b} at {@code bo}, both {@code words} long. */
  public static int distance(long[] a, int ao, long[] b, int bo, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(a[ao + w] ^ b[bo + w]);
    }
    return d;
  }

  /** A hit packed as {@code distance << 32 | index}. */
  public static long pack(int distance, int index) {
    return (long) distance << 32 | (index & 0xffffffffL);
  }

  /** The distance of a packed hit. */
  public static int distanceOf(long packed) {
    return (int) (packed >>> 32);
  }

  /** The code index of a packed hit. */
  public static int indexOf(long packed) {
    return (int) packed;
  }

  /**
   * Distances from {@code query} to each of the first {@code count} codes in {@code codes}.
   *
   * @param out receives {@code count} distances
   */
  public static void distances(long[] query, long[] codes, int words, int count, int[] out) {
    check(query, codes, words, count);
    checkOut(out, count);
    distances(query, codes, words, 0, count, out);
  }

  /**
   * As {@link #distances}, with the codes split into blocks of about 8 MB that run on the common fork-join pool (and
   * the calling thread); scans under two blocks run on the calling thread only.
   */
  public static void distancesParallel(long[] query, long[] codes, int words, int count, int[] out) {
    check(query, codes, words, count);
    checkOut(out, count);
    int perBlock = Math.max(1, BLOCK_WORDS / words);
    int blocks = (int) (((long) count + perBlock - 1) / perBlock);
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
    (blocks < 2 ? range : range.parallel()).forEach(b -> {
      int from = b * perBlock;
      distances(query, codes, words, from, Math.min(count, from + perBlock), out);
    });
  }

  private static void checkOut(int[] out, int count) {
    Objects.requireNonNull(out, "out");
    if (out.length < count) {
      throw new IllegalArgumentException("out has room for " + out.length + " distances, not " + count);
    }
  }

  /** Distances of codes {@code from} to {@code to} into {@code out[from..to)}. */
  private static void distances(long[] query, long[] codes, int words, int from, int to, int[] out) {
    switch (words) {
      case 1: {
        long q0 = query[0];
        for (int i = from; i < to; i++) {
          out[i] = Long.bitCount(codes[i] ^ q0);
        }
        return;
      }
      case 2: {
        long q0 = query[0];
        long q1 = query[1];
        for (int i = from, o = from * 2; i < to; i++, o += 2) {
          out[i] = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1);
        }
        return;
      }
      case 4: {
        long q0 = query[0];
        long q1 = query[1];
        long q2 = query[2];
        long q3 = query[3];
        for (int i = from, o = from * 4; i < to; i++, o += 4) {
          out[i] = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
              + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3);
        }
        return;
      }
      case 8: {
        long q0 = query[0];
        long q1 = query[1];
        long q2 = query[2];
        long q3 = query[3];
        long q4 = query[4];
        long q5 = query[5];
        long q6 = query[6];
        long q7 = query[7];
        for (int i = from, o = from * 8; i < to; i++, o += 8) {
          out[i] = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
              + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3)
              + Long.bitCount(codes[o + 4] ^ q4) + Long.bitCount(codes[o + 5] ^ q5)
              + Long.bitCount(codes[o + 6] ^ q6) + Long.bitCount(codes[o + 7] ^ q7);
        }
        return;
      }
      default:
        for (int i = from, o = from * words; i < to; i++, o += words) {
          out[i] = distance(query, 0, codes, o, words);
        }
    }
  }

  /**
   * The codes among the first {@code count} within Hamming distance {@code radius} of {@code query}, as packed hits
   * in ascending index order.
   *
   * @param radius the largest distance included; not negative
   */
  public static long[] withinRadius(long[] query, long[] codes, int words, int count, int radius) {
    checkRadius(query, codes, words, count, radius);
    Hits hits = new Hits();
    withinRadius(query, codes, words, 0, count, radius, hits);
    return hits.toArray();
  }

  /** Words per block of a parallel scan: 8 MB of codes. */
  private static final int BLOCK_WORDS = 1 << 20;

  /**
   * As {@link #withinRadius}, with the codes split into blocks of about 8 MB that run on the common fork-join pool
   * (and the calling thread): the same hits in the same order. Scans under two blocks run on the calling thread
   * only. For large scans of one query at a time; many concurrent searches are better served by
   * {@link #withinRadius}, one per thread.
   */
  public static long[] withinRadiusParallel(long[] query, long[] codes, int words, int count, int radius) {
    checkRadius(query, codes, words, count, radius);
    int perBlock = Math.max(1, BLOCK_WORDS / words);
    int blocks = (int) (((long) count + perBlock - 1) / perBlock);
    if (blocks < 2) {
      return withinRadius(query, codes, words, count, radius);
    }
    Hits[] parts = new Hits[blocks];
    java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
      int from = b * perBlock;
      parts[b] = new Hits();
      withinRadius(query, codes, words, from, Math.min(count, from + perBlock), radius, parts[b]);
    });
    int n = 0;
    for (Hits h : parts) {
      n += h.n;
    }
    long[] all = new long[n];
    int at = 0;
    for (Hits h : parts) {
      System.arraycopy(h.a, 0, all, at, h.n);
      at += h.n;
    }
    return all;
  }

  private static void checkRadius(long[] query, long[] codes, int words, int count, int radius) {
    check(query, codes, words, count);
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
  }

  /** The hits among codes {@code from} to {@code to}, in index order. */
  private static void withinRadius(long[] query, long[] codes, int words, int from, int to, int radius,
      Hits hits) {
    switch (words) {
      case 1:
        radius1(query, codes, from, to, radius, hits);
        break;
      case 2:
        radius2(query, codes, from, to, radius, hits);
        break;
      case 4:
        radius4(query, codes, from, to, radius, hits);
        break;
      case 8:
        radius8(query, codes, from, to, radius, hits);
        break;
      default:
        for (int i = from, o = from * words; i < to; i++, o += words) {
          int d = distance(query, 0, codes, o, words);
          if (d <= radius) {
            hits.add(pack(d, i));
          }
        }
    }
  }

  // The one- and two-word loops go through blocks of 64 codes in two passes: the first only counts the codes within
  // reach (a method of its own whose loop holds bit counts and compares and no store, which C2 compiles to run at
  // about the speed of reading the memory), and only a block that holds one goes through again to record it. The
  // four- and eight-word loops give up on a code whose first half alone is already out of reach: for a radius under
  // half the bits, nearly every code. On one thread, 10M random codes, radius bits / 8 (HammingBenchmark, against
  // summing the same long[] in the same run): 0.88 / 0.90 / 1.20 / 1.20 of its speed at 64 / 128 / 256 / 512 bits,
  // against 0.72 / 0.93 / 0.83 / 0.85 with one branch per 8, 4, 2 or 1 codes.

  private static final int BLOCK = 64;

  private static void radius1(long[] query, long[] codes, int from, int to, int radius, Hits hits) {
    long q0 = query[0];
    for (int start = from; start < to; start += BLOCK) {
      int end = Math.min(to, start + BLOCK);
      if (within1(q0, codes, start, end, radius) > 0) {
        record(query, codes, 1, start, end, radius, hits);
      }
    }
  }

  /** How many of the one-word codes {@code start} to {@code end} lie within {@code radius}: the first pass. */
  private static int within1(long q0, long[] codes, int start, int end, int radius) {
    int n = 0;
    for (int i = start; i < end; i++) {
      if (Long.bitCount(codes[i] ^ q0) <= radius) {
        n++;
      }
    }
    return n;
  }

  /** As {@link #within1}, for two-word codes. */
  private static int within2(long q0, long q1, long[] codes, int start, int end, int radius) {
    int n = 0;
    for (int i = start, o = start * 2; i < end; i++, o += 2) {
      if (Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1) <= radius) {
        n++;
      }
    }
    return n;
  }

  /** Records codes {@code start} to {@code end} within the radius: the second pass of the one- and two-word loops. */
  private static void record(long[] query, long[] codes, int words, int start, int end, int radius, Hits hits) {
    for (int i = start, o = start * words; i < end; i++, o += words) {
      int d = distance(query, 0, codes, o, words);
      if (d <= radius) {
        hits.add(pack(d, i));
      }
    }
  }

  private static void radius2(long[] query, long[] codes, int from, int to, int radius, Hits hits) {
    long q0 = query[0];
    long q1 = query[1];
    for (int start = from; start < to; start += BLOCK) {
      int end = Math.min(to, start + BLOCK);
      if (within2(q0, q1, codes, start, end, radius) > 0) {
        record(query, codes, 2, start, end, radius, hits);
      }
    }
  }

  private static void radius4(long[] query, long[] codes, int from, int to, int radius, Hits hits) {
    long q0 = query[0];
    long q1 = query[1];
    long q2 = query[2];
    long q3 = query[3];
    for (int i = from, o = from * 4; i < to; i++, o += 4) {
      int d = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1);
      if (d > radius) {
        continue;
      }
      d += Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3);
      if (d <= radius) {
        hits.add(pack(d, i));
      }
    }
  }

  private static void radius8(long[] query, long[] codes, int from, int to, int radius, Hits hits) {
    long q0 = query[0];
    long q1 = query[1];
    long q2 = query[2];
    long q3 = query[3];
    long q4 = query[4];
    long q5 = query[5];
    long q6 = query[6];
    long q7 = query[7];
    for (int i = from, o = from * 8; i < to; i++, o += 8) {
      int d = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
          + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3);
      if (d > radius) {
        continue;
      }
      d += Long.bitCount(codes[o + 4] ^ q4) + Long.bitCount(codes[o + 5] ^ q5)
          + Long.bitCount(codes[o + 6] ^ q6) + Long.bitCount(codes[o + 7] ^ q7);
      if (d <= radius) {
        hits.add(pack(d, i));
      }
    }
  }

  /**
   * The {@code k} codes among the first {@code count} nearest to {@code query} (fewer if there are fewer codes), as
   * packed hits sorted by distance, then index.
   *
   * @param k how many; positive
   */
  public static long[] nearest(long[] query, long[] codes, int words, int count, int k) {
    check(query, codes, words, count);
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    TopK top = new TopK(Math.min(k, count));
    if (top.k == 0) {
      return NONE;
    }
    switch (words) {
      case 1:
        nearest1(query, codes, count, top);
        break;
      case 2:
        nearest2(query, codes, count, top);
        break;
      case 4:
        nearest4(query, codes, count, top);
        break;
      case 8:
        nearest8(query, codes, count, top);
        break;
      default: {
        int worst = Integer.MAX_VALUE;
        for (int i = 0, o = 0; i < count; i++, o += words) {
          int d = distance(query, 0, codes, o, words);
          if (d < worst) {
            worst = top.offer(pack(d, i));
          }
        }
      }
    }
    return top.sorted();
  }

  // In the top-k loops a code enters only if strictly nearer than the current k-th: indices increase, so a code at
  // the same distance as the k-th comes later in (distance, index) order and loses the tie. As in the radius loops,
  // the one-, two- and eight-word loops count a block's candidates (against the k-th distance at its start) before
  // offering them; at four words that counting loop ran at 0.4-0.55 of memory speed under C2, so nearest4 keeps one
  // pass. (Giving up on a code by its first half, as the wider radius loops do, does not pay here: the k-th distance
  // of a large scan stays above half of any code's distance.)

  private static void nearest1(long[] query, long[] codes, int count, TopK top) {
    long q0 = query[0];
    int worst = Integer.MAX_VALUE;
    for (int start = 0; start < count; start += BLOCK) {
      int end = Math.min(count, start + BLOCK);
      if (within1(q0, codes, start, end, worst - 1) > 0) {
        worst = offer(query, codes, 1, start, end, worst, top);
      }
    }
  }

  private static void nearest2(long[] query, long[] codes, int count, TopK top) {
    long q0 = query[0];
    long q1 = query[1];
    int worst = Integer.MAX_VALUE;
    for (int start = 0; start < count; start += BLOCK) {
      int end = Math.min(count, start + BLOCK);
      if (within2(q0, q1, codes, start, end, worst - 1) > 0) {
        worst = offer(query, codes, 2, start, end, worst, top);
      }
    }
  }

  /** Offers codes {@code start} to {@code end} that are nearer than {@code worst}; returns the new k-th distance. */
  private static int offer(long[] query, long[] codes, int words, int start, int end, int worst, TopK top) {
    for (int i = start, o = start * words; i < end; i++, o += words) {
      int d = distance(query, 0, codes, o, words);
      if (d < worst) {
        worst = top.offer(pack(d, i));
      }
    }
    return worst;
  }

  private static void nearest4(long[] query, long[] codes, int count, TopK top) {
    long q0 = query[0];
    long q1 = query[1];
    long q2 = query[2];
    long q3 = query[3];
    int worst = Integer.MAX_VALUE;
    for (int i = 0, o = 0; i < count; i++, o += 4) {
      int d = Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
          + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3);
      if (d < worst) {
        worst = top.offer(pack(d, i));
      }
    }
  }

  private static void nearest8(long[] query, long[] codes, int count, TopK top) {
    int worst = Integer.MAX_VALUE;
    for (int start = 0; start < count; start += BLOCK) {
      int end = Math.min(count, start + BLOCK);
      if (within8(query, codes, start, end, worst - 1) > 0) {
        worst = offer(query, codes, 8, start, end, worst, top);
      }
    }
  }

  /** As {@link #within1}, for eight-word codes. */
  private static int within8(long[] query, long[] codes, int start, int end, int radius) {
    long q0 = query[0];
    long q1 = query[1];
    long q2 = query[2];
    long q3 = query[3];
    long q4 = query[4];
    long q5 = query[5];
    long q6 = query[6];
    long q7 = query[7];
    int n = 0;
    for (int i = start, o = start * 8; i < end; i++, o += 8) {
      if (Long.bitCount(codes[o] ^ q0) + Long.bitCount(codes[o + 1] ^ q1)
          + Long.bitCount(codes[o + 2] ^ q2) + Long.bitCount(codes[o + 3] ^ q3)
          + Long.bitCount(codes[o + 4] ^ q4) + Long.bitCount(codes[o + 5] ^ q5)
          + Long.bitCount(codes[o + 6] ^ q6) + Long.bitCount(codes[o + 7] ^ q7) <= radius) {
        n++;
      }
    }
    return n;
  }

  private static void check(long[] query, long[] codes, int words, int count) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(codes, "codes");
    if (words < 1) {
      throw new IllegalArgumentException("words must be positive: " + words);
    }
    if (query.length != words) {
      throw new IllegalArgumentException("query must have " + words + " words: " + query.length);
    }
    if (count < 0 || (long) count * words > codes.length) {
      throw new IllegalArgumentException("count " + count + " exceeds the " + codes.length / words + " codes");
    }
  }

  /** A growable list of packed hits. */
  private static final class Hits {
    long[] a = NONE;
    int n;

    void add(long hit) {
      if (n == a.length) {
        a = Arrays.copyOf(a, Math.max(16, n * 2));
      }
      a[n++] = hit;
    }

    long[] toArray() {
      return n == a.length ? a : Arrays.copyOf(a, n);
    }
  }

  /** A bounded max-heap of packed hits: the k best so far, the worst at the root. */
  private static final class TopK {
    final int k;
    final long[] heap;
    int n;

    TopK(int k) {
      this.k = k;
      this.heap = new long[k];
    }

    /** Adds a hit known to beat the current worst (or to fill the heap); returns the new worst distance. */
    int offer(long hit) {
      if (n < k) {
        int i = n++;
        while (i > 0) { // sift up
          int p = (i - 1) >>> 1;
          if (heap[p] >= hit) {
            break;
          }
          heap[i] = heap[p];
          i = p;
        }
        heap[i] = hit;
        return n < k ? Integer.MAX_VALUE : distanceOf(heap[0]);
      }
      int i = 0; // replace the root and sift down
      while (true) {
        int c = 2 * i + 1;
        if (c >= k) {
          break;
        }
        if (c + 1 < k && heap[c + 1] > heap[c]) {
          c++;
        }
        if (heap[c] <= hit) {
          break;
        }
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = hit;
      return distanceOf(heap[0]);
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(heap, n);
      Arrays.sort(out);
      return out;
    }
  }
}
