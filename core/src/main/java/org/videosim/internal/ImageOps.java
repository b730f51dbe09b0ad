package org.videosim.internal;

/**
 * Small image operations on float planes, used by the training-free stages. Stateless.
 */
public final class ImageOps {
  private ImageOps() {}

  /**
   * Resamples a plane by area averaging (a box filter with fractional pixel coverage), the right filter for
   * shrinking; for enlarging it is nearest-neighbour-like but exact on the covered areas.
   *
   * @param src {@code w * h} values, row by row
   * @return {@code dw * dh} values
   */
  public static float[] resizeArea(float[] src, int w, int h, int dw, int dh) {
    if (src.length != w * h) {
      throw new IllegalArgumentException("plane must hold " + w * h + " values: " + src.length);
    }
    float[] tmp = new float[dw * h];
    Weights wx = weights(w, dw);
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < dw; x++) {
        double s = 0;
        for (int k = wx.start[x], e = wx.start[x] + wx.weights[x].length; k < e; k++) {
          s += src[row + k] * wx.weights[x][k - wx.start[x]];
        }
        tmp[y * dw + x] = (float) s;
      }
    }
    float[] out = new float[dw * dh];
    Weights wy = weights(h, dh);
    for (int y = 0; y < dh; y++) {
      float[] ww = wy.weights[y];
      int y0 = wy.start[y];
      for (int x = 0; x < dw; x++) {
        double s = 0;
        for (int k = 0; k < ww.length; k++) {
          s += tmp[(y0 + k) * dw + x] * ww[k];
        }
        out[y * dw + x] = (float) s;
      }
    }
    return out;
  }

  private static final class Weights {
    final int[] start;
    final float[][] weights;

    Weights(int n) {
      start = new int[n];
      weights = new float[n][];
    }
  }

  /** For each destination pixel: the source pixels it covers and their normalised coverage. */
  private static Weights weights(int n, int dn) {
    Weights w = new Weights(dn);
    double scale = (double) n / dn;
    for (int i = 0; i < dn; i++) {
      double a = i * scale;
      double b = (i + 1) * scale;
      int s = (int) Math.floor(a);
      int e = Math.min(n, (int) Math.ceil(b - 1e-9));
      if (e <= s) {
        e = Math.min(n, s + 1);
      }
      float[] ws = new float[e - s];
      double total = 0;
      for (int k = s; k < e; k++) {
        double cover = Math.min(b, k + 1) - Math.max(a, k);
        ws[k - s] = (float) Math.max(cover, 0);
        total += ws[k - s];
      }
      for (int k = 0; k < ws.length; k++) {
        ws[k] = (float) (total > 0 ? ws[k] / total : 1.0 / ws.length);
      }
      w.start[i] = s;
      w.weights[i] = ws;
    }
    return w;
  }

  /** The orthonormal DCT-II matrix of size n: row k holds basis function k. */
  public static double[][] dctMatrix(int n) {
    double[][] m = new double[n][n];
    for (int k = 0; k < n; k++) {
      double norm = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
      for (int i = 0; i < n; i++) {
        m[k][i] = norm * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * n));
      }
    }
    return m;
  }
}
