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
  /** True: every coefficient as it is (orientable layout); false: mirror-invariant. */
  private final boolean raw;

  /** The mirror-invariant descriptor. */
  public DctFrameEncoder(int grid, int coefficients) {
    this(grid, coefficients, false);
  }

  /**
   * @param raw true for the orientable layout: all {@code coefficients^2 - 1} AC coefficients as they are, row by row
   *     ({@code (u, v)} with {@code u} the vertical frequency), so that the frame's flips, quarter turns and
   *     transposition act on the descriptor as signed permutations ({@link #orientations}); false for the
   *     mirror-invariant descriptor
   */
  public DctFrameEncoder(int grid, int coefficients, boolean raw) {
    if (grid < 8 || grid > 128) {
      throw new IllegalArgumentException("grid must be within [8, 128]: " + grid);
    }
    if (coefficients < 2 || coefficients > grid) {
      throw new IllegalArgumentException("coefficients must be within [2, grid]: " + coefficients);
    }
    this.grid = grid;
    this.coefficients = coefficients;
    this.raw = raw;
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
    m.put("mirror", raw ? "none" : "odd-chain");
    return m;
  }

  @Override
  public int dimension() {
    if (raw) {
      return coefficients * coefficients - 1;
    }
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
    float[] e = new float[dimension()];
    int i = 0;
    if (raw) {
      for (int u = 0; u < k; u++) {
        for (int v = 0; v < k; v++) {
          if (u != 0 || v != 0) {
            e[i++] = (float) c[u][v];
          }
        }
      }
      return normalised(e);
    }
    // Mirror-invariant features: even horizontal frequencies as they are; odd ones (whose signs a mirror flips)
    // as products of neighbours in frequency order, signed square roots to keep the scale.
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
    return normalised(e);
  }

  /** The descriptor scaled to unit length; a flat frame (no AC energy: rounding noise) gets all zeros. */
  private static Embedding normalised(float[] e) {
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

  /**
   * How the eight symmetries of the rectangle (identity, mirrors, quarter turns, transpositions) act on the orientable
   * layout of {@code coefficients^2 - 1} values: for each symmetry, entry {@code i} is {@code j + 1} when value
   * {@code i} of the transformed frame's descriptor is value {@code j} of the frame's, {@code -(j + 1)} when it is
   * its negation. A mirror left to right negates the odd horizontal frequencies, top to bottom the odd vertical ones,
   * and a transposition swaps the two frequencies; a quarter turn is a transposition and a mirror. The first is the
   * identity.
   */
  public static int[][] orientations(int coefficients) {
    int k = coefficients;
    int[][] out = new int[8][];
    int g = 0;
    for (int t = 0; t < 2; t++) {
      for (int hv = 0; hv < 4; hv++) {
        int[] map = new int[k * k - 1];
        for (int u = 0; u < k; u++) {
          for (int v = 0; v < k; v++) {
            if (u == 0 && v == 0) {
              continue;
            }
            int su = t == 1 ? v : u; // the source coefficient
            int sv = t == 1 ? u : v;
            int sign = ((hv & 1) == 1 && v % 2 == 1) ^ ((hv & 2) == 2 && u % 2 == 1) ? -1 : 1;
            map[u * k + v - 1] = sign * (su * k + sv);
          }
        }
        out[g++] = map;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    if (raw) {
      return "DctFrameEncoder(grid=" + grid + ", coefficients=" + coefficients + ", orientable)";
    }
    return "DctFrameEncoder(grid=" + grid + ", coefficients=" + coefficients + ")";
  }
}
