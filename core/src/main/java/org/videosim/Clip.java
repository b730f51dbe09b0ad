package org.videosim;

import java.util.Locale;
import java.util.Objects;

/**
 * One clip of a fingerprinted video: a time span within one shot and the binary code that describes it.
 * Immutable.
 *
 * @param start time of the clip's first frame, in seconds
 * @param end time at which the clip ends (the next sample time after its last frame), in seconds
 * @param frameCount number of sampled frames the code was made from
 * @param code the clip's binary code
 */
public record Clip(double start, double end, int frameCount, BitCode code) {

  public Clip {
    Objects.requireNonNull(code, "code");
    if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < start) {
      throw new IllegalArgumentException("bad time span: " + start + " .. " + end);
    }
    if (frameCount <= 0) {
      throw new IllegalArgumentException("frameCount must be positive: " + frameCount);
    }
  }

  /** Length in seconds. */
  public double duration() {
    return end - start;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Clip(%.2f-%.2fs, %d frames)", start, end, frameCount);
  }
}
