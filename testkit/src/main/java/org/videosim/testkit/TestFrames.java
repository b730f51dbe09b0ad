package org.videosim.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.videosim.Frame;

/**
 * Synthetic frames for tests: moving, textured content that video codecs keep and descriptors can tell apart.
 * Public so that contract tests in other modules (and users' own) can use it.
 */
public final class TestFrames {
  private TestFrames() {}

  /**
   * A frame of "scene" {@code scene} at time {@code t}: a few coloured blobs drifting over a gradient, plus a
   * grey stripe over the left eighth of the width whose level is {@code marker} (0..255), so tests can tell frames
   * apart after decoding and scaling; a negative marker draws no stripe. Different scenes differ in every blob's position, size and colour.
   */
  public static Frame scene(int scene, int index, double t, int width, int height, int marker) {
    Random rnd = new Random(scene * 7919L + 17);
    int blobs = 6;
    double[][] b = new double[blobs][8];
    for (int k = 0; k < blobs; k++) {
      b[k] = new double[] {rnd.nextDouble(), rnd.nextDouble(), 0.08 + 0.15 * rnd.nextDouble(),
          rnd.nextDouble() * 0.1 - 0.05, rnd.nextDouble() * 0.1 - 0.05, rnd.nextInt(256), rnd.nextInt(256),
          rnd.nextInt(256)};
    }
    int g0 = rnd.nextInt(256);
    int g1 = rnd.nextInt(256);
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double fx = (double) x / width;
        double fy = (double) y / height;
        double r = g0 * (1 - fx);
        double g = g1 * fy;
        double bl = 128 + 100 * Math.sin(6 * fx + 3 * fy + scene);
        for (double[] o : b) {
          double cx = o[0] + o[3] * t;
          double cy = o[1] + o[4] * t;
          double dx = fx - (cx - Math.floor(cx));
          double dy = fy - (cy - Math.floor(cy));
          if (dx * dx + dy * dy < o[2] * o[2]) {
            r = o[5];
            g = o[6];
            bl = o[7];
          }
        }
        int i = (y * width + x) * 3;
        rgb[i] = (byte) clamp(r);
        rgb[i + 1] = (byte) clamp(g);
        rgb[i + 2] = (byte) clamp(bl);
      }
    }
    for (int y = 0; y < height && marker >= 0; y++) {
      for (int x = 0; x < Math.max(1, width / 8); x++) {
        int i = (y * width + x) * 3;
        rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) marker;
      }
    }
    return new Frame(index, t, width, height, rgb);
  }

  /** {@code count} frames of a scene at {@code fps}; frame i carries marker {@code i * 255 / (count - 1)}. */
  public static List<Frame> clip(int scene, int count, double fps, int width, int height) {
    List<Frame> frames = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      frames.add(scene(scene, i, i / fps, width, height, count == 1 ? 0 : i * 255 / (count - 1)));
    }
    return frames;
  }

  /** The marker level of a decoded frame: mean luma of the left sixteenth of the width, 0..255. */
  public static double marker(Frame f) {
    float[] y = f.luma();
    int w = Math.max(1, f.width() / 16);
    double s = 0;
    for (int yy = 0; yy < f.height(); yy++) {
      for (int x = 0; x < w; x++) {
        s += y[yy * f.width() + x];
      }
    }
    return s / (w * f.height());
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
