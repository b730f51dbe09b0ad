package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.videosim.Frame;
import org.videosim.Region;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdit;
import org.videosim.edit.FrameEdits;

/** Border and inset detection on generated frames with known rectangles. */
class FrameLayoutTest {
  /** A moving scene with fine texture that drifts (like camera footage), without the marker stripe. */
  private static List<Frame> shot(int scene, int w, int h) {
    java.util.Random rnd = new java.util.Random(scene);
    double fx = 0.6 + rnd.nextDouble();
    double fy = 0.5 + rnd.nextDouble();
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Frame base = TestFrames.scene(scene, i, i * 1.5, w, h, -1);
      byte[] px = base.rgb();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double tex = 18 * Math.sin(fx * (x + 3 * i) + Math.sin(0.3 * y)) * Math.cos(fy * (y - 2 * i));
          for (int c = 0; c < 3; c++) {
            int o = (y * w + x) * 3 + c;
            px[o] = (byte) Math.max(0, Math.min(255, (px[o] & 0xff) + (int) tex));
          }
        }
      }
      frames.add(new Frame(i, i * 1.5, w, h, px));
    }
    return frames;
  }

  private static List<Frame> edited(List<Frame> frames, FrameEdit edit) {
    return frames.stream().map(edit::apply).toList();
  }

  @Test
  void borders_plainVideo_isTheWholeFrame() {
    assertThat(FrameLayout.borders(shot(1, 192, 108))).isEqualTo(Region.FULL);
  }

  @ParameterizedTest(name = "{0},{1},{2},{3} colour {4}")
  @CsvSource({
      "0, 0.12, 0, 0.12, 000000",   // letterbox
      "0.2, 0, 0.2, 0, 203040",     // pillarbox, dark blue
      "0.1, 0.1, 0.1, 0.1, e0e0e0", // a frame on all sides, light grey
      "0.25, 0, 0.05, 0, ff0000"})  // uneven red bars
  void borders_solidBars_areFoundWithinTwoPixels(double l, double t, double r, double b, String colour) {
    List<Frame> frames = edited(shot(2, 160, 90), FrameEdits.border(l, t, r, b, new Color(Integer.parseInt(colour,
        16))));
    Frame f = frames.get(0);
    Region found = FrameLayout.borders(frames);
    double px = 2.0;
    assertThat(found.x() * f.width()).isCloseTo(Math.round(l * 160), offset(px));
    assertThat(found.y() * f.height()).isCloseTo(Math.round(t * 90), offset(px));
    assertThat(found.w() * f.width()).isCloseTo(160, offset(2 * px));
    assertThat(found.h() * f.height()).isCloseTo(90, offset(2 * px));
  }

  @ParameterizedTest(name = "figure centred at {0},{1}")
  @CsvSource({"60, 64", "89, 54"})
  void borders_flatBackdropAroundAFigure_isNoBorder(int figureX, int figureY) {
    // a textured figure (a diamond, its outline starting narrow on every side) that moves, off-centre or centred in
    // front of an even white backdrop: the backdrop's lines are solid and flat, but the figure starts with a few
    // pixels, not along a whole line as a picture after a bar or within a blurred fill does
    List<Frame> texture = shot(4, 60, 90);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < texture.size(); i++) {
      Frame t = texture.get(i);
      double cx = figureX + 2 * i;
      byte[] px = new byte[192 * 108 * 3];
      java.util.Arrays.fill(px, (byte) 236);
      for (int y = 0; y < 108; y++) {
        for (int x = 0; x < 192; x++) {
          double dx = (x - cx) / 30;
          double dy = (y - figureY) / 40.0;
          if (Math.abs(dx) + Math.abs(dy) < 1) {
            int src = ((y * 90 / 108) * 60 + (int) (x - cx + 30)) * 3;
            System.arraycopy(t.rgb(), src, px, (y * 192 + x) * 3, 3);
          }
        }
      }
      frames.add(new Frame(i, i * 1.5, 192, 108, px));
    }
    assertThat(FrameLayout.borders(frames)).isEqualTo(Region.FULL);
  }

  @Test
  void borders_blurredFill_findsThePicture() {
    List<Frame> frames = edited(shot(3, 192, 108), FrameEdits.blurredFill(0.7));
    Region found = FrameLayout.borders(frames);
    Region truth = new Region(0.15, 0.15, 0.7, 0.7);
    assertThat(found.iou(truth)).isGreaterThan(0.85);
  }

  @Test
  void borders_oneOrTwoFrames_cropSolidBarsButNoBlurredFill() {
    // one or two frames of a blurred fill look like a sharp subject before a soft background (a 1.5-s excerpt of a
    // street scene had its centre taken for the picture): a fill is looked for in three frames or more
    List<Frame> fill = edited(shot(3, 192, 108), FrameEdits.blurredFill(0.7));
    assertThat(FrameLayout.borders(fill.subList(0, 1))).isEqualTo(Region.FULL);
    assertThat(FrameLayout.borders(fill.subList(0, FrameLayout.MIN_FILL_FRAMES - 1))).isEqualTo(Region.FULL);
    assertThat(FrameLayout.borders(fill.subList(0, FrameLayout.MIN_FILL_FRAMES)).iou(
        new Region(0.15, 0.15, 0.7, 0.7))).isGreaterThan(0.85);
    List<Frame> bars = edited(shot(2, 160, 90), FrameEdits.border(0, 0.12, 0, 0.12, Color.BLACK));
    assertThat(FrameLayout.borders(bars.subList(0, 1)).y()).isCloseTo(0.12, offset(2 / 90.0));
  }

  @Test
  void inset_pictureInPicture_isFound() {
    List<Frame> frames = pip(5, 4, 0.5, 0.7, 0.3);
    Optional<Region> found = FrameLayout.inset(frames);
    // 0.5 of 108 = 54 px high, 96 px wide, at 0.7 * (192 - 96) = 67, 0.3 * (108 - 54) = 16
    Region truth = new Region(67 / 192.0, 16 / 108.0, 96 / 192.0, 54 / 108.0);
    assertThat(found).isPresent();
    assertThat(found.get().iou(truth)).isGreaterThan(0.85);
  }

  @Test
  void inset_plainVideo_isEmpty() {
    assertThat(FrameLayout.inset(shot(6, 192, 108))).isEmpty();
  }

  @ParameterizedTest(name = "width x{0}, blur {1}")
  @CsvSource({"1.25, 0.05", "1.5, 0.07", "1.8, 0.10"})
  void borders_blurredPillarbox_findsThePicture(double widthFactor, double blur) {
    List<Frame> frames = edited(shot(7, 160, 90), FrameEdits.blurredPillarbox(widthFactor, blur));
    int cw = frames.get(0).width();
    Region truth = new Region((double) ((cw - 160) / 2) / cw, 0, 160.0 / cw, 1);
    Region found = FrameLayout.borders(frames);
    assertThat(found.iou(truth)).isGreaterThan(0.9);
    assertThat(found.h()).isGreaterThan(0.97);
  }

  @Test
  void borders_blurredPillarboxScaledDown_findsThePicture() {
    // made at 320 px wide and scaled to 192, as a decoder would: the picture's sides are no longer sharp steps
    List<Frame> frames = edited(shot(8, 214, 120), FrameEdits.blurredPillarbox(1.5, 0.07).andThen(
        FrameEdits.resize(192, 72)));
    Region found = FrameLayout.borders(frames);
    assertThat(found.iou(new Region(1 / 6.0, 0, 2 / 3.0, 1))).isGreaterThan(0.85);
  }

  @Test
  void borders_blurredFillScaledDown_findsThePicture() {
    List<Frame> frames = edited(shot(9, 320, 180), FrameEdits.blurredFill(0.65).andThen(FrameEdits.resize(192,
        108)));
    Region found = FrameLayout.borders(frames);
    assertThat(found.iou(new Region(0.175, 0.175, 0.65, 0.65))).isGreaterThan(0.85);
  }

  @Test
  void borders_plainVideos_areTheWholeFrame() {
    for (int scene = 10; scene < 16; scene++) {
      assertThat(FrameLayout.borders(shot(scene, 192, 108))).as("scene %d", scene).isEqualTo(Region.FULL);
    }
  }

  /** A foreground shot shrunk to {@code scale} of the height at (x, y) (fractions of the free space) over another. */
  private static List<Frame> pip(int fgScene, int bgScene, double scale, double x, double y) {
    return pip(fgScene, 192, 108, bgScene, 192, 108, scale, x, y);
  }

  /** Shot {@code fgScene} shrunk to {@code scale} of the height of shot {@code bgScene} and placed at (x, y) over it. */
  private static List<Frame> pip(int fgScene, int fgW, int fgH, int bgScene, int bgW, int bgH, double scale, double x,
      double y) {
    List<Frame> background = shot(bgScene, bgW, bgH);
    List<Frame> foreground = shot(fgScene, fgW, fgH);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < background.size(); i++) {
      Frame bg = background.get(i);
      frames.add(FrameEdits.pictureInPicture(f -> bg, scale, x, y).apply(foreground.get(i)));
    }
    return frames;
  }

  @Test
  void detect_letterboxedVideoShownAsAnInset_givesThePictureWithoutItsBars() {
    List<Frame> background = shot(21, 192, 108);
    List<Frame> foreground = edited(shot(22, 192, 80), FrameEdits.border(0, 0.175, 0, 0.175, Color.BLACK)); // 192x108
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < background.size(); i++) {
      Frame bg = background.get(i);
      frames.add(FrameEdits.pictureInPicture(f -> bg, 0.6, 0.4, 0.5).apply(foreground.get(i)));
    }
    org.videosim.Layout layout = org.videosim.LayoutDetector.auto().detect(frames);
    // the inset (115 x 65 px) without its bars (about 11 px at the top and at the bottom)
    int ih = (int) Math.round(0.6 * 108);
    int iw = (int) Math.round(ih * 192.0 / 108);
    double bar = 0.175 * 80 / 108.0 * ih;
    Region truth = new Region(Math.round(0.4 * (192 - iw)) / 192.0, (Math.round(0.5 * (108 - ih)) + bar) / 108,
        iw / 192.0, (ih - 2 * bar) / 108);
    assertThat(layout.insets()).hasSize(1);
    assertThat(layout.insets().get(0).iou(truth)).isGreaterThan(0.85);
  }

  @org.junit.jupiter.api.Disabled("known gap: insets touching the frame's edge are not yet found on these generated"
      + " shots (a side on the boundary halves the score below the threshold). Halving less when the rectangle fits a"
      + " video's aspect ratio finds 3 of 4 here but raises harness false insets on plain video from 0.07 to 0.10-0.15")
  @ParameterizedTest(name = "scale {0} at {1},{2}")
  @CsvSource({"0.6, 0, 0.5", "0.5, 1, 0", "0.7, 0.5, 1", "0.45, 0, 1"})
  void inset_touchingTheFrameEdge_isFound(double scale, double x, double y) {
    List<Frame> frames = pip(11, 12, scale, x, y);
    int h = (int) Math.round(scale * 108);
    int w = (int) Math.round(h * 192.0 / 108);
    Region truth = new Region(Math.round(x * (192 - w)) / 192.0, Math.round(y * (108 - h)) / 108.0, w / 192.0,
        h / 108.0);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).isPresent();
    assertThat(found.get().iou(truth)).isGreaterThan(0.85);
    assertThat(FrameLayout.insets(frames, 3).get(0)).isEqualTo(found.get());
  }

  @Test
  void inset_portraitVideoInLandscape_isFoundThoughNarrowerThanAQuarter() {
    List<Frame> frames = pip(18, 108, 192, 17, 192, 108, 0.6, 0.3, 0.5);
    // 0.6 of 108 = 65 px high, 37 px wide (0.19 of the width), at 0.3 * (192 - 37) = 47, 0.5 * (108 - 65) = 22
    Region truth = new Region(47 / 192.0, 22 / 108.0, 37 / 192.0, 65 / 108.0);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).isPresent();
    assertThat(found.get().iou(truth)).isGreaterThan(0.85);
  }

  @ParameterizedTest(name = "{0}x{1} at {2} of the height, at {3},{4}")
  @CsvSource({"192, 108, 0.22, 0.95, 0.05", "144, 108, 0.23, 0.05, 0.9", "192, 108, 0.18, 0.9, 0.9",
      "144, 108, 0.24, 0.5, 0.4"})
  void inset_smallCopyUnderAQuarterOfTheFrame_isFound(int fw, int fh, double scale, double x, double y) {
    // a corner copy, as a streamer's or a news frame shows one: 16:9 at 18-22% of the height (35-43 x 19-24 px), 4:3
    // at 23-24% (33-35 x 25-26 px); layout version 5 looked only for insets a quarter of the frame or more each way
    List<Frame> frames = pip(41, fw, fh, 42, 192, 108, scale, x, y);
    int h = (int) Math.round(scale * 108);
    int w = (int) Math.round((double) h * fw / fh);
    Region truth = new Region(Math.round(x * (192 - w)) / 192.0, Math.round(y * (108 - h)) / 108.0, w / 192.0,
        h / 108.0);
    assertThat(w).as("narrower than a quarter").isLessThan(192 / 4);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).as("truth %s", truth).isPresent();
    assertThat(found.get().iou(truth)).as("%s vs %s", found.get(), truth).isGreaterThan(0.8);
  }

  @Test
  void inset_smallPortraitCopyInLandscape_isFound() {
    // 9:16 at 22% of the height: 13 x 24 px, a fifteenth of the width and under a quarter of the height
    List<Frame> frames = pip(43, 108, 192, 44, 192, 108, 0.22, 0.8, 0.2);
    int h = (int) Math.round(0.22 * 108);
    int w = (int) Math.round(h * 108 / 192.0);
    Region truth = new Region(Math.round(0.8 * (192 - w)) / 192.0, Math.round(0.2 * (108 - h)) / 108.0, w / 192.0,
        h / 108.0);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).as("truth %s", truth).isPresent();
    assertThat(found.get().iou(truth)).as("%s vs %s", found.get(), truth).isGreaterThan(0.7);
  }

  @Test
  void inset_landscapeVideoAcrossAPortraitFrame_isFoundAsABand() {
    for (double y : new double[] {0.2, 0.5, 0.8}) {
      // full width: 108 x 61 px, both long sides on the frame's boundary
      List<Frame> frames = pip(18, 192, 108, 19, 108, 192, 61 / 192.0, 0, y);
      int top = (int) Math.round(y * (192 - 61));
      Region truth = new Region(0, top / 192.0, 1, 61 / 192.0);
      Optional<Region> found = FrameLayout.inset(frames);
      assertThat(found).as("band at %s", y).isPresent();
      assertThat(found.get().iou(truth)).as("band at %s: %s", y, found.get()).isGreaterThan(0.85);
    }
  }

  @ParameterizedTest(name = "scale {0} at {1},{2}")
  @CsvSource({"0.5, 0.3, 0.7", "0.6, 0.1, 0.5", "0.45, 0.2, 0.3"})
  void inset_scaledDownSoThatItsEdgesBlend_isFound(double scale, double x, double y) {
    // made at twice the size and scaled down, as a decoded copy is: an edge at an odd pixel blends two sources into
    // one line, whose changes then follow both sides
    int h2 = (int) Math.round(scale * 216);
    int w2 = (int) Math.round(h2 * 384.0 / 216);
    int left = (int) Math.round(x * (384 - w2)) | 1;
    int top = (int) Math.round(y * (216 - h2)) | 1;
    List<Frame> frames = edited(pip(31, 32, scale, left / (double) (384 - w2), top / (double) (216 - h2), 384, 216),
        FrameEdits.resize(192, 108));
    Region truth = new Region(left / 384.0, top / 216.0, w2 / 384.0, h2 / 216.0);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).as("truth %s", truth).isPresent();
    assertThat(found.get().iou(truth)).as("%s vs %s", found.get(), truth).isGreaterThan(0.85);
  }

  @Test
  void inset_nearlyAsWideAsTheFrame_isFound() {
    // a 2.35:1 video narrowed to fit a square frame with a small margin (94% of its width)
    List<Frame> frames = pip(33, 150, 64, 34, 160, 160, 64 / 160.0, 0.5, 0.45);
    Region truth = new Region(5 / 160.0, Math.round(0.45 * 96) / 160.0, 150 / 160.0, 64 / 160.0);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).isPresent();
    assertThat(found.get().iou(truth)).isGreaterThan(0.85);
  }

  @Test
  void insetCandidates_pruned_areExactlyThoseOfTheExhaustiveSearch() {
    // insets, bands, blended edges, grids, a portrait inset and plain footage: every rectangle that reaches the
    // threshold, in the same order with the same scores, whether hopeless sides stop a rectangle early or not
    List<List<Frame>> cases = List.of(pip(11, 12, 0.6, 0.3, 0.4), pip(13, 14, 0.45, 0, 1), pip(15, 16, 0.8, 1, 0.5),
        pip(18, 108, 192, 17, 192, 108, 0.6, 0.3, 0.5), pip(18, 192, 108, 19, 108, 192, 61 / 192.0, 0, 0.2),
        edited(pip(31, 32, 0.5, 0.3, 0.7, 384, 216), FrameEdits.resize(192, 108)),
        grid(192, 108, 2, 2, 1, 2, Color.WHITE), grid(192, 108, 3, 1, 0, 0, Color.BLACK), shot(20, 192, 108),
        shot(21, 160, 160));
    int kept = 0;
    for (List<Frame> frames : cases) {
      List<double[]> pruned = FrameLayout.insetCandidates(frames, true);
      List<double[]> all = FrameLayout.insetCandidates(frames, false);
      assertThat(pruned).hasSameSizeAs(all);
      for (int i = 0; i < all.size(); i++) {
        assertThat(pruned.get(i)).containsExactly(all.get(i));
      }
      kept += all.size();
    }
    assertThat(kept).as("rectangles that reach the threshold").isGreaterThan(30);
  }

  @Test
  void insets_plainVideos_areEmpty() {
    for (int scene = 20; scene < 26; scene++) {
      assertThat(FrameLayout.insets(shot(scene, 192, 108), 3)).as("scene %d", scene).isEmpty();
    }
  }

  /** {@link #pip} at another size. */
  private static List<Frame> pip(int fgScene, int bgScene, double scale, double x, double y, int w, int h) {
    return pip(fgScene, w, h, bgScene, w, h, scale, x, y);
  }

  /** Frames of {@code cols x rows} different shots in a grid of {@code w x h}, the first shot in cell {@code cell}. */
  private static List<Frame> grid(int w, int h, int cols, int rows, int cell, int seam, Color seamColour) {
    List<List<Frame>> shots = new ArrayList<>();
    for (int k = 0; k < cols * rows; k++) {
      shots.add(shot(3 + k, 160, 90));
    }
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < shots.get(0).size(); i++) {
      int ii = i;
      List<java.util.function.Function<Frame, Frame>> others = new ArrayList<>();
      for (int k = 1; k < shots.size(); k++) {
        int kk = k;
        others.add(f -> shots.get(kk).get(ii));
      }
      out.add(FrameEdits.panels(w, h, cols, rows, cell, others, seam, seamColour, true).apply(shots.get(0).get(i)));
    }
    return out;
  }

  private static void assertCells(List<Region> found, int cols, int rows) {
    assertThat(found).hasSize(cols * rows);
    for (int k = 0; k < found.size(); k++) {
      Region want = new Region((double) (k % cols) / cols, (double) (k / cols) / rows, 1.0 / cols, 1.0 / rows);
      assertThat(found.get(k).iou(want)).as("cell " + k + ": " + found.get(k)).isGreaterThan(0.85);
    }
  }

  @ParameterizedTest(name = "{0}x{1} in {2}x{3}, seam {4}")
  @CsvSource({
      "2, 1, 192, 108, 0",  // side by side, no seam
      "2, 1, 192, 108, 3",  // side by side, a seam
      "1, 2, 108, 192, 2",  // stacked (a phone's reaction layout)
      "2, 2, 192, 108, 2",  // a 2x2 grid
      "3, 1, 192, 108, 0"}) // three up
  void panels_ofSplitScreensAndGrids_areFound(int cols, int rows, int w, int h, int seam) {
    assertCells(FrameLayout.panels(grid(w, h, cols, rows, 0, seam, new Color(0x30c0a0))), cols, rows);
  }

  @Test
  void panels_ofOneVideoAboveTwo_areFoundInTheHalfTheirSeamCrosses() {
    // two shots side by side, stacked under a third: the seam between the lower two crosses the lower half only
    List<Frame> lower = grid(192, 54, 2, 1, 0, 2, new Color(0x30c0a0));
    List<Frame> top = shot(9, 192, 54);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < lower.size(); i++) {
      Frame t = top.get(i);
      frames.add(FrameEdits.panels(192, 108, 1, 2, 1, List.of(f -> t), 2, new Color(0x30c0a0), true)
          .apply(lower.get(i)));
    }
    List<Region> found = FrameLayout.panels(frames);
    assertThat(found).hasSize(3);
    assertThat(found.get(0).iou(new Region(0, 0, 1, 0.5))).as("top: " + found.get(0)).isGreaterThan(0.85);
    assertThat(found.get(1).iou(new Region(0, 0.5, 0.5, 0.5))).as("lower left: " + found.get(1)).isGreaterThan(0.85);
    assertThat(found.get(2).iou(new Region(0.5, 0.5, 0.5, 0.5))).as("lower right: " + found.get(2))
        .isGreaterThan(0.85);
  }

  @ParameterizedTest(name = "seam of {0} px in 640x360, colour {1}")
  @CsvSource({"3, 30c0a0", "4, 000000"})
  void panels_ofAGridWithASeamUnderAPixelAtTheAnalysisSize_areFound(int seam, String colour) {
    // a 2x2 grid made at 640x360 and analysed at 160x90: its seams blend into the lines beside them, and show their
    // step on either edge, wherever the seam's colour is that of the panel on the other side
    List<Frame> small = grid(640, 360, 2, 2, 0, seam, new Color(Integer.parseInt(colour, 16))).stream()
        .map(FrameEdits.resize(160, 90)::apply).toList();
    assertCells(FrameLayout.panels(small), 2, 2);
  }

  @Test
  void panels_ofAStillPictureWithALeaningEdge_areNoSplit() {
    // a still floor line across the picture that leans by two lines (a hallway camera): each quarter of it scores
    // as an edge on one of three lines, as a thin seam does, but nothing on its two sides changes independently
    int w = 160;
    int h = 90;
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte[] px = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = y < 44 + 3 * x / w ? 180 : 60;
          for (int c = 0; c < 3; c++) {
            px[(y * w + x) * 3 + c] = (byte) v;
          }
        }
      }
      frames.add(new Frame(i, i, w, h, px));
    }
    assertThat(FrameLayout.panels(frames)).isEmpty();
  }

  @Test
  void panels_aStraightEdgeWithinOnePanel_isNoSecondCut() {
    // a room beside another shot: the foot of its wall runs straight across its panel, still, while a figure moves
    // in front of the wall; a seam between two videos changes independently on its two sides, this edge does not
    List<Frame> room = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int w = 160;
      int h = 90;
      byte[] px = new byte[w * h * 3];
      int fx = 20 + 11 * i; // the figure walks along the wall
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = y < 50 ? 190 + (x / 8 % 2) * 6 : 55 + (y % 4);
          if (y >= 12 && y < 46 && x >= fx && x < fx + 14) {
            v = 35;
          }
          for (int c = 0; c < 3; c++) {
            px[(y * w + x) * 3 + c] = (byte) v;
          }
        }
      }
      room.add(new Frame(i, i, w, h, px));
    }
    List<Frame> other = shot(9, 160, 90);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < room.size(); i++) {
      Frame o = other.get(Math.min(i, other.size() - 1));
      frames.add(FrameEdits.panels(192, 108, 2, 1, 0, List.of(f -> o), 2, Color.BLACK, true).apply(room.get(i)));
    }
    assertCells(FrameLayout.panels(frames), 2, 1);
  }

  @Test
  void panels_plainVideoAndAnInset_areNoSplit() {
    assertThat(FrameLayout.panels(shot(1, 192, 108))).isEmpty();
    List<Frame> bg = shot(6, 192, 108);
    List<Frame> pip = new ArrayList<>();
    List<Frame> fg = shot(7, 192, 108);
    for (int i = 0; i < bg.size(); i++) {
      Frame b = bg.get(i);
      pip.add(FrameEdits.pictureInPicture(x -> b, 0.5, 0.5, 0.5).apply(fg.get(i)));
    }
    assertThat(FrameLayout.panels(pip)).as("an inset's sides do not cross the frame").isEmpty();
  }

  /**
   * Frames of {@code w x h} painted by a map: {@code rows} are rows of letters, each cell of the map a block of
   * pixels; a pixel of letter {@code k} ('a' = 0) is {@code levels[k]} plus a sixth of the moving texture of shot
   * {@code scenes[k]} (so that areas of shots of one number change together and the others independently).
   */
  private static List<Frame> painted(int w, int h, String[] rows, int[] levels, int[] scenes) {
    int gw = rows[0].length();
    int gh = rows.length;
    List<List<Frame>> shots = new ArrayList<>();
    for (int sc : scenes) {
      shots.add(shot(sc, w, h));
    }
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < shots.get(0).size(); i++) {
      byte[] px = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int k = rows[y * gh / h].charAt(x * gw / w) - 'a';
          byte[] src = shots.get(k).get(i).rgb();
          for (int c = 0; c < 3; c++) {
            int o = (y * w + x) * 3 + c;
            px[o] = (byte) Math.max(0, Math.min(255, levels[k] + ((src[o] & 0xff) - 128) / 6));
          }
        }
      }
      out.add(new Frame(i, i * 1.5, w, h, px));
    }
    return out;
  }

  @Test
  void inset_whoseTopEdgeIsItsWeakestSide_isFoundWholeThoughALineWithinItIsStronger() {
    // a portrait copy (36 x 64 px at 80, 24 of 192 x 108; narrower than a quarter, so its weakest side decides) whose
    // top quarter is nearly as bright as the footage above it (a weak top side) and brighter than the rest of it (a
    // strong line within it); its left and right sides go on past that line up to its top, where they stop
    String[] rows = new String[27];
    for (int y = 0; y < 27; y++) {
      StringBuilder r = new StringBuilder();
      for (int x = 0; x < 48; x++) {
        boolean in = x >= 20 && x < 29 && y >= 6 && y < 22;
        r.append(in ? (y < 10 ? 'c' : 'd') : y < 6 ? 'a' : y >= 22 ? 'e' : 'b');
      }
      rows[y] = r.toString();
    }
    // footage: a above the copy, b beside it, e below it, moving together; the copy: c its top quarter, d the rest
    List<Frame> frames = painted(192, 108, rows, new int[] {190, 40, 178, 90, 230}, new int[] {41, 41, 42, 42, 41});
    Region truth = new Region(80 / 192.0, 24 / 108.0, 36 / 192.0, 64 / 108.0);
    Region within = new Region(80 / 192.0, 40 / 108.0, 36 / 192.0, 48 / 108.0);
    List<double[]> candidates = FrameLayout.insetCandidates(frames, true);
    assertThat(candidates.get(0)).as("the line within ranks first").containsSequence(80, 40, 116, 88);
    Optional<Region> found = FrameLayout.inset(frames);
    assertThat(found).isPresent();
    assertThat(found.get().iou(truth)).as("%s (the part under the line: %s)", found.get(), within).isGreaterThan(0.9);
  }

  @ParameterizedTest(name = "shot {0}, scale {1} at {2}")
  @CsvSource({"43, 0.63, 0.5", "43, 0.63, 0.2", "49, 0.63, 0.8", "43, 0.55, 0.5"})
  void autoDetector_insetWhoseSideSpansMostOfTheFrame_isAnInsetNotASplit(int scene, double scale, double x) {
    // a 16:9 copy over 4:3 footage, 73-84% of its width: its top side scores as a seam along every quarter of the
    // frame's width, but not beyond the copy's ends
    List<Frame> frames = pip(scene, 192, 108, scene + 1, 192, 144, scale, x, 0.8);
    int ih = (int) Math.round(scale * 144);
    int iw = Math.min(192, (int) Math.round(ih * 192.0 / 108));
    Region truth = new Region(Math.round(x * (192 - iw)) / 192.0, Math.round(0.8 * (144 - ih)) / 144.0, iw / 192.0,
        ih / 144.0);
    // at the size the detector searches (160 px)
    assertThat(FrameLayout.panels(edited(frames, FrameEdits.resize(160, 120)))).as("the panel search alone splits the"
        + " frame").hasSize(2);
    org.videosim.Layout layout = org.videosim.LayoutDetector.auto().detect(frames);
    assertThat(layout.insets()).as("%s", layout).hasSize(1);
    assertThat(layout.insets().get(0).iou(truth)).as("%s vs %s", layout, truth).isGreaterThan(0.9);
  }

  @Test
  void autoDetector_describesEachPanelAsAView() {
    org.videosim.Layout layout = org.videosim.LayoutDetector.auto().detect(grid(384, 216, 2, 1, 1, 4, Color.BLACK));
    assertThat(layout.insets()).hasSize(2);
    assertThat(layout.insets().get(1).x()).isGreaterThan(0.45);
  }
}
