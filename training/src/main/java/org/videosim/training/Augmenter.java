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
 * every frame of a clip (so a clip is edited consistently, as a re-upload is):
 *
 * <ul>
 *   <li><b>photometric</b>: brightness (+-0.2), contrast (x0.5-1.6), gamma (0.6-1.7), hue (+-30 degrees with
 *       saturation x0.7-1.3), or saturation (x0-1.6, 0 is black and white);
 *   <li><b>geometric</b>: horizontal flip, rotation (+-3-12 degrees), crop (50-90% of the area, anywhere), resize
 *       (down to 20-50% and back up, or one side stretched x0.65-1.5), or translation (up to 15% each way);
 *   <li><b>editing</b>: blurred background fill (picture at 60-85%), logo overlay (12-25% of the height, opacity
 *       0.4-0.9, a corner), picture-in-picture over other footage (40-75% of the height), text (6-11% of the height),
 *       or borders (letterbox, pillarbox or a frame, 8-25% a side, a random colour).
 * </ul>
 *
 * Immutable and thread-safe; the randomness comes from the caller's {@link Random}, so a seed reproduces it.
 */
public final class Augmenter {
  /** The three kinds of transformation. */
  public enum Kind {
    /** Brightness, contrast, gamma, hue, saturation. */
    PHOTOMETRIC,
    /** Flip, rotation, crop, resize, translation. */
    GEOMETRIC,
    /** Blurred fill, logo, picture in picture, text, border. */
    EDITING
  }

  /** The transformations of each kind, in the order {@link #draw} picks among them. */
  public static final List<String> PHOTOMETRIC = List.of("brightness", "contrast", "gamma", "hue", "saturation");
  /** The geometric transformations. */
  public static final List<String> GEOMETRIC = List.of("hflip", "rotation", "crop", "resize", "translation");
  /** The editing transformations. */
  public static final List<String> EDITING = List.of("blurred-fill", "logo", "pip", "text", "border");

  private static final List<String> CAPTIONS = List.of("BREAKING NEWS", "subscribe for more", "lol", "LIVE",
      "best moments", "wait for it...", "REUPLOAD", "#viral", "2026 HD", "full video in bio");

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
    Objects.requireNonNull(rnd, "rnd");
    Objects.requireNonNull(background, "background");
    String p = PHOTOMETRIC.get(rnd.nextInt(PHOTOMETRIC.size()));
    String g = GEOMETRIC.get(rnd.nextInt(GEOMETRIC.size()));
    String e = EDITING.get(rnd.nextInt(EDITING.size()));
    FrameEdit edit = photometric(p, rnd).andThen(geometric(g, rnd)).andThen(editing(e, rnd, background));
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
      case "brightness": return FrameEdits.eq(signed(rnd, 0.05, 0.2), 1, 1);
      case "contrast": return FrameEdits.eq(0, rnd.nextBoolean() ? uniform(rnd, 0.5, 0.8) : uniform(rnd, 1.2, 1.6), 1);
      case "gamma": return FrameEdits.eq(0, 1, rnd.nextBoolean() ? uniform(rnd, 0.6, 0.85) : uniform(rnd, 1.2, 1.7));
      case "hue": return FrameEdits.hueSaturation(signed(rnd, 8, 30), uniform(rnd, 0.7, 1.3));
      case "saturation": return rnd.nextInt(3) == 0 ? FrameEdits.gray() : FrameEdits.hueSaturation(0,
          rnd.nextBoolean() ? uniform(rnd, 0.3, 0.7) : uniform(rnd, 1.3, 1.6));
      default: throw new IllegalArgumentException("unknown photometric transformation: " + name);
    }
  }

  /** A geometric transformation by name, parameters drawn from the documented ranges. */
  public static FrameEdit geometric(String name, Random rnd) {
    switch (name) {
      case "hflip": return FrameEdits.hflip();
      case "rotation": return FrameEdits.rotate(signed(rnd, 3, 12));
      case "crop": {
        double area = uniform(rnd, 0.5, 0.9);
        double aspect = uniform(rnd, 0.85, 1.15);
        double w = Math.min(1, Math.sqrt(area) * aspect);
        double h = Math.min(1, area / w);
        double x = rnd.nextDouble() * (1 - w);
        double y = rnd.nextDouble() * (1 - h);
        return FrameEdits.crop(x, y, x + w, y + h);
      }
      case "resize": {
        if (rnd.nextBoolean()) {
          double f = uniform(rnd, 0.2, 0.5);
          return FrameEdits.scale(f).andThen(FrameEdits.scale(1 / f));
        }
        double stretch = rnd.nextBoolean() ? uniform(rnd, 0.65, 0.9) : uniform(rnd, 1.15, 1.5);
        return new FrameEdit() {
          @Override
          public Frame apply(Frame f) {
            return FrameEdits.resize(Math.max(2, (int) Math.round(f.width() * stretch)), f.height()).apply(f);
          }

          @Override
          public String toString() {
            return String.format(Locale.ROOT, "stretch(%.2f)", stretch);
          }
        };
      }
      case "translation": return FrameEdits.translate(signed(rnd, 0.03, 0.15), signed(rnd, 0.03, 0.15));
      default: throw new IllegalArgumentException("unknown geometric transformation: " + name);
    }
  }

  /** An editing transformation by name, parameters drawn from the documented ranges. */
  public FrameEdit editing(String name, Random rnd, Function<Frame, Frame> background) {
    switch (name) {
      case "blurred-fill": return FrameEdits.blurredFill(uniform(rnd, 0.6, 0.85));
      case "logo": return FrameEdits.overlay(logos.next(rnd), uniform(rnd, 0.12, 0.25), rnd.nextInt(4),
          uniform(rnd, 0.4, 0.9));
      case "pip": return FrameEdits.pictureInPicture(background, uniform(rnd, 0.4, 0.75), rnd.nextDouble(),
          rnd.nextDouble());
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
      default: throw new IllegalArgumentException("unknown editing transformation: " + name);
    }
  }

  @Override
  public String toString() {
    return "Augmenter(" + logos + ")";
  }
}
