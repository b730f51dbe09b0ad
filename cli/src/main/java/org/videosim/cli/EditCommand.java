package org.videosim.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videosim edit IN OUT ...}: makes an edited copy of a video. */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Makes an edited copy of a video, as a re-uploader would (frame edits apply in the order below).",
        "Example: videosim edit in.mp4 copy.mp4 --crop 0.1,0.1,0.9,0.9 --gray --speed 1.5"})
final class EditCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN") Path in;
  @Parameters(index = "1", paramLabel = "OUT", description = "Output file; the extension picks the container.")
  Path out;

  @Option(names = "--crop", split = ",", paramLabel = "X0,Y0,X1,Y1", description = "Keep a window (fractions).")
  double[] crop;
  @Option(names = "--hflip", description = "Mirror left to right.") boolean hflip;
  @Option(names = "--rotate", paramLabel = "DEG", description = "Rotate; the corners become --canvas.") Double rotate;
  @Option(names = "--canvas", paramLabel = "RRGGBB", defaultValue = "000000",
      description = "Colour around a rotated picture, hex (default: ${DEFAULT-VALUE}, black).") String canvas;
  @Option(names = "--gray", description = "Black and white.") boolean gray;
  @Option(names = "--eq", split = ",", paramLabel = "B,C,G", description = "Brightness, contrast, gamma.")
  double[] eq;
  @Option(names = "--tint", split = ",", paramLabel = "R,G,B", description = "Channel factors.") double[] tint;
  @Option(names = "--blur", paramLabel = "SIGMA", description = "Gaussian blur, pixels.") Double blur;
  @Option(names = "--noise", paramLabel = "N", description = "Uniform noise +-N.") Integer noise;
  @Option(names = "--scale", paramLabel = "F", description = "Down-scale by F, then back up.") Double scale;
  @Option(names = "--border", split = ",", paramLabel = "L,T,R,B", description = "Black borders (fractions).")
  double[] border;
  @Option(names = "--logo", description = "A semi-transparent logo in the top-right corner.") boolean logo;
  @Option(names = "--text", paramLabel = "CAPTION", description = "A caption at the bottom.") String text;
  @Option(names = "--speed", paramLabel = "X", description = "Playback speed.") Double speed;
  @Option(names = "--trim", split = ",", paramLabel = "START,END", description = "Keep seconds START..END.")
  double[] trim;
  @Option(names = "--intro", paramLabel = "VIDEO", description = "Put 3 s of another video first.") Path intro;
  @Option(names = "--fps", paramLabel = "FPS", description = "Output frame rate (default 25).") Double fps;
  @Option(names = "--bitrate", paramLabel = "BPS", description = "Output bit rate.") Integer bitrate;
  @Option(names = "--max-side", paramLabel = "PX", description = "Working resolution (default 480).")
  Integer maxSide;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    FrameEdit e = FrameEdits.identity();
    if (crop != null) {
      need(crop, 4, "--crop");
      e = e.andThen(FrameEdits.crop(crop[0], crop[1], crop[2], crop[3]));
    }
    if (hflip) {
      e = e.andThen(FrameEdits.hflip());
    }
    if (rotate != null) {
      e = e.andThen(FrameEdits.rotate(rotate, colour(canvas, "--canvas")));
    }
    if (gray) {
      e = e.andThen(FrameEdits.gray());
    }
    if (eq != null) {
      need(eq, 3, "--eq");
      e = e.andThen(FrameEdits.eq(eq[0], eq[1], eq[2]));
    }
    if (tint != null) {
      need(tint, 3, "--tint");
      e = e.andThen(FrameEdits.tint(tint[0], tint[1], tint[2]));
    }
    if (blur != null) {
      e = e.andThen(FrameEdits.blur(blur));
    }
    if (noise != null) {
      e = e.andThen(FrameEdits.noise(noise, 1));
    }
    if (scale != null) {
      e = e.andThen(FrameEdits.scale(1 / scale)).andThen(FrameEdits.scale(scale));
    }
    if (border != null) {
      need(border, 4, "--border");
      e = e.andThen(FrameEdits.border(border[0], border[1], border[2], border[3], Color.BLACK));
    }
    if (logo) {
      e = e.andThen(FrameEdits.logo(0.18, 1, 0.6, new Color(0x2266cc)));
    }
    if (text != null) {
      e = e.andThen(FrameEdits.text(text, 0.08, true));
    }
    EditedCopy copy = EditedCopy.of(in).edit(e);
    if (speed != null) {
      copy.speed(speed);
    }
    if (trim != null) {
      need(trim, 2, "--trim");
      copy.trim(trim[0], trim[1]);
    }
    if (intro != null) {
      copy.intro(intro, 3);
    }
    if (fps != null) {
      copy.frameRate(fps);
    }
    if (bitrate != null) {
      copy.bitRate(bitrate);
    }
    if (maxSide != null) {
      copy.maxSide(maxSide);
    }
    int frames = copy.writeTo(out);
    spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s: %d frames (%s)%n", out, frames, e);
    return 0;
  }

  private Color colour(String hex, String option) {
    if (!hex.matches("[0-9a-fA-F]{6}")) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " needs a colour as six hex digits "
          + "RRGGBB, e.g. ffffff for white: " + hex);
    }
    return new Color(Integer.parseInt(hex, 16));
  }

  private void need(double[] v, int n, String option) {
    if (v.length != n) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " needs " + n + " comma-separated values");
    }
  }
}
