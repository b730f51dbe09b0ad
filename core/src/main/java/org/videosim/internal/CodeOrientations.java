package org.videosim.internal;

import java.util.Map;
import org.videosim.StageSpec;

/**
 * How the eight symmetries of the rectangle (flips, quarter turns, transpositions) act on codes whose bits are the
 * signs of an orientable descriptor: a frame turned or flipped gets the code of the frame with its bits permuted and
 * some inverted, so a matcher can try every orientation of one code against the other without encoding anything
 * again. Immutable and thread-safe.
 */
public final class CodeOrientations {
  private final int bits;
  /** Per symmetry, per bit of the transformed code: the source bit, and whether it is inverted. */
  private final int[][] source;
  private final boolean[][] inverted;

  private CodeOrientations(int[][] signedMaps) {
    this.bits = signedMaps[0].length;
    this.source = new int[signedMaps.length][bits];
    this.inverted = new boolean[signedMaps.length][bits];
    for (int g = 0; g < signedMaps.length; g++) {
      for (int i = 0; i < bits; i++) {
        int m = signedMaps[g][i];
        source[g][i] = Math.abs(m) - 1;
        inverted[g][i] = m < 0;
      }
    }
  }

  /**
   * The orientations of the codes an encoder and a sign binarizer make, or null when they have none: the DCT
   * descriptor in its orientable layout ({@code dct} with {@code mirror=none}) binarised by sign bits.
   */
  public static CodeOrientations of(StageSpec encoder, StageSpec binarizer) {
    if (encoder == null || !"dct".equals(encoder.name()) || !"none".equals(encoder.parameters().get("mirror"))) {
      return null;
    }
    if (binarizer != null && !"sign".equals(binarizer.name())) {
      return null;
    }
    Map<String, String> p = encoder.parameters();
    int k = Integer.parseInt(p.getOrDefault("coefficients", "8"));
    return new CodeOrientations(DctFrameEncoder.orientations(k));
  }

  /** The number of orientations (8), the identity first. */
  public int count() {
    return source.length;
  }

  /** Bits per code. */
  public int bits() {
    return bits;
  }

  /**
   * Packed codes (each {@code words} longs, bit {@code i} in word {@code i / 64}) as the frame turned or flipped by
   * orientation {@code g} would have them.
   */
  public long[] apply(int g, long[] packed, int words) {
    long[] out = new long[packed.length];
    int n = packed.length / words;
    for (int c = 0; c < n; c++) {
      int base = c * words;
      for (int i = 0; i < bits; i++) {
        int s = source[g][i];
        boolean bit = ((packed[base + (s >>> 6)] >>> (s & 63)) & 1L) != 0;
        if (bit ^ inverted[g][i]) {
          out[base + (i >>> 6)] |= 1L << (i & 63);
        }
      }
    }
    return out;
  }
}
