package org.videosim.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;

/**
 * A random edit of the kinds re-uploaders use (the method's training transformations), drawn from a seed: what
 * {@code videosim calibrate} does to training videos to make copies with known ground truth.
 *
 * @param family the kind of edit, e.g. {@code crop}
 * @param description the drawn parameters
 */
record CopyRecipe(String family, String description, Applier applier) {

  /** Applies the recipe to an {@link EditedCopy}; {@code other} is unrelated footage for intros and backgrounds. */
  interface Applier {
    EditedCopy apply(EditedCopy copy, Path other, double sourceSeconds);
  }

  static final List<String> FAMILIES = List.of("crop", "hflip", "gray", "eq", "tint", "blur", "noise", "resize",
      "lowbitrate", "framerate", "speedup", "slowdown", "logo", "text", "intro_outro", "border", "rotate", "partial",
      "pip");

  EditedCopy applyTo(EditedCopy copy, Path other, double sourceSeconds) {
    return applier.apply(copy, other, sourceSeconds);
  }

  /** Draws a recipe: a random family (or two, one time in five) with random parameters. */
  static CopyRecipe random(Random rnd) {
    String family = FAMILIES.get(rnd.nextInt(FAMILIES.size()));
    CopyRecipe r = of(family, rnd);
    if (rnd.nextInt(5) == 0) {
      String second = FAMILIES.get(rnd.nextInt(FAMILIES.size()));
      CopyRecipe s = of(second, rnd);
      return new CopyRecipe("combo2", r.description + " + " + s.description,
          (copy, other, secs) -> s.applyTo(r.applyTo(copy, other, secs), other, secs));
    }
    return r;
  }

  private static double uniform(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  private static CopyRecipe frame(String family, FrameEdit edit) {
    return new CopyRecipe(family, edit.toString(), (copy, other, secs) -> copy.edit(edit));
  }

  static CopyRecipe of(String family, Random rnd) {
    switch (family) {
      case "crop": {
        double area = uniform(rnd, 0.5, 0.9);
        double aspect = uniform(rnd, 0.85, 1.15);
        double w = Math.min(1, Math.sqrt(area) * aspect);
        double h = Math.min(1, area / w);
        double x = rnd.nextDouble() * (1 - w);
        double y = rnd.nextDouble() * (1 - h);
        return frame(family, FrameEdits.crop(x, y, x + w, y + h));
      }
      case "hflip":
        return frame(family, FrameEdits.hflip());
      case "gray":
        return frame(family, FrameEdits.gray());
      case "eq":
        return frame(family, FrameEdits.eq(uniform(rnd, -0.15, 0.15),
            rnd.nextBoolean() ? uniform(rnd, 0.5, 0.8) : uniform(rnd, 1.2, 1.7), uniform(rnd, 0.6, 1.6)));
      case "tint": {
        boolean yellow = rnd.nextBoolean();
        double s = uniform(rnd, 0.15, 0.35);
        return frame(family, yellow ? FrameEdits.tint(1 + s, 1 + s / 2, 1 - s) : FrameEdits.tint(1 - s, 1, 1 + s));
      }
      case "blur":
        return frame(family, FrameEdits.blur(uniform(rnd, 1.0, 3.5)));
      case "noise":
        return frame(family, FrameEdits.noise(8 + rnd.nextInt(20), rnd.nextLong()));
      case "resize": {
        double f = uniform(rnd, 0.2, 0.35);
        return frame(family, FrameEdits.scale(f).andThen(FrameEdits.scale(1 / f)));
      }
      case "lowbitrate": {
        int bps = 40_000 + rnd.nextInt(60_000);
        return new CopyRecipe(family, "bitrate(" + bps + ")", (copy, other, secs) -> copy.bitRate(bps).maxSide(288));
      }
      case "framerate": {
        int fps = List.of(5, 8, 10, 12, 15, 30).get(rnd.nextInt(6));
        return new CopyRecipe(family, "fps(" + fps + ")", (copy, other, secs) -> copy.frameRate(fps));
      }
      case "speedup": {
        double s = uniform(rnd, 1.25, 2.0);
        return new CopyRecipe(family, String.format(Locale.ROOT, "speed(%.2f)", s), (c, o, secs) -> c.speed(s));
      }
      case "slowdown": {
        double s = uniform(rnd, 0.6, 0.8);
        return new CopyRecipe(family, String.format(Locale.ROOT, "speed(%.2f)", s), (c, o, secs) -> c.speed(s));
      }
      case "logo":
        return frame(family, FrameEdits.logo(uniform(rnd, 0.12, 0.25), rnd.nextInt(4), uniform(rnd, 0.4, 0.8),
            new Color(rnd.nextInt(0xffffff))));
      case "text":
        return frame(family, FrameEdits.text(List.of("BREAKING NEWS", "subscribe!", "lol watch this",
            "REUPLOAD", "best moments 2026").get(rnd.nextInt(5)), uniform(rnd, 0.06, 0.11), rnd.nextBoolean()));
      case "intro_outro": {
        double secs = uniform(rnd, 2, 6);
        int where = rnd.nextInt(3);
        return new CopyRecipe(family, String.format(Locale.ROOT, "%s(%.1fs)",
            where == 0 ? "intro" : where == 1 ? "outro" : "intro+outro", secs), (c, other, s) -> {
              EditedCopy e = c;
              if (where != 1) {
                e = e.intro(other, secs);
              }
              if (where != 0) {
                e = e.outro(other, secs);
              }
              return e;
            });
      }
      case "border": {
        double a = uniform(rnd, 0.1, 0.25);
        Color c = new Color(rnd.nextInt(0xffffff));
        int kind = rnd.nextInt(3);
        FrameEdit e = kind == 0 ? FrameEdits.border(0, a, 0, a, c) : kind == 1 ? FrameEdits.border(a, 0, a, 0, c)
            : FrameEdits.border(a / 2, a / 2, a / 2, a / 2, c);
        return frame(family, e);
      }
      case "rotate":
        return frame(family, FrameEdits.rotate((rnd.nextBoolean() ? 1 : -1) * uniform(rnd, 3, 12)));
      case "partial": {
        double len = uniform(rnd, 3, 8);
        double startFrac = rnd.nextDouble();
        return new CopyRecipe(family, String.format(Locale.ROOT, "partial(%.1fs)", len), (c, o, secs) -> {
          double l = Math.min(len, secs * 0.8);
          double start = startFrac * Math.max(0, secs - l);
          return c.trim(start, start + l);
        });
      }
      case "pip": {
        double scale = uniform(rnd, 0.4, 0.7);
        double x = rnd.nextDouble();
        double y = rnd.nextDouble();
        return new CopyRecipe(family, String.format(Locale.ROOT, "pip(%.2f)", scale), (c, other, secs) ->
            c.edit(FrameEdits.pictureInPicture(new Background(other), scale, x, y)));
      }
      default:
        throw new IllegalArgumentException("unknown edit family: " + family);
    }
  }
}
