package org.videosim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A real-valued feature vector of a frame or a clip. Immutable; arrays are copied in and out.
 */
public final class Embedding {
  private final float[] values;

  private Embedding(float[] values) {
    this.values = values;
  }

  /** An embedding holding a copy of {@code values}; every value must be finite. */
  public static Embedding of(float... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("an embedding needs at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
      }
    }
    return new Embedding(values.clone());
  }

  /** Number of values. */
  public int dimension() {
    return values.length;
  }

  /**
   * Value {@code i}.
   *
   * @param i an index in [0, {@link #dimension()})
   * @return the value
   * @throws IndexOutOfBoundsException if {@code i} is outside the embedding
   */
  public float get(int i) {
    return values[i];
  }

  /** A copy of the values. */
  public float[] toArray() {
    return values.clone();
  }

  /** Dot product; the dimensions must agree. */
  public double dot(Embedding other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "dimensions differ: " + values.length + " vs " + other.values.length);
    }
    double s = 0;
    for (int i = 0; i < values.length; i++) {
      s += (double) values[i] * other.values[i];
    }
    return s;
  }

  /** Euclidean norm. */
  public double norm() {
    return Math.sqrt(dot(this));
  }

  /** This vector scaled to unit length (returned unchanged if its norm is 0). */
  public Embedding normalized() {
    double n = norm();
    if (n == 0) {
      return this;
    }
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (values[i] / n);
    }
    return new Embedding(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding && Arrays.equals(values, ((Embedding) o).values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Embedding(").append(values.length).append(": ");
    for (int i = 0; i < Math.min(4, values.length); i++) {
      sb.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return sb.append(values.length > 4 ? ", ...)" : ")").toString();
  }
}
