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

/**
 * Accuracy of {@link LayoutDetector#auto()} on generated layouts over real footage: 10 frames at 1 fps, 192 px, of
 * each video of a folder, edited into each kind of layout with a known rectangle (letterbox, pillarbox, a frame on
 * all sides, a blurred fill, a blurred pillarbox, picture in picture over the folder's next-but-six video, a
 * landscape band across a portrait frame, and no edit); a hit is an IoU above 0.8.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.LayoutAccuracy ../shared/videos/train [seed]</pre>
 */
public final class LayoutAccuracy {
  private LayoutAccuracy() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: LayoutAccuracy VIDEO_DIR [seed]");
      System.exit(2);
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    List<List<Frame>> videos = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".mp4")).sorted().toList()) {
        List<Frame> frames = new ArrayList<>();
        try (FrameReader r = FfmpegFrameSource.create().open(VideoInput.of(p), new FrameRequest(1, 192))) {
          for (Frame f = r.next(); f != null && frames.size() < 10; f = r.next()) {
            frames.add(f);
          }
        }
        if (frames.size() >= 3) {
          videos.add(frames);
        }
      }
    }
    LayoutDetector detector = LayoutDetector.auto();
    Random rnd = new Random(seed);
    Map<String, int[]> stats = new TreeMap<>(); // kind -> {cases, hits, false insets}
    for (int i = 0; i < videos.size(); i++) {
      List<Frame> v = videos.get(i);
      List<Frame> other = videos.get((i + 7) % videos.size());
      int w = v.get(0).width();
      int h = v.get(0).height();
      for (String kind : new String[] {"letterbox", "pillarbox", "frame", "blurred", "blurredPillarbox", "pip",
          "band", "none"}) {
        double f = 0.1 + 0.15 * rnd.nextDouble();
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
          case "band" -> {
            int cw = 108;
            int ch = 192;
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
        Layout layout = detector.detect(edited);
        boolean insetKind = kind.equals("pip") || kind.equals("band");
        Region found = insetKind ? layout.insets().stream().findFirst().orElse(Region.FULL) : layout.picture();
        int[] st = stats.computeIfAbsent(kind, k -> new int[3]);
        st[0]++;
        st[1] += found.iou(truth) > 0.8 ? 1 : 0;
        st[2] += kind.equals("none") && !layout.insets().isEmpty() ? 1 : 0;
      }
    }
    System.out.printf(Locale.ROOT, "%d videos, seed %d; share of cases with IoU > 0.8%n", videos.size(), seed);
    stats.forEach((k, st) -> System.out.printf(Locale.ROOT, "%-17s %.2f%s%n", k, (double) st[1] / st[0],
        k.equals("none") ? String.format(Locale.ROOT, " (no crop); false insets %.2f", (double) st[2] / st[0]) : ""));
  }
}
