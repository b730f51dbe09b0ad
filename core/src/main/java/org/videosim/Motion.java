package org.videosim;

import java.util.Arrays;

/**
 * How much a video's picture changes over time: one level per step of {@code 1 / RATE} seconds from its start, the
 * change from the frame at the step's start to the frame at its end (the mean absolute difference of small grey
 * pictures of the whole frame, {@link FrameReader#motion()}), stored as {@code round(16 ln(1 + change))}. A copy
 * changes when its original does, whatever was done to its picture, so two videos whose levels rise and fall together
 * at some time offset share footage even where their pictures look alike everywhere (a fixed camera's other moments
 * look alike but move differently). Immutable; {@link #NONE} where it was not measured.
 */
public final class Motion {
  /** Steps per second: {@link FrameReader#MOTION_RATE}. */
  public static final double RATE = FrameReader.MOTION_RATE;
  /** Levels per unit of {@code ln(1 + change)}. */
  static final double SCALE = 16;
  /** No measurement. */
  public static final Motion NONE = new Motion(new byte[0]);

  private final byte[] levels;

  private Motion(byte[] levels) {
    this.levels = levels;
  }

  /**
   * The motion of a measured series ({@link FrameReader#motion()}: mean absolute grey-level differences, 0-255);
   * {@link #NONE} for null or an empty series.
   *
   * @throws IllegalArgumentException if a value is negative or not finite
   */
  public static Motion of(float[] changes) {
    if (changes == null || changes.length == 0) {
      return NONE;
    }
    byte[] levels = new byte[changes.length];
    for (int i = 0; i < changes.length; i++) {
      float c = changes[i];
      if (!(c >= 0) || !Float.isFinite(c)) {
        throw new IllegalArgumentException("change " + i + " must be finite and not negative: " + c);
      }
      levels[i] = (byte) Math.min(255, Math.round(SCALE * Math.log1p(c)));
    }
    return new Motion(levels);
  }

  /** The motion of stored levels (each 0-255, as {@link #levels()} gives them); {@link #NONE} for none. */
  public static Motion ofLevels(byte[] levels) {
    return levels.length == 0 ? NONE : new Motion(levels.clone());
  }

  /** Number of steps measured; 0 for {@link #NONE}. */
  public int size() {
    return levels.length;
  }

  /** Whether nothing was measured. */
  public boolean isEmpty() {
    return levels.length == 0;
  }

  /** The stored levels, a copy. */
  public byte[] levels() {
    return levels.clone();
  }

  /** Step {@code i}'s level, {@code round(16 ln(1 + change))} in [0, 255]. */
  public int level(int i) {
    return levels[i] & 0xff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Motion m && Arrays.equals(levels, m.levels);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return isEmpty() ? "Motion(none)" : String.format(java.util.Locale.ROOT, "Motion(%d steps, %.1f s)", size(),
        size() / RATE);
  }
}
