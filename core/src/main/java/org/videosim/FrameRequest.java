package org.videosim;

import java.util.Locale;

/**
 * How a {@link FrameSource} should sample a video: frames per second of video time, and the size of the frames it
 * hands out (the longer side, aspect ratio kept). Immutable.
 *
 * <p>Sampling goes by presentation timestamp, not frame count: the first frame is kept, then the first frame at or
 * after each multiple of {@code 1 / sampleRate} seconds, so variable-frame-rate files are sampled evenly in time.
 *
 * @param sampleRate frames per second of video time to keep, positive
 * @param maxSide the longer side of the frames handed out, in pixels; frames are scaled (up or down) to it
 * @param motion whether the reader also measures how the picture changes, at {@link FrameReader#MOTION_RATE} steps a
 *     second ({@link FrameReader#motion()}); a reader that cannot measure it ignores it
 */
public record FrameRequest(double sampleRate, int maxSide, boolean motion) {

  /** A request without the motion measurement. */
  public FrameRequest(double sampleRate, int maxSide) {
    this(sampleRate, maxSide, false);
  }

  /**
   * Checks the request.
   *
   * @throws IllegalArgumentException if {@code sampleRate} is not positive and finite, or {@code maxSide} is outside
   *     [8, 4096]
   */
  public FrameRequest {
    if (!(sampleRate > 0) || !Double.isFinite(sampleRate)) {
      throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
    }
    if (maxSide < 8 || maxSide > 4096) {
      throw new IllegalArgumentException("maxSide must be within [8, 4096]: " + maxSide);
    }
  }

  /**
   * The output size for a picture of the given display size: the longer side becomes {@link #maxSide()}, the other
   * keeps the aspect ratio (at least 1 pixel, even sizes are not required).
   *
   * @return {width, height}
   */
  public int[] outputSize(int width, int height) {
    if (width >= height) {
      return new int[] {maxSide, Math.max(1, (int) Math.round((double) maxSide * height / width))};
    }
    return new int[] {Math.max(1, (int) Math.round((double) maxSide * width / height)), maxSide};
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FrameRequest(%.3g fps, max side %d px%s)", sampleRate, maxSide,
        motion ? ", motion" : "");
  }
}
