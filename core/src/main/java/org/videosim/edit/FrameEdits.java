package org.videosim.edit;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.videosim.Frame;

/**
 * Static factories of {@link FrameEdit}s: the edits that re-uploaders use. Java2D does the drawing (headless; no
 * native code). All edits are immutable and thread-safe; random ones take a seed and are reproducible.
 */
public final class FrameEdits {
  private FrameEdits() {}

  private static FrameEdit named(String description, Function<Frame, Frame> f) {
    return new FrameEdit() {
      @Override
      public Frame apply(Frame frame) {
        return f.apply(Objects.requireNonNull(frame, "frame"));
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** No change. */
  public static FrameEdit identity() {
    return named("identity", f -> f);
  }

  /** Mirror left to right. */
  public static FrameEdit hflip() {
    return named("hflip", f -> {
      int w = f.width();
      int h = f.height();
      byte[] src = f.rgb();
      byte[] dst = new byte[src.length];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          System.arraycopy(src, (y * w + x) * 3, dst, (y * w + (w - 1 - x)) * 3, 3);
        }
      }
      return new Frame(f.index(), f.timestamp(), w, h, dst);
    });
  }

  /** Keeps a region of the frame (its part beyond the frame's edge, from rounding, is ignored). */
  public static FrameEdit crop(org.videosim.Region r) {
    Objects.requireNonNull(r, "region");
    return crop(r.x(), r.y(), Math.min(1, r.x() + r.w()), Math.min(1, r.y() + r.h()));
  }

  /**
   * Keeps the window {@code [x0, x1) x [y0, y1)} given as fractions of the width and height.
   */
  public static FrameEdit crop(double x0, double y0, double x1, double y1) {
    if (!(0 <= x0 && x0 < x1 && x1 <= 1 && 0 <= y0 && y0 < y1 && y1 <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "crop window must lie in the unit square:"
          + " %s,%s - %s,%s", x0, y0, x1, y1));
    }
    return named(String.format(Locale.ROOT, "crop(%.2f,%.2f-%.2f,%.2f)", x0, y0, x1, y1), f -> {
      int ax = (int) Math.floor(x0 * f.width());
      int ay = (int) Math.floor(y0 * f.height());
      int bx = Math.max(ax + 1, (int) Math.ceil(x1 * f.width()));
      int by = Math.max(ay + 1, (int) Math.ceil(y1 * f.height()));
      int w = bx - ax;
      byte[] src = f.rgb();
      byte[] dst = new byte[w * (by - ay) * 3];
      for (int y = ay; y < by; y++) {
        System.arraycopy(src, (y * f.width() + ax) * 3, dst, (y - ay) * w * 3, w * 3);
      }
      return new Frame(f.index(), f.timestamp(), w, by - ay, dst);
    });
  }

  /** Black and white (BT.601 luma in all three channels). */
  public static FrameEdit gray() {
    return named("gray", f -> {
      float[] y = f.luma();
      byte[] dst = new byte[y.length * 3];
      for (int i = 0; i < y.length; i++) {
        byte v = (byte) Math.round(y[i]);
        dst[i * 3] = v;
        dst[i * 3 + 1] = v;
        dst[i * 3 + 2] = v;
      }
      return new Frame(f.index(), f.timestamp(), f.width(), f.height(), dst);
    });
  }

  /**
   * Brightness, contrast and gamma, as in FFmpeg's {@code eq}: {@code v' = ((v - 0.5) * contrast + 0.5 +
   * brightness) ^ (1 / gamma)} on values in [0, 1].
   */
  public static FrameEdit eq(double brightness, double contrast, double gamma) {
    if (!(contrast > 0) || !(gamma > 0) || !(Math.abs(brightness) <= 1)) {
      throw new IllegalArgumentException("need |brightness| <= 1, contrast > 0, gamma > 0: " + brightness + ", "
          + contrast + ", " + gamma);
    }
    byte[] lut = new byte[256];
    for (int v = 0; v < 256; v++) {
      double x = (v / 255.0 - 0.5) * contrast + 0.5 + brightness;
      x = Math.pow(Math.max(0, Math.min(1, x)), 1 / gamma);
      lut[v] = (byte) Math.round(x * 255);
    }
    return named(String.format(Locale.ROOT, "eq(b=%.2f,c=%.2f,g=%.2f)", brightness, contrast, gamma),
        f -> mapBytes(f, (c, v) -> lut[v]));
  }

  /** Multiplies the red, green and blue channels (a colour cast), clamped. */
  public static FrameEdit tint(double red, double green, double blue) {
    double[] m = {red, green, blue};
    for (double x : m) {
      if (!(x >= 0) || !Double.isFinite(x)) {
        throw new IllegalArgumentException("channel factors must be finite and not negative");
      }
    }
    return named(String.format(Locale.ROOT, "tint(%.2f,%.2f,%.2f)", red, green, blue),
        f -> mapBytes(f, (c, v) -> (byte) Math.min(255, Math.round(v * m[c]))));
  }

  private interface ByteMap {
    byte map(int channel, int value);
  }

  private static Frame mapBytes(Frame f, ByteMap map) {
    byte[] px = f.rgb();
    for (int i = 0; i < px.length; i++) {
      px[i] = map.map(i % 3, px[i] & 0xff);
    }
    return new Frame(f.index(), f.timestamp(), f.width(), f.height(), px);
  }

  /**
   * Rotates the hue by {@code hueDegrees} and scales the saturation by {@code saturation} (HSV), per pixel.
   */
  public static FrameEdit hueSaturation(double hueDegrees, double saturation) {
    if (!Double.isFinite(hueDegrees) || !(saturation >= 0 && saturation <= 10)) {
      throw new IllegalArgumentException("need a finite hue and saturation in [0, 10]: " + hueDegrees + ", "
          + saturation);
    }
    float dh = (float) (hueDegrees / 360.0);
    return named(String.format(Locale.ROOT, "hsv(h=%+.0f,s=%.2f)", hueDegrees, saturation), f -> {
      byte[] px = f.rgb();
      float[] hsb = new float[3];
      for (int i = 0; i < px.length; i += 3) {
        Color.RGBtoHSB(px[i] & 0xff, px[i + 1] & 0xff, px[i + 2] & 0xff, hsb);
        int rgb = Color.HSBtoRGB(hsb[0] + dh, (float) Math.min(1, hsb[1] * saturation), hsb[2]);
        px[i] = (byte) (rgb >> 16);
        px[i + 1] = (byte) (rgb >> 8);
        px[i + 2] = (byte) rgb;
      }
      return new Frame(f.index(), f.timestamp(), f.width(), f.height(), px);
    });
  }

  /** Shifts the picture by fractions of its width and height; the uncovered area becomes black. */
  public static FrameEdit translate(double dx, double dy) {
    if (!(Math.abs(dx) < 1 && Math.abs(dy) < 1)) {
      throw new IllegalArgumentException("shifts must be within (-1, 1): " + dx + ", " + dy);
    }
    return named(String.format(Locale.ROOT, "translate(%+.2f,%+.2f)", dx, dy), f -> draw(f, f.width(), f.height(),
        Color.BLACK, (g, img) -> g.drawImage(img, (int) Math.round(dx * f.width()),
            (int) Math.round(dy * f.height()), null)));
  }

  /**
   * The picture shrunk to {@code scale} of its size, centred over a blurred, enlarged copy of itself: the
   * "blurred background" fill that re-uploaders use instead of black bars.
   */
  public static FrameEdit blurredFill(double scale) {
    if (!(scale > 0.1 && scale < 1)) {
      throw new IllegalArgumentException("scale must be within (0.1, 1): " + scale);
    }
    FrameEdit background = scale(0.25).andThen(blur(2)).andThen(scale(4));
    return named(String.format(Locale.ROOT, "blurredFill(%.2f)", scale), f -> {
      Frame bg = resize(f.width(), f.height()).apply(background.apply(f));
      int w = Math.max(1, (int) Math.round(f.width() * scale));
      int h = Math.max(1, (int) Math.round(f.height() * scale));
      BufferedImage fg = toImage(f);
      Frame out = draw(bg, f.width(), f.height(), Color.BLACK, (g, img) -> {
        g.drawImage(img, 0, 0, null);
        g.drawImage(fg, (f.width() - w) / 2, (f.height() - h) / 2, w, h, null);
      });
      return new Frame(f.index(), f.timestamp(), out.width(), out.height(), out.rgb());
    });
  }

  /**
   * The picture at its full size in the middle of a wider canvas ({@code widthFactor} times its width), the sides
   * filled with a strongly blurred copy of the same frame scaled to cover the canvas: the "blurred sides" that phone
   * re-uploads of portrait or narrow video show. The blur's standard deviation is {@code blur} of the canvas width.
   */
  public static FrameEdit blurredPillarbox(double widthFactor, double blur) {
    return blurredPad(widthFactor, 1, blur);
  }

  /**
   * The picture at its full size in the middle of a canvas {@code widthFactor} times its width and
   * {@code heightFactor} times its height, the rest filled with a strongly blurred copy of the same frame scaled to
   * cover the canvas (centred). The blur's standard deviation is {@code blur} (a fraction) of the canvas width.
   */
  public static FrameEdit blurredPad(double widthFactor, double heightFactor, double blur) {
    if (!(widthFactor >= 1 && widthFactor <= 4 && heightFactor >= 1 && heightFactor <= 4)
        || !(blur > 0 && blur <= 0.5)) {
      throw new IllegalArgumentException("need factors in [1, 4] and blur in (0, 0.5]: " + widthFactor + ", "
          + heightFactor + ", " + blur);
    }
    return named(String.format(Locale.ROOT, "blurredPad(%.2f,%.2f,%.2f)", widthFactor, heightFactor, blur), f -> {
      int cw = (int) Math.round(f.width() * widthFactor);
      int ch = (int) Math.round(f.height() * heightFactor);
      double cover = Math.max((double) cw / f.width(), (double) ch / f.height());
      int sw = (int) Math.ceil(f.width() * cover);
      int sh = (int) Math.ceil(f.height() * cover);
      // the blur on a quarter-size copy (fast), then back to the canvas size
      int qw = Math.max(1, cw / 4);
      int qh = Math.max(1, ch / 4);
      Frame small = draw(f, qw, qh, Color.BLACK, (g, img) -> g.drawImage(img, (qw - sw / 4) / 2, (qh - sh / 4) / 2,
          sw / 4, sh / 4, null));
      Frame bg = resize(cw, ch).apply(blur(Math.min(50, Math.max(0.5, blur * qw))).apply(small));
      int x = (cw - f.width()) / 2;
      int y = (ch - f.height()) / 2;
      BufferedImage fg = toImage(f);
      Frame out = draw(bg, cw, ch, Color.BLACK, (g, img) -> {
        g.drawImage(img, 0, 0, null);
        g.drawImage(fg, x, y, null);
      });
      return new Frame(f.index(), f.timestamp(), out.width(), out.height(), out.rgb());
    });
  }

  /**
   * The picture in the middle of a canvas {@code aspect} times as wide as it is high: a picture narrower than that is
   * continued sideways, one wider than that upward and downward, by reflecting it at its edges (repeatedly where the
   * added part is larger than the picture). A picture of that aspect already is returned as it is.
   *
   * @param aspect the canvas's width over its height, within [0.25, 4]
   * @return the edit
   */
  public static FrameEdit mirrorPad(double aspect) {
    if (!(aspect >= 0.25 && aspect <= 4)) {
      throw new IllegalArgumentException("aspect must be within [0.25, 4]: " + aspect);
    }
    return named(String.format(Locale.ROOT, "mirrorPad(%.3f)", aspect), f -> {
      int w = f.width();
      int h = f.height();
      int cw = Math.max(w, (int) Math.round(h * aspect));
      int ch = Math.max(h, (int) Math.round(w / aspect));
      if (cw == w && ch == h) {
        return f;
      }
      int[] fromX = reflected(cw, w);
      int[] fromY = reflected(ch, h);
      byte[] src = f.rgb();
      byte[] dst = new byte[cw * ch * 3];
      for (int y = 0; y < ch; y++) {
        int row = fromY[y] * w * 3;
        int out = y * cw * 3;
        for (int x = 0; x < cw; x++) {
          System.arraycopy(src, row + fromX[x] * 3, dst, out + x * 3, 3);
        }
      }
      return new Frame(f.index(), f.timestamp(), cw, ch, dst);
    });
  }

  /** For each of {@code n} positions, the one of {@code m} (centred among them) it reflects: period 2m. */
  private static int[] reflected(int n, int m) {
    int first = (n - m) / 2;
    int[] from = new int[n];
    for (int x = 0; x < n; x++) {
      int k = Math.floorMod(x - first, 2 * m);
      from[x] = k < m ? k : 2 * m - 1 - k;
    }
    return from;
  }

  /**
   * Draws an image (e.g. a logo with transparency) scaled to {@code size} of the frame height, in a corner (0 top
   * left, 1 top right, 2 bottom right, 3 bottom left), with the given opacity.
   */
  public static FrameEdit overlay(BufferedImage image, double size, int corner, double opacity) {
    Objects.requireNonNull(image, "image");
    if (!(size > 0 && size <= 1) || corner < 0 || corner > 3 || !(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("need size in (0, 1], corner in 0..3, opacity in [0, 1]");
    }
    return named(String.format(Locale.ROOT, "overlay(%dx%d,%.2f,corner=%d,opacity=%.2f)", image.getWidth(),
        image.getHeight(), size, corner, opacity), f -> draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int h = Math.max(2, (int) Math.round(size * f.height()));
          int w = Math.max(2, (int) Math.round((double) h * image.getWidth() / image.getHeight()));
          int m = Math.max(2, h / 6);
          int x = corner == 1 || corner == 2 ? f.width() - w - m : m;
          int y = corner >= 2 ? f.height() - h - m : m;
          g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
          g.drawImage(image, x, y, w, h, null);
        }));
  }

  /** Gaussian blur with standard deviation {@code sigma} in pixels. */
  public static FrameEdit blur(double sigma) {
    if (!(sigma > 0 && sigma <= 50)) {
      throw new IllegalArgumentException("sigma must be within (0, 50]: " + sigma);
    }
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return named(String.format(Locale.ROOT, "blur(%.2f)", sigma), f -> {
      int w = f.width();
      int h = f.height();
      byte[] src = f.rgb();
      // Separable: rows, then columns; the picture's edge pixels repeat beyond it. Rows and columns are copied into a
      // padded line first, so the taps need no bounds checks (the sums keep the same order of terms).
      float[] tmp = new float[src.length];
      float[] line = new float[Math.max(w, h) + 2 * r];
      for (int y = 0; y < h; y++) {
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < w + 2 * r; i++) {
            int xx = Math.min(w - 1, Math.max(0, i - r));
            line[i] = src[(y * w + xx) * 3 + c] & 0xff;
          }
          for (int x = 0; x < w; x++) {
            float acc = 0;
            for (int i = 0; i <= 2 * r; i++) {
              acc += k[i] * line[x + i];
            }
            tmp[(y * w + x) * 3 + c] = acc;
          }
        }
      }
      byte[] dst = new byte[src.length];
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < h + 2 * r; i++) {
            int yy = Math.min(h - 1, Math.max(0, i - r));
            line[i] = tmp[(yy * w + x) * 3 + c];
          }
          for (int y = 0; y < h; y++) {
            float acc = 0;
            for (int i = 0; i <= 2 * r; i++) {
              acc += k[i] * line[y + i];
            }
            dst[(y * w + x) * 3 + c] = (byte) Math.min(255, Math.round(acc));
          }
        }
      }
      return new Frame(f.index(), f.timestamp(), w, h, dst);
    });
  }

  /** Uniform noise of {@code +-strength} (0..255 scale) per channel, different in every frame. */
  public static FrameEdit noise(int strength, long seed) {
    if (strength < 0 || strength > 255) {
      throw new IllegalArgumentException("strength must be within [0, 255]: " + strength);
    }
    return named("noise(" + strength + ")", f -> {
      Random rnd = new Random(seed * 1_000_003L + f.index());
      return mapBytes(f, (c, v) -> (byte) Math.max(0, Math.min(255, v + rnd.nextInt(2 * strength + 1) - strength)));
    });
  }

  /** Scales to {@code width x height} pixels (bilinear). */
  public static FrameEdit resize(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
    }
    return named("resize(" + width + "x" + height + ")", f -> draw(f, width, height, Color.BLACK, (g, img) ->
        g.drawImage(img, 0, 0, width, height, null)));
  }

  /** Scales by a factor of the current size (bilinear), e.g. 0.25 then 4 for a blocky low-resolution copy. */
  public static FrameEdit scale(double factor) {
    if (!(factor > 0 && factor <= 16)) {
      throw new IllegalArgumentException("factor must be within (0, 16]: " + factor);
    }
    return named(String.format(Locale.ROOT, "scale(%.2f)", factor), f -> {
      int w = Math.max(1, (int) Math.round(f.width() * factor));
      int h = Math.max(1, (int) Math.round(f.height() * factor));
      return resize(w, h).apply(f);
    });
  }

  /**
   * Adds solid borders; each side's width is a fraction of the frame's width (left, right) or height (top, bottom).
   */
  public static FrameEdit border(double left, double top, double right, double bottom, Color color) {
    Objects.requireNonNull(color, "color");
    for (double d : new double[] {left, top, right, bottom}) {
      if (!(d >= 0 && d <= 2)) {
        throw new IllegalArgumentException("border fractions must be within [0, 2]");
      }
    }
    return named(String.format(Locale.ROOT, "border(%.2f,%.2f,%.2f,%.2f)", left, top, right, bottom), f -> {
      int l = (int) Math.round(left * f.width());
      int t = (int) Math.round(top * f.height());
      int w = f.width() + l + (int) Math.round(right * f.width());
      int h = f.height() + t + (int) Math.round(bottom * f.height());
      return draw(f, w, h, color, (g, img) -> g.drawImage(img, l, t, null));
    });
  }

  /** Rotates by {@code degrees} about the centre, keeping the size; the corners become black. */
  public static FrameEdit rotate(double degrees) {
    return rotate(degrees, Color.BLACK);
  }

  /**
   * Rotates by {@code degrees} about the centre, keeping the size; the corners become {@code canvas} (a video editor's
   * background colour).
   */
  public static FrameEdit rotate(double degrees, Color canvas) {
    Objects.requireNonNull(canvas, "canvas");
    String name = canvas.equals(Color.BLACK) ? String.format(Locale.ROOT, "rotate(%.1f)", degrees)
        : String.format(Locale.ROOT, "rotate(%.1f,canvas=#%06x)", degrees, canvas.getRGB() & 0xffffff);
    return named(name, f -> draw(f, f.width(), f.height(), canvas, (g, img) -> {
          g.rotate(Math.toRadians(degrees), f.width() / 2.0, f.height() / 2.0);
          g.drawImage(img, 0, 0, null);
        }));
  }

  /**
   * Draws a logo-like mark (a filled disc with a ring and a letter) of {@code size} (fraction of the height) in a
   * corner (0 top left, 1 top right, 2 bottom right, 3 bottom left) with the given opacity.
   */
  public static FrameEdit logo(double size, int corner, double opacity, Color color) {
    Objects.requireNonNull(color, "color");
    if (!(size > 0 && size <= 1) || corner < 0 || corner > 3 || !(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("need size in (0, 1], corner in 0..3, opacity in [0, 1]");
    }
    return named(String.format(Locale.ROOT, "logo(%.2f,corner=%d,opacity=%.2f)", size, corner, opacity), f ->
        draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int s = Math.max(4, (int) Math.round(size * f.height()));
          int m = Math.max(2, s / 6);
          int x = corner == 1 || corner == 2 ? f.width() - s - m : m;
          int y = corner >= 2 ? f.height() - s - m : m;
          g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
          g.setColor(color);
          g.fillOval(x, y, s, s);
          g.setColor(Color.WHITE);
          g.setStroke(new BasicStroke(Math.max(1, s / 12f)));
          g.drawOval(x + s / 8, y + s / 8, s * 3 / 4, s * 3 / 4);
          g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(4, s / 2)));
          g.drawString("V", x + s / 3, y + s * 2 / 3);
        }));
  }

  /** Writes a caption of {@code height} (fraction of the frame height) at the top (false) or bottom (true). */
  public static FrameEdit text(String caption, double height, boolean bottom) {
    Objects.requireNonNull(caption, "caption");
    if (!(height > 0 && height <= 0.5)) {
      throw new IllegalArgumentException("height must be within (0, 0.5]: " + height);
    }
    return named(String.format(Locale.ROOT, "text(%s,%.2f,%s)", caption, height, bottom ? "bottom" : "top"), f ->
        draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int px = Math.max(6, (int) Math.round(height * f.height()));
          g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, px));
          int y = bottom ? f.height() - px / 2 : px + px / 4;
          g.setColor(Color.BLACK);
          g.drawString(caption, px / 2 + 1, y + 1);
          g.setColor(Color.WHITE);
          g.drawString(caption, px / 2, y);
        }));
  }

  /**
   * A watermark: {@code word} in large bold letters of {@code height} (fraction of the frame height) across the middle
   * of the picture, white with the given opacity.
   */
  public static FrameEdit watermark(String word, double height, double opacity) {
    Objects.requireNonNull(word, "word");
    if (!(height > 0 && height <= 0.5) || !(opacity > 0 && opacity <= 1)) {
      throw new IllegalArgumentException("need height in (0, 0.5] and opacity in (0, 1]: " + height + ", " + opacity);
    }
    return named(String.format(Locale.ROOT, "watermark(%s,%.2f,%.2f)", word, height, opacity), f ->
        draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int px = Math.max(6, (int) Math.round(height * f.height()));
          g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, px));
          int w = g.getFontMetrics().stringWidth(word);
          g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
          g.setColor(Color.WHITE);
          g.drawString(word, (f.width() - w) / 2, (f.height() + px / 2) / 2);
        }));
  }

  /**
   * Picture in picture: this frame shrunk to {@code scale} of the background's height, placed at {@code (x, y)}
   * (fractions of the free space) over a background frame given per source frame.
   */
  public static FrameEdit pictureInPicture(Function<Frame, Frame> background, double scale, double x, double y) {
    Objects.requireNonNull(background, "background");
    if (!(scale > 0 && scale <= 1) || !(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
      throw new IllegalArgumentException("need scale in (0, 1], x and y in [0, 1]");
    }
    return named(String.format(Locale.ROOT, "pip(%.2f at %.2f,%.2f)", scale, x, y), f -> {
      Frame bg = background.apply(f);
      int h = Math.max(1, (int) Math.round(scale * bg.height()));
      int w = Math.max(1, Math.min(bg.width(), (int) Math.round((double) h * f.width() / f.height())));
      int px = (int) Math.round(x * (bg.width() - w));
      int py = (int) Math.round(y * (bg.height() - h));
      BufferedImage fg = toImage(f);
      Frame out = draw(bg, bg.width(), bg.height(), Color.BLACK, (g, img) -> {
        g.drawImage(img, 0, 0, null);
        g.drawImage(fg, px, py, w, h, null);
      });
      return new Frame(f.index(), f.timestamp(), out.width(), out.height(), out.rgb());
    });
  }

  /** A zoom on the centre by {@code factor} (at least 1), the frame's size kept: a centred crop scaled back up. */
  public static FrameEdit zoom(double factor) {
    if (!(factor >= 1)) {
      throw new IllegalArgumentException("zoom factor must be at least 1: " + factor);
    }
    double m = (1 - 1 / factor) / 2;
    FrameEdit edit = crop(m, m, 1 - m, 1 - m).andThen(scale(factor));
    return named(String.format(Locale.ROOT, "zoom(%.2f)", factor), edit::apply);
  }

  /**
   * An inset: a frame of other footage (given per source frame) shrunk to {@code scale} of this frame's width and
   * placed in a corner ({@code 0} top left, {@code 1} top right, {@code 2} bottom right, {@code 3} bottom left) over
   * this frame, as a reaction or commentary overlay does.
   */
  public static FrameEdit inset(Function<Frame, Frame> other, double scale, int corner) {
    Objects.requireNonNull(other, "other");
    if (!(scale > 0 && scale <= 1) || corner < 0 || corner > 3) {
      throw new IllegalArgumentException("need scale in (0, 1] and corner in [0, 3]");
    }
    double x = corner == 1 || corner == 2 ? 0.97 : 0.03;
    double y = corner >= 2 ? 0.95 : 0.05;
    return named(String.format(Locale.ROOT, "inset(%.2f,corner=%d)", scale, corner), f -> {
      Frame inset = other.apply(f);
      Frame out = pictureInPicture(g -> f, Math.min(1, scale * f.width() * inset.height()
          / Math.max(1.0, inset.width()) / f.height()), x, y).apply(inset);
      return new Frame(f.index(), f.timestamp(), out.width(), out.height(), out.rgb());
    });
  }

  /** Mirror top to bottom. */
  public static FrameEdit vflip() {
    return named("vflip", f -> {
      int w = f.width();
      int h = f.height();
      byte[] src = f.rgb();
      byte[] dst = new byte[src.length];
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, y * w * 3, dst, (h - 1 - y) * w * 3, w * 3);
      }
      return new Frame(f.index(), f.timestamp(), w, h, dst);
    });
  }

  /**
   * Turns the picture clockwise by {@code quarterTurns} x 90 degrees (1: 90, 2: 180, 3: 270); a quarter turn swaps the
   * width and the height, so nothing is cut and no corner is black.
   */
  public static FrameEdit rotate90(int quarterTurns) {
    int q = Math.floorMod(quarterTurns, 4);
    return named("rotate" + (q * 90), f -> orient(f, q, false));
  }

  /** Mirrors the picture about its main diagonal (rows become columns): a 90-degree turn and a mirror. */
  public static FrameEdit transpose() {
    return named("transpose", f -> orient(f, 0, true));
  }

  /**
   * The frame turned clockwise by {@code q} quarter turns, after a transposition when {@code transpose} is set: the
   * eight symmetries of the rectangle, pixel for pixel.
   */
  private static Frame orient(Frame f, int q, boolean transpose) {
    int w = f.width();
    int h = f.height();
    byte[] src = f.rgb();
    boolean swap = transpose ^ (q % 2 == 1);
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = transpose ? y : x;
        int sy = transpose ? x : y;
        int tw = transpose ? h : w; // size after the transposition
        int th = transpose ? w : h;
        int dx;
        int dy;
        switch (q) {
          case 1 -> { dx = th - 1 - sy; dy = sx; }
          case 2 -> { dx = tw - 1 - sx; dy = th - 1 - sy; }
          case 3 -> { dx = sy; dy = tw - 1 - sx; }
          default -> { dx = sx; dy = sy; }
        }
        System.arraycopy(src, (y * w + x) * 3, dst, (dy * ow + dx) * 3, 3);
      }
    }
    return new Frame(f.index(), f.timestamp(), ow, oh, dst);
  }

  /**
   * Stretches the picture to {@code widthFactor} of its width and {@code heightFactor} of its height (an odd aspect
   * ratio), bilinear.
   */
  public static FrameEdit stretch(double widthFactor, double heightFactor) {
    if (!(widthFactor > 0.05 && widthFactor <= 8 && heightFactor > 0.05 && heightFactor <= 8)) {
      throw new IllegalArgumentException("factors must be within (0.05, 8]: " + widthFactor + ", " + heightFactor);
    }
    return named(String.format(Locale.ROOT, "stretch(%.2f,%.2f)", widthFactor, heightFactor), f -> resize(
        Math.max(1, (int) Math.round(f.width() * widthFactor)),
        Math.max(1, (int) Math.round(f.height() * heightFactor))).apply(f));
  }

  /**
   * A perspective (keystone) view: the picture's top edge shrunk to {@code 1 - 2 * top} of the width and its bottom
   * edge to {@code 1 - 2 * bottom} (each in [0, 0.45]), as if filmed off a screen at an angle; the uncovered corners
   * become black. Bilinear, same size.
   */
  public static FrameEdit perspective(double top, double bottom) {
    if (!(top >= 0 && top <= 0.45 && bottom >= 0 && bottom <= 0.45)) {
      throw new IllegalArgumentException("insets must be within [0, 0.45]: " + top + ", " + bottom);
    }
    return named(String.format(Locale.ROOT, "perspective(%.2f,%.2f)", top, bottom), f -> {
      int w = f.width();
      int h = f.height();
      byte[] src = f.rgb();
      byte[] dst = new byte[src.length];
      for (int y = 0; y < h; y++) {
        double v = h == 1 ? 0 : (double) y / (h - 1);
        double inset = (top + (bottom - top) * v) * w; // the row's margin on each side
        double rowWidth = w - 2 * inset;
        for (int x = 0; x < w; x++) {
          double u = (x - inset) / Math.max(1e-9, rowWidth);
          if (u < 0 || u > 1) {
            continue;
          }
          bilinear(src, w, h, u * (w - 1), y, dst, (y * w + x) * 3);
        }
      }
      return new Frame(f.index(), f.timestamp(), w, h, dst);
    });
  }

  private static void bilinear(byte[] src, int w, int h, double sx, double sy, byte[] dst, int at) {
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    int x1 = Math.min(w - 1, x0 + 1);
    int y1 = Math.min(h - 1, y0 + 1);
    double fx = sx - x0;
    double fy = sy - y0;
    for (int c = 0; c < 3; c++) {
      double a = (src[(y0 * w + x0) * 3 + c] & 0xff) * (1 - fx) + (src[(y0 * w + x1) * 3 + c] & 0xff) * fx;
      double b = (src[(y1 * w + x0) * 3 + c] & 0xff) * (1 - fx) + (src[(y1 * w + x1) * 3 + c] & 0xff) * fx;
      dst[at + c] = (byte) Math.round(a * (1 - fy) + b * fy);
    }
  }

  /** Unsharp masking: {@code v + amount * (v - blur(v, sigma))}, clamped. */
  public static FrameEdit sharpen(double sigma, double amount) {
    if (!(amount > 0 && amount <= 10)) {
      throw new IllegalArgumentException("amount must be within (0, 10]: " + amount);
    }
    FrameEdit blur = blur(sigma);
    return named(String.format(Locale.ROOT, "sharpen(%.2f,%.2f)", sigma, amount), f -> {
      byte[] px = f.rgb();
      byte[] soft = blur.apply(f).rgb();
      for (int i = 0; i < px.length; i++) {
        int v = px[i] & 0xff;
        px[i] = (byte) Math.max(0, Math.min(255, Math.round(v + amount * (v - (soft[i] & 0xff)))));
      }
      return new Frame(f.index(), f.timestamp(), f.width(), f.height(), px);
    });
  }

  /** Mosaic: each block of {@code block} x {@code block} pixels takes its mean colour. */
  public static FrameEdit pixelize(int block) {
    if (block < 2 || block > 256) {
      throw new IllegalArgumentException("block must be within [2, 256]: " + block);
    }
    return named("pixelize(" + block + ")", f -> {
      int w = f.width();
      int h = f.height();
      byte[] px = f.rgb();
      for (int by = 0; by < h; by += block) {
        for (int bx = 0; bx < w; bx += block) {
          int ex = Math.min(w, bx + block);
          int ey = Math.min(h, by + block);
          long[] sum = new long[3];
          for (int y = by; y < ey; y++) {
            for (int x = bx; x < ex; x++) {
              for (int c = 0; c < 3; c++) {
                sum[c] += px[(y * w + x) * 3 + c] & 0xff;
              }
            }
          }
          int n = (ex - bx) * (ey - by);
          for (int y = by; y < ey; y++) {
            for (int x = bx; x < ex; x++) {
              for (int c = 0; c < 3; c++) {
                px[(y * w + x) * 3 + c] = (byte) ((sum[c] + n / 2) / n);
              }
            }
          }
        }
      }
      return new Frame(f.index(), f.timestamp(), w, h, px);
    });
  }

  /** JPEG compression artefacts: the frame encoded as a JPEG of the given quality (in (0, 1]) and decoded again. */
  public static FrameEdit jpeg(double quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("quality must be within (0, 1]: " + quality);
    }
    return named(String.format(Locale.ROOT, "jpeg(%.2f)", quality), f -> {
      try {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality((float) quality);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
          writer.setOutput(out);
          writer.write(null, new javax.imageio.IIOImage(toImage(f), null, null), param);
        } finally {
          writer.dispose();
        }
        BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        return fromImage(f.index(), f.timestamp(), back);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Darkens the picture towards its corners: brightness falls to {@code 1 - strength} at the corners. */
  public static FrameEdit vignette(double strength) {
    if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be within (0, 1]: " + strength);
    }
    return named(String.format(Locale.ROOT, "vignette(%.2f)", strength), f -> {
      int w = f.width();
      int h = f.height();
      byte[] px = f.rgb();
      double cx = (w - 1) / 2.0;
      double cy = (h - 1) / 2.0;
      double r2 = cx * cx + cy * cy;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / Math.max(1e-9, r2);
          double g = 1 - strength * d * d;
          for (int c = 0; c < 3; c++) {
            int i = (y * w + x) * 3 + c;
            px[i] = (byte) Math.round((px[i] & 0xff) * g);
          }
        }
      }
      return new Frame(f.index(), f.timestamp(), w, h, px);
    });
  }

  /**
   * Stickers: {@code count} coloured shapes (stars, hearts, discs with a face, each {@code size} of the frame height)
   * at places drawn from {@code seed}; with {@code speed > 0} they drift across the picture by {@code speed} of the
   * frame's width per second of the frame's timestamp (an animated overlay).
   */
  public static FrameEdit stickers(int count, double size, double speed, long seed) {
    if (count < 1 || count > 64 || !(size > 0 && size <= 0.5) || !(speed >= 0 && speed <= 5)) {
      throw new IllegalArgumentException("need count in [1, 64], size in (0, 0.5], speed in [0, 5]");
    }
    Random rnd = new Random(seed);
    double[][] place = new double[count][5]; // x, y, kind, hue, direction
    for (double[] p : place) {
      p[0] = rnd.nextDouble();
      p[1] = rnd.nextDouble();
      p[2] = rnd.nextInt(3);
      p[3] = rnd.nextDouble();
      p[4] = rnd.nextDouble() * 2 * Math.PI;
    }
    return named(String.format(Locale.ROOT, "stickers(%d,%.2f,speed=%.2f)", count, size, speed), f ->
        draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int s = Math.max(6, (int) Math.round(size * f.height()));
          for (double[] p : place) {
            double move = speed * f.timestamp();
            double px = p[0] + move * Math.cos(p[4]);
            double py = p[1] + move * Math.sin(p[4]) * f.width() / f.height();
            px -= Math.floor(px);
            py -= Math.floor(py);
            int x = (int) Math.round(px * (f.width() - s));
            int y = (int) Math.round(py * (f.height() - s));
            g.setColor(Color.getHSBColor((float) p[3], 0.85f, 1f));
            switch ((int) p[2]) {
              case 0 -> g.fill(star(x + s / 2.0, y + s / 2.0, s / 2.0));
              case 1 -> g.fill(heart(x, y, s));
              default -> {
                g.fillOval(x, y, s, s);
                g.setColor(Color.BLACK);
                g.fillOval(x + s / 4, y + s / 3, Math.max(1, s / 8), Math.max(1, s / 8));
                g.fillOval(x + 5 * s / 8, y + s / 3, Math.max(1, s / 8), Math.max(1, s / 8));
                g.setStroke(new BasicStroke(Math.max(1, s / 16f)));
                g.drawArc(x + s / 4, y + s / 3, s / 2, s / 2, 200, 140);
              }
            }
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(1, s / 20f)));
            g.drawRect(x, y, s, s);
          }
        }));
  }

  private static java.awt.Shape star(double cx, double cy, double r) {
    java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
    for (int k = 0; k < 10; k++) {
      double a = Math.PI / 2 + k * Math.PI / 5;
      double rr = k % 2 == 0 ? r : r * 0.45;
      double x = cx + rr * Math.cos(a);
      double y = cy - rr * Math.sin(a);
      if (k == 0) {
        p.moveTo(x, y);
      } else {
        p.lineTo(x, y);
      }
    }
    p.closePath();
    return p;
  }

  private static java.awt.Shape heart(int x, int y, int s) {
    java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
    p.moveTo(x + s / 2.0, y + s);
    p.curveTo(x - s * 0.2, y + s * 0.45, x + s * 0.1, y - s * 0.1, x + s / 2.0, y + s * 0.3);
    p.curveTo(x + s * 0.9, y - s * 0.1, x + s * 1.2, y + s * 0.45, x + s / 2.0, y + s);
    p.closePath();
    return p;
  }

  /**
   * A decorative frame: a patterned band of {@code width} (fraction of the shorter side) drawn over the picture's
   * edges in two alternating colours, as re-upload templates do.
   */
  public static FrameEdit decorativeFrame(double width, Color a, Color b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (!(width > 0 && width <= 0.25)) {
      throw new IllegalArgumentException("width must be within (0, 0.25]: " + width);
    }
    return named(String.format(Locale.ROOT, "decorativeFrame(%.2f)", width), f ->
        draw(f, f.width(), f.height(), Color.BLACK, (g, img) -> {
          g.drawImage(img, 0, 0, null);
          int bw = Math.max(2, (int) Math.round(width * Math.min(f.width(), f.height())));
          int step = Math.max(4, bw);
          for (int k = 0; k * step < 2 * (f.width() + f.height()); k++) {
            g.setColor(k % 2 == 0 ? a : b);
            int p = k * step;
            if (p < f.width()) {
              g.fillRect(p, 0, step, bw);
              g.fillRect(f.width() - p - step, f.height() - bw, step, bw);
            }
            if (p < f.height()) {
              g.fillRect(0, f.height() - p - step, bw, step);
              g.fillRect(f.width() - bw, p, bw, step);
            }
          }
        }));
  }

  /**
   * Panels side by side or in a grid, as reaction, split-screen and compilation videos show them: a canvas of
   * {@code canvasWidth x canvasHeight} divided into {@code cols x rows} cells with seams of {@code seam} pixels in
   * {@code seamColour}; this frame fills cell {@code cell} (row-major), each other cell is filled by the frame one of
   * {@code others} gives for it (given this frame, e.g. another video at the same time). A picture is scaled to cover
   * its cell and centred (cut to the cell's aspect ratio) when {@code fill}, else scaled to fit inside (bars in the
   * seam colour).
   */
  public static FrameEdit panels(int canvasWidth, int canvasHeight, int cols, int rows, int cell,
      List<Function<Frame, Frame>> others, int seam, Color seamColour, boolean fill) {
    Objects.requireNonNull(others, "others");
    Objects.requireNonNull(seamColour, "seamColour");
    if (canvasWidth < 16 || canvasHeight < 16 || cols < 1 || rows < 1 || cols * rows < 2 || cols * rows > 16
        || cell < 0 || cell >= cols * rows || others.size() != cols * rows - 1 || seam < 0) {
      throw new IllegalArgumentException("need a canvas of at least 16x16, 2 to 16 cells, cell in range, one other"
          + " per other cell, seam >= 0");
    }
    return named(String.format(Locale.ROOT, "panels(%dx%d,%dx%d,cell=%d,seam=%d,%s)", canvasWidth, canvasHeight,
        cols, rows, cell, seam, fill ? "fill" : "fit"), f -> {
          int cw = (canvasWidth - seam * (cols - 1)) / cols;
          int ch = (canvasHeight - seam * (rows - 1)) / rows;
          BufferedImage[] pictures = new BufferedImage[cols * rows];
          for (int k = 0, o = 0; k < pictures.length; k++) {
            pictures[k] = toImage(k == cell ? f : others.get(o++).apply(f));
          }
          Frame out = draw(f, canvasWidth, canvasHeight, seamColour, (g, img) -> {
            for (int k = 0; k < pictures.length; k++) {
              int x0 = (k % cols) * (cw + seam);
              int y0 = (k / cols) * (ch + seam);
              BufferedImage p = pictures[k];
              double s = fill ? Math.max((double) cw / p.getWidth(), (double) ch / p.getHeight())
                  : Math.min((double) cw / p.getWidth(), (double) ch / p.getHeight());
              int w = (int) Math.round(p.getWidth() * s);
              int h = (int) Math.round(p.getHeight() * s);
              java.awt.Shape clip = g.getClip();
              g.setClip(x0, y0, cw, ch);
              g.drawImage(p, x0 + (cw - w) / 2, y0 + (ch - h) / 2, w, h, null);
              g.setClip(clip);
            }
          });
          return new Frame(f.index(), f.timestamp(), out.width(), out.height(), out.rgb());
        });
  }

  private interface Painter {
    void paint(Graphics2D g, BufferedImage source);
  }

  private static Frame draw(Frame f, int w, int h, Color fill, Painter painter) {
    BufferedImage src = toImage(f);
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(fill);
      g.fillRect(0, 0, w, h);
      g.setTransform(new AffineTransform());
      painter.paint(g, src);
    } finally {
      g.dispose();
    }
    return fromImage(f.index(), f.timestamp(), dst);
  }

  /** The frame as a Java2D image (a copy). */
  public static BufferedImage toImage(Frame f) {
    BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] rgb = f.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      dst[i] = rgb[i + 2];
      dst[i + 1] = rgb[i + 1];
      dst[i + 2] = rgb[i];
    }
    return img;
  }

  /** A frame holding the pixels of a Java2D image. */
  public static Frame fromImage(int index, double timestamp, BufferedImage img) {
    BufferedImage bgr = img;
    if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = bgr.createGraphics();
      g.drawImage(img, 0, 0, null);
      g.dispose();
    }
    byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[src.length];
    for (int i = 0; i < src.length; i += 3) {
      rgb[i] = src[i + 2];
      rgb[i + 1] = src[i + 1];
      rgb[i + 2] = src[i];
    }
    return new Frame(index, timestamp, img.getWidth(), img.getHeight(), rgb);
  }
}
