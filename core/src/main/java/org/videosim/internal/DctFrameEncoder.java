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
 * <p>Mirror invariance: mirroring a frame negates exactly the coefficients of odd horizontal frequency and keeps
 * the others. The even ones are kept as they are; each odd one enters as its product with the next odd one in
 * frequency order (signed square root), which a mirror leaves unchanged. A sign that flips under some edit then
 * changes at most two features, where normalising all odd signs by one global choice (tried first) flipped half
 * the code whenever that choice tipped over.
 *
 * <p>Immutable and thread-safe.
 */
public final class DctFrameEncoder implements FrameEncoder {
  private final int grid;
  private final int coefficients;
  /** AC energy (in grey levels) below which a frame counts as flat. */
  private static final double FLAT_NORM = 1e-3;

  private final double[][] basis; // first `coefficients` rows of the DCT matrix
  private final int[][] oddOrder; // (u, v) of the odd horizontal frequencies, lowest u + v first

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
    java.util.List<int[]> odd = new java.util.ArrayList<>();
    for (int u = 0; u < coefficients; u++) {
      for (int v = 1; v < coefficients; v += 2) {
        odd.add(new int[] {u, v});
      }
    }
    odd.sort(java.util.Comparator.comparingInt((int[] uv) -> uv[0] + uv[1]));
    this.oddOrder = odd.toArray(new int[0][]);
  }

  @Override
  public String name() {
    return "dct";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("grid", Integer.toString(grid));
    m.put("coefficients", Integer.toString(coefficients));
    m.put("mirror", "odd-chain");
    return m;
  }

  @Override
  public int dimension() {
    int even = coefficients * ((coefficients + 1) / 2) - 1;
    int odd = coefficients * (coefficients / 2) - 1;
    return even + odd;
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
    // Mirror-invariant features: even horizontal frequencies as they are; odd ones (whose signs a mirror flips)
    // as products of neighbours in frequency order, signed square roots to keep the scale.
    float[] e = new float[dimension()];
    int i = 0;
    for (int u = 0; u < k; u++) {
      for (int v = 0; v < k; v += 2) {
        if (u != 0 || v != 0) {
          e[i++] = (float) c[u][v];
        }
      }
    }
    double prev = Double.NaN;
    for (int[] uv : oddOrder) {
      double x = c[uv[0]][uv[1]];
      if (!Double.isNaN(prev)) {
        double prod = prev * x;
        e[i++] = (float) Math.copySign(Math.sqrt(Math.abs(prod)), prod);
      }
      prev = x;
    }
    double norm = 0;
    for (float x : e) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    // A flat frame has no AC energy; what is left is rounding noise, which must not become a random code.
    if (norm > FLAT_NORM) {
      for (int j = 0; j < e.length; j++) {
        e[j] /= norm;
      }
    } else {
      java.util.Arrays.fill(e, 0f);
    }
    return Embedding.of(e);
  }

  @Override
  public String toString() {
    return "DctFrameEncoder(grid=" + grid + ", coefficients=" + coefficients + ")";
  }
}
