package org.videosim.report.internal;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.edit.FrameEdits;

/**
 * Grabs the frames nearest to a few timestamps by reading a video once, straight through at the pipeline's sample
 * rate (so the frames are the ones that were fingerprinted), without seeking. Stops after the last timestamp.
 */
public final class FrameGrabber {
  private FrameGrabber() {}

  /**
   * A grabbed frame.
   *
   * @param image the picture
   * @param time its presentation time, seconds
   */
  public record Grabbed(BufferedImage image, double time) {}

  /**
   * The frames nearest to {@code times} (seconds), as images whose longer side is {@code maxSide}; an element is
   * null when the video holds no frame (cannot happen for times taken from its fingerprint).
   *
   * @throws org.videosim.VideoDecodeException if the video cannot be read
   */
  public static Grabbed[] grab(FrameSource source, VideoInput video, double sampleRate, int maxSide,
      double[] times) {
    Grabbed[] out = new Grabbed[times.length];
    if (times.length == 0) {
      return out;
    }
    double[] gap = new double[times.length];
    Arrays.fill(gap, Double.POSITIVE_INFINITY);
    double last = Arrays.stream(times).max().orElse(0);
    double step = 1 / sampleRate;
    try (FrameReader reader = source.open(video, new FrameRequest(sampleRate, maxSide))) {
      for (Frame f = reader.next(); f != null; f = reader.next()) {
        Grabbed img = null;
        for (int k = 0; k < times.length; k++) {
          double d = Math.abs(f.timestamp() - times[k]);
          if (d < gap[k]) {
            gap[k] = d;
            if (img == null) {
              img = new Grabbed(FrameEdits.toImage(f), f.timestamp());
            }
            out[k] = img;
          }
        }
        if (f.timestamp() > last + 2 * step) {
          break;
        }
      }
    }
    return out;
  }
}
