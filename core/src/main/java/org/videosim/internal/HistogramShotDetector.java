package org.videosim.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.videosim.Frame;
import org.videosim.ShotDetector;

/**
 * Shot boundaries from colour histograms (4x4x4 RGB bins; the distance is half the L1 distance, in [0, 1]), with
 * the twin-comparison method for gradual transitions:
 *
 * <ul>
 *   <li><b>hard cut</b> at frame t: the distance to frame t-1 exceeds {@code threshold} and {@code ratio} times the
 *       median of the recent distances (so steady motion or flicker does not cut);
 *   <li><b>gradual transition</b> (dissolve, fade): a run of consecutive distances above {@code lowThreshold}, at
 *       most {@code maxTransition} frames long, whose first and last frames differ by more than {@code threshold};
 *       the boundary is placed at the middle of the run.
 * </ul>
 *
 * Boundaries at most two frames apart (a fast dissolve sampled at 2 fps looks like several cuts) are merged into
 * one at their middle.
 *
 * Immutable and thread-safe; a session keeps the last {@code maxTransition} histograms.
 */
public final class HistogramShotDetector implements ShotDetector {
  public static final HistogramShotDetector DEFAULT = new HistogramShotDetector(0.35, 0.12, 3.0, 8, 8);

  /** Boundaries this many frames apart or closer are one transition. */
  private static final int MERGE_GAP = 2;

  private final double threshold;
  private final double lowThreshold;
  private final double ratio;
  private final int window;
  private final int maxTransition;

  public HistogramShotDetector(double threshold, double lowThreshold, double ratio, int window, int maxTransition) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be within (0, 1): " + threshold);
    }
    if (!(lowThreshold > 0 && lowThreshold <= threshold)) {
      throw new IllegalArgumentException("lowThreshold must be within (0, threshold]: " + lowThreshold);
    }
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("ratio must be at least 1: " + ratio);
    }
    if (window < 1 || maxTransition < 2) {
      throw new IllegalArgumentException("window must be positive and maxTransition at least 2: " + window + ", "
          + maxTransition);
    }
    this.threshold = threshold;
    this.lowThreshold = lowThreshold;
    this.ratio = ratio;
    this.window = window;
    this.maxTransition = maxTransition;
  }

  @Override
  public String name() {
    return "histogram";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("threshold", Double.toString(threshold));
    m.put("lowThreshold", Double.toString(lowThreshold));
    m.put("ratio", Double.toString(ratio));
    m.put("window", Integer.toString(window));
    m.put("maxTransition", Integer.toString(maxTransition));
    return m;
  }

  @Override
  public Session newSession() {
    return new Session() {
      private final List<float[]> recentHistograms = new ArrayList<>(); // the last maxTransition + 1 frames
      private final List<Double> recent = new ArrayList<>();
      private final List<Integer> cuts = new ArrayList<>();
      private int index;
      private int runStart = -1; // first frame of a run of distances above lowThreshold (the frame before it)

      @Override
      public void accept(Frame frame) {
        float[] h = histogram(frame);
        if (!recentHistograms.isEmpty()) {
          double d = distance(recentHistograms.get(recentHistograms.size() - 1), h);
          double med = median(recent);
          if (d > threshold && (recent.isEmpty() || d > ratio * med)) {
            cut(index);
          } else if (d > lowThreshold) {
            if (runStart < 0) {
              runStart = index - 1;
            }
            if (index - runStart > maxTransition) {
              runStart = -1; // too long for a transition: motion
            }
            remember(d);
          } else {
            endRun(h);
            remember(d);
          }
        }
        recentHistograms.add(h);
        if (recentHistograms.size() > maxTransition + 2) {
          recentHistograms.remove(0);
        }
        index++;
      }

      /** A run of moderate distances just ended at frame index - 1: was it a transition? */
      private void endRun(float[] current) {
        if (runStart < 0) {
          return;
        }
        int end = index - 1;
        int back = index - runStart; // how far back the run's first frame is from the current frame
        if (end - runStart >= 2 && back <= recentHistograms.size()) {
          float[] first = recentHistograms.get(recentHistograms.size() - back);
          if (distance(first, current) > threshold) {
            cut((runStart + end + 1) / 2);
          }
        }
        runStart = -1;
      }

      private int clusterStart = -1; // first boundary of the latest cluster of close boundaries

      /**
       * Records a boundary. Boundaries at most {@code MERGE_GAP} frames apart are one transition (a fast dissolve
       * sampled at 2 fps looks like several cuts in a row): the cluster becomes one boundary at its middle.
       */
      private void cut(int at) {
        if (at > 0) {
          if (clusterStart >= 0 && at - lastInCluster <= MERGE_GAP) {
            cuts.set(cuts.size() - 1, (clusterStart + at + 1) / 2);
            lastInCluster = at;
          } else if (cuts.isEmpty() || at > cuts.get(cuts.size() - 1)) {
            cuts.add(at);
            clusterStart = at;
            lastInCluster = at;
          }
        }
        recent.clear();
        runStart = -1;
      }

      private int lastInCluster = -1;

      private void remember(double d) {
        recent.add(d);
        if (recent.size() > window) {
          recent.remove(0);
        }
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
    return String.format(Locale.ROOT,
        "HistogramShotDetector(threshold=%s, lowThreshold=%s, ratio=%s, window=%d, maxTransition=%d)", threshold,
        lowThreshold, ratio, window, maxTransition);
  }
}
