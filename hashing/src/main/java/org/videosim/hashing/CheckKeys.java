package org.videosim.hashing;

import java.util.List;
import org.videosim.BitCode;
import org.videosim.VideoFingerprint;
import org.videosim.internal.CodeOrientations;

/**
 * The second way to candidates, through the check codes: the learned clip codes of a copy that was turned, flipped,
 * compressed hard or blurred can lie far from its source's (a JPEG-blocked copy of the evaluation harness: 100 of
 * 256 bits at best), while the matcher still calls it a copy on its training-free check codes (the DCT signs of the
 * default pipeline). Those copies were never candidates, so dedup missed them.
 *
 * <p>Each clip's check code (flat frames' codes, with no bit set, left out) is cut into {@link #SUBSTRINGS}
 * substrings; a key is the substring's number and value. A clip of video Q hits a clip of video V when Q's check code,
 * as it is or in one of the other orientations the codes have ({@link CodeOrientations}: mirrors, quarter turns,
 * transpositions), shares a key with V's exactly and lies within {@link #radiusFor the radius} of it. The single
 * machine dedup, the Spark job (a key join) and {@link FingerprintIndex#searchChecks} all find exactly these clip
 * pairs, so they give the same candidates.
 *
 * <p>The radius, 19% of the bits (12 of the default pipeline's 63), was chosen on the evaluation harness's pairs of
 * its calibration units (evaluation/calibration-units.txt): it gives 79% of their copies a hit and 27 of 3,830
 * non-copy pairs one (14 bits: 80% and 36). Not chosen on the dev benchmark.
 */
public final class CheckKeys {
  /** Substrings per check code: a key is one of them, exactly. */
  public static final int SUBSTRINGS = 4;
  /** The radius as a fraction of the check code's bits. */
  public static final double RADIUS_FRACTION = 0.19;

  private CheckKeys() {}

  /** The Hamming radius of a check-code hit for codes of {@code bits} bits. */
  public static int radiusFor(int bits) {
    return (int) Math.round(RADIUS_FRACTION * bits);
  }

  /**
   * A fingerprint's check codes packed ({@code words} longs per clip), in every orientation they have: index 0 as
   * they are, then the others (none when the codes have no orientations); an empty array without check codes.
   */
  public static long[][] orientations(VideoFingerprint fp) {
    int bits = fp.checkBits();
    if (bits == 0 || fp.checks().isEmpty()) {
      return new long[0][];
    }
    int words = BitCode.wordsFor(bits);
    long[] raw = pack(fp.checks());
    CodeOrientations o = CodeOrientations.of(fp.spec().stages().get("check"), null);
    if (o == null || o.bits() != bits) {
      return new long[][] {raw};
    }
    long[][] out = new long[o.count()][];
    out[0] = raw;
    for (int g = 1; g < o.count(); g++) {
      out[g] = o.apply(g, raw, words);
    }
    return out;
  }

  /** Codes of one length packed one after the other, {@code BitCode.wordsFor(bits)} longs each. */
  public static long[] pack(List<BitCode> codes) {
    int words = codes.isEmpty() ? 0 : BitCode.wordsFor(codes.get(0).bits());
    long[] out = new long[codes.size() * words];
    for (int i = 0; i < codes.size(); i++) {
      codes.get(i).copyTo(out, i * words);
    }
    return out;
  }

  /** True when clip {@code clip}'s code has no bit set (a flat frame's): it gives no key. */
  public static boolean flat(long[] codes, int clip, int words) {
    for (int w = 0; w < words; w++) {
      if (codes[clip * words + w] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The {@link #SUBSTRINGS} keys of clip {@code clip}'s code: {@code j << 16 | value of substring j}. */
  public static int[] keys(long[] codes, int clip, int words, int bits) {
    int[] out = new int[SUBSTRINGS];
    for (int j = 0; j < SUBSTRINGS; j++) {
      out[j] = key(codes, clip, words, bits, j);
    }
    return out;
  }

  /** Key {@code j} of clip {@code clip}'s code alone ({@link #keys}{@code [j]}). */
  public static int key(long[] codes, int clip, int words, int bits, int j) {
    if (bits > SUBSTRINGS * 16) {
      throw new IllegalArgumentException("check codes of " + bits + " bits: keys take at most " + SUBSTRINGS * 16);
    }
    // substring j starts after the j before it, the first bits % SUBSTRINGS of which are a bit longer
    int start = j * (bits / SUBSTRINGS) + Math.min(j, bits % SUBSTRINGS);
    int len = bits / SUBSTRINGS + (j < bits % SUBSTRINGS ? 1 : 0);
    int v = 0;
    for (int i = 0; i < len; i++) {
      int bit = start + i;
      if ((codes[clip * words + (bit >>> 6)] >>> (bit & 63) & 1L) != 0) {
        v |= 1 << i;
      }
    }
    return j << 16 | v;
  }

  /**
   * True when clip {@code b} of {@code y} is a hit of clip {@code a} of {@code x}: a key in common and within
   * {@code radius} ({@code y}'s clip not flat).
   */
  public static boolean hit(long[] x, int a, long[] y, int b, int words, int bits, int radius) {
    if (flat(y, b, words) || distance(x, a, y, b, words) > radius) {
      return false;
    }
    int[] kx = keys(x, a, words, bits);
    int[] ky = keys(y, b, words, bits);
    for (int j = 0; j < SUBSTRINGS; j++) {
      if (kx[j] == ky[j]) {
        return true;
      }
    }
    return false;
  }

  /** The Hamming distance between clip {@code a} of {@code x} and clip {@code b} of {@code y}. */
  public static int distance(long[] x, int a, long[] y, int b, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(x[a * words + w] ^ y[b * words + w]);
    }
    return d;
  }
}
