package org.videosim.benchmarks;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;
import org.videosim.VideoInput;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.FfmpegFrameSource;
import org.videosim.internal.AutoLayoutDetector;

/**
 * Accuracy of {@link LayoutDetector#auto()} on generated layouts over real footage: 10 frames at 1 fps of each video
 * of a folder, edited into each kind of layout with a known rectangle (letterbox, pillarbox, a frame on all sides, a
 * blurred fill, a blurred pillarbox, picture in picture over unrelated footage (the folder's next-but-six video from
 * another source, the part of the file name before {@code __}) both on the video's own canvas ({@code pip}) and on
 * canvases of common sizes with the copy of any common aspect ratio ({@code pipCanvas}), a landscape band across a
 * portrait frame, and no edit), then re-encoded with H.264. A hit is an IoU above 0.8 (for an inset or band: of the
 * layout's first view; also given, of any of its views, a panel of a split included, which the matcher compares all
 * of); "usable" counts regions that cover at least 60% of the truth and lie 90% within it (a crop of the copy, which
 * the encoders match).
 * {@code -Dverbose=true} lists the misses, {@code -Ddump=DIR} draws them.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.LayoutAccuracy ../shared/videos/train [seed]</pre>
 */
public final class LayoutAccuracy {
  private LayoutAccuracy() {}

  /** A generated case: the edit and the region of the frame where the copy ends up. */
  private record Case(FrameEdit edit, Region truth) {}

  /**
   * The video ({@code w x h}) cut to {@code aspect} in its middle and shown at {@code sc} of the height of a canvas
   * ({@code canvas}: width, height) filled with {@code other} resized to it, narrowed to fit the canvas's width (its
   * height follows), at ({@code px}, {@code py}) of the free space.
   */
  private static Case onCanvas(List<Frame> other, int w, int h, int[] canvas, double aspect, double sc, double px,
      double py) {
    int sw = (int) Math.min(w, Math.round(h * aspect));
    int sh = (int) Math.min(h, Math.round(w / aspect));
    FrameEdit shape = FrameEdits.crop((w - sw) / 2.0 / w, (h - sh) / 2.0 / h, (w + sw) / 2.0 / w,
        (h + sh) / 2.0 / h);
    int iw0 = (int) Math.round(sc * canvas[1] * sw / sh);
    double scale = iw0 <= canvas[0] ? sc : sc * canvas[0] / iw0;
    FrameEdit edit = fr -> FrameEdits.pictureInPicture(x -> FrameEdits.resize(canvas[0], canvas[1]).apply(
        other.get(Math.min(fr.index(), other.size() - 1))), scale, px, py).apply(shape.apply(fr));
    int ih = (int) Math.round(scale * canvas[1]);
    int iw = Math.min(canvas[0], (int) Math.round((double) ih * sw / sh));
    return new Case(edit, new Region(Math.round(px * (canvas[0] - iw)) / (double) canvas[0],
        Math.round(py * (canvas[1] - ih)) / (double) canvas[1], iw / (double) canvas[0], ih / (double) canvas[1]));
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: LayoutAccuracy VIDEO_DIR [seed]");
      System.exit(2);
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    List<List<Frame>> videos = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".mp4")).sorted().toList()) {
        List<Frame> frames = new ArrayList<>();
        try (FrameReader r = FfmpegFrameSource.create().open(VideoInput.of(p), new FrameRequest(1, SIDE))) {
          for (Frame f = r.next(); f != null && frames.size() < 10; f = r.next()) {
            frames.add(f);
          }
        }
        if (frames.size() >= 3) {
          videos.add(frames);
          sources.add(p.getFileName().toString().split("__")[0]);
        }
      }
    }
    LayoutDetector detector = LayoutDetector.auto();
    Random rnd = new Random(seed);
    Map<String, int[]> stats = new TreeMap<>(); // kind -> {cases, hits, false insets}
    int windows = 0;
    int falseTurns = 0;
    for (int i = 0; i < videos.size(); i++) {
      List<Frame> v = videos.get(i);
      // the footage behind: the next-but-six video from another source (unrelated footage)
      int j = (i + 7) % videos.size();
      while (sources.get(j).equals(sources.get(i)) && j != i) {
        j = (j + 1) % videos.size();
      }
      List<Frame> other = videos.get(j);
      int w = v.get(0).width();
      int h = v.get(0).height();
      for (String kind : new String[] {"letterbox", "pillarbox", "frame", "blurred", "blurredPillarbox", "pip",
          "pipCanvas", "band", "none", "pipSmall"}) {
        double f = kind.equals("pipSmall") ? 0 : 0.1 + 0.15 * rnd.nextDouble(); // pipSmall draws from its own stream
        FrameEdit edit;
        Region truth;
        switch (kind) {
          case "letterbox" -> {
            edit = FrameEdits.border(0, f, 0, f, Color.BLACK);
            truth = new Region(0, f / (1 + 2 * f), 1, 1 / (1 + 2 * f));
          }
          case "pillarbox" -> {
            edit = FrameEdits.border(f, 0, f, 0, new Color(rnd.nextInt(0xffffff)));
            truth = new Region(f / (1 + 2 * f), 0, 1 / (1 + 2 * f), 1);
          }
          case "frame" -> {
            edit = FrameEdits.border(f / 2, f / 2, f / 2, f / 2, new Color(rnd.nextInt(0xffffff)));
            truth = new Region(f / 2 / (1 + f), f / 2 / (1 + f), 1 / (1 + f), 1 / (1 + f));
          }
          case "blurred" -> {
            double sc = 0.6 + 0.25 * rnd.nextDouble();
            edit = FrameEdits.blurredFill(sc);
            truth = new Region((1 - sc) / 2, (1 - sc) / 2, sc, sc);
          }
          case "blurredPillarbox" -> {
            double wf = 1.25 + 0.55 * rnd.nextDouble();
            edit = FrameEdits.blurredPillarbox(wf, 0.05 + 0.05 * rnd.nextDouble());
            int cw = (int) Math.round(w * wf);
            truth = new Region((double) ((cw - w) / 2) / cw, 0, (double) w / cw, 1);
          }
          case "pip" -> {
            double sc = 0.4 + 0.3 * rnd.nextDouble();
            double px = rnd.nextDouble();
            double py = rnd.nextDouble();
            edit = FrameEdits.pictureInPicture(fr -> other.get(Math.min(fr.index(), other.size() - 1)), sc, px, py);
            Frame bg = other.get(0);
            int ih = (int) Math.round(sc * bg.height());
            int iw = Math.min(bg.width(), (int) Math.round((double) ih * w / h));
            truth = new Region(Math.round(px * (bg.width() - iw)) / (double) bg.width(),
                Math.round(py * (bg.height() - ih)) / (double) bg.height(), iw / (double) bg.width(),
                ih / (double) bg.height());
          }
          case "pipCanvas" -> {
            // as a copy shrunk over another video is often made: a canvas of a common size (at 192 px), the copy at
            // 40-70% of its height (narrowed to fit), the copy itself of any common aspect ratio
            int[][] canvases =
                {{SIDE, SIDE * 9 / 16}, {SIDE, SIDE}, {SIDE * 9 / 16, SIDE}, {SIDE, SIDE * 3 / 4}, {w, h}};
            int[] canvas = canvases[rnd.nextInt(canvases.length)];
            double[] aspects = {16 / 9.0, 4 / 3.0, 1.36, 1, 4 / 5.0, 2 / 3.0, 9 / 16.0, (double) w / h};
            double aspect = aspects[rnd.nextInt(aspects.length)];
            double sc = 0.4 + 0.3 * rnd.nextDouble();
            double px = rnd.nextDouble();
            double py = rnd.nextDouble();
            Case c = onCanvas(other, w, h, canvas, aspect, sc, px, py);
            edit = c.edit();
            truth = c.truth();
          }
          case "pipSmall" -> {
            // a small copy in a corner of a 16:9 canvas, as a streamer's or a news frame shows one: 18-35% of the
            // canvas's height, the copy of any common aspect ratio; drawn from a random stream of its own, so that the
            // other kinds' figures stay those of the seed without it
            Random own = new Random(seed * 1_000_003L + i);
            int[] canvas = {SIDE, SIDE * 9 / 16};
            double[] aspects = {16 / 9.0, 4 / 3.0, 1, 3 / 4.0, 9 / 16.0, (double) w / h};
            double aspect = aspects[own.nextInt(aspects.length)];
            double scale = 0.18 + 0.17 * own.nextDouble();
            double px = own.nextBoolean() ? 0.03 + 0.05 * own.nextDouble() : 0.92 + 0.05 * own.nextDouble();
            double py = own.nextBoolean() ? 0.03 + 0.05 * own.nextDouble() : 0.92 + 0.05 * own.nextDouble();
            Case c = onCanvas(other, w, h, canvas, aspect, scale, px, py);
            edit = c.edit();
            truth = c.truth();
          }
          case "band" -> {
            int cw = SIDE * 9 / 16;
            int ch = SIDE;
            int bh = (int) Math.round((double) cw * h / w);
            double py = rnd.nextDouble();
            edit = fr -> FrameEdits.pictureInPicture(x -> FrameEdits.resize(cw, ch).apply(
                other.get(Math.min(fr.index(), other.size() - 1))), (double) bh / ch, 0, py).apply(fr);
            truth = new Region(0, Math.round(py * (ch - bh)) / (double) ch, 1, (double) bh / ch);
          }
          default -> {
            edit = FrameEdits.identity();
            truth = Region.FULL;
          }
        }
        List<Frame> edited = new ArrayList<>();
        for (Frame fr : v) {
          edited.add(edit.apply(fr));
        }
        if (COMPRESS) {
          edited = h264(edited);
        }
        Layout layout = detector.detect(edited);
        windows++;
        falseTurns += layout.isTurned() ? 1 : 0; // no case here is turned (the picture would be a region of another frame)
        if (Boolean.getBoolean("verbose") && layout.isTurned()) {
          System.out.printf(Locale.ROOT, "turned %-16s video %2d %dx%d by %.1f degrees%n", kind, i,
              edited.get(0).width(), edited.get(0).height(), layout.rotation());
          if (System.getProperty("dump") != null) {
            dump(edited, truth, layout.picture(), Path.of(System.getProperty("dump"), "turned-" + kind + "-" + seed
                + "-" + i + ".png"));
          }
        }
        boolean insetKind = kind.startsWith("pip") || kind.equals("band");
        Region found = insetKind ? layout.insets().stream().findFirst().orElse(layout.picture()) : layout.picture();
        boolean hit = found.iou(truth) > 0.8;
        boolean usable = usable(found, truth);
        int[] st = count(stats, kind, hit, usable);
        if (Boolean.getBoolean("verbose") && kind.equals("pipCanvas")) {
          count(stats, "pipCanvas " + edited.get(0).width() + "x" + edited.get(0).height(), hit, usable);
        }
        if (insetKind) {
          Region t = truth;
          st[3] += AutoLayoutDetector.insets(edited, 3).stream().anyMatch(r -> r.iou(t) > 0.8) ? 1 : 0;
          // any view of the layout (a panel of a split, or the inset): what the matcher compares
          st[5] += layout.insets().stream().anyMatch(r -> r.iou(t) > 0.8) ? 1 : 0;
        }
        st[2] += kind.equals("none") && !layout.insets().isEmpty() ? 1 : 0;
        if (Boolean.getBoolean("verbose") && !hit && !kind.equals("none")) {
          System.out.printf(Locale.ROOT, "miss %-16s video %2d %dx%d truth %s found %s%n", kind, i,
              edited.get(0).width(), edited.get(0).height(), truth, insetKind ? layout.insets() : found);
          if (System.getProperty("dump") != null) {
            dump(edited, truth, found, Path.of(System.getProperty("dump"), kind + "-" + seed + "-" + i + ".png"));
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d videos, seed %d; share of cases with IoU > 0.8%n", videos.size(), seed);
    System.out.printf(Locale.ROOT, "turned pictures found where none is: %d of %d windows%n", falseTurns, windows);
    stats.forEach((k, st) -> System.out.printf(Locale.ROOT, "%-17s %.2f%s%n", k, (double) st[1] / st[0],
        k.equals("none") ? String.format(Locale.ROOT, " (no crop); false insets %.2f", (double) st[2] / st[0])
            : String.format(Locale.ROOT, " usable %.2f%s", (double) st[4] / st[0],
                st[3] > 0 ? String.format(Locale.ROOT, " (IoU among the best 3: %.2f; any view of the layout: %.2f)",
                    (double) st[3] / st[0], (double) st[5] / st[0]) : "")));
  }

  /**
   * Edited frames go through H.264 (as uploads are re-encoded) unless {@code -Duncompressed=true}; the longer side of
   * the frames edited is then 384 px (the detector scales them down, as it does decoded video), else 192 px.
   */
  private static final boolean COMPRESS = !Boolean.getBoolean("uncompressed");
  private static final int SIDE = COMPRESS ? 384 : 192;

  /**
   * The frames after a round trip through H.264 at about 0.25 bits per pixel and frame, as an upload is re-encoded
   * (even sizes; 1 fps).
   */
  private static List<Frame> h264(List<Frame> frames) throws java.io.IOException {
    int w = frames.get(0).width() & ~1;
    int h = frames.get(0).height() & ~1;
    Path tmp = Files.createTempFile("layout", ".mp4");
    try {
      try (org.videosim.ffmpeg.FfmpegVideoWriter out = org.videosim.ffmpeg.FfmpegVideoWriter.create(tmp, w, h, 1,
          org.videosim.ffmpeg.FfmpegVideoWriter.Codec.H264, (int) (0.25 * w * h), 0)) {
        for (Frame f : frames) {
          out.write(f.width() == w && f.height() == h ? f : FrameEdits.resize(w, h).apply(f));
        }
      }
      List<Frame> back = new ArrayList<>();
      try (FrameReader r = FfmpegFrameSource.create().open(VideoInput.of(tmp), new FrameRequest(1, Math.max(w, h)))) {
        for (Frame f = r.next(); f != null; f = r.next()) {
          back.add(f);
        }
      }
      return back;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Counts a case of {@code kind}: {cases, hits, false insets, hits among the best 3, usable, hits of any view of the
   * layout}.
   */
  private static int[] count(Map<String, int[]> stats, String kind, boolean hit, boolean usable) {
    int[] st = stats.computeIfAbsent(kind, k -> new int[6]);
    st[0]++;
    st[1] += hit ? 1 : 0;
    st[4] += usable ? 1 : 0;
    return st;
  }

  /**
   * True when the region found would still describe the true picture: it covers at least 60% of it and lies at least
   * 90% within it (a crop of the copy, which the encoders are trained to match).
   */
  static boolean usable(Region found, Region truth) {
    double ix = Math.max(0, Math.min(found.x() + found.w(), truth.x() + truth.w()) - Math.max(found.x(), truth.x()));
    double iy = Math.max(0, Math.min(found.y() + found.h(), truth.y() + truth.h()) - Math.max(found.y(), truth.y()));
    double inter = ix * iy;
    return inter >= 0.6 * truth.area() && inter >= 0.9 * found.area();
  }

  private static void dump(List<Frame> frames, Region truth, Region found, Path out) throws java.io.IOException {
    int n = Math.min(4, frames.size());
    Frame f0 = frames.get(0);
    int sc = 3;
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(f0.width() * sc * n, f0.height() * sc,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    for (int k = 0; k < n; k++) {
      Frame f = frames.get(k * (frames.size() - 1) / Math.max(1, n - 1));
      for (int y = 0; y < f.height(); y++) {
        for (int x = 0; x < f.width(); x++) {
          g.setColor(new Color(f.rgbAt(x, y)));
          g.fillRect(k * f0.width() * sc + x * sc, y * sc, sc, sc);
        }
      }
      int ox = k * f0.width() * sc;
      int W = f0.width() * sc;
      int H = f0.height() * sc;
      g.setColor(Color.GREEN);
      g.drawRect(ox + (int) (truth.x() * W), (int) (truth.y() * H), (int) (truth.w() * W) - 1,
          (int) (truth.h() * H) - 1);
      g.setColor(Color.RED);
      g.drawRect(ox + (int) (found.x() * W) + 2, (int) (found.y() * H) + 2, (int) (found.w() * W) - 5,
          (int) (found.h() * H) - 5);
    }
    g.dispose();
    javax.imageio.ImageIO.write(img, "png", out.toFile());
  }
}
