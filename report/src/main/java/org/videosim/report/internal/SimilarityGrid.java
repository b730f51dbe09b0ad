package org.videosim.report.internal;

import java.awt.image.BufferedImage;
import java.util.List;
import org.videosim.BitCode;
import org.videosim.Clip;

/**
 * The clip-to-clip similarity matrix {@code s(i, j) = 1 - 2 * hamming(a_i, b_j) / bits} (as
 * {@link org.videosim.TemporalVideoMatcher} computes it), reduced by maximum to at most {@code maxCols x maxRows}
 * cells so that long videos stay cheap: columns are A's clips, rows B's. Immutable after construction.
 */
public final class SimilarityGrid {
  private final int cols;
  private final int rows;
  private final float[] cells; // rows x cols, row-major
  private final int bestI;
  private final int bestJ;
  private final double best;

  /** Computes the grid in one pass over all clip pairs: O(n m) Hamming distances, O(maxCols maxRows) memory. */
  public SimilarityGrid(List<Clip> a, List<Clip> b, int maxCols, int maxRows) {
    int n = a.size();
    int m = b.size();
    cols = Math.min(n, maxCols);
    rows = Math.min(m, maxRows);
    cells = new float[cols * rows];
    java.util.Arrays.fill(cells, -1f);
    BitCode[] cb = b.stream().map(Clip::code).toArray(BitCode[]::new);
    int[] rowOf = new int[m];
    for (int j = 0; j < m; j++) {
      rowOf[j] = (int) ((long) j * rows / m);
    }
    boolean[] informative = new boolean[n];
    boolean[] informativeB = new boolean[m];
    boolean anyA = false;
    boolean anyB = false;
    for (int i = 0; i < n; i++) {
      informative[i] = a.get(i).code().cardinality() > 0;
      anyA |= informative[i];
    }
    for (int j = 0; j < m; j++) {
      informativeB[j] = cb[j].cardinality() > 0;
      anyB |= informativeB[j];
    }
    if (!anyA || !anyB) { // nothing but blank codes on one side: take any pair
      java.util.Arrays.fill(informative, true);
      java.util.Arrays.fill(informativeB, true);
    }
    int bits = a.get(0).code().bits();
    double scale = 2.0 / bits;
    int bi = 0;
    int bj = 0;
    double bs = -2;
    for (int i = 0; i < n; i++) {
      BitCode ci = a.get(i).code();
      int col = (int) ((long) i * cols / n);
      for (int j = 0; j < m; j++) {
        double s = 1 - ci.hammingDistance(cb[j]) * scale;
        int k = rowOf[j] * cols + col;
        if (s > cells[k]) {
          cells[k] = (float) s;
        }
        if (s > bs && informative[i] && informativeB[j]) {
          bs = s;
          bi = i;
          bj = j;
        }
      }
    }
    bestI = bi;
    bestJ = bj;
    best = bs;
  }

  /** The similarity of two clips. */
  public static double similarity(Clip a, Clip b) {
    return 1 - 2.0 * a.code().hammingDistance(b.code()) / a.code().bits();
  }

  public int cols() {
    return cols;
  }

  public int rows() {
    return rows;
  }

  /** Largest similarity within cell (col, row). */
  public double cell(int col, int row) {
    return cells[row * cols + col];
  }

  /**
   * Index in A of the most similar clip pair, leaving out clips whose code has no bit set (the default encoder gives
   * flat frames, e.g. black ones, such codes) unless one side has nothing else.
   */
  public int bestI() {
    return bestI;
  }

  /** Index in B of the most similar clip pair. */
  public int bestJ() {
    return bestJ;
  }

  /** Similarity of the most similar clip pair. */
  public double best() {
    return best;
  }

  /** The grid coloured with viridis, scaled (nearest neighbour) to {@code width x height} pixels. */
  public BufferedImage toImage(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      int row = (int) ((long) y * rows / height);
      for (int x = 0; x < width; x++) {
        int col = (int) ((long) x * cols / width);
        img.setRGB(x, y, Palette.similarityRgb(cells[row * cols + col]));
      }
    }
    return img;
  }
}
