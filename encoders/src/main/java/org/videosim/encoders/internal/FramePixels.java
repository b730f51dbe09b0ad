package org.videosim.encoders.internal;

import java.util.List;
import org.videosim.Frame;

/** Frames to network input: every frame squeezed to {@code width x height} (bilinear), NCHW float RGB. */
public final class FramePixels {
  private FramePixels() {}

  /**
   * Bilinear resampling with pixel centres at half-integer positions (as {@code align_corners=false}); when
   * shrinking by more than 2x, each output pixel averages the input pixels under it instead, so that large frames do
   * not alias.
   *
   * @param mean per-channel value subtracted after scaling to [0, 1]
   * @param std per-channel divisor applied after that
   * @return {@code frames.size() * 3 * height * width} values
   */
  public static float[] toNchw(List<Frame> frames, int width, int height, float[] mean, float[] std) {
    return toNchw(frames, width, height, mean, std, false, false);
  }

  /**
   * As {@link #toNchw(List, int, int, float[], float[])}, optionally photometrically normalised before the mean and
   * std are applied.
   *
   * @param grey replace R, G and B by the luma (BT.601): invariant to colour changes and black and white copies
   * @param contrast stretch each frame to mean 0.5 and standard deviation 0.25 (per frame, over all its values):
   *     invariant to brightness and contrast changes
   */
  public static float[] toNchw(List<Frame> frames, int width, int height, float[] mean, float[] std, boolean grey,
      boolean contrast) {
    int plane = width * height;
    float[] out = new float[frames.size() * 3 * plane];
    for (int n = 0; n < frames.size(); n++) {
      Frame f = frames.get(n);
      byte[] rgb = f.rgb();
      int fw = f.width();
      int fh = f.height();
      int base = n * 3 * plane;
      if (fw >= 2 * width && fh >= 2 * height) {
        box(rgb, fw, fh, out, base, width, height);
      } else {
        bilinear(rgb, fw, fh, out, base, width, height);
      }
      if (grey) {
        for (int i = 0; i < plane; i++) {
          float y = 0.299f * out[base + i] + 0.587f * out[base + plane + i] + 0.114f * out[base + 2 * plane + i];
          out[base + i] = y;
          out[base + plane + i] = y;
          out[base + 2 * plane + i] = y;
        }
      }
      if (contrast) {
        double sum = 0;
        double sq = 0;
        for (int i = base; i < base + 3 * plane; i++) {
          sum += out[i];
          sq += (double) out[i] * out[i];
        }
        double mu = sum / (3 * plane);
        double sd = Math.sqrt(Math.max(0, sq / (3 * plane) - mu * mu));
        double k = 0.25 * 255 / Math.max(sd, 2.0);   // flat frames stay flat
        for (int i = base; i < base + 3 * plane; i++) {
          out[i] = (float) ((out[i] - mu) * k + 0.5 * 255);
        }
      }
      for (int c = 0; c < 3; c++) {
        float m = mean[c];
        float s = std[c];
        int o = base + c * plane;
        for (int i = 0; i < plane; i++) {
          out[o + i] = (out[o + i] / 255f - m) / s;
        }
      }
    }
    return out;
  }

  private static void bilinear(byte[] rgb, int fw, int fh, float[] out, int base, int w, int h) {
    int plane = w * h;
    double sx = (double) fw / w;
    double sy = (double) fh / h;
    for (int y = 0; y < h; y++) {
      double py = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) py, fh - 1);
      int y1 = Math.min(y0 + 1, fh - 1);
      double wy = py - y0;
      for (int x = 0; x < w; x++) {
        double px = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) px, fw - 1);
        int x1 = Math.min(x0 + 1, fw - 1);
        double wx = px - x0;
        int a = (y0 * fw + x0) * 3;
        int b = (y0 * fw + x1) * 3;
        int c = (y1 * fw + x0) * 3;
        int d = (y1 * fw + x1) * 3;
        for (int ch = 0; ch < 3; ch++) {
          double top = (rgb[a + ch] & 0xff) * (1 - wx) + (rgb[b + ch] & 0xff) * wx;
          double bottom = (rgb[c + ch] & 0xff) * (1 - wx) + (rgb[d + ch] & 0xff) * wx;
          out[base + ch * plane + y * w + x] = (float) (top * (1 - wy) + bottom * wy);
        }
      }
    }
  }

  private static void box(byte[] rgb, int fw, int fh, float[] out, int base, int w, int h) {
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      int ya = (int) ((long) y * fh / h);
      int yb = Math.max(ya + 1, (int) ((long) (y + 1) * fh / h));
      for (int x = 0; x < w; x++) {
        int xa = (int) ((long) x * fw / w);
        int xb = Math.max(xa + 1, (int) ((long) (x + 1) * fw / w));
        long r = 0;
        long g = 0;
        long b = 0;
        for (int yy = ya; yy < yb; yy++) {
          for (int xx = xa; xx < xb; xx++) {
            int o = (yy * fw + xx) * 3;
            r += rgb[o] & 0xff;
            g += rgb[o + 1] & 0xff;
            b += rgb[o + 2] & 0xff;
          }
        }
        double n = (double) (yb - ya) * (xb - xa);
        int o = base + y * w + x;
        out[o] = (float) (r / n);
        out[o + plane] = (float) (g / n);
        out[o + 2 * plane] = (float) (b / n);
      }
    }
  }
}
