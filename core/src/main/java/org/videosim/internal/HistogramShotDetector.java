package org.videosim.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.videosim.Frame;
import org.videosim.ShotDetector;

/**
 * Hard-cut detector on colour histograms: the distance between the 4x4x4-bin RGB histograms of consecutive frames
 * (half the L1 distance, in [0, 1]) marks a cut when it exceeds both an absolute threshold and a multiple of the
 * median of the recent distances (so that steady motion or flicker does not cut). Immutable and thread-safe.
 */
public final class HistogramShotDetector implements ShotDetector {
  public static final HistogramShotDetector DEFAULT = new HistogramShotDetector(0.35, 3.0, 8);

  private final double threshold;
  private final double ratio;
  private final int window;

  public HistogramShotDetector(double threshold, double ratio, int window) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be within (0, 1): " + threshold);
    }
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("ratio must be at least 1: " + ratio);
    }
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.threshold = threshold;
    this.ratio = ratio;
    this.window = window;
  }

  @Override
  public String name() {
    return "histogram";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("threshold", Double.toString(threshold));
    m.put("ratio", Double.toString(ratio));
    m.put("window", Integer.toString(window));
    return m;
  }

  @Override
  public Session newSession() {
    return new Session() {
      private float[] previous;
      private final List<Double> recent = new ArrayList<>();
      private final List<Integer> cuts = new ArrayList<>();
      private int index;

      @Override
      public void accept(Frame frame) {
        float[] h = histogram(frame);
        if (previous != null) {
          double d = distance(previous, h);
          double med = median(recent);
          if (d > threshold && (recent.isEmpty() || d > ratio * med)) {
            cuts.add(index);
            recent.clear();
          } else {
            recent.add(d);
            if (recent.size() > window) {
              recent.remove(0);
            }
          }
        }
        previous = h;
        index++;
      }

      @Override
      public List<Integer> boundaries() {
        return List.copyOf(cuts);
      }
    };
  }

  /** Normalised 64-bin RGB histogram. */
  static float[] histogram(Frame frame) {
    byte[] rgb = frame.rgb();
    float[] h = new float[64];
    for (int o = 0; o < rgb.length; o += 3) {
      int r = (rgb[o] & 0xff) >> 6;
      int g = (rgb[o + 1] & 0xff) >> 6;
      int b = (rgb[o + 2] & 0xff) >> 6;
      h[r << 4 | g << 2 | b]++;
    }
    float n = rgb.length / 3f;
    for (int i = 0; i < h.length; i++) {
      h[i] /= n;
    }
    return h;
  }

  static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / 2;
  }

  private static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return 0;
    }
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "HistogramShotDetector(threshold=%s, ratio=%s, window=%d)", threshold, ratio,
        window);
  }
}
