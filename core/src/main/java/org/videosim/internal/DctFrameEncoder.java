package org.videosim.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;

/**
 * Training-free frame descriptor: the low-frequency 2D DCT coefficients of the grey frame squeezed to a square
 * grid, made mirror-invariant. See {@link FrameEncoder#dct()}.
 *
 * <p>Mirror invariance: mirroring a frame negates exactly the coefficients of odd horizontal frequency. Their sign
 * is normalised so that their sum is not negative, which gives a frame and its mirror image the same descriptor.
 *
 * <p>Immutable and thread-safe.
 */
public final class DctFrameEncoder implements FrameEncoder {
  private final int grid;
  private final int coefficients;
  private final double[][] basis; // first `coefficients` rows of the DCT matrix

  public DctFrameEncoder(int grid, int coefficients) {
    if (grid < 8 || grid > 128) {
      throw new IllegalArgumentException("grid must be within [8, 128]: " + grid);
    }
    if (coefficients < 2 || coefficients > grid) {
      throw new IllegalArgumentException("coefficients must be within [2, grid]: " + coefficients);
    }
    this.grid = grid;
    this.coefficients = coefficients;
    double[][] full = ImageOps.dctMatrix(grid);
    this.basis = new double[coefficients][];
    for (int k = 0; k < coefficients; k++) {
      basis[k] = full[k];
    }
  }

  @Override
  public String name() {
    return "dct";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("grid", Integer.toString(grid));
    m.put("coefficients", Integer.toString(coefficients));
    m.put("mirror", "sign-normalised");
    return m;
  }

  @Override
  public int dimension() {
    return coefficients * coefficients - 1;
  }

  @Override
  public int preferredFrameSide() {
    return Math.max(64, grid * 4);
  }

  @Override
  public int batchSize() {
    return 64;
  }

  @Override
  public List<Embedding> encode(List<Frame> frames) {
    Objects.requireNonNull(frames, "frames");
    List<Embedding> out = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      out.add(encode(f));
    }
    return out;
  }

  /** Descriptor of one frame. */
  public Embedding encode(Frame frame) {
    float[] g = ImageOps.resizeArea(frame.luma(), frame.width(), frame.height(), grid, grid);
    int k = coefficients;
    // rows: T = B * G (k x grid), then C = T * B^T (k x k)
    double[][] t = new double[k][grid];
    for (int u = 0; u < k; u++) {
      double[] b = basis[u];
      for (int y = 0; y < grid; y++) {
        double bu = b[y];
        int row = y * grid;
        for (int x = 0; x < grid; x++) {
          t[u][x] += bu * g[row + x];
        }
      }
    }
    double[][] c = new double[k][k];
    for (int u = 0; u < k; u++) {
      for (int v = 0; v < k; v++) {
        double s = 0;
        double[] b = basis[v];
        for (int x = 0; x < grid; x++) {
          s += t[u][x] * b[x];
        }
        c[u][v] = s; // u: vertical frequency, v: horizontal frequency
      }
    }
    double odd = 0;
    for (int u = 0; u < k; u++) {
      for (int v = 1; v < k; v += 2) {
        odd += c[u][v];
      }
    }
    float[] e = new float[k * k - 1];
    double norm = 0;
    for (int u = 0, i = -1; u < k; u++) {
      for (int v = 0; v < k; v++, i++) {
        if (i < 0) {
          continue; // DC
        }
        double x = (v % 2 == 1 && odd < 0) ? -c[u][v] : c[u][v];
        e[i] = (float) x;
        norm += x * x;
      }
    }
    if (norm > 0) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < e.length; i++) {
        e[i] *= inv;
      }
    }
    return Embedding.of(e);
  }

  @Override
  public String toString() {
    return "DctFrameEncoder(grid=" + grid + ", coefficients=" + coefficients + ")";
  }
}
