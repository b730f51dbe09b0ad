package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videosim.Frame;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;
import org.videosim.edit.FrameEdits;
import org.videosim.testkit.TestFrames;

/** Turned pictures (rotation edits by an angle that is no quarter turn), found and turned back, on generated frames. */
class TurnedPictureTest {
  /** Six frames of a generated scene with drifting texture, {@code w x h}, each through {@code edit}. */
  private static List<Frame> shot(int scene, int w, int h, UnaryOperator<Frame> edit) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Frame base = TestFrames.scene(scene, i, i * 1.5, w, h, -1);
      byte[] px = base.rgb();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double tex = 30 * Math.sin(0.7 * (x + 3 * i) + Math.sin(0.3 * y)) * Math.cos(0.55 * (y - 2 * i));
          for (int c = 0; c < 3; c++) {
            int o = (y * w + x) * 3 + c;
            // footage: never as dark as the black a turn leaves
            px[o] = (byte) Math.max(24, Math.min(255, (px[o] & 0xff) + (int) tex));
          }
        }
      }
      frames.add(edit.apply(new Frame(i, i * 1.5, w, h, px)));
    }
    return frames;
  }

  /** The frames scaled to the layout stage's analysis size (192 px wide). */
  private static List<Frame> analysed(List<Frame> frames) {
    Frame f = frames.get(0);
    int h = (int) Math.round(192.0 * f.height() / f.width());
    return frames.stream().map(FrameEdits.resize(192, h)::apply).toList();
  }

  @ParameterizedTest
  @ValueSource(doubles = {-40, -12, -3.5, 3.5, 5, 8, 20, 33, 45})
  void find_pictureTurnedWithinItsFrame_givesItsAngle(double degrees) {
    List<Frame> turned = shot(1, 320, 180, FrameEdits.rotate(degrees)::apply);
    assertThat(TurnedPicture.find(analysed(turned))).isCloseTo(degrees, offset(1.0));
  }

  @Test
  void autoDetector_pictureTurnedInAFrameEnlargedToHoldIt_isTurnedBackAndItsBordersCropped() {
    double degrees = 15;
    double c = Math.cos(Math.toRadians(degrees));
    double s = Math.sin(Math.toRadians(degrees));
    // a 320 x 180 picture padded to the size of its turned bounding box, then turned in it: its corners on the sides
    double bw = 320 * c + 180 * s;
    double bh = 320 * s + 180 * c;
    double padX = (bw - 320) / 2 / 320; // of the picture's width and height
    double padY = (bh - 180) / 2 / 180;
    List<Frame> turned = shot(2, 320, 180, f -> FrameEdits.rotate(degrees)
        .apply(FrameEdits.border(padX, padY, padX, padY, Color.BLACK).apply(f)));
    assertThat(TurnedPicture.find(analysed(turned))).isCloseTo(degrees, offset(1.0));
    Layout layout = LayoutDetector.auto().detect(turned);
    assertThat(layout.rotation()).isCloseTo(degrees, offset(1.0));
    // turned back, the picture lies in the middle of the frame, black around it: borders
    assertThat(layout.picture().w()).isCloseTo(320 / bw, offset(0.03));
    assertThat(layout.picture().h()).isCloseTo(180 / bh, offset(0.03));
    assertThat(layout.picture().x() + layout.picture().w() / 2).isCloseTo(0.5, offset(0.02));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-8, 6, 15, -25})
  void find_letterboxedPictureTurned_givesItsAngle(double degrees) {
    // black along two of the picture's own sides: steps from black to footage across the other two only
    List<Frame> turned = shot(6, 320, 180, f -> FrameEdits.rotate(degrees)
        .apply(FrameEdits.crop(0, 0.1, 1, 0.9).andThen(FrameEdits.border(0, 0.12, 0, 0.12, Color.BLACK)).apply(f)));
    assertThat(TurnedPicture.find(analysed(turned))).isCloseTo(degrees, offset(1.0));
  }

  /** Canvases other than black: white, grey, blue (a video editor's background colour). */
  private static final List<Color> CANVASES = List.of(Color.WHITE, new Color(128, 128, 128), new Color(20, 40, 200));

  @ParameterizedTest
  @ValueSource(doubles = {-25, 12})
  void find_pictureTurnedOnACanvasOfAnotherColour_givesItsAngle(double degrees) {
    for (Color canvas : CANVASES) {
      List<Frame> turned = shot(10, 320, 180, FrameEdits.rotate(degrees, canvas)::apply);
      assertThat(TurnedPicture.find(analysed(turned))).as("on %s", canvas).isCloseTo(degrees, offset(1.0));
    }
    // turned on black, then brightened with the picture: the black is grey
    List<Frame> brightened = shot(10, 320, 180,
        f -> FrameEdits.eq(0.2, 1, 1).apply(FrameEdits.rotate(degrees).apply(f)));
    assertThat(TurnedPicture.find(analysed(brightened))).isCloseTo(degrees, offset(1.0));
  }

  @Test
  void autoDetector_pictureTurnedOnWhiteInAnEnlargedFrame_isTurnedBackOnWhiteAndItsBordersCropped() {
    double degrees = -18;
    double c = Math.cos(Math.toRadians(degrees));
    double s = Math.sin(Math.toRadians(-degrees));
    double bw = 320 * c + 180 * s;
    double bh = 320 * s + 180 * c;
    double padX = (bw - 320) / 2 / 320;
    double padY = (bh - 180) / 2 / 180;
    List<Frame> turned = shot(11, 320, 180, f -> FrameEdits.rotate(degrees, Color.WHITE)
        .apply(FrameEdits.border(padX, padY, padX, padY, Color.WHITE).apply(f)));
    Layout layout = LayoutDetector.auto().detect(turned);
    assertThat(layout.rotation()).isCloseTo(degrees, offset(1.0));
    // turned back on white (not black, which would leave white bars with black corners): white borders, cropped
    assertThat(layout.picture().w()).isCloseTo(320 / bw, offset(0.03));
    assertThat(layout.picture().h()).isCloseTo(180 / bh, offset(0.03));
    assertThat(TurnedPicture.straightenOnCanvas(turned, layout.rotation()).get(0).rgbAt(0, 0) & 0xffffff)
        .isEqualTo(0xffffff);
  }

  @Test
  void find_thinFrameAroundAPictureThatIsNotTurned_isNoTurn() {
    // a turn of 2-3 degrees runs its long sides from the frame's edge to a few pixels in: across a thin frame's inner
    // edge, where footage starts, along part of their length only
    for (Color canvas : List.of(Color.BLACK, Color.WHITE, CANVASES.get(2))) {
      for (double side : new double[] {0.02, 0.035, 0.05}) {
        List<Frame> framed = shot(12, 320, 180, FrameEdits.border(side, side, side, side, canvas)::apply);
        assertThat(TurnedPicture.find(analysed(framed))).as("%s frame of %s", canvas, side).isZero();
      }
    }
  }

  @Test
  void autoDetector_letterboxedPictureTurned_isTurnedBackAndItsOwnBarsCropped() {
    List<Frame> turned = shot(13, 320, 180, f -> FrameEdits.rotate(8)
        .apply(FrameEdits.crop(0, 0.1, 1, 0.9).andThen(FrameEdits.border(0, 0.12, 0, 0.12, Color.BLACK)).apply(f)));
    Layout layout = LayoutDetector.auto().detect(turned);
    assertThat(layout.rotation()).isCloseTo(8, offset(1.0));
    assertThat(layout.picture().h()).isCloseTo(1 / 1.24, offset(0.03));
  }

  @Test
  void find_flatColourAroundAPictureThatIsNotTurned_isNoTurn() {
    for (Color canvas : CANVASES) {
      List<UnaryOperator<Frame>> edits = List.of(
          FrameEdits.border(0, 0.12, 0, 0.12, canvas)::apply, // letterbox
          FrameEdits.border(0.2, 0, 0.2, 0, canvas)::apply, // pillarbox
          FrameEdits.border(0.08, 0.1, 0.08, 0.1, canvas)::apply, // a frame all around
          f -> FrameEdits.border(0, 0.1, 0, 0.1, canvas).apply(FrameEdits.border(0.15, 0, 0.15, 0, canvas).apply(f)),
          f -> slide(f, canvas)); // a slide: text on a flat background
      for (UnaryOperator<Frame> edit : edits) {
        assertThat(TurnedPicture.find(analysed(shot(3, 320, 180, edit)))).as("on %s", canvas).isZero();
      }
    }
    // flat footage that fills the corners (pavement, a wall: grey with a little texture) is no canvas either, and its
    // straight lines are no turn
    List<Frame> pavement = new ArrayList<>();
    List<Frame> scene = shot(14, 320, 180, f -> f);
    for (int i = 0; i < scene.size(); i++) {
      Frame grey = FrameEdits.pictureInPicture(f -> flat(f, new Color(128, 128, 128)), 0.45, 0.3, 0.25)
          .apply(scene.get(i));
      pavement.add(FrameEdits.noise(8, i).apply(grey));
    }
    assertThat(TurnedPicture.canvas(analysed(pavement))).isNull();
    assertThat(TurnedPicture.find(analysed(pavement))).isZero();
    // corners of two colours (a white bar above, a black one below) are no canvas
    List<Frame> twoColours = shot(3, 320, 180, f -> FrameEdits.border(0, 0, 0, 0.1, Color.BLACK)
        .apply(FrameEdits.border(0, 0.1, 0, 0, Color.WHITE).apply(f)));
    assertThat(TurnedPicture.canvas(analysed(twoColours))).isNull();
  }

  /** A frame of one colour, the size of {@code f}. */
  private static Frame flat(Frame f, Color c) {
    byte[] px = new byte[f.width() * f.height() * 3];
    for (int i = 0; i < px.length; i += 3) {
      px[i] = (byte) c.getRed();
      px[i + 1] = (byte) c.getGreen();
      px[i + 2] = (byte) c.getBlue();
    }
    return new Frame(f.index(), f.timestamp(), f.width(), f.height(), px);
  }

  /** Lines of dark "text" on a flat {@code canvas} (slides and title cards: flat corners, straight level edges). */
  private static Frame slide(Frame f, Color canvas) {
    int w = f.width();
    int h = f.height();
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean ink = (y / 12) % 2 == 1 && y > 24 && y < h - 24 && x > 30 && x < w - 30 - (y * 7) % 90
            && (x / 5 + y / 12) % 7 != 0;
        int o = (y * w + x) * 3;
        px[o] = (byte) (ink ? 30 : canvas.getRed());
        px[o + 1] = (byte) (ink ? 30 : canvas.getGreen());
        px[o + 2] = (byte) (ink ? 30 : canvas.getBlue());
      }
    }
    return new Frame(f.index(), f.timestamp(), w, h, px);
  }

  @Test
  void find_turnedThenNoisy_blackOnAverageOnly_givesItsAngle() {
    // noise after the turn (or a copy at a very low bit rate): the black is black on average over the window only
    List<Frame> turned = new ArrayList<>();
    List<Frame> clean = shot(9, 320, 180, FrameEdits.rotate(-14)::apply);
    for (int i = 0; i < clean.size(); i++) {
      turned.add(FrameEdits.noise(30, i).apply(clean.get(i)));
    }
    assertThat(TurnedPicture.find(analysed(turned))).isCloseTo(-14, offset(1.0));
  }

  @Test
  void find_blackAroundAPictureThatIsNotTurned_isNoTurn() {
    List<UnaryOperator<Frame>> edits = List.of(
        f -> f,
        FrameEdits.border(0, 0.12, 0, 0.12, Color.BLACK)::apply, // letterbox
        FrameEdits.border(0, 0.3, 0, 0.3, Color.BLACK)::apply, // a wide film letterboxed
        FrameEdits.border(0.2, 0, 0.2, 0, Color.BLACK)::apply, // pillarbox
        FrameEdits.border(0.08, 0.1, 0.08, 0.1, Color.BLACK)::apply, // a black frame all around
        f -> FrameEdits.border(0, 0.1, 0, 0.1, Color.BLACK).apply(FrameEdits.border(0.15, 0, 0.15, 0, Color.BLACK)
            .apply(f)), // windowboxed
        TurnedPictureTest::blackOutsideAnEllipse,
        f -> roundedCorners(f, 0.15), // a phone's screen recorded
        f -> roundedCorners(f, 0.3),
        TurnedPictureTest::darkCorners,
        FrameEdits.eq(-0.45, 1, 1)::apply); // a dark scene darkened: black nearly everywhere
    for (UnaryOperator<Frame> edit : edits) {
      assertThat(TurnedPicture.find(analysed(shot(3, 320, 180, edit)))).isZero();
    }
    // a turn too small to be told from the pixels of a frame's corners
    assertThat(TurnedPicture.find(analysed(shot(3, 320, 180, FrameEdits.rotate(0.5)::apply)))).isZero();
  }

  /** Black outside the ellipse that touches the frame's sides (a round mask: black corners, no straight sides). */
  private static Frame blackOutsideAnEllipse(Frame f) {
    byte[] px = f.rgb();
    double a = f.width() / 2.0;
    double b = f.height() / 2.0;
    for (int y = 0; y < f.height(); y++) {
      for (int x = 0; x < f.width(); x++) {
        double u = (x + 0.5 - a) / a;
        double v = (y + 0.5 - b) / b;
        if (u * u + v * v > 1) {
          int o = (y * f.width() + x) * 3;
          px[o] = 0;
          px[o + 1] = 0;
          px[o + 2] = 0;
        }
      }
    }
    return new Frame(f.index(), f.timestamp(), f.width(), f.height(), px);
  }

  /** Black outside a rectangle with rounded corners of radius {@code r} of the height (a phone's screen recorded). */
  private static Frame roundedCorners(Frame f, double r) {
    byte[] px = f.rgb();
    int w = f.width();
    int h = f.height();
    double rad = r * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = Math.max(0, Math.max(rad - (x + 0.5), (x + 0.5) - (w - rad)));
        double dy = Math.max(0, Math.max(rad - (y + 0.5), (y + 0.5) - (h - rad)));
        if (dx * dx + dy * dy > rad * rad) {
          int o = (y * w + x) * 3;
          px[o] = 0;
          px[o + 1] = 0;
          px[o + 2] = 0;
        }
      }
    }
    return new Frame(f.index(), f.timestamp(), w, h, px);
  }

  @Test
  void find_windowWhoseFramesChangeSize_looksAtTheFirstSizeOnly() {
    List<Frame> small = analysed(shot(7, 320, 180, FrameEdits.rotate(12)::apply));
    List<Frame> other = analysed(shot(7, 320, 240, FrameEdits.rotate(12)::apply));
    List<Frame> mixed = new ArrayList<>(small.subList(0, 3));
    mixed.addAll(other.subList(3, 6));
    assertThat(TurnedPicture.find(mixed)).isCloseTo(12, offset(1.0));
    List<Frame> reversed = new ArrayList<>(other.subList(0, 3));
    reversed.addAll(small.subList(3, 6));
    assertThat(TurnedPicture.find(reversed)).isCloseTo(12, offset(1.0));
    // the layout stage turns back a window of two sizes on white (its canvas read from each frame's own corners)
    List<Frame> onWhite = new ArrayList<>(analysed(shot(7, 320, 240, FrameEdits.rotate(12, Color.WHITE)::apply)));
    onWhite.addAll(analysed(shot(7, 320, 180, FrameEdits.rotate(12, Color.WHITE)::apply)));
    assertThat(LayoutDetector.auto().detect(onWhite).rotation()).isCloseTo(12, offset(1.0));
    // and the layout stage takes such a window as it did before the turn was looked for
    List<Frame> letterboxed = new ArrayList<>(shot(7, 320, 180, FrameEdits.border(0, 0.12, 0, 0.12, Color.BLACK)::apply));
    letterboxed.addAll(shot(8, 320, 240, f -> f));
    assertThat(LayoutDetector.auto().detect(letterboxed).isTurned()).isFalse();
  }

  /** A vignette that darkens the corners to black along their diagonals (black triangles, at 45 degrees). */
  private static Frame darkCorners(Frame f) {
    byte[] px = f.rgb();
    int w = f.width();
    int h = f.height();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int d = Math.min(Math.min(x, w - 1 - x) + Math.min(y, h - 1 - y), 60);
        double k = d < 25 ? 0 : (d - 25) / 35.0;
        for (int c = 0; c < 3; c++) {
          int o = (y * w + x) * 3 + c;
          px[o] = (byte) Math.round((px[o] & 0xff) * k);
        }
      }
    }
    return new Frame(f.index(), f.timestamp(), w, h, px);
  }

  @Test
  void straighten_turnedFrames_giveThePictureBackUpright() {
    List<Frame> original = shot(4, 320, 180, f -> f);
    List<Frame> turned = original.stream().map(FrameEdits.rotate(20)::apply).toList();
    List<Frame> upright = TurnedPicture.straighten(turned, 20);
    assertThat(upright.get(0).width()).isEqualTo(320);
    assertThat(upright.get(0).height()).isEqualTo(180);
    // the middle of the picture, which the turn kept: as it was, and not as the turned frame has it
    assertThat(meanDifference(upright.get(2), original.get(2))).isLessThan(6);
    assertThat(meanDifference(turned.get(2), original.get(2))).isGreaterThan(20);
    assertThat(meanDifference(TurnedPicture.straighten(turned, -20).get(2), original.get(2)))
        .isGreaterThan(20);
    // what the turn cut off is black
    assertThat(upright.get(2).rgbAt(0, 0)).isZero();
    assertThat(upright.get(2).rgbAt(319, 179)).isZero();
    // on another canvas: black as well, or, turned back on the canvas (for the layout stage's borders), its colour
    Color blue = CANVASES.get(2);
    List<Frame> onBlue = original.stream().map(FrameEdits.rotate(20, blue)::apply).toList();
    Frame back = TurnedPicture.straighten(onBlue, 20).get(2);
    assertThat(back.rgbAt(0, 0)).isZero();
    assertThat(meanDifference(back, original.get(2))).isLessThan(6);
    Frame onCanvas = TurnedPicture.straightenOnCanvas(onBlue, 20).get(2);
    assertThat(onCanvas.rgbAt(0, 0) & 0xffffff).isEqualTo(blue.getRGB() & 0xffffff);
    assertThat(meanDifference(onCanvas, original.get(2))).isLessThan(6);
  }

  private static double meanDifference(Frame a, Frame b) {
    double sum = 0;
    int n = 0;
    for (int y = 60; y < 120; y++) {
      for (int x = 110; x < 210; x++) {
        sum += Math.abs((a.rgbAt(x, y) & 0xff) - (b.rgbAt(x, y) & 0xff));
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void autoDetector_turnedPicture_isALayoutTurnedBack_andTheOtherDetectorsDoNotRun() {
    List<Frame> turned = shot(5, 320, 180, FrameEdits.rotate(-10)::apply);
    Layout layout = LayoutDetector.auto().detect(turned);
    assertThat(layout.isTurned()).isTrue();
    assertThat(layout.rotation()).isCloseTo(-10, offset(1.0));
    assertThat(layout.picture()).isEqualTo(Region.FULL);
    assertThat(layout.insets()).isEmpty();
    Layout plain = LayoutDetector.auto().detect(shot(5, 320, 180, f -> f));
    assertThat(plain.isTurned()).isFalse();
    assertThat(plain.rotation()).isZero();
  }
}
