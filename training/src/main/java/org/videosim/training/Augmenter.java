package org.videosim.training;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.videosim.Frame;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;

/**
 * Draws the method's spatial transformations: one random transformation of each kind, applied in this order to
 * every frame of a clip (so a clip is edited consistently, as a re-upload is). The kinds cover the evaluation
 * harness's picture edits, with ranges of their own (training frames are about 256 px on the longer side):
 *
 * <ul>
 *   <li><b>photometric</b> (quality): brightness (+-0.05-0.25), contrast (x0.45-0.8 or x1.2-2), gamma (0.5-0.85 or
 *       1.2-2), hue (+-8-140 degrees with saturation x0.6-1.6), saturation (x0-1.6, 0 is black and white), tint
 *       (a yellow, blue, red or green cast), blur (sigma 1-3 px), noise (+-10-35), sharpen, pixelize (3-7 px blocks),
 *       JPEG blocking (quality 3-20%) or a vignette;
 *   <li><b>geometric</b> (size): horizontal flip, vertical flip, transpose, a quarter, half or three-quarter turn,
 *       small rotation (+-3-12 degrees), crop (35-90% of the area, anywhere or centred), zoom (x1.15-1.7), resize
 *       (down to 20-50% and back up, or one side stretched x0.6-1.6), translation (up to 15% each way) or
 *       perspective (one edge 10-40% narrower);
 *   <li><b>editing</b> (others): blurred background fill (picture at 60-85%), logo overlay (12-25% of the height,
 *       opacity 0.4-0.9, a corner), picture in picture over other footage (35-75% of the height), other footage
 *       inset in a corner (20-40%), text (6-11% of the height), borders (letterbox, pillarbox or a frame, 8-25% a
 *       side, a random colour), a translucent watermark word, stickers (static or drifting), a decorative frame with
 *       stickers, or panels (the clip as one cell of a side-by-side, stacked, 2x2 or 3-up layout of other footage).
 * </ul>
 *
 * Immutable and thread-safe; the randomness comes from the caller's {@link Random}, so a seed reproduces it.
 */
public final class Augmenter {
  /** The three kinds of transformation. */
  public enum Kind {
    /** Brightness, contrast, gamma, hue, saturation, tints, blur, noise, sharpening, pixelization, blocking. */
    PHOTOMETRIC,
    /** Flips, transposition, turns, rotation, crop, zoom, resize, translation, perspective. */
    GEOMETRIC,
    /** Blurred fill, logo, picture in picture both ways, text, border, watermark, stickers, frames, panels. */
    EDITING
  }

  /** The transformations of each kind, in the order {@link #draw} picks among them. */
  public static final List<String> PHOTOMETRIC = List.of("brightness", "contrast", "gamma", "hue", "saturation",
      "tint", "blur", "noise", "sharpen", "pixelize", "jpeg", "vignette");
  /** The geometric transformations. */
  public static final List<String> GEOMETRIC = List.of("hflip", "vflip", "transpose", "quarter-turn", "rotation",
      "crop", "zoom", "resize", "translation", "perspective");
  /** The editing transformations. */
  public static final List<String> EDITING = List.of("blurred-fill", "logo", "pip", "inset", "text", "border",
      "watermark", "stickers", "frame-extras", "panels");

  private static final List<String> CAPTIONS = List.of("BREAKING NEWS", "subscribe for more", "lol", "LIVE",
      "best moments", "wait for it...", "REUPLOAD", "#viral", "2026 HD", "full video in bio");
  private static final List<String> WORDS = List.of("SAMPLE", "@clips", "PREVIEW", "watch more", "COPY", "HD");

  private final LogoSource logos;

  /** An augmenter drawing logos from {@code logos}. */
  public Augmenter(LogoSource logos) {
    this.logos = Objects.requireNonNull(logos, "logos");
  }

  /**
   * One drawn transformation of each kind.
   *
   * @param photometric e.g. {@code "gamma"}, one of {@link #PHOTOMETRIC}
   * @param geometric one of {@link #GEOMETRIC}
   * @param editing one of {@link #EDITING}
   * @param edit the three composed, photometric first
   */
  public record Augmentation(String photometric, String geometric, String editing, FrameEdit edit) {
    /** Applies the edit to every frame. */
    public List<Frame> apply(List<Frame> frames) {
      return frames.stream().map(edit::apply).toList();
    }

    @Override
    public String toString() {
      return edit.toString();
    }
  }

  /**
   * Draws one transformation of each kind.
   *
   * @param background frames of unrelated footage for picture-in-picture, by the foreground frame
   */
  public Augmentation draw(Random rnd, Function<Frame, Frame> background) {
    return draw(rnd, background, 1, 1);
  }

  /** The geometric transformations that change the picture's orientation. */
  private static final java.util.Set<String> ORIENTATION = java.util.Set.of("hflip", "vflip", "transpose",
      "quarter-turn");

  /**
   * Draws a transformation of each kind, each applied with probability {@code share} (else left out, printed as
   * {@code none}), the orientation changes (flips, transposition, quarter turns) drawn with {@code orientationWeight}
   * times the weight of another geometric transformation.
   *
   * @param share in [0, 1]; 1 is the method's one transformation of each kind
   * @param orientationWeight at least 0; 1 draws every geometric transformation alike
   */
  public Augmentation draw(Random rnd, Function<Frame, Frame> background, double share, double orientationWeight) {
    Objects.requireNonNull(rnd, "rnd");
    Objects.requireNonNull(background, "background");
    if (!(share >= 0 && share <= 1) || !(orientationWeight >= 0)) {
      throw new IllegalArgumentException("need share in [0, 1] and orientationWeight >= 0");
    }
    String p = rnd.nextDouble() < share ? PHOTOMETRIC.get(rnd.nextInt(PHOTOMETRIC.size())) : "none";
    String g = "none";
    if (rnd.nextDouble() < share) {
      double total = 0;
      for (String k : GEOMETRIC) {
        total += ORIENTATION.contains(k) ? orientationWeight : 1;
      }
      double u = rnd.nextDouble() * total;
      for (String k : GEOMETRIC) {
        u -= ORIENTATION.contains(k) ? orientationWeight : 1;
        if (u < 0) {
          g = k;
          break;
        }
      }
      g = g.equals("none") ? GEOMETRIC.get(GEOMETRIC.size() - 1) : g;
    }
    String e = rnd.nextDouble() < share ? EDITING.get(rnd.nextInt(EDITING.size())) : "none";
    FrameEdit edit = (p.equals("none") ? FrameEdits.identity() : photometric(p, rnd))
        .andThen(g.equals("none") ? FrameEdits.identity() : geometric(g, rnd))
        .andThen(e.equals("none") ? FrameEdits.identity() : editing(e, rnd, background));
    return new Augmentation(p, g, e, edit);
  }

  static double uniform(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  private static double signed(Random rnd, double lo, double hi) {
    return (rnd.nextBoolean() ? 1 : -1) * uniform(rnd, lo, hi);
  }

  /** A photometric transformation by name, parameters drawn from the documented ranges. */
  public static FrameEdit photometric(String name, Random rnd) {
    switch (name) {
      case "brightness": return FrameEdits.eq(signed(rnd, 0.05, 0.25), 1, 1);
      case "contrast": return FrameEdits.eq(0, rnd.nextBoolean() ? uniform(rnd, 0.45, 0.8) : uniform(rnd, 1.2, 2), 1);
      case "gamma": return FrameEdits.eq(0, 1, rnd.nextBoolean() ? uniform(rnd, 0.5, 0.85) : uniform(rnd, 1.2, 2));
      case "hue": return FrameEdits.hueSaturation(rnd.nextBoolean() ? signed(rnd, 8, 30) : signed(rnd, 30, 140),
          uniform(rnd, 0.6, 1.6));
      case "saturation": return rnd.nextInt(3) == 0 ? FrameEdits.gray() : FrameEdits.hueSaturation(0,
          rnd.nextBoolean() ? uniform(rnd, 0.3, 0.7) : uniform(rnd, 1.3, 1.6));
      case "tint": {
        double t = uniform(rnd, 0.15, 0.4);
        switch (rnd.nextInt(4)) {
          case 0: return FrameEdits.tint(1 + t, 1 + t / 2, 1 - t);
          case 1: return FrameEdits.tint(1 - t, 1, 1 + t);
          case 2: return FrameEdits.tint(1 + t, 1 - t / 2, 1 - t / 2);
          default: return FrameEdits.tint(1 - t / 2, 1 + t, 1 - t / 2);
        }
      }
      case "blur": return FrameEdits.blur(uniform(rnd, 1, 3));
      case "noise": return FrameEdits.noise(10 + rnd.nextInt(26), rnd.nextLong());
      case "sharpen": return FrameEdits.sharpen(uniform(rnd, 0.7, 1.5), uniform(rnd, 1.5, 3));
      case "pixelize": return FrameEdits.pixelize(3 + rnd.nextInt(5));
      case "jpeg": return FrameEdits.jpeg(uniform(rnd, 0.03, 0.2));
      case "vignette": return FrameEdits.vignette(uniform(rnd, 0.5, 0.95));
      default: throw new IllegalArgumentException("unknown photometric transformation: " + name);
    }
  }

  /** A geometric transformation by name, parameters drawn from the documented ranges. */
  public static FrameEdit geometric(String name, Random rnd) {
    switch (name) {
      case "hflip": return FrameEdits.hflip();
      case "vflip": return FrameEdits.vflip();
      case "transpose": return FrameEdits.transpose();
      case "quarter-turn": return FrameEdits.rotate90(1 + rnd.nextInt(3));
      case "rotation": return FrameEdits.rotate(signed(rnd, 3, 12));
      case "crop": {
        double area = uniform(rnd, 0.35, 0.9);
        double aspect = uniform(rnd, 0.85, 1.15);
        double w = Math.min(1, Math.sqrt(area) * aspect);
        double h = Math.min(1, area / w);
        boolean centred = rnd.nextInt(4) == 0;
        double x = centred ? (1 - w) / 2 : rnd.nextDouble() * (1 - w);
        double y = centred ? (1 - h) / 2 : rnd.nextDouble() * (1 - h);
        return FrameEdits.crop(x, y, x + w, y + h);
      }
      case "zoom": return FrameEdits.zoom(uniform(rnd, 1.15, 1.7));
      case "resize": {
        if (rnd.nextBoolean()) {
          double f = uniform(rnd, 0.2, 0.5);
          return FrameEdits.scale(f).andThen(FrameEdits.scale(1 / f));
        }
        return FrameEdits.stretch(rnd.nextBoolean() ? uniform(rnd, 0.6, 0.9) : uniform(rnd, 1.15, 1.6), 1);
      }
      case "translation": return FrameEdits.translate(signed(rnd, 0.03, 0.15), signed(rnd, 0.03, 0.15));
      case "perspective": {
        double k = uniform(rnd, 0.05, 0.2);
        return rnd.nextBoolean() ? FrameEdits.perspective(k, 0) : FrameEdits.perspective(0, k);
      }
      default: throw new IllegalArgumentException("unknown geometric transformation: " + name);
    }
  }

  /**
   * An editing transformation by name, parameters drawn from the documented ranges.
   *
   * @param background unrelated footage by the edited frame (its timestamp picks the moment); panels show other
   *     moments of it in their other cells
   */
  public FrameEdit editing(String name, Random rnd, Function<Frame, Frame> background) {
    switch (name) {
      case "blurred-fill": return FrameEdits.blurredFill(uniform(rnd, 0.6, 0.85));
      case "logo": return FrameEdits.overlay(logos.next(rnd), uniform(rnd, 0.12, 0.25), rnd.nextInt(4),
          uniform(rnd, 0.4, 0.9));
      case "pip": return FrameEdits.pictureInPicture(background, uniform(rnd, 0.35, 0.75), rnd.nextDouble(),
          rnd.nextDouble());
      case "inset": return FrameEdits.inset(background, uniform(rnd, 0.2, 0.4), rnd.nextInt(4));
      case "text": return FrameEdits.text(CAPTIONS.get(rnd.nextInt(CAPTIONS.size())), uniform(rnd, 0.06, 0.11),
          rnd.nextBoolean());
      case "border": {
        double a = uniform(rnd, 0.08, 0.25);
        Color c = rnd.nextBoolean() ? Color.BLACK : new Color(rnd.nextInt(0xffffff));
        switch (rnd.nextInt(3)) {
          case 0: return FrameEdits.border(0, a, 0, a, c);
          case 1: return FrameEdits.border(a, 0, a, 0, c);
          default: return FrameEdits.border(a / 2, a / 2, a / 2, a / 2, c);
        }
      }
      case "watermark": return FrameEdits.watermark(WORDS.get(rnd.nextInt(WORDS.size())), uniform(rnd, 0.12, 0.3),
          uniform(rnd, 0.2, 0.5));
      case "stickers": return FrameEdits.stickers(2 + rnd.nextInt(7), uniform(rnd, 0.08, 0.18),
          rnd.nextBoolean() ? 0 : uniform(rnd, 0.05, 0.2), rnd.nextLong());
      case "frame-extras": return FrameEdits.decorativeFrame(uniform(rnd, 0.03, 0.1), randomColour(rnd),
          randomColour(rnd)).andThen(FrameEdits.stickers(1 + rnd.nextInt(3), uniform(rnd, 0.08, 0.14), 0,
              rnd.nextLong()));
      case "panels": return panels(rnd, background);
      default: throw new IllegalArgumentException("unknown editing transformation: " + name);
    }
  }

  /**
   * The clip as one cell of a layout of 2-4 panels on a 256x144 or 144x256 canvas (the training frames' scale); the
   * other cells show other moments of the background footage (7 s apart).
   */
  private static FrameEdit panels(Random rnd, Function<Frame, Frame> background) {
    int[][] layouts = {{256, 144, 2, 1}, {144, 256, 1, 2}, {256, 144, 2, 2}, {256, 144, 3, 1}, {144, 256, 1, 3}};
    int[] l = layouts[rnd.nextInt(layouts.length)];
    int cells = l[2] * l[3];
    List<Function<Frame, Frame>> others = new java.util.ArrayList<>();
    for (int k = 1; k < cells; k++) {
      double shift = 7.0 * k;
      others.add(f -> background.apply(new Frame(f.index(), f.timestamp() + shift, f.width(), f.height(), f.rgb())));
    }
    int seam = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(4);
    Color seamColour = rnd.nextBoolean() ? Color.BLACK : randomColour(rnd);
    return FrameEdits.panels(l[0], l[1], l[2], l[3], rnd.nextInt(cells), others, seam, seamColour,
        rnd.nextInt(4) > 0);
  }

  private static Color randomColour(Random rnd) {
    return Color.getHSBColor(rnd.nextFloat(), 0.4f + 0.6f * rnd.nextFloat(), 0.3f + 0.7f * rnd.nextFloat());
  }

  @Override
  public String toString() {
    return "Augmenter(" + logos + ")";
  }
}
