package org.videosim.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.videosim.Frame;

/**
 * A picture turned by an angle inside its frame, on a flat canvas where it leaves the frame's corners (a rotation edit:
 * black, or any one colour, such as white, or black brightened with the picture): found on a window of frames, and
 * turned back.
 *
 * <p>A picture turned by an angle that is no quarter turn meets its original badly: on the evaluation harness, turns of
 * 3-12 degrees ranked below most edits, and of six clips turned by 20 degrees one was found; turned back, with black
 * where the turn cut its corners, the same copies score as copies (docs/layout.md). The turn is found from what every
 * rotation edit leaves: four straight edges at the angle, the canvas outside them in every frame, footage inside. The
 * canvas is what the frame's four corners show ({@link #canvas}): black, measured from 0, or one flat colour. Two
 * shapes are looked for, the picture turned within a frame of its own size (its corners cut off, as {@code ffmpeg -vf
 * rotate=A} and {@code FrameEdits.rotate} make it) and the picture turned in a frame enlarged to hold it whole (its corners on the
 * frame's sides, {@code rotate=A:ow=rotw(A):oh=roth(A)}).
 */
public final class TurnedPicture {
  private TurnedPicture() {}

  /**
   * Smallest turn looked for: below it the corners it cuts are a pixel or two at the detector's size (at 16:9, turns
   * under about 2.5 degrees leave too few probes beside the short sides and are not found either).
   */
  static final double MIN_DEGREES = 1.5;
  /** Largest turn looked for either way (a larger one is a quarter turn less a smaller one). */
  static final double MAX_DEGREES = 45;
  /**
   * Highest luma (0-255) of a black pixel, averaged over the window's frames: what a turn leaves is black (0-3 on H.264
   * copies at the detector's size, up to 10-40 in single frames of a copy at a very low bit rate, whose average stays
   * low), where dark footage is rarely that dark on average. Of another canvas, the furthest a pixel of it lies from
   * its colour on average.
   */
  static final double BLACK = 12;
  /** How far footage at the picture's edge lies from the canvas (in the frame where it lies furthest). */
  static final double LIT = BLACK + 4;
  /** How far (pixels) outside and inside a side its black and its footage are looked at. */
  static final double PROBE = 2.5;
  /** The same, closer, to rank the turns that pass. */
  static final double NEAR = 1.5;
  /** Share of the probes outside the sides that must be black. */
  static final double BLACK_SHARE = 0.95;
  /**
   * Share of a side's pairs of probes within the frame (one outside, one inside) that must step from black to footage
   * for the side to count as lit.
   */
  static final double LIT_SHARE = 0.6;
  /**
   * Sides that must be lit: two, since a letterboxed video turned is black along two of its own sides, where bars
   * around a picture that is not turned are black on both sides of where a turn's sides would run (no side lit).
   */
  static final int LIT_SIDES = 2;

  /** Largest share of the turned picture that may be black on average (it is footage). */
  static final double BLACK_INSIDE = 0.5;

  /** Pairs of probes that each side must have within the frame. */
  static final int MIN_PROBES = 8;

  /**
   * The degrees by which the picture in a window of frames of one size is turned clockwise about the frame's centre,
   * within [-{@link #MAX_DEGREES}, {@link #MAX_DEGREES}] and at least {@link #MIN_DEGREES} either way, searched in
   * tenths of a degree (found within about half a degree from 5 degrees on, a little too large under that); 0 when it
   * is not turned (or not visibly: footage of the canvas's colour at its edges hides it). Looked for at the frames'
   * own size; the thresholds suit frames of about 150-300 pixels (the layout stage's analysis size).
   */
  public static double find(List<Frame> window) {
    int w = window.get(0).width();
    int h = window.get(0).height();
    // the frames of the first one's size (a stream that changes size within a window: the others are not compared)
    List<Frame> frames = window.stream().filter(f -> f.width() == w && f.height() == h).toList();
    // every turn leaves the frame's four corners on its canvas: most windows stop here
    Canvas canvas = canvas(frames);
    if (canvas == null) {
      return 0;
    }
    Planes lit = planes(frames, canvas);
    if (framedLevel(lit.mean(), w, h)) {
      return 0;
    }
    List<Fit> coarse = new ArrayList<>();
    for (double d = -MAX_DEGREES; d <= MAX_DEGREES + 1e-9; d += 0.5) {
      add(coarse, fit(lit, w, h, d));
    }
    if (coarse.isEmpty()) {
      return 0;
    }
    // then to a tenth of a degree around the best
    double around = middleOfBest(coarse);
    List<Fit> fine = new ArrayList<>();
    for (int i = -5; i <= 5; i++) {
      add(fine, fit(lit, w, h, around + i / 10.0));
    }
    return Math.round(middleOfBest(fine) * 10) / 10.0;
  }

  private static void add(List<Fit> fits, Fit f) {
    if (f != null) {
      fits.add(f);
    }
  }

  /** The turn in the middle of those that score best (several fit as well where a side's step is a pixel wide). */
  private static double middleOfBest(List<Fit> fits) {
    double top = fits.stream().mapToDouble(Fit::score).max().orElseThrow();
    List<Fit> best = fits.stream().filter(f -> f.score >= top).toList();
    return best.get(best.size() / 2).degrees;
  }

  /** How well a turn explains the window: its lit sides, plus the share of sharp steps from black to footage along them. */
  private record Fit(double degrees, double score) {}

  private static Fit better(Fit a, Fit b) {
    return b == null ? a : a == null || b.score > a.score + 1e-12 ? b : a;
  }

  /** The better of the two shapes of a turn by {@code degrees}, or null when neither fits. */
  private static Fit fit(Planes lit, int w, int h, double degrees) {
    if (Math.abs(degrees) < MIN_DEGREES - 1e-9 || Math.abs(degrees) > MAX_DEGREES + 1e-9) {
      return null;
    }
    double c = Math.cos(Math.toRadians(Math.abs(degrees)));
    double s = Math.sin(Math.toRadians(Math.abs(degrees)));
    Fit within = fit(lit, w, h, degrees, w, h);
    // enlarged frame: the turned picture's corners on the frame's sides
    double det = c * c - s * s;
    double pw = (w * c - h * s) / det;
    double ph = (h * c - w * s) / det;
    Fit enlarged = det > 1e-6 && pw >= 8 && ph >= 8 && pw <= w && ph <= h ? fit(lit, w, h, degrees, pw, ph) : null;
    return better(within, enlarged);
  }

  /**
   * The fit of a picture of {@code pw x ph} pixels turned by {@code degrees} about the centre of a {@code w x h}
   * frame: along each of its sides, a probe {@link #PROBE} pixels outside (black) and one inside (footage), every
   * pixel of the side's length; probes outside the frame do not count.
   */
  private static Fit fit(Planes luma, int w, int h, double degrees, double pw, double ph) {
    double a = Math.toRadians(degrees);
    double c = Math.cos(a);
    double s = Math.sin(a);
    int outside = 0;
    int black = 0;
    boolean[] lit = new boolean[4];
    int sharp = 0;
    int sharpOf = 0;
    for (int side = 0; side < 4; side++) {
      // side 0 top, 1 right, 2 bottom, 3 left, in the picture's own coordinates (u right, v down, from its centre)
      boolean horizontal = side % 2 == 0;
      double length = horizontal ? pw : ph;
      double nu = side == 1 ? 1 : side == 3 ? -1 : 0;
      double nv = side == 0 ? -1 : side == 2 ? 1 : 0;
      int pairs = 0;
      int edges = 0;
      int nearEdges = 0;
      for (double t = -length / 2 + 0.5; t < length / 2; t += 1) {
        double u = horizontal ? t : nu * pw / 2;
        double v = horizontal ? nv * ph / 2 : t;
        float out = probe(luma.mean(), w, h, c, s, u + PROBE * nu, v + PROBE * nv);
        float in = probe(luma.max(), w, h, c, s, u - PROBE * nu, v - PROBE * nv);
        if (out >= 0) {
          outside++;
          black += out <= BLACK ? 1 : 0;
        }
        if (out >= 0 && in >= 0) {
          pairs++;
          edges += out <= BLACK && in >= LIT ? 1 : 0;
          float nearOut = probe(luma.mean(), w, h, c, s, u + NEAR * nu, v + NEAR * nv);
          float nearIn = probe(luma.max(), w, h, c, s, u - NEAR * nu, v - NEAR * nv);
          nearEdges += nearOut <= BLACK && nearIn >= LIT ? 1 : 0;
        }
      }
      if (pairs < MIN_PROBES) {
        return null;
      }
      lit[side] = edges >= LIT_SHARE * pairs;
      sharp += lit[side] ? nearEdges : 0;
      sharpOf += lit[side] ? pairs : 0;
    }
    // black outside the sides (95% of the probes), a step from black to footage across LIT_SIDES of them (black bars
    // around a picture that is not turned lie on both sides of where a turn's sides would run), and footage within
    int litSides = (lit[0] ? 1 : 0) + (lit[1] ? 1 : 0) + (lit[2] ? 1 : 0) + (lit[3] ? 1 : 0);
    if ((double) black / outside < BLACK_SHARE || litSides < LIT_SIDES
        || blackInside(luma.mean(), w, h, c, s, pw, ph) > BLACK_INSIDE) {
      return null;
    }
    // among the turns that pass, the one with the most lit sides, then the one whose lit sides lie where black meets
    // footage: the largest share of pairs of probes closer to them that step from black to footage (a turn a degree
    // off moves a side's ends by a pixel or two)
    return new Fit(degrees, litSides + (double) sharp / sharpOf);
  }

  /**
   * Whether the canvas runs along every side of the frame as a band of one depth, a frame around a picture that is not
   * turned: a turn of a few degrees runs its long sides from such a frame's outer edge to a few pixels in, across its
   * inner edge, where footage starts, and steps from the canvas to footage along most of them. Around a turned picture
   * the canvas's depth changes along a side with the turn (by 4 pixels or more along a 192-pixel side at 1.5
   * degrees, 6.7 at 2.5). The depth is looked at in 9 places along each side; level where 7 of them lie within 2
   * pixels of their median, which is at least a pixel (an H.264 copy blurs a coloured frame's inner edge by a pixel or
   * two; a turn under about 2 degrees in an enlarged frame looks level too, and is no turn).
   */
  static boolean framedLevel(float[] mean, int w, int h) {
    for (int side = 0; side < 4; side++) {
      boolean horizontal = side % 2 == 0;
      int along = horizontal ? w : h;
      int across = horizontal ? h : w;
      int[] depth = new int[9];
      for (int i = 0; i < depth.length; i++) {
        int a = (int) ((i + 1) / 10.0 * along);
        int d = 0;
        while (d < across / 3) {
          int x = horizontal ? a : side == 3 ? d : across - 1 - d;
          int y = horizontal ? (side == 0 ? d : across - 1 - d) : a;
          if (mean[y * w + x] > BLACK) {
            break;
          }
          d++;
        }
        depth[i] = d;
      }
      int[] sorted = depth.clone();
      Arrays.sort(sorted);
      int median = sorted[depth.length / 2];
      int near = 0;
      for (int d : depth) {
        near += Math.abs(d - median) <= 2 ? 1 : 0;
      }
      if (median < 1 || near < 7) {
        return false;
      }
    }
    return true;
  }

  /**
   * The share of the turned picture (every fourth pixel of it, within the frame) that is black on average: footage
   * that is black nearly everywhere (a night scene darkened further) has straight lines where black meets its few
   * lights, which a turn's sides may fit.
   */
  private static double blackInside(float[] mean, int w, int h, double c, double s, double pw, double ph) {
    double cx = w / 2.0;
    double cy = h / 2.0;
    int all = 0;
    int black = 0;
    for (int y = 0; y < h; y += 2) {
      for (int x = 0; x < w; x += 2) {
        double px = x + 0.5 - cx;
        double py = y + 0.5 - cy;
        if (Math.abs(c * px + s * py) < pw / 2 - PROBE && Math.abs(-s * px + c * py) < ph / 2 - PROBE) {
          all++;
          black += mean[y * w + x] <= BLACK ? 1 : 0;
        }
      }
    }
    return all == 0 ? 1 : (double) black / all;
  }

  /**
   * The value of {@code plane} (one per pixel of a {@code w x h} frame) at the point {@code (u, v)} of a picture turned
   * about the frame's centre ({@code c}, {@code s}: the cosine and sine of the turn; u right, v down, from the centre),
   * or -1 outside the frame.
   */
  private static float probe(float[] plane, int w, int h, double c, double s, double u, double v) {
    int ix = (int) Math.floor(w / 2.0 + c * u - s * v);
    int iy = (int) Math.floor(h / 2.0 + s * u + c * v);
    return ix < 0 || iy < 0 || ix >= w || iy >= h ? -1 : plane[iy * w + ix];
  }

  private static double luma(int rgb) {
    return 0.299 * (rgb >>> 16 & 0xff) + 0.587 * (rgb >>> 8 & 0xff) + 0.114 * (rgb & 0xff);
  }

  /**
   * The colour around a turned picture, packed RGB: black (0), from which pixels of the canvas lie at most {@link
   * #BLACK} in luma on average and footage at least {@link #LIT}, or another colour, from which they lie that far in
   * their furthest channel (a colour's luma is shared by footage of other colours).
   */
  record Canvas(int rgb) {
    static final Canvas BLACK_CANVAS = new Canvas(0);

    boolean isBlack() {
      return rgb == 0;
    }

    /** How far {@code r, g, b} lie from this colour, in their furthest channel. */
    float distance(int r, int g, int b) {
      return Math.max(Math.abs(r - (rgb >>> 16 & 0xff)), Math.max(Math.abs(g - (rgb >>> 8 & 0xff)),
          Math.abs(b - (rgb & 0xff))));
    }
  }

  /**
   * Furthest (in any channel) that a pixel of a canvas other than black lies from its colour, in any frame: an editor's
   * canvas is one colour to the pixel (0 on the probe copies, white, blue, grey, after H.264), where flat footage that
   * fills the corners (pavement, a wall, sky) varies by 7-15 within a few pixels of them over a window (harness second
   * draw, `Q0066`), and a turn on black that was brightened is as flat.
   */
  static final double FLAT = 4;
  /** Pixels along each edge from each corner that a canvas other than black must cover. */
  static final int CORNER = 3;

  /**
   * The canvas that the frames' four corner pixels show: black when each is black on average over the frames (in
   * luma, as noise after a turn or a very low bit rate leave it), otherwise their mean colour when the {@link #CORNER}
   * pixels along both edges from each corner lie within {@link #FLAT} of it in every frame (one flat colour); null
   * when they show footage or different colours.
   */
  static Canvas canvas(List<Frame> frames) {
    int n = frames.size();
    double[] luma = new double[4];
    long[] sum = new long[3];
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(i);
      int[][] at = {{0, 0}, {f.width() - 1, 0}, {0, f.height() - 1}, {f.width() - 1, f.height() - 1}};
      for (int k = 0; k < 4; k++) {
        int p = f.rgbAt(at[k][0], at[k][1]);
        luma[k] += luma(p) / n;
        sum[0] += p >>> 16 & 0xff;
        sum[1] += p >>> 8 & 0xff;
        sum[2] += p & 0xff;
      }
    }
    if (luma[0] <= BLACK && luma[1] <= BLACK && luma[2] <= BLACK && luma[3] <= BLACK) {
      return Canvas.BLACK_CANVAS;
    }
    int mean = (int) Math.round(sum[0] / (4.0 * n)) << 16 | (int) Math.round(sum[1] / (4.0 * n)) << 8
        | (int) Math.round(sum[2] / (4.0 * n));
    Canvas canvas = new Canvas(mean);
    for (Frame f : frames) {
      int w = f.width();
      int h = f.height();
      for (int k = 0; k < Math.min(CORNER, Math.min(w, h)); k++) {
        // along the frame's edges from each corner, where a turn of 3 degrees or more leaves the canvas
        for (int p : new int[] {f.rgbAt(k, 0), f.rgbAt(0, k), f.rgbAt(w - 1 - k, 0), f.rgbAt(w - 1, k),
            f.rgbAt(k, h - 1), f.rgbAt(0, h - 1 - k), f.rgbAt(w - 1 - k, h - 1), f.rgbAt(w - 1, h - 1 - k)}) {
          if (canvas.distance(p >>> 16 & 0xff, p >>> 8 & 0xff, p & 0xff) > FLAT) {
            return null;
          }
        }
      }
    }
    return canvas;
  }

  /**
   * Per pixel, how far it lies from the canvas ({@link Canvas}) on average over the window's frames (the canvas is
   * looked for there) and at most (footage).
   */
  private record Planes(float[] mean, float[] max) {}

  private static Planes planes(List<Frame> frames, Canvas canvas) {
    float[] max = null;
    float[] mean = null;
    for (Frame f : frames) {
      float[] y = canvas.isBlack() ? f.luma() : distances(f, canvas);
      if (max == null) {
        max = y.clone();
        mean = y;
      } else {
        for (int i = 0; i < y.length; i++) {
          max[i] = Math.max(max[i], y[i]);
          mean[i] += y[i];
        }
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= frames.size();
    }
    return new Planes(mean, max);
  }

  private static float[] distances(Frame f, Canvas canvas) {
    byte[] rgb = f.rgb();
    float[] d = new float[f.width() * f.height()];
    for (int i = 0, o = 0; i < d.length; i++, o += 3) {
      d[i] = canvas.distance(rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff);
    }
    return d;
  }

  /**
   * The frames turned back by {@code degrees} about their centres, at their own size and scale (bilinear), black where
   * nothing of the frame falls: the picture upright, black where the turn cut its corners (or, where the frame had been
   * enlarged to hold it, the canvas around it, as borders, black at their far corners). What is encoded: on a canvas of
   * another colour too, black wedges meet the original better than the canvas's (turned by 20 degrees on white, six
   * probe clips' check-code similarities to their originals 0.63-0.82 against 0.50-0.73 with white wedges).
   */
  public static List<Frame> straighten(List<Frame> frames, double degrees) {
    return straighten(frames, degrees, 0);
  }

  /**
   * As {@link #straighten(List, double)}, but the canvas's colour ({@link #canvas}; black when the corners show none)
   * where nothing of the frame falls: a picture turned in a frame enlarged to hold it comes back upright with borders
   * of one colour around it, which the layout stage then finds.
   */
  static List<Frame> straightenOnCanvas(List<Frame> frames, double degrees) {
    Canvas canvas = frames.isEmpty() ? null : canvas(frames);
    return straighten(frames, degrees, canvas == null ? 0 : canvas.rgb());
  }

  private static List<Frame> straighten(List<Frame> frames, double degrees, int fill) {
    List<Frame> out = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      out.add(straighten(f, degrees, fill));
    }
    return out;
  }

  private static Frame straighten(Frame f, double degrees, int fill) {
    int w = f.width();
    int h = f.height();
    double a = Math.toRadians(degrees);
    double c = Math.cos(a);
    double s = Math.sin(a);
    double cx = w / 2.0;
    double cy = h / 2.0;
    byte[] src = f.rgb();
    byte[] dst = new byte[w * h * 3];
    if (fill != 0) {
      for (int i = 0; i < dst.length; i += 3) {
        dst[i] = (byte) (fill >>> 16);
        dst[i + 1] = (byte) (fill >>> 8);
        dst[i + 2] = (byte) fill;
      }
    }
    for (int oy = 0; oy < h; oy++) {
      double v = oy + 0.5 - cy;
      for (int ox = 0; ox < w; ox++) {
        double u = ox + 0.5 - cx;
        // where this point of the upright picture lies in the turned frame (pixel centres at half integers)
        double x = cx + c * u - s * v - 0.5;
        double y = cy + s * u + c * v - 0.5;
        if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
          continue; // the fill
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int xa = Math.max(0, x0);
        int xb = Math.min(w - 1, x0 + 1);
        int ya = Math.max(0, y0);
        int yb = Math.min(h - 1, y0 + 1);
        int o = (oy * w + ox) * 3;
        for (int ch = 0; ch < 3; ch++) {
          double top = (src[(ya * w + xa) * 3 + ch] & 0xff) * (1 - fx) + (src[(ya * w + xb) * 3 + ch] & 0xff) * fx;
          double bottom = (src[(yb * w + xa) * 3 + ch] & 0xff) * (1 - fx) + (src[(yb * w + xb) * 3 + ch] & 0xff) * fx;
          dst[o + ch] = (byte) Math.round(top * (1 - fy) + bottom * fy);
        }
      }
    }
    return new Frame(f.index(), f.timestamp(), w, h, dst);
  }
}
