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
  /**
   * Least coherence (grey levels) of an inset's weakest side (21 with the blend-skipping independence: harness false
   * insets on plain video 0.05; 18 gave 0.17).
   */
  private static final double MIN_INSET_EDGE = 21;

  private FrameLayout() {}

  /** The frames cut to a region of them: the frames themselves for the whole frame. */
  public static List<Frame> crop(List<Frame> frames, Region region) {
    if (region.isFull()) {
      return frames;
    }
    org.videosim.edit.FrameEdit edit = org.videosim.edit.FrameEdits.crop(region);
    List<Frame> out = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      out.add(edit.apply(f));
    }
    return out;
  }

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
   * everything around it is smooth, in {@link #MIN_FILL_FRAMES} frames or more.
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
    boolean fills = ys.size() >= MIN_FILL_FRAMES;
    int[] blurred = fills ? blurredSides(ys, w, 0, w, 0, h) : null;
    if (blurred != null) {
      // the fill's edge may be a solid bar's (a letterboxed video): look for bars on the other axis within it
      return region(solidWithin(ys, w, blurred, blurred[0] == 0 && blurred[1] == w,
          blurred[2] == 0 && blurred[3] == h), w, h);
    }
    int[] box = solidWithin(ys, w, new int[] {0, w, 0, h}, true, true);
    if (box[0] == 0 && box[1] == w && box[2] == 0 && box[3] == h) {
      return Region.FULL; // no bars, or a nearly flat video: nothing trustworthy to crop
    }
    // a blurred fill may lie within solid bars (e.g. a letterboxed video over its own blurred copy)
    int[] inner = fills ? blurredSides(ys, w, box[0], box[1], box[2], box[3]) : null;
    return region(inner != null ? inner : box, w, h);
  }

  /**
   * Fewest frames in which a blurred fill is looked for. A fill is told from a sharp subject before a soft background
   * (a lamp post seen from above between two stretches of pavement) only by how the picture changes over time: in the
   * one or two frames of a 1-2 s video (or of the last window of a longer one) the subject was taken for the picture,
   * and an exact 1.5-s excerpt of a street scene scored 0.13 against its source (its first window of 10 frames: the
   * whole picture). Solid bars, flat over their lines, are still cropped from one frame.
   */
  static final int MIN_FILL_FRAMES = 3;

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
    int[] box = {cols == null ? x0 : x0 + cols[0], cols == null ? x1 : x1 - cols[1],
        rows == null ? y0 : y0 + rows[0], rows == null ? y1 : y1 - rows[1]};
    // a picture's edge runs along the whole side; a figure before a flat backdrop touches it only at its outline
    if (cols != null && (along(ys, w, true, box[0], box[2], box[3]) < MIN_ALONG
        || along(ys, w, true, box[1], box[2], box[3]) < MIN_ALONG)) {
      return null;
    }
    if (rows != null && (along(ys, w, false, box[2], box[0], box[1]) < MIN_ALONG
        || along(ys, w, false, box[3], box[0], box[1]) < MIN_ALONG)) {
      return null;
    }
    return box;
  }

  /**
   * Least share of a blurred fill's edge along which the picture visibly differs from the fill (0.2: no false crop on
   * plain video 0.93 -> 0.95 on LayoutAccuracy, blurred fills unchanged; 0.4 lost 3 points of them).
   */
  private static final double MIN_ALONG = 0.2;

  /**
   * The share of the positions in {@code [from, to)} along a line (a column when {@code columns}) where the luma
   * step across it, from two lines before to the line (or from the line to two lines after it, whichever is larger;
   * mean over the frames) is at least 3 grey levels.
   */
  private static double along(List<float[]> ys, int w, boolean columns, int line, int from, int to) {
    int n = columns ? w : ys.get(0).length / w;
    int a = Math.max(0, line - 2);
    int b = Math.min(n - 1, line + 1);
    int hit = 0;
    for (int k = from; k < to; k++) {
      double before = 0;
      double after = 0;
      for (float[] y : ys) {
        int ia = columns ? k * w + a : a * w + k;
        int il = columns ? k * w + Math.min(line, n - 1) : Math.min(line, n - 1) * w + k;
        int ib = columns ? k * w + b : b * w + k;
        before += Math.abs(y[il] - y[ia]);
        after += Math.abs(y[ib] - y[il]);
      }
      if (Math.max(before, after) / ys.size() >= 3) {
        hit++;
      }
    }
    return to > from ? (double) hit / (to - from) : 0;
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

  /**
   * Luma standard deviation of each column (or row) of the frame over the line's stretch within {@code [x0, x1) x
   * [y0, y1)} and the frames; indexed by the column (row) in the frame (0 before the rectangle).
   */
  private static double[] spread(List<float[]> ys, int w, int x0, int x1, int y0, int y1, boolean columns) {
    int from = columns ? y0 : x0;
    int len = columns ? y1 - y0 : x1 - x0;
    double[] out = new double[columns ? x1 : y1];
    for (int i = columns ? x0 : y0; i < (columns ? x1 : y1); i++) {
      double s = 0;
      double s2 = 0;
      for (float[] y : ys) {
        for (int k = from; k < from + len; k++) {
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

  /**
   * The box {left, right, top, bottom} (exclusive right and bottom) less the solid bars along its sides, measured
   * within the box, on the axes asked for (each bar must end in an edge: {@link #edged}); the box itself when they
   * would leave less than a fifth of it (a nearly flat video).
   */
  private static int[] solidWithin(List<float[]> ys, int w, int[] box, boolean sides, boolean topAndBottom) {
    double[] cols = java.util.Arrays.copyOfRange(spread(ys, w, box[0], box[1], box[2], box[3], true), box[0], box[1]);
    double[] rows = java.util.Arrays.copyOfRange(spread(ys, w, box[0], box[1], box[2], box[3], false), box[2], box[3]);
    int left = sides ? edged(ys, w, box, true, solid(cols, false), false) : 0;
    int right = sides ? edged(ys, w, box, true, solid(cols, true), true) : 0;
    int top = topAndBottom ? edged(ys, w, box, false, solid(rows, false), false) : 0;
    int bottom = topAndBottom ? edged(ys, w, box, false, solid(rows, true), true) : 0;
    if (cols.length - left - right < cols.length / 5 || rows.length - top - bottom < rows.length / 5) {
      return box;
    }
    return new int[] {box[0] + left, box[1] - right, box[2] + top, box[3] - bottom};
  }

  /**
   * A run of {@code k} solid lines from one side of the box {left, right, top, bottom}, kept only when the picture
   * starts with an edge: the mean absolute luma step from the run's last line to the line after the next, along the
   * line within the box and over the frames, is at least {@link #MIN_BAR_EDGE}. A flat studio background fades into
   * the picture where a person stands; a bar stops.
   *
   * @return {@code k}, or 0
   */
  private static int edged(List<float[]> ys, int w, int[] box, boolean columns, int k, boolean fromEnd) {
    int first = columns ? box[0] : box[2];
    int n = columns ? box[1] - box[0] : box[3] - box[2];
    if (k == 0 || k + 1 >= n) {
      return k;
    }
    int bar = first + (fromEnd ? n - k : k - 1); // the run's last line
    int in = first + (fromEnd ? n - k - 2 : k + 1); // the line after the next
    if (in < first || in >= first + n) {
      return k;
    }
    int from = columns ? box[2] : box[0];
    int to = columns ? box[3] : box[1];
    double s = 0;
    for (float[] y : ys) {
      for (int i = from; i < to; i++) {
        s += columns ? Math.abs(y[i * w + bar] - y[i * w + in]) : Math.abs(y[bar * w + i] - y[in * w + i]);
      }
    }
    return s / ((double) (to - from) * ys.size()) >= MIN_BAR_EDGE ? k : 0;
  }

  /** Least mean luma step from a solid bar into the picture (6 to 10 gave the same LayoutAccuracy figures). */
  private static final double MIN_BAR_EDGE = 8;

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
   * A picture-in-picture inset: the first of {@link #insets(List, int)}.
   *
   * @return the inset, or empty when no rectangle stands out clearly
   */
  public static Optional<Region> inset(List<Frame> frames) {
    List<Region> found = insets(frames, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * Picture-in-picture insets, best first: axis-aligned rectangles, 25-97% of the frame's height and width (a side
   * may lie on the frame's boundary; a portrait video in a landscape frame, or the reverse, may be as narrow as a
   * sixteenth if a fifth of the frame along its long side; a copy of a video's aspect ratio may be as small as a sixth
   * of the frame each way, with four clear sides and more evidence), whose sides are coherent edges between unrelated
   * footage in every frame. A rectangle of a video's aspect
   * ratio needs only three clear sides: it scores the geometric mean of its two weakest, and its fourth side is also
   * derived from the other three (over a plain wall it makes no edge to find).
   *
   * <p>A side's evidence has two parts. Its coherence in one frame is the absolute mean of the signed luma difference
   * across it along its length: along an inset's border the picture inside differs from the footage outside in the
   * same direction all along, while texture and object edges change sign and average out; it is averaged over the
   * frames. Its independence is how unrelated the changes over time are on its two sides: 0 when the pixels on
   * both sides change alike (one video), about 1 when they change independently (two videos), and a neutral 0.7
   * where nothing changes. A side scores its coherence times its independence (at least a quarter, at most 1), plus
   * a bonus for clearly unrelated changes; the rectangle scores its weakest side inside the frame, divided by 2 per
   * side on the frame's boundary (there is less evidence). A rectangle's side is then moved out to where its two
   * neighbouring sides stop (see {@code Search.continued}). Needs at least three frames.
   *
   * @param max most rectangles returned
   * @return up to {@code max} rectangles that overlap each other by at most half, best first; empty when none
   *     stands out clearly
   */
  public static List<Region> insets(List<Frame> frames, int max) {
    List<Region> out = new ArrayList<>();
    if (frames.size() < 3 || max < 1) {
      return out;
    }
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    if (w < 32 || h < 32) {
      return out;
    }
    Search search = search(frames, true);
    for (double[] c : search.scored) {
      double[] s = search.continued(c);
      Region r = new Region(s[1] / w, s[2] / h, (s[3] - s[1]) / w, (s[4] - s[2]) / h);
      if (out.stream().allMatch(o -> o.iou(r) < 0.5)) {
        out.add(r);
        if (out.size() >= max) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The rectangles of {@link #insets} whose score reaches {@link #MIN_INSET_EDGE}, as {ranking score, x0, y0, x1, y1,
   * score} in pixels, best first. {@code prune} skips the rectangles that {@link #HOPELESS_SIDE} rules out (the same
   * list, sooner); without it every side of every rectangle is scored.
   */
  static List<double[]> insetCandidates(List<Frame> frames, boolean prune) {
    return search(frames, prune).scored;
  }

  /**
   * An inset search's rectangles ({@link #insetCandidates}) and the side evidence they were scored on, to carry a
   * rectangle's sides on to the inset's corners ({@link #continued}).
   */
  private record Search(Sides cols, Sides rows, int w, int h, List<double[]> scored) {
    /**
     * The rectangle with each side moved outward as far as its two neighbouring sides go on as edges: an inset's sides
     * run its whole length and stop at its corners, so where both go on past one side, that side is a line of the
     * inset's own footage (a wall's edge across a small portrait copy, stronger than the copy's top over a similar
     * background), not its border. Moves only to rectangles of the search ({@link #MIN_INSET_EDGE} or more) that share
     * the other three sides, and only where the stretch of each neighbouring side between the two lines scores
     * {@link #MIN_INSET_EDGE} or more (or lies on the frame's boundary: not both) and the new side, inside the frame,
     * scores as much itself.
     */
    double[] continued(double[] r) {
      double[] cur = r;
      for (boolean moved = true; moved; ) {
        moved = false;
        double[] best = null;
        for (double[] o : scored) {
          if (o != cur && outwardOnOneSide(cur, o) && sidesGoOn(cur, o)
              && (best == null || area(o) > area(best))) {
            best = o;
          }
        }
        if (best != null) {
          cur = best;
          moved = true;
        }
      }
      return cur;
    }

    private static double area(double[] r) {
      return (r[3] - r[1]) * (r[4] - r[2]);
    }

    /** Whether {@code o} is {@code r} with exactly one side moved outward. */
    private static boolean outwardOnOneSide(double[] r, double[] o) {
      int same = 0;
      int out = 0;
      for (int i = 1; i <= 4; i++) {
        if (o[i] == r[i]) {
          same++;
        } else if (i <= 2 ? o[i] < r[i] : o[i] > r[i]) {
          out++;
        }
      }
      return same == 3 && out == 1;
    }

    /** Whether the two sides beside the moved one go on as edges over the stretch between its old and new line. */
    private boolean sidesGoOn(double[] r, double[] o) {
      int from;
      int to;
      boolean vertical; // the top or the bottom moved: the left and right sides must go on
      if (o[2] < r[2] || o[4] > r[4]) {
        vertical = true;
        from = (int) (o[2] < r[2] ? o[2] : r[4]);
        to = (int) (o[2] < r[2] ? r[2] : o[4]);
      } else {
        vertical = false;
        from = (int) (o[1] < r[1] ? o[1] : r[3]);
        to = (int) (o[1] < r[1] ? r[1] : o[3]);
      }
      int a = (int) (vertical ? r[1] : r[2]);
      int b = (int) (vertical ? r[3] : r[4]);
      Sides along = vertical ? cols : rows;
      boolean aOpen = a <= 0;
      boolean bOpen = b >= (vertical ? w : h);
      if (aOpen && bOpen || to - from < 2) {
        return false;
      }
      // the new side is an edge itself, inside the frame: footage around a copy may have lines that go on along
      // the copy's sides (a horizon level with its top), and the frame's boundary shows no edge to stop at
      int line = (int) (o[2] < r[2] ? o[2] : o[4] > r[4] ? o[4] : o[1] < r[1] ? o[1] : o[3]);
      if (line <= 0 || line >= (vertical ? h : w)
          || (vertical ? rows.score(line, a, b) : cols.score(line, a, b)) < MIN_INSET_EDGE) {
        return false;
      }
      return (aOpen || along.score(a, from, to) >= MIN_INSET_EDGE)
          && (bOpen || along.score(b, from, to) >= MIN_INSET_EDGE);
    }
  }

  private static Search search(List<Frame> frames, boolean prune) {
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    List<float[]> ys = planes(frames);
    Sides cols = new Sides(ys, w, h, true);
    Sides rows = new Sides(ys, w, h, false);
    int[] xs = candidates(cols.profile(), w);
    int[] yz = candidates(rows.profile(), h);
    List<double[]> scored = new ArrayList<>();
    for (int x0 : xs) {
      for (int x1 : xs) {
        for (int y0 : yz) {
          for (int y1 : yz) {
            consider(scored, cols, rows, w, h, x0, x1, y0, y1, prune);
          }
        }
      }
    }
    // a side without evidence (over a plain wall): derived from the other three by a video's aspect ratio
    for (double a : ASPECTS) {
      for (int x0 : xs) {
        for (int x1 : xs) {
          if (x1 - x0 < w / MIN_SIDE_SHARE) {
            continue;
          }
          int dh = (int) Math.round((x1 - x0) / a);
          for (int y : yz) {
            considerNear(scored, cols, rows, w, h, x0, x1, y, y + dh, false, 3, prune);
            considerNear(scored, cols, rows, w, h, x0, x1, y - dh, y, false, 2, prune);
          }
        }
      }
      for (int y0 : yz) {
        for (int y1 : yz) {
          if (y1 - y0 < h / MIN_SIDE_SHARE) {
            continue;
          }
          int dw = (int) Math.round((y1 - y0) * a);
          for (int x : xs) {
            considerNear(scored, cols, rows, w, h, x, x + dw, y0, y1, true, 1, prune);
            considerNear(scored, cols, rows, w, h, x - dw, x, y0, y1, true, 0, prune);
          }
        }
      }
    }
    scored.sort((a, b) -> Double.compare(b[0], a[0]));
    return new Search(cols, rows, w, h, scored);
  }

  /** Smallest panel of a split screen or grid, as a share of the frame's width and height. */
  private static final double MIN_PANEL = 0.15;
  /** Lines closer than this share of the frame belong to one seam (its two edges). */
  private static final double SEAM_WIDTH = 0.05;

  /**
   * The panels of a split screen or a grid (reaction videos, side-by-side or stacked uploads, 2x2 and 3-up grids,
   * one video above two): the frame cut by seams that run its whole width or height, with or without a band of any
   * colour between the panels; where those run one way only, each cell is cut again by the seams of the other way
   * that run through that cell and cut it into pieces of about one size (see {@link #split}). A seam is a line whose
   * every quarter scores as an inset's side does (a coherent edge between footage that changes independently on its
   * two sides) at least {@link #MIN_INSET_EDGE}. Where no line does, a line next to one that does stands in for it
   * along a quarter: a seam band of a pixel or two at the analysis size blends into the lines beside it and shows its
   * step on either edge, wherever its colour is that of the panel on the other side. Lines within {@link #SEAM_WIDTH}
   * of each other are the two edges of one seam band. Needs at least three frames.
   *
   * @return the panels (at least {@link #MIN_PANEL} of the width and height each) in reading order, or empty when
   *     no seam crosses the frame
   */
  public static List<Region> panels(List<Frame> frames) {
    if (frames.size() < 3) {
      return List.of();
    }
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    if (w < 32 || h < 32) {
      return List.of();
    }
    List<float[]> ys = planes(frames);
    List<int[]> parts = new ArrayList<>();
    split(new Sides(ys, w, h, true), new Sides(ys, w, h, false), w, h, parts);
    if (parts.size() < 2) {
      return List.of();
    }
    List<Region> out = new ArrayList<>();
    for (int[] r : readingOrder(parts, Math.max(2, (int) Math.round(h * SEAM_WIDTH)))) {
      out.add(new Region((double) r[0] / w, (double) r[1] / h, (double) (r[2] - r[0]) / w,
          (double) (r[3] - r[1]) / h));
    }
    return out;
  }

  /**
   * The cells of {@link #panels} (as found in these frames) less the seams that are sides of {@code inset}: a seam
   * that lies on one of the inset's sides and is no edge beyond one of the inset's ends (a stretch of the seam between
   * its two cells of at least a twentieth of it, or 4 pixels, scoring under {@link #MIN_INSET_EDGE}) is the inset's
   * side, not a cut across the frame; the cells on its two sides become one. A picture in picture whose side spans most of the frame
   * scores as a seam along every quarter of the line; a split screen's seam crosses the frame whole. Only when the
   * inset lies wholly inside the frame (a side on the boundary may also be a panel's).
   *
   * @return the cells left, in reading order; empty when one is left (no split)
   */
  static List<Region> cellsBesideInset(List<Frame> frames, List<Region> cells, Region inset) {
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    int x0 = (int) Math.round(inset.x() * w);
    int x1 = (int) Math.round((inset.x() + inset.w()) * w);
    int y0 = (int) Math.round(inset.y() * h);
    int y1 = (int) Math.round((inset.y() + inset.h()) * h);
    if (x0 < 1 || y0 < 1 || x1 > w - 1 || y1 > h - 1 || cells.size() < 2) {
      return cells;
    }
    List<float[]> ys = planes(frames);
    List<double[]> left = new ArrayList<>();
    for (Region c : cells) {
      left.add(new double[] {c.x() * w, c.y() * h, (c.x() + c.w()) * w, (c.y() + c.h()) * h});
    }
    Sides[] sides = new Sides[2]; // columns, rows: made when first needed
    for (int[] pair = seamOnInsetSide(ys, w, h, left, sides, x0, y0, x1, y1); pair != null;
        pair = seamOnInsetSide(ys, w, h, left, sides, x0, y0, x1, y1)) {
      double[] p = left.get(pair[0]);
      double[] q = left.get(pair[1]);
      left.set(pair[0], new double[] {Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[2], q[2]),
          Math.max(p[3], q[3])});
      left.remove(pair[1]);
    }
    if (left.size() < 2) {
      return List.of();
    }
    List<Region> out = new ArrayList<>();
    for (double[] r : left) {
      out.add(new Region(r[0] / w, r[1] / h, (r[2] - r[0]) / w, (r[3] - r[1]) / h));
    }
    return out;
  }

  /**
   * Two cells {a, b} (indexes into {@code cells}, as {x0, y0, x1, y1} in pixels) that lie side by side across a seam
   * that is a side of the inset {x0, y0, x1, y1} (see {@link #cellsBesideInset}), or null.
   */
  private static int[] seamOnInsetSide(List<float[]> ys, int w, int h, List<double[]> cells, Sides[] sides, int x0,
      int y0, int x1, int y1) {
    for (int v = 0; v < 2; v++) {
      boolean vertical = v == 0;
      int gap = (int) Math.ceil(SEAM_WIDTH * (vertical ? w : h)) + 2;
      for (int side : vertical ? new int[] {x0, x1} : new int[] {y0, y1}) {
        for (int a = 0; a < cells.size(); a++) {
          for (int b = 0; b < cells.size(); b++) {
            double[] p = cells.get(a);
            double[] q = cells.get(b);
            double end = vertical ? p[2] : p[3];
            double start = vertical ? q[0] : q[1];
            boolean level = vertical ? Math.abs(p[1] - q[1]) < 1 && Math.abs(p[3] - q[3]) < 1
                : Math.abs(p[0] - q[0]) < 1 && Math.abs(p[2] - q[2]) < 1;
            if (a == b || !level || start < end - 1 || start - end > gap || side < end - 2 || side > start + 2) {
              continue;
            }
            int line = (int) Math.round(Math.abs(side - end) <= Math.abs(side - start) ? end : start);
            if (line <= 0 || line >= (vertical ? w : h)) {
              continue;
            }
            if (sides[v] == null) {
              sides[v] = new Sides(ys, w, h, vertical);
            }
            // along the two cells only: a second cut's seam crosses its cell, not the frame
            if (vertical ? noEdgeBeyond(sides[v], line, y0, y1, (int) Math.round(p[1]), (int) Math.round(p[3]))
                : noEdgeBeyond(sides[v], line, x0, x1, (int) Math.round(p[0]), (int) Math.round(p[2]))) {
              return new int[] {a, b};
            }
          }
        }
      }
    }
    return null;
  }

  /**
   * Whether the line is no edge along a stretch of {@code [start, end)} before {@code from} or after {@code to} (see
   * cellsBesideInset).
   */
  private static boolean noEdgeBeyond(Sides sides, int line, int from, int to, int start, int end) {
    int least = Math.max(4, (end - start) / 20);
    return from - start >= least && sides.score(line, start, from) < MIN_INSET_EDGE
        || end - to >= least && sides.score(line, to, end) < MIN_INSET_EDGE;
  }

  /**
   * Parts in reading order, whichever way the frame was cut first: rows of the parts whose tops lie within {@code gap}
   * of the highest one left (the two halves of a frame, each cut by its own seam, need not meet at the same line), each
   * row left to right.
   */
  private static List<int[]> readingOrder(List<int[]> parts, int gap) {
    List<int[]> left = new ArrayList<>(parts);
    List<int[]> out = new ArrayList<>(parts.size());
    while (!left.isEmpty()) {
      int top = left.stream().mapToInt(r -> r[1]).min().getAsInt();
      List<int[]> row = left.stream().filter(r -> r[1] <= top + gap).sorted((a, b) -> Integer.compare(a[0], b[0]))
          .toList();
      out.addAll(row);
      left.removeAll(row);
    }
    return out;
  }

  /** Most panels a frame is cut into by seams that cross only a part of it (more: the first cut alone). */
  private static final int MAX_PARTS = 4;

  /**
   * Least independence of the changes on the two sides of some line of a seam band, along each quarter of it (1:
   * unrelated; {@link #STILL_INDEPENDENCE} where nothing changes), for a band found with the help of the lines beside
   * its lines.
   */
  private static final double SEAM_INDEPENDENCE = 0.9;

  /** Least length of the shortest piece, as a share of the longest, when a part of the frame is cut again. */
  private static final double EVEN_PIECES = 0.75;

  /**
   * Adds to {@code out} the parts of the frame {@code {0, 0, w, h}}: the cells of the seams that cross it whole (each
   * line on its own; only where none does, with the help of the lines beside it) and, where those run one way only,
   * each cell cut again by the seams of the other way that cross that cell whole and cut it into pieces of about one
   * size (one video above two; a grid whose seam shows in one row only). A second cut's seam also needs independent
   * changes on its two sides along every quarter, on its own line too: within one video a straight edge across it (the
   * foot of a wall, a horizon) scores as an edge (harness: a reaction layout's copy of a room was cut in two at its
   * floor line). At most {@link #MAX_PARTS} parts come from such second cuts; beyond that the first cut stands alone.
   */
  private static void split(Sides cols, Sides rows, int w, int h, List<int[]> out) {
    List<int[]> vertical = seams(cols, 0, w, 0, h, w, 0);
    List<int[]> horizontal = seams(rows, 0, h, 0, w, h, 0);
    boolean thin = vertical.isEmpty() && horizontal.isEmpty();
    if (thin) {
      // no line crosses the frame on its own: a thin seam band, each stretch of it on one of its lines, taken only
      // where it cuts the frame evenly, as grids and split screens are cut
      vertical = seams(cols, 0, w, 0, h, w, 1);
      horizontal = seams(rows, 0, h, 0, w, h, 1);
    }
    if (vertical.isEmpty() && horizontal.isEmpty()) {
      return;
    }
    List<int[]> xs = cells(vertical, 0, w, w);
    List<int[]> yz = cells(horizontal, 0, h, h);
    if (thin && !(even(xs) && even(yz))) {
      return;
    }
    List<int[]> first = new ArrayList<>();
    for (int[] y : yz) {
      for (int[] x : xs) {
        first.add(new int[] {x[0], y[0], x[1], y[1]});
      }
    }
    if (!vertical.isEmpty() && !horizontal.isEmpty()) {
      out.addAll(first);
      return;
    }
    boolean byColumns = !vertical.isEmpty();
    List<int[]> second = new ArrayList<>();
    for (int[] r : first) {
      // the first cut ran one way: look for the other way's seams within each cell
      List<int[]> pieces = List.of();
      for (int reach = 0; reach <= 1 && pieces.size() < 2; reach++) {
        pieces = byColumns ? cells(seams(rows, r[1], r[3], r[0], r[2], h, reach, true), r[1], r[3], h)
            : cells(seams(cols, r[0], r[2], r[1], r[3], w, reach, true), r[0], r[2], w);
      }
      if (pieces.size() < 2 || !even(pieces)) {
        second.add(r);
        continue;
      }
      for (int[] c : pieces) {
        second.add(byColumns ? new int[] {r[0], c[0], r[2], c[1]} : new int[] {c[0], r[1], c[1], r[3]});
      }
    }
    out.addAll(second.size() <= MAX_PARTS ? second : first);
  }

  /** True when no stretch {start, end} is shorter than {@link #EVEN_PIECES} of the longest. */
  private static boolean even(List<int[]> stretches) {
    int longest = stretches.stream().mapToInt(c -> c[1] - c[0]).max().orElse(0);
    return stretches.stream().allMatch(c -> c[1] - c[0] >= EVEN_PIECES * longest);
  }

  /**
   * Seam bands {first line, last line} among the lines of {@code [first, end)} that cross the stretch {@code [from,
   * to)} of their length whole: lines whose every quarter scores at least {@link #MIN_INSET_EDGE}, on the line itself
   * or on one within {@code reach} lines of it (then, or always when {@code needIndependence}, also with an
   * independence of at least {@link #SEAM_INDEPENDENCE} on one of those lines); {@code n} is the frame's extent
   * across the lines, which {@link #MIN_PANEL} and {@link #SEAM_WIDTH} are shares of.
   */
  private static List<int[]> seams(Sides sides, int first, int end, int from, int to, int n, int reach) {
    return seams(sides, first, end, from, to, n, reach, false);
  }

  /** {@link #seams(Sides, int, int, int, int, int, int)}, with independence required at every reach if asked. */
  private static List<int[]> seams(Sides sides, int first, int end, int from, int to, int n, int reach,
      boolean needIndependence) {
    int margin = (int) Math.ceil(n * MIN_PANEL);
    int lo = Math.max(1, first + margin);
    int hi = Math.min(end - margin, n - 1);
    if (lo > hi) {
      return List.of();
    }
    // score and independence of quarter k of line l (lines lo - reach .. hi + reach within the frame)
    double[][] quarter = new double[SEGMENTS][hi - lo + 1 + 2 * reach];
    double[][] independent = new double[SEGMENTS][hi - lo + 1 + 2 * reach];
    for (int l = lo - reach; l <= hi + reach; l++) {
      if (l < 1 || l >= n) {
        continue;
      }
      for (int k = 0; k < SEGMENTS; k++) {
        int a = from + (to - from) * k / SEGMENTS;
        int b = from + (to - from) * (k + 1) / SEGMENTS;
        quarter[k][l - lo + reach] = sides.score(l, a, b);
        independent[k][l - lo + reach] = reach == 0 && !needIndependence ? 1 : sides.independence(l, a, b);
      }
    }
    List<int[]> bands = new ArrayList<>();
    int gap = Math.max(2, (int) Math.round(n * SEAM_WIDTH));
    for (int l = lo; l <= hi; l++) {
      double weakest = Double.POSITIVE_INFINITY;
      double leastIndependent = 1;
      for (int k = 0; k < SEGMENTS; k++) {
        double best = 0;
        double mostIndependent = 0;
        for (int i = l - lo; i <= l - lo + 2 * reach; i++) {
          best = Math.max(best, quarter[k][i]);
          mostIndependent = Math.max(mostIndependent, independent[k][i]);
        }
        weakest = Math.min(weakest, best);
        leastIndependent = Math.min(leastIndependent, mostIndependent);
      }
      // with help from the lines beside it, a band also needs evidence along every quarter that the footage on its
      // two sides changes independently: a straight edge of one still picture that leans by a line or two scores as
      // an edge, but its sides change alike or not at all
      if (weakest < MIN_INSET_EDGE || leastIndependent < SEAM_INDEPENDENCE) {
        continue;
      }
      int[] last = bands.isEmpty() ? null : bands.get(bands.size() - 1);
      if (last != null && l - last[1] <= gap) {
        last[1] = l;
      } else {
        bands.add(new int[] {l, l});
      }
    }
    return bands;
  }

  /**
   * The stretches {start, end} of {@code [first, end)} between seam bands, dropping those under {@link #MIN_PANEL} of
   * the frame's extent {@code n}.
   */
  private static List<int[]> cells(List<int[]> bands, int first, int end, int n) {
    List<int[]> out = new ArrayList<>();
    int start = first;
    for (int[] b : bands) {
      out.add(new int[] {start, b[0]});
      start = b[1];
    }
    out.add(new int[] {start, end});
    out.removeIf(c -> c[1] - c[0] < MIN_PANEL * n);
    return out;
  }

  /** Aspect ratios (width / height, in pixels) of videos that an inset may show. */
  private static final double[] ASPECTS = {2.35, 16 / 9.0, 3 / 2.0, 4 / 3.0, 5 / 4.0, 1, 4 / 5.0, 3 / 4.0, 2 / 3.0,
      9 / 16.0};

  /**
   * Scores the rectangle with its derived side ({@code side}: 0 left, 1 right, 2 top, 3 bottom) moved by up to one
   * pixel either way (rounding), keeping the best.
   */
  private static void considerNear(List<double[]> scored, Sides cols, Sides rows, int w, int h, int x0, int x1,
      int y0, int y1, boolean horizontal, int side, boolean prune) {
    double[] best = null;
    for (int d = -1; d <= 1; d++) {
      int a0 = x0 + (side == 0 ? d : 0);
      int a1 = x1 + (side == 1 ? d : 0);
      int b0 = y0 + (side == 2 ? d : 0);
      int b1 = y1 + (side == 3 ? d : 0);
      if (a0 < 0 || a1 > w || b0 < 0 || b1 > h) {
        continue;
      }
      double[] r = rect(cols, rows, w, h, a0, a1, b0, b1, prune);
      if (r != null && (best == null || r[0] > best[0])) {
        best = r;
      }
    }
    if (best != null && best[5] >= MIN_INSET_EDGE) {
      scored.add(best);
    }
  }

  private static void consider(List<double[]> scored, Sides cols, Sides rows, int w, int h, int x0, int x1, int y0,
      int y1, boolean prune) {
    double[] r = rect(cols, rows, w, h, x0, x1, y0, y1, prune);
    if (r != null && r[5] >= MIN_INSET_EDGE) {
      scored.add(r);
    }
  }

  /**
   * {ranking score, x0, y0, x1, y1, score} of a rectangle (the ranking score includes {@link #ASPECT_BONUS}), or null
   * when its size is out of range or, with {@code prune}, when its sides rule it out (below).
   */
  private static double[] rect(Sides cols, Sides rows, int w, int h, int x0, int x1, int y0, int y1,
      boolean prune) {
    if (x0 < 0 || y0 < 0 || x1 > w || y1 > h) {
      return null;
    }
    int rw = x1 - x0;
    int rh = y1 - y0;
    if (rw < w / MIN_SIDE_SHARE || (rw > w * 97 / 100 && (x0 > 0 || x1 < w))) {
      return null;
    }
    if (rh < h / MIN_SIDE_SHARE || (rh > h * 97 / 100 && (y0 > 0 || y1 < h))) {
      return null;
    }
    boolean aspect = aspectFits(rw, rh);
    boolean relax = aspect;
    double penalty = 1;
    if (rw < w / 4 || rh < h / 4) {
      // narrower or lower than a quarter: a video of the other orientation (portrait in landscape or the reverse) at
      // least a fifth of the frame along its long side, or a small copy (a sixth of the frame or more each way, as a
      // corner of a streamer's or a news frame shows one); a video's aspect ratio and all four sides either way
      boolean portraitInLandscape = w > h && 4 * rw <= 3 * rh && rh >= h / 5;
      boolean landscapeInPortrait = h > w && 4 * rh <= 3 * rw && rw >= w / 5;
      boolean small = rw >= w / 6 && rh >= h / 6;
      if (!aspect || !(portraitInLandscape || landscapeInPortrait || small)) {
        return null;
      }
      relax = false; // short sides: all four must show
      // what layout version 5 already took (an eighth of the frame across, a quarter along) scores as it did; a
      // smaller rectangle needs SMALL_PENALTY times the evidence
      boolean before = rw >= w / 8 && rh >= h / 8
          && (portraitInLandscape && rh >= h / 4 || landscapeInPortrait && rw >= w / 4);
      penalty = before ? 1 : SMALL_PENALTY;
    }
    // Sides are scored one by one, and a rectangle stops at its second side under HOPELESS_SIDE (its first without a
    // video's aspect ratio): whatever its other sides, it then scores under MIN_INSET_EDGE and ranks under every
    // rectangle that reaches it, so it can be neither kept nor preferred (see rectScore).
    double[] side = new double[4];
    int weak = 0;
    for (int i = 0; i < 4; i++) {
      boolean inside = i == 0 ? x0 > 0 : i == 1 ? x1 < w : i == 2 ? y0 > 0 : y1 < h;
      if (!inside) {
        side[i] = -1;
        continue;
      }
      side[i] = i == 0 ? cols.score(x0, y0, y1) : i == 1 ? cols.score(x1, y0, y1)
          : i == 2 ? rows.score(y0, x0, x1) : rows.score(y1, x0, x1);
      if (prune && side[i] < HOPELESS_SIDE && ++weak >= (aspect ? 2 : 1)) {
        return null;
      }
    }
    // A band: a video shown across the whole width (or height) of a frame of the other orientation, e.g. a landscape
    // video in a portrait frame over other footage. Two opposite sides lie on the boundary; the two inside carry it
    // when the band has a video's aspect ratio.
    boolean band = aspect && ((side[0] < 0 && side[1] < 0 && side[2] >= 0 && side[3] >= 0 && h > w)
        || (side[2] < 0 && side[3] < 0 && side[0] >= 0 && side[1] >= 0 && w > h));
    if (band) {
      double inner = (side[0] < 0 ? Math.min(side[2], side[3]) : Math.min(side[0], side[1])) / penalty;
      return new double[] {inner * BAND_WEIGHT * ASPECT_BONUS, x0, y0, x1, y1, inner * BAND_WEIGHT};
    }
    double score = rectScore(side, relax) / penalty;
    return new double[] {score * (aspect ? ASPECT_BONUS : 1), x0, y0, x1, y1, score};
  }

  /**
   * An inset's smallest side, as a share of the frame's: 1/16 (a portrait copy at a fifth of a landscape frame's
   * height is 1/16 of its width); rectangles narrower or lower than a quarter are held to the rules of {@link #rect}.
   */
  private static final int MIN_SIDE_SHARE = 16;

  /**
   * Evidence factor for an inset smaller than layout version 5 looked for (under a quarter of the frame each way, or
   * a copy of the other orientation under a quarter along its long side): its score is divided by this. In 80 videos'
   * windows at 192 px (`LayoutAccuracy`, seed 1), copies at 18-35% of a 16:9 frame's height found 0.23 -> 0.46 of
   * the time, and windows of plain footage with an inset where there is none 0.13 -> 0.16 (0.20 without it).
   */
  private static final double SMALL_PENALTY = 1.25;

  /** Score factor of a band (two opposite sides on the frame's boundary): its weaker inner side times this. */
  private static final double BAND_WEIGHT = 1.0;

  /**
   * Ranking factor of a rectangle of a video's aspect ratio (an inset keeps its video's shape): between a copy's true
   * side and a strong edge of its own footage near it, the shape decides. The threshold applies before it.
   */
  private static final double ASPECT_BONUS = 1.5;

  /**
   * A side scoring under this cannot be one of the two weakest sides of a rectangle that is kept: with two such sides
   * (one without a video's aspect ratio) every rule of {@link #rectScore} and a band's rule ({@link #BAND_WEIGHT} at
   * most 1) give a score under it, hence under {@link #MIN_INSET_EDGE}, and a ranking score under {@code
   * MIN_INSET_EDGE}, which every rectangle that is kept reaches.
   */
  private static final double HOPELESS_SIDE = MIN_INSET_EDGE / ASPECT_BONUS;

  /** True when a rectangle's size is a video's aspect ratio, within rounding. */
  private static boolean aspectFits(int rw, int rh) {
    for (double a : ASPECTS) {
      if (Math.abs(rw - rh * a) <= 1.5 + 0.01 * rw) {
        return true;
      }
    }
    return false;
  }

  /**
   * A rectangle's score from its sides' scores (-1: on the frame's boundary): its weakest side's, divided by 1 +
   * {@link #OPEN_SIDE_PENALTY} per side on the boundary.
   */
  private static double rectScore(double[] side, boolean aspect) {
    int open = 0;
    double[] in = new double[4];
    int n = 0;
    for (double s : side) {
      if (s < 0) {
        open++;
      } else {
        in[n++] = s;
      }
    }
    if (open > 2) {
      return 0;
    }
    java.util.Arrays.sort(in, 0, n);
    double min = in[0];
    if (aspect && open == 0) {
      // three sides carry it; the fourth may lie over footage without an edge: the geometric mean of the two weakest
      min = Math.sqrt(in[0] * in[1]);
    }
    return min / (1 + OPEN_SIDE_PENALTY * open);
  }

  /** Score divisor per side on the frame's boundary: 1 + this times their number. */
  private static final double OPEN_SIDE_PENALTY = 1.0;

  /**
   * Evidence for inset sides along the columns (or rows) of a set of frames: prefix sums, down each line, of the
   * signed luma difference to the line before (per frame) and of the products of the changes over time on both
   * sides of the line.
   */
  private static final class Sides {
    private final int lines;
    private final int len;
    /**
     * Prefix sums of the signed difference down each line, per frame: position k of line l in frame t at
     * {@code (l * (len + 1) + k) * frames + t}, so that {@link #coherence} reads the frames of a position together.
     */
    private final float[] diff;
    private final int frames;
    /** Scratch of {@link #coherence}: where its stretches start and end in {@link #diff} (one thread uses a Sides). */
    private final int[] segmentEnds = new int[SEGMENTS + 1];
    /** Prefix sums over time pairs of a*b, a*a + b*b (a, b: changes before and after the line). */
    private final float[] cross;
    private final float[] energy;
    /** The same over the lines one further out before the line (skipping a line that a scaled-down edge blends). */
    private final float[] crossWide;
    private final float[] energyWide;

    Sides(List<float[]> ys, int w, int h, boolean columns) {
      lines = columns ? w : h;
      len = columns ? h : w;
      int n = ys.size();
      frames = n;
      diff = new float[lines * (len + 1) * n];
      cross = new float[lines * (len + 1)];
      energy = new float[lines * (len + 1)];
      crossWide = new float[lines * (len + 1)];
      energyWide = new float[lines * (len + 1)];
      // step to the previous line and along the line, in the flat array
      int back = columns ? 1 : w;
      int along = columns ? w : 1;
      float[] ab = new float[lines * len];
      float[] e = new float[lines * len];
      float[] abw = new float[lines * len];
      float[] ew = new float[lines * len];
      for (int t = 0; t < n; t++) {
        float[] y = ys.get(t);
        float[] prev = t > 0 ? ys.get(t - 1) : null;
        for (int l = 1; l < lines; l++) {
          int base = columns ? l : l * w;
          int o = l * (len + 1);
          float s = 0;
          for (int k = 0; k < len; k++) {
            int i = base + k * along;
            s += y[i] - y[i - back];
            diff[(o + k + 1) * n + t] = s;
            if (prev != null) {
              float a = y[i] - prev[i];
              float b = y[i - back] - prev[i - back];
              ab[l * len + k] += a * b;
              e[l * len + k] += a * a + b * b;
              int iw = l >= 2 ? i - 2 * back : i - back;
              float bw = y[iw] - prev[iw];
              abw[l * len + k] += a * bw;
              ew[l * len + k] += a * a + bw * bw;
            }
          }
        }
      }
      for (int l = 1; l < lines; l++) {
        int o = l * (len + 1);
        for (int k = 0; k < len; k++) {
          cross[o + k + 1] = cross[o + k] + ab[l * len + k];
          energy[o + k + 1] = energy[o + k] + e[l * len + k];
          crossWide[o + k + 1] = crossWide[o + k] + abw[l * len + k];
          energyWide[o + k + 1] = energyWide[o + k] + ew[l * len + k];
        }
      }
    }

    /** Mean over frames of |mean signed difference| across the line between positions from and to. */
    double coherence(int line, int from, int to) {
      int o = line * (len + 1);
      int[] at = segmentEnds;
      for (int k = 0; k <= SEGMENTS; k++) {
        at[k] = (o + from + (to - from) * k / SEGMENTS) * frames;
      }
      double s = 0;
      for (int t = 0; t < frames; t++) {
        for (int k = 0; k < SEGMENTS; k++) {
          s += Math.abs(diff[at[k + 1] + t] - diff[at[k] + t]);
        }
      }
      return s / frames / (to - from);
    }

    /**
     * How independently the two sides of the line change over time between from and to: 1 - 2 sum(ab) / sum(a^2 +
     * b^2), pulled towards {@link #STILL_INDEPENDENCE} where little changes; clamped to [0, 1]. The line before is
     * skipped (b is taken two lines back): an inset scaled down by the decoder and again to the analysis size has an
     * edge that mixes both videos in one line, whose changes follow both sides and hid the inset. The bonus in
     * {@link #score} keeps the adjacent lines.
     */
    double independence(int line, int from, int to) {
      int o = line * (len + 1);
      double ab = crossWide[o + to] - crossWide[o + from];
      double e = energyWide[o + to] - energyWide[o + from];
      double noise = STILL_ENERGY * (to - from) * Math.max(1, frames - 1);
      double confidence = e / (e + noise);
      double raw = 1 - 2 * ab / Math.max(e, 1e-9);
      return Math.max(0, Math.min(1, confidence * raw + (1 - confidence) * STILL_INDEPENDENCE));
    }

    /**
     * Coherence times independence (at least a quarter), plus up to {@link #CHANGE_WEIGHT} for clearly unrelated
     * changes on both sides (two videos meet there even where they look alike).
     */
    double score(int line, int from, int to) {
      int o = line * (len + 1);
      double ab = cross[o + to] - cross[o + from];
      double e = energy[o + to] - energy[o + from];
      double noise = STILL_ENERGY * (to - from) * Math.max(1, frames - 1);
      double unrelated = e / (e + noise) * Math.max(0, Math.min(1, 2 * (0.5 - 2 * ab / Math.max(e, 1e-9))));
      return coherence(line, from, to) * Math.max(0.25, independence(line, from, to)) + CHANGE_WEIGHT * unrelated;
    }

    /** For each line, the best score of any stretch of a quarter of its length. */
    double[] profile() {
      double[] p = new double[lines];
      int run = Math.max(2, len / 4);
      for (int i = 1; i < lines; i++) {
        double best = 0;
        for (int from = 0; from + run <= len; from += Math.max(1, run / 4)) {
          best = Math.max(best, score(i, from, from + run));
        }
        p[i] = best;
      }
      return p;
    }
  }

  /**
   * A side's coherence is measured on this many equal stretches of it and summed: the footage outside an inset may be
   * brighter along one stretch and darker along another, which a mean over the whole side would cancel.
   */
  private static final int SEGMENTS = 4;

  /** Most score a side gets from unrelated changes on its two sides alone. */
  private static final double CHANGE_WEIGHT = 10;

  /** Independence assumed where nothing changes (no evidence either way). */
  private static final double STILL_INDEPENDENCE = 0.7;

  /** Change energy (a^2 + b^2 per pixel and frame pair) below which footage counts as still. */
  private static final double STILL_ENERGY = 20;

  /** Candidate lines: the best peaks of a profile, and both ends (a side on the frame's boundary). */
  private static int[] candidates(double[] profile, int n) {
    int[] p = peaks(profile, 12, 3);
    int[] out = new int[p.length + 2];
    out[0] = 0;
    System.arraycopy(p, 0, out, 1, p.length);
    out[p.length + 1] = n;
    return out;
  }

  /** The indexes of the {@code k} highest local maxima of a profile, at least {@code gap} apart, ascending. */
  private static int[] peaks(double[] p, int k, int gap) {
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i < p.length; i++) {
      boolean max = (i == 0 || p[i] >= p[i - 1]) && (i == p.length - 1 || p[i] >= p[i + 1]);
      if (max && p[i] > 0) {
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
