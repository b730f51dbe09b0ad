package org.videosim.evaluation;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.videosim.Frame;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;

/**
 * The method's transformation set: named kinds of edits in four groups, each drawing its parameters from a seeded
 * {@link Random}. The same generator state draws the same transformation, so a benchmark is rebuilt byte for byte
 * from its seed.
 */
public final class Transforms {

  /**
   * A kind of transformation: its name, group, what it does, and how it draws its parameters.
   *
   * @param name e.g. {@code crop_40}
   * @param summary the parameter ranges, for documentation
   */
  public record Kind(String name, Group group, String summary, Function<Random, Transform> drawer) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if any is null
     */
    public Kind {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(drawer, "drawer");
    }

    /** Draws one transformation of this kind. */
    public Transform draw(Random rnd) {
      return drawer.apply(rnd);
    }
  }

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  private Transforms() {}

  /** Every kind, in catalogue order (size, time, quality, others). */
  public static List<Kind> all() {
    return List.copyOf(KINDS.values());
  }

  /** The kind of that name. */
  public static Kind kind(String name) {
    Kind k = KINDS.get(name);
    if (k == null) {
      throw new IllegalArgumentException("unknown transformation: " + name + " (known: " + KINDS.keySet() + ")");
    }
    return k;
  }

  /** The kinds of a group. */
  public static List<Kind> of(Group group) {
    return KINDS.values().stream().filter(k -> k.group() == group).toList();
  }

  private static void add(String name, Group group, String summary, Function<Random, Transform> drawer) {
    if (KINDS.put(name, new Kind(name, group, summary, drawer)) != null) {
      throw new IllegalStateException("duplicate kind " + name);
    }
  }

  private static void frame(String name, Group group, String summary, Function<Random, FrameEdit> edit) {
    add(name, group, summary, rnd -> Transform.picture(name, group, edit.apply(rnd)));
  }

  static double uniform(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  private static double either(Random rnd, double lo1, double hi1, double lo2, double hi2) {
    return rnd.nextBoolean() ? uniform(rnd, lo1, hi1) : uniform(rnd, lo2, hi2);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A crop of {@code area} of the picture (aspect jittered by 15%), off-centre unless {@code centred}. */
  private static FrameEdit crop(Random rnd, double area, boolean centred) {
    double aspect = uniform(rnd, 0.87, 1.15);
    double w = Math.min(1, Math.sqrt(area) * aspect);
    double h = Math.min(1, area / w);
    double px = centred ? 0.5 : either(rnd, 0, 0.25, 0.75, 1);
    double py = centred ? 0.5 : either(rnd, 0, 0.3, 0.7, 1);
    double x = px * (1 - w);
    double y = py * (1 - h);
    FrameEdit crop = FrameEdits.crop(x, y, x + w, y + h);
    return named(String.format(Locale.ROOT, "crop(area=%.2f,pos=%.2f,%.2f)", w * h, px, py), crop);
  }

  /** An edit that prints as {@code description}. */
  static FrameEdit named(String description, FrameEdit edit) {
    return new FrameEdit() {
      @Override
      public Frame apply(Frame frame) {
        return edit.apply(frame);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  private static Color colour(Random rnd) {
    return Color.getHSBColor(rnd.nextFloat(), 0.4f + 0.6f * rnd.nextFloat(), 0.3f + 0.7f * rnd.nextFloat());
  }

  static {
    // ---------------------------------------------------------------- size
    frame("downscale", Group.SIZE, "scaled down to 40-60% (stays small)", rnd ->
        FrameEdits.scale(uniform(rnd, 0.4, 0.6)));
    frame("downscale_strong", Group.SIZE, "scaled down to 25-30% (stays small)", rnd ->
        FrameEdits.scale(uniform(rnd, 0.25, 0.3)));
    frame("aspect_stretch", Group.SIZE, "width x0.6-0.75 or x1.35-1.7 (odd aspect ratio)", rnd ->
        FrameEdits.stretch(either(rnd, 0.6, 0.75, 1.35, 1.7), 1));
    frame("crop_90", Group.SIZE, "crop of 85-92% of the area, off-centre", rnd ->
        crop(rnd, uniform(rnd, 0.85, 0.92), false));
    frame("crop_70", Group.SIZE, "crop of 65-75% of the area, off-centre", rnd ->
        crop(rnd, uniform(rnd, 0.65, 0.75), false));
    frame("crop_55", Group.SIZE, "crop of 50-60% of the area, off-centre", rnd ->
        crop(rnd, uniform(rnd, 0.5, 0.6), false));
    frame("crop_40", Group.SIZE, "crop of 38-45% of the area, off-centre", rnd ->
        crop(rnd, uniform(rnd, 0.38, 0.45), false));
    frame("crop_centre", Group.SIZE, "centred crop of 45-65% of the area", rnd ->
        crop(rnd, uniform(rnd, 0.45, 0.65), true));
    frame("zoom", Group.SIZE, "zoom in x1.2-1.6 on the centre, same frame size", rnd ->
        FrameEdits.zoom(uniform(rnd, 1.2, 1.6)));
    frame("letterbox", Group.SIZE, "black bars above and below, 10-25% of the height each", rnd -> {
      double a = uniform(rnd, 0.1, 0.25);
      return FrameEdits.border(0, a, 0, a, Color.BLACK);
    });
    frame("pillarbox", Group.SIZE, "black bars left and right, 10-30% of the width each", rnd -> {
      double a = uniform(rnd, 0.1, 0.3);
      return FrameEdits.border(a, 0, a, 0, Color.BLACK);
    });
    frame("border_colour", Group.SIZE, "a solid frame of any colour on all sides, 5-15%", rnd -> {
      double a = uniform(rnd, 0.05, 0.15);
      return FrameEdits.border(a, a, a, a, colour(rnd));
    });
    frame("border_blur", Group.SIZE, "blurred fill: the picture on a blurred zoom of itself, canvas 1.3-1.8x wide "
        + "or 1.5-2.5x tall", rnd -> rnd.nextBoolean()
            ? FrameEdits.blurredPad(uniform(rnd, 1.3, 1.8), 1, uniform(rnd, 0.03, 0.08))
            : FrameEdits.blurredPad(1, uniform(rnd, 1.5, 2.5), uniform(rnd, 0.03, 0.08)));
    frame("rotate_small", Group.SIZE, "rotation by 3-12 degrees either way, black corners", rnd ->
        FrameEdits.rotate((rnd.nextBoolean() ? 1 : -1) * uniform(rnd, 3, 12)));
    frame("rotate_90", Group.SIZE, "a quarter turn clockwise", rnd -> FrameEdits.rotate90(1));
    frame("rotate_180", Group.SIZE, "upside down", rnd -> FrameEdits.rotate90(2));
    frame("rotate_270", Group.SIZE, "a quarter turn anticlockwise", rnd -> FrameEdits.rotate90(3));
    frame("hflip", Group.SIZE, "mirrored left to right", rnd -> FrameEdits.hflip());
    frame("vflip", Group.SIZE, "mirrored top to bottom", rnd -> FrameEdits.vflip());
    frame("transpose", Group.SIZE, "mirrored about the diagonal (rows become columns)", rnd ->
        FrameEdits.transpose());
    frame("perspective", Group.SIZE, "keystone: the top or bottom edge 16-40% narrower", rnd -> {
      double k = uniform(rnd, 0.08, 0.2);
      return rnd.nextBoolean() ? FrameEdits.perspective(k, 0) : FrameEdits.perspective(0, k);
    });

    // ---------------------------------------------------------------- time
    speed("speed_125", 1.2, 1.5);
    speed("speed_2", 1.8, 2.5);
    speed("speed_4", 3, 4);
    speed("slow_05", 0.45, 0.55);
    add("framerate", Group.TIME, "output at 6, 8, 10 or 50 frames per second", rnd -> {
      int fps = List.of(6, 8, 10, 50).get(rnd.nextInt(4));
      return Transform.encoding("framerate", Group.TIME, "fps(" + fps + ")", fps, 0, 0);
    });
    add("drop_frames", Group.TIME, "20-40% of the frames dropped (the previous frame held)", rnd -> {
      double p = uniform(rnd, 0.2, 0.4);
      return Transform.dropFrames("drop_frames", "drop(" + f2(p) + ")", p);
    });
    add("insertion", Group.TIME, "1-3 bursts of 0.3-1.5 s of unrelated footage spliced in", rnd -> {
      int bursts = 1 + rnd.nextInt(3);
      double[] at = new double[bursts];
      double[] len = new double[bursts];
      for (int i = 0; i < bursts; i++) {
        at[i] = uniform(rnd, 0.1, 0.9);
        len[i] = uniform(rnd, 0.3, 1.5);
      }
      java.util.Arrays.sort(at);
      StringBuilder sb = new StringBuilder("insert(");
      for (int i = 0; i < bursts; i++) {
        sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.2fs@%.2f", len[i], at[i]));
      }
      return Transform.timeline("insertion", sb.append(')').toString(), d -> {
        List<Piece> out = new ArrayList<>();
        double pos = 0;
        double filler = 0;
        for (int i = 0; i < bursts; i++) {
          double cut = at[i] * d;
          if (cut - pos > 0.05) {
            out.add(Piece.copy(cut - pos, pos, cut));
            pos = cut;
          }
          out.add(Piece.filler(len[i], filler));
          filler += len[i];
        }
        out.add(Piece.copy(d - pos, pos, d));
        return out;
      });
    });
    add("intro_outro", Group.TIME, "2-6 s of unrelated footage before, after, or both", rnd -> {
      double secs = uniform(rnd, 2, 6);
      int where = rnd.nextInt(3);
      String what = where == 0 ? "intro" : where == 1 ? "outro" : "intro+outro";
      return Transform.timeline("intro_outro", what + "(" + String.format(Locale.ROOT, "%.1fs", secs) + ")",
          d -> {
            List<Piece> out = new ArrayList<>();
            if (where != 1) {
              out.add(Piece.filler(secs, 0));
            }
            out.add(Piece.copy(d, 0, d));
            if (where != 0) {
              out.add(Piece.filler(secs, secs));
            }
            return out;
          });
    });
    add("partial", Group.TIME, "only 3-10 s of the reference", rnd -> {
      double len = uniform(rnd, 3, 10);
      double start = rnd.nextDouble();
      return Transform.timeline("partial", String.format(Locale.ROOT, "partial(%.1fs@%.2f)", len, start), d -> {
        double l = Math.min(len, 0.8 * d);
        double s = start * (d - l);
        return List.of(Piece.copy(l, s, s + l));
      });
    });
    add("reversed", Group.TIME, "played backwards", rnd -> Transform.timeline("reversed", "reverse",
        d -> List.of(Piece.copy(d, d, 0))));

    // ---------------------------------------------------------------- quality
    frame("gray", Group.QUALITY, "black and white", rnd -> FrameEdits.gray());
    frame("contrast", Group.QUALITY, "contrast x0.45-0.65 or x1.5-2", rnd ->
        FrameEdits.eq(0, either(rnd, 0.45, 0.65, 1.5, 2.0), 1));
    frame("brightness", Group.QUALITY, "brightness -0.25 to -0.12 or +0.12 to +0.25", rnd ->
        FrameEdits.eq(either(rnd, -0.25, -0.12, 0.12, 0.25), 1, 1));
    frame("gamma", Group.QUALITY, "gamma 0.45-0.65 or 1.6-2.2", rnd ->
        FrameEdits.eq(0, 1, either(rnd, 0.45, 0.65, 1.6, 2.2)));
    frame("tint_yellow", Group.QUALITY, "yellow cast, strength 0.2-0.4", rnd -> {
      double s = uniform(rnd, 0.2, 0.4);
      return FrameEdits.tint(1 + s, 1 + s / 2, 1 - s);
    });
    frame("tint_blue", Group.QUALITY, "blue cast, strength 0.2-0.4", rnd -> {
      double s = uniform(rnd, 0.2, 0.4);
      return FrameEdits.tint(1 - s, 1, 1 + s);
    });
    frame("tint_hue", Group.QUALITY, "hue turned by 40-140 degrees, saturation x0.6-1.6", rnd ->
        FrameEdits.hueSaturation((rnd.nextBoolean() ? 1 : -1) * uniform(rnd, 40, 140), uniform(rnd, 0.6, 1.6)));
    frame("blur", Group.QUALITY, "Gaussian blur, sigma 2-5 px", rnd -> FrameEdits.blur(uniform(rnd, 2, 5)));
    frame("noise", Group.QUALITY, "uniform noise +-15-35 per channel", rnd ->
        FrameEdits.noise(15 + rnd.nextInt(21), rnd.nextLong()));
    frame("sharpen", Group.QUALITY, "unsharp mask, amount 1.5-3", rnd ->
        FrameEdits.sharpen(uniform(rnd, 1, 2), uniform(rnd, 1.5, 3)));
    frame("pixelize", Group.QUALITY, "mosaic of 6-12 px blocks", rnd -> FrameEdits.pixelize(6 + rnd.nextInt(7)));
    add("low_bitrate", Group.QUALITY, "H.264 at 30-70 kb/s, 240 px", rnd -> {
      int bps = 30_000 + rnd.nextInt(40_000);
      return Transform.encoding("low_bitrate", Group.QUALITY, "bitrate(" + bps + ")", 0, bps, 240);
    });
    frame("jpeg", Group.QUALITY, "JPEG blocking, quality 3-10%", rnd -> FrameEdits.jpeg(uniform(rnd, 0.03, 0.1)));
    frame("vignette", Group.QUALITY, "darkened corners, strength 0.6-0.95", rnd ->
        FrameEdits.vignette(uniform(rnd, 0.6, 0.95)));

    // ---------------------------------------------------------------- others
    frame("logo", Group.OTHERS, "a logo in a corner, 12-25% of the height, opacity 0.5-0.9", rnd ->
        FrameEdits.logo(uniform(rnd, 0.12, 0.25), rnd.nextInt(4), uniform(rnd, 0.5, 0.9), colour(rnd)));
    frame("watermark", Group.OTHERS, "a large translucent word across the picture, opacity 0.25-0.5", rnd ->
        FrameEdits.watermark(List.of("SAMPLE", "PREVIEW", "@reposted", "COPYRIGHT", "stock").get(rnd.nextInt(5)),
            uniform(rnd, 0.15, 0.3), uniform(rnd, 0.25, 0.5)));
    add("captions", Group.OTHERS, "subtitles that change every 2 s, 6-11% of the height, top or bottom", rnd -> {
      double h = uniform(rnd, 0.06, 0.11);
      boolean bottom = rnd.nextInt(4) > 0;
      List<String> lines = List.of("you won't believe this", "wait for it...", "so true", "omg", "part 2 in bio",
          "like and subscribe", "this is insane", "lol");
      int first = rnd.nextInt(lines.size());
      FrameEdit e = named(String.format(Locale.ROOT, "captions(%.2f,%s)", h, bottom ? "bottom" : "top"), f ->
          FrameEdits.text(lines.get((first + (int) (f.timestamp() / 2)) % lines.size()), h, bottom).apply(f));
      return Transform.picture("captions", Group.OTHERS, e);
    });
    frame("emoji", Group.OTHERS, "3-8 static stickers (stars, hearts, faces), 8-16% of the height", rnd ->
        FrameEdits.stickers(3 + rnd.nextInt(6), uniform(rnd, 0.08, 0.16), 0, rnd.nextLong()));
    frame("animated_overlay", Group.OTHERS, "2-5 stickers drifting across the picture", rnd ->
        FrameEdits.stickers(2 + rnd.nextInt(4), uniform(rnd, 0.1, 0.2), uniform(rnd, 0.05, 0.2), rnd.nextLong()));
    frame("frame_extras", Group.OTHERS, "a patterned decorative frame and 1-3 stickers", rnd ->
        FrameEdits.decorativeFrame(uniform(rnd, 0.04, 0.09), colour(rnd), colour(rnd))
            .andThen(FrameEdits.stickers(1 + rnd.nextInt(3), uniform(rnd, 0.08, 0.14), 0, rnd.nextLong())));
    add("pip", Group.OTHERS, "the copy shrunk to 40-70% of the height over an unrelated video", rnd -> {
      double scale = uniform(rnd, 0.4, 0.7);
      double x = rnd.nextDouble();
      double y = rnd.nextDouble();
      return Transform.picture("pip", Group.OTHERS, String.format(Locale.ROOT, "pip(%.2f at %.2f,%.2f)", scale, x,
          y), others -> FrameEdits.pictureInPicture(others.get(0), scale, x, y));
    });
    add("pip_inset", Group.OTHERS, "an unrelated video at 25-40% of the width in a corner over the copy", rnd -> {
      double scale = uniform(rnd, 0.25, 0.4);
      int corner = rnd.nextInt(4);
      return Transform.picture("pip_inset", Group.OTHERS, String.format(Locale.ROOT, "inset(%.2f,corner=%d)", scale,
          corner), others -> FrameEdits.inset(others.get(0), scale, corner));
    });
    panels("reaction_side", "the copy beside a talking-head video (2 side by side, 640x360), seam 0-8 px of any colour",
        640, 360, 2, 1, true);
    panels("reaction_stack", "the copy above or below another video (phone format 360x640)", 360, 640, 1, 2, true);
    panels("split_screen", "the copy fitted into one half of a split screen next to another video", 640, 360, 2, 1,
        false);
    panels("grid_2x2", "the copy as one cell of a 2x2 grid of videos", 640, 360, 2, 2, true);
    add("grid_3up", Group.OTHERS, "the copy as one of three panels side by side or stacked", rnd -> rnd.nextBoolean()
        ? panel("grid_3up", rnd, 640, 360, 3, 1, true) : panel("grid_3up", rnd, 360, 640, 1, 3, true));
    add("combo2", Group.OTHERS, "two of the above from different groups", rnd -> combo("combo2", 2, rnd));
    add("combo3", Group.OTHERS, "three of the above from different groups", rnd -> combo("combo3", 3, rnd));
  }

  private static void speed(String name, double lo, double hi) {
    add(name, Group.TIME, String.format(Locale.ROOT, "played x%.2f-%.2f", lo, hi), rnd -> {
      double s = uniform(rnd, lo, hi);
      return Transform.timeline(name, String.format(Locale.ROOT, "speed(x%.2f)", s),
          d -> List.of(Piece.copy(d / s, 0, d)));
    });
  }

  private static void panels(String name, String summary, int w, int h, int cols, int rows, boolean fill) {
    add(name, Group.OTHERS, summary, rnd -> panel(name, rnd, w, h, cols, rows, fill));
  }

  private static Transform panel(String name, Random rnd, int w, int h, int cols, int rows, boolean fill) {
    int cell = rnd.nextInt(cols * rows);
    int seam = rnd.nextInt(3) == 0 ? 0 : 2 + rnd.nextInt(7);
    Color seamColour = rnd.nextBoolean() ? Color.BLACK : colour(rnd);
    FrameEdit probe = FrameEdits.panels(w, h, cols, rows, cell, Collections.nCopies(cols * rows - 1, f -> f), seam,
        seamColour, fill);
    return Transform.picture(name, Group.OTHERS, probe.toString(), others -> FrameEdits.panels(w, h, cols, rows, cell,
        others.subList(0, cols * rows - 1), seam, seamColour, fill));
  }

  /** The groups a combination draws its parts from. */
  private static Transform combo(String name, int parts, Random rnd) {
    List<Group> groups = new ArrayList<>(List.of(Group.SIZE, Group.TIME, Group.QUALITY, Group.OTHERS));
    Collections.shuffle(groups, rnd);
    List<Transform> drawn = new ArrayList<>();
    for (Group g : groups.subList(0, parts)) {
      List<Kind> kinds = of(g).stream().filter(k -> !k.name().startsWith("combo")).toList();
      drawn.add(kinds.get(rnd.nextInt(kinds.size())).draw(rnd));
    }
    return Transform.combine(name, drawn);
  }
}
