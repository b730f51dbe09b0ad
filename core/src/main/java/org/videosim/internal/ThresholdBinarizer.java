package org.videosim.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.nio.ByteBuffer;
import org.videosim.Binarizer;
import org.videosim.BitCode;
import org.videosim.Embedding;

/**
 * One bit per dimension: set where the value exceeds its threshold (0 for {@link Binarizer#sign()}). Immutable and
 * thread-safe.
 */
public final class ThresholdBinarizer implements Binarizer {
  public static final ThresholdBinarizer SIGN = new ThresholdBinarizer(null);

  private final float[] thresholds; // null: all zero, any dimension

  private ThresholdBinarizer(float[] thresholds) {
    this.thresholds = thresholds;
  }

  public static ThresholdBinarizer of(float[] thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    if (thresholds.length == 0) {
      throw new IllegalArgumentException("thresholds must not be empty");
    }
    for (int i = 0; i < thresholds.length; i++) {
      if (!Float.isFinite(thresholds[i])) {
        throw new IllegalArgumentException("threshold " + i + " is not finite: " + thresholds[i]);
      }
    }
    return new ThresholdBinarizer(thresholds.clone());
  }

  @Override
  public String name() {
    return thresholds == null ? "sign" : "thresholds";
  }

  @Override
  public Map<String, String> parameters() {
    if (thresholds == null) {
      return Map.of();
    }
    ByteBuffer b = ByteBuffer.allocate(thresholds.length * 4);
    for (float t : thresholds) {
      b.putFloat(t);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array());
    return Map.of("dimensions", Integer.toString(thresholds.length), "crc32", Long.toHexString(crc.getValue()));
  }

  @Override
  public int bits(int dimension) {
    if (thresholds != null && dimension != thresholds.length) {
      throw new IllegalArgumentException("this binarizer takes " + thresholds.length + " dimensions: " + dimension);
    }
    return dimension;
  }

  @Override
  public BitCode binarize(Embedding embedding) {
    int d = embedding.dimension();
    bits(d);
    long[] words = new long[BitCode.wordsFor(d)];
    for (int i = 0; i < d; i++) {
      float t = thresholds == null ? 0f : thresholds[i];
      if (embedding.get(i) > t) {
        words[i >>> 6] |= 1L << i;
      }
    }
    return BitCode.of(d, words);
  }

  @Override
  public String toString() {
    return thresholds == null ? "SignBinarizer" : "ThresholdBinarizer(" + thresholds.length + " thresholds: "
        + Arrays.toString(Arrays.copyOf(thresholds, Math.min(4, thresholds.length))) + "...)";
  }
}
