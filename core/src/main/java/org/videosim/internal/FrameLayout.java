package org.videosim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.videosim.Frame;
import org.videosim.Region;

/**
 * Finds where the picture is in a set of frames of one shot: borders around it (solid bars of any colour, or a
 * blurred enlarged copy of the picture behind it) and a picture-in-picture inset (a rectangle with a persistent
 * edge over other footage). Works on the grey image; stateless.
 */
public final class FrameLayout {
  /** At most this share of the frame is cut per side. */
  private static final double MAX_BORDER = 0.4;
  /**
   * Most luma standard deviation (over a line and the frames) of a solid bar's line: bars measure below 1 even after
   * lossy coding, while flat scenery (pavement, a wall, a backdrop) measures 4 to 7.
   */
  private static final double MAX_BAR_SPREAD = 3;
  /** Least coherence (grey levels) of an inset's weakest side. */
  private static final double MIN_INSET_EDGE = 12;

  private FrameLayout() {}

  /** Luma planes of frames of one size; frames of another size than the first are skipped. */
  private static List<float[]> planes(List<Frame> frames) {
    List<float[]> out = new ArrayList<>();
    for (Frame f : frames) {
      if (f.width() == frames.get(0).width() && f.height() == frames.get(0).height()) {
        out.add(f.luma());
      }
    }
    return out;
  }

  /**
   * The picture without its borders.
   *
   * <p>Solid bars (any colour): scanning inwards from each side, lines belong to the border while their luma hardly
   * varies over the line and over the frames; at most 40% per side is cut. Without solid bars, a blurred fill (the
   * picture shrunk over a blurred, enlarged copy of itself) is the bounding box of the sharp pixels when nearly
   * everything around it is smooth.
   *
   * @return the picture's rectangle, {@link Region#FULL} when there is no border
   */
  public static Region borders(List<Frame> frames) {
    if (frames.isEmpty()) {
      return Region.FULL;
    }
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    if (w < 16 || h < 16) {
      return Region.FULL;
    }
    List<float[]> ys = planes(frames);
    int[] blurred = blurredSides(ys, w, 0, w, 0, h);
    if (blurred != null) {
      return region(blurred, w, h);
    }
    double[] colSpread = spread(ys, w, h, true);
    double[] rowSpread = spread(ys, w, h, false);
    int left = solid(colSpread, false);
    int right = solid(colSpread, true);
    int top = solid(rowSpread, false);
    int bottom = solid(rowSpread, true);
    if (w - left - right < w / 5 || h - top - bottom < h / 5) {
      return Region.FULL; // a nearly flat video: nothing trustworthy to crop
    }
    if (left + right + top + bottom == 0) {
      return Region.FULL;
    }
    // a blurred fill may lie within solid bars (e.g. a letterboxed video over its own blurred copy)
    int[] inner = blurredSides(ys, w, left, w - right, top, h - bottom);
    int[] box = inner != null ? inner : new int[] {left, w - right, top, h - bottom};
    return region(box, w, h);
  }

  private static Region region(int[] box, int w, int h) {
    return new Region((double) box[0] / w, (double) box[2] / h, (double) (box[1] - box[0]) / w,
        (double) (box[3] - box[2]) / h);
  }

  /**
   * A sharp picture over a blurred copy of itself (blurred sides, or a shrunk picture centred over a blurred
   * enlargement) within the rectangle {@code [x0, x1) x [y0, y1)}: on each axis, a pair of lines about equally far
   * from both ends where the mean absolute luma step across the line (over the frames and the other axis) jumps from
   * the nearly flat blurred fill to a strong edge, with the picture's detail beyond it. The other axis is then
   * searched within the picture's span only.
   *
   * @return {left, right, top, bottom} (exclusive right and bottom) of the picture, or null when there is no fill
   */
  static int[] blurredSides(List<float[]> ys, int w, int x0, int x1, int y0, int y1) {
    if (x1 - x0 < 16 || y1 - y0 < 16) {
      return null;
    }
    int[] cols = symmetricSides(stepProfile(ys, w, true, x0, x1, y0, y1));
    int cx0 = cols == null ? x0 : x0 + cols[0];
    int cx1 = cols == null ? x1 : x1 - cols[1];
    int[] rows = symmetricSides(stepProfile(ys, w, false, cx0, cx1, y0, y1));
    if (rows != null && cols == null) {
      cols = symmetricSides(stepProfile(ys, w, true, x0, x1, y0 + rows[0], y1 - rows[1]));
    }
    if (rows == null && cols == null) {
      return null;
    }
    return new int[] {cols == null ? x0 : x0 + cols[0], cols == null ? x1 : x1 - cols[1],
        rows == null ? y0 : y0 + rows[0], rows == null ? y1 : y1 - rows[1]};
  }

  /**
   * Over the rectangle {@code [x0, x1) x [y0, y1)}: for each of its columns (when {@code columns}, else rows) after
   * the first, the mean absolute luma step from the line before to it, over the frames and the other axis.
   */
  private static double[] stepProfile(List<float[]> ys, int w, boolean columns, int x0, int x1, int y0, int y1) {
    int n = columns ? x1 - x0 : y1 - y0;
    double[] g = new double[n];
    for (float[] y : ys) {
      if (columns) {
        for (int r = y0; r < y1; r++) {
          int o = r * w + x0;
          for (int c = 1; c < n; c++) {
            g[c] += Math.abs(y[o + c] - y[o + c - 1]);
          }
        }
      } else {
        for (int r = 1; r < n; r++) {
          int o = (y0 + r) * w;
          double s = 0;
          for (int c = x0; c < x1; c++) {
            s += Math.abs(y[o + c] - y[o - w + c]);
          }
          g[r] += s;
        }
      }
    }
    double norm = 1.0 / ((double) ys.size() * (columns ? y1 - y0 : x1 - x0));
    for (int i = 0; i < n; i++) {
      g[i] *= norm;
    }
    return g;
  }

  /** Blurred borders at both ends of a step profile, about equally wide: {first, last} line counts, or null. */
  private static int[] symmetricSides(double[] g) {
    int n = g.length;
    int a = blurredSide(g, false);
    int b = blurredSide(g, true);
    if (a < 0 || b < 0 || Math.abs(a - b) > Math.max(2, 0.03 * n)) {
      return null;
    }
    return new int[] {a, b};
  }

  /**
   * The number of lines of a blurred border at one end of a step profile (from the end when {@code fromEnd}), or -1:
   * the line where the step is far above every step outside it (within 40% of the length), and the picture beyond
   * it has clearly more detail than the border.
   */
  private static int blurredSide(double[] prof, boolean fromEnd) {
    int n = prof.length;
    // g[k]: the step between the k-th and (k+1)-th line counted from this end (k >= 1)
    double[] g = new double[n];
    for (int k = 1; k < n; k++) {
      g[k] = fromEnd ? prof[n - k] : prof[k];
    }
    int max = (int) (n * MAX_BORDER);
    double[] cum = new double[n + 1];
    for (int k = 0; k < n; k++) {
      cum[k + 1] = cum[k] + g[k];
    }
    double outMax = 0;
    double best = 0;
    int bestK = -1;
    for (int k = 3; k < max; k++) {
      outMax = Math.max(outMax, g[k - 2]);
      double outMean = cum[k - 1] / (k - 2);
      double edge = g[k] + g[k - 1] + g[k + 1] - 3 * outMean;
      // the picture's detail: the mean step from beyond the edge to the middle
      double in = (cum[n / 2] - cum[k + 2]) / (n / 2 - k - 2);
      if (edge < 3 || in < 1.5 * outMean || in < 1) {
        continue;
      }
      double score = edge / (outMax + 0.5);
      if (score > best) {
        best = score;
        bestK = k;
      }
    }
    if (best < 4) {
      return -1;
    }
    // the border ends at the biggest of the three steps around the best line
    int k = bestK;
    int at = g[k - 1] >= g[k] && g[k - 1] >= g[k + 1] ? k - 1 : g[k + 1] > g[k] ? k + 1 : k;
    return at;
  }

  /** Luma standard deviation of each column (or row) over the line and the frames. */
  private static double[] spread(List<float[]> ys, int w, int h, boolean columns) {
    int n = columns ? w : h;
    int len = columns ? h : w;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      double s2 = 0;
      for (float[] y : ys) {
        for (int k = 0; k < len; k++) {
          double v = columns ? y[k * w + i] : y[i * w + k];
          s += v;
          s2 += v * v;
        }
      }
      double count = (double) len * ys.size();
      double mean = s / count;
      out[i] = Math.sqrt(Math.max(0, s2 / count - mean * mean));
    }
    return out;
  }

  /** Number of solid lines from one side (from the end when {@code fromEnd}); fewer than two count as none. */
  private static int solid(double[] spread, boolean fromEnd) {
    int n = spread.length;
    int max = (int) (n * MAX_BORDER);
    int k = 0;
    while (k < max && spread[fromEnd ? n - 1 - k : k] < MAX_BAR_SPREAD) {
      k++;
    }
    return k >= 2 ? k : 0;
  }

  /**
   * A picture-in-picture inset: the axis-aligned rectangle, 25-90% of the frame's height and width, whose four sides
   * are coherent edges in every frame. A side's coherence in one frame is the absolute mean of the signed
   * difference across it along its length: along the border of an inset the picture inside differs from the footage
   * outside in the same direction all along, while texture and object edges change sign and average out. The
   * rectangle's score is its weakest side's coherence averaged over the frames. Needs at least three frames.
   *
   * @return the inset, or empty when no rectangle stands out clearly
   */
  public static Optional<Region> inset(List<Frame> frames) {
    if (frames.size() < 3) {
      return Optional.empty();
    }
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    if (w < 32 || h < 32) {
      return Optional.empty();
    }
    List<float[]> ys = planes(frames);
    int n = ys.size();
    // Per frame: prefix sums down each column of the signed difference to the column on the left, and along each
    // row of the signed difference to the row above.
    float[][] colSum = new float[n][w * (h + 1)];
    float[][] rowSum = new float[n][h * (w + 1)];
    for (int t = 0; t < n; t++) {
      float[] y = ys.get(t);
      float[] cs = colSum[t];
      float[] rs = rowSum[t];
      for (int c = 1; c < w; c++) {
        for (int r = 0; r < h; r++) {
          cs[c * (h + 1) + r + 1] = cs[c * (h + 1) + r] + (y[r * w + c] - y[r * w + c - 1]);
        }
      }
      for (int r = 1; r < h; r++) {
        for (int c = 0; c < w; c++) {
          rs[r * (w + 1) + c + 1] = rs[r * (w + 1) + c] + (y[r * w + c] - y[(r - 1) * w + c]);
        }
      }
    }
    int[] xs = peaks(profile(colSum, w, h), 10, 3);
    int[] yz = peaks(profile(rowSum, h, w), 10, 3);
    double best = 0;
    int[] bestRect = null;
    for (int x0 : xs) {
      for (int x1 : xs) {
        if (x1 - x0 < w / 4 || x1 - x0 > w * 9 / 10) {
          continue;
        }
        for (int y0 : yz) {
          for (int y1 : yz) {
            if (y1 - y0 < h / 4 || y1 - y0 > h * 9 / 10) {
              continue;
            }
            double score = Math.min(
                Math.min(coherence(colSum, x0, y0, y1, h), coherence(colSum, x1, y0, y1, h)),
                Math.min(coherence(rowSum, y0, x0, x1, w), coherence(rowSum, y1, x0, x1, w)));
            if (score > best) {
              best = score;
              bestRect = new int[] {x0, y0, x1, y1};
            }
          }
        }
      }
    }
    if (bestRect == null || best < MIN_INSET_EDGE) {
      return Optional.empty();
    }
    return Optional.of(new Region((double) bestRect[0] / w, (double) bestRect[1] / h,
        (double) (bestRect[2] - bestRect[0]) / w, (double) (bestRect[3] - bestRect[1]) / h));
  }

  /** Mean over frames of |mean signed difference| across line {@code line} between positions from and to. */
  private static double coherence(float[][] sums, int line, int from, int to, int len) {
    double s = 0;
    for (float[] p : sums) {
      s += Math.abs(p[line * (len + 1) + to] - p[line * (len + 1) + from]);
    }
    return s / sums.length / (to - from);
  }

  /** For each line, the best coherence of any stretch of a quarter of its length. */
  private static double[] profile(float[][] sums, int lines, int len) {
    double[] p = new double[lines];
    int run = Math.max(2, len / 4);
    for (int i = 1; i < lines; i++) {
      double best = 0;
      for (int from = 0; from + run <= len; from += Math.max(1, run / 4)) {
        best = Math.max(best, coherence(sums, i, from, from + run, len));
      }
      p[i] = best;
    }
    return p;
  }

  /** The indexes of the {@code k} highest local maxima of a profile, at least {@code gap} apart, ascending. */
  private static int[] peaks(double[] p, int k, int gap) {
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i < p.length; i++) {
      boolean max = (i == 0 || p[i] >= p[i - 1]) && (i == p.length - 1 || p[i] >= p[i + 1]);
      if (max) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Double.compare(p[b], p[a]));
    List<Integer> kept = new ArrayList<>();
    for (int i : order) {
      if (kept.size() >= k) {
        break;
      }
      boolean far = kept.stream().allMatch(j -> Math.abs(j - i) >= gap);
      if (far) {
        kept.add(i);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
