package org.videosim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary code of a fixed number of bits, stored little-endian in 64-bit words (bit {@code i} is bit
 * {@code i % 64} of word {@code i / 64}; unused high bits of the last word are zero). Immutable.
 */
public final class BitCode {
  private final int bits;
  private final long[] words;

  private BitCode(int bits, long[] words) {
    this.bits = bits;
    this.words = words;
  }

  /**
   * A code of {@code bits} bits held in {@code words} (copied).
   *
   * @throws IllegalArgumentException if the word count does not fit the bit count or unused bits are set
   */
  public static BitCode of(int bits, long... words) {
    Objects.requireNonNull(words, "words");
    if (bits <= 0) {
      throw new IllegalArgumentException("bits must be positive: " + bits);
    }
    if (words.length != wordsFor(bits)) {
      throw new IllegalArgumentException(bits + " bits need " + wordsFor(bits) + " words: " + words.length);
    }
    if (bits % 64 != 0 && (words[words.length - 1] >>> (bits % 64)) != 0) {
      throw new IllegalArgumentException("bits beyond " + bits + " are set");
    }
    return new BitCode(bits, words.clone());
  }

  /** A code whose bit {@code i} is set where {@code set[i]} is true. */
  public static BitCode fromBits(boolean[] set) {
    long[] w = new long[wordsFor(set.length)];
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        w[i >>> 6] |= 1L << i;
      }
    }
    return new BitCode(set.length, w);
  }

  /** Number of 64-bit words needed for {@code bits} bits. */
  public static int wordsFor(int bits) {
    return (bits + 63) >>> 6;
  }

  /** Number of bits, at least 1. */
  public int bits() {
    return bits;
  }

  /**
   * Bit {@code i}, counted from 0.
   *
   * @param i a bit index in [0, {@link #bits()})
   * @return whether the bit is set
   * @throws IndexOutOfBoundsException if {@code i} is outside the code
   */
  public boolean get(int i) {
    Objects.checkIndex(i, bits);
    return (words[i >>> 6] >>> i & 1L) != 0;
  }

  /** Number of set bits. */
  public int cardinality() {
    int c = 0;
    for (long w : words) {
      c += Long.bitCount(w);
    }
    return c;
  }

  /** A copy of the words. */
  public long[] toLongArray() {
    return words.clone();
  }

  /** Copies the words into {@code dst} from {@code offset}. */
  public void copyTo(long[] dst, int offset) {
    System.arraycopy(words, 0, dst, offset, words.length);
  }

  /**
   * Number of differing bits between the codes of {@code words} words at {@code ao} in {@code a} and {@code bo} in
   * {@code b}: codes packed one after another into long arrays, as the matcher and background sets keep them.
   */
  static int distance(long[] a, int ao, long[] b, int bo, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(a[ao + w] ^ b[bo + w]);
    }
    return d;
  }

  /** Number of differing bits; both codes must have the same length. */
  public int hammingDistance(BitCode other) {
    if (other.bits != bits) {
      throw new IllegalArgumentException("code lengths differ: " + bits + " vs " + other.bits);
    }
    int d = 0;
    for (int i = 0; i < words.length; i++) {
      d += Long.bitCount(words[i] ^ other.words[i]);
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BitCode && ((BitCode) o).bits == bits && Arrays.equals(words, ((BitCode) o).words);
  }

  @Override
  public int hashCode() {
    return 31 * bits + Arrays.hashCode(words);
  }

  /** Bit count and hexadecimal words, most significant word first. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("BitCode(").append(bits).append(": ");
    for (int i = words.length - 1; i >= 0; i--) {
      sb.append(String.format("%016x", words[i]));
    }
    return sb.append(')').toString();
  }
}
