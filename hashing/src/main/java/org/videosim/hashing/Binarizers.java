package org.videosim.hashing;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.videosim.Binarizer;
import org.videosim.Embedding;

/**
 * Static factories of fitted {@link Binarizer}s. The unfitted ones are in core: {@link Binarizer#sign()} and
 * {@link Binarizer#thresholds(float[])}.
 *
 * <p>Fitting is deterministic: the same sample (and seed) gives an equal binarizer. The binarizers returned are
 * immutable and thread-safe; the factories throw {@link IllegalArgumentException} for unusable samples.
 */
public final class Binarizers {
  private Binarizers() {}

  /**
   * IsoHash fitted on a sample: PCA to {@code bits} dimensions, then the orthogonal rotation that equalizes their
   * variances. Save it with {@link IsoHashBinarizer#save} and read it back with {@link IsoHashBinarizer#load}.
   *
   * @param sample at least {@code bits + 1} embeddings of one dimension, which must be at least {@code bits}
   * @param bits code length, e.g. 64, 128, 256 or 512
   * @param seed the seed of the random start of the rotation
   */
  public static IsoHashBinarizer isoHash(List<Embedding> sample, int bits, long seed) {
    return IsoHashBinarizer.fit(sample, bits, seed);
  }

  /** IsoHash fitted on the rows of a matrix (not modified); see {@link #isoHash(List, int, long)}. */
  public static IsoHashBinarizer isoHash(float[][] sample, int bits, long seed) {
    return IsoHashBinarizer.fit(sample, bits, seed);
  }

  /**
   * One bit per dimension, set where the value exceeds the sample's median of that dimension, so that each bit is
   * set for half of the sample: {@link Binarizer#thresholds(float[])} with the medians.
   *
   * @param sample at least one embedding; all of one dimension
   */
  public static Binarizer medianThresholds(List<Embedding> sample) {
    Objects.requireNonNull(sample, "sample");
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("sample must not be empty");
    }
    int d = Objects.requireNonNull(sample.get(0), "sample element").dimension();
    float[][] columns = new float[d][sample.size()];
    for (int i = 0; i < sample.size(); i++) {
      Embedding e = Objects.requireNonNull(sample.get(i), "sample element");
      if (e.dimension() != d) {
        throw new IllegalArgumentException("sample element " + i + " has dimension " + e.dimension() + ", not " + d);
      }
      for (int j = 0; j < d; j++) {
        columns[j][i] = e.get(j);
      }
    }
    float[] medians = new float[d];
    for (int j = 0; j < d; j++) {
      float[] c = columns[j];
      Arrays.sort(c);
      int n = c.length;
      medians[j] = n % 2 == 1 ? c[n / 2] : (float) ((c[n / 2 - 1] + (double) c[n / 2]) / 2);
    }
    return Binarizer.thresholds(medians);
  }
}
