package org.videosim.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;

class FrameEditsTest {
  private final Frame f = TestFrames.scene(1, 3, 1.5, 64, 40, 99);

  @Test
  void hflip_mirrorsEveryRow_andTwiceIsIdentity() {
    Frame m = FrameEdits.hflip().apply(f);
    for (int y = 0; y < f.height(); y += 7) {
      for (int x = 0; x < f.width(); x += 5) {
        assertThat(m.rgbAt(f.width() - 1 - x, y)).isEqualTo(f.rgbAt(x, y));
      }
    }
    assertThat(FrameEdits.hflip().apply(m).rgb()).isEqualTo(f.rgb());
    assertThat(m.timestamp()).isEqualTo(1.5);
    assertThat(m.index()).isEqualTo(3);
  }

  @Test
  void mirrorPad_centresTheFrame_andReflectsItAtItsEdges() {
    Frame narrow = FrameEdits.crop(0.1, 0, 0.4, 1).apply(f); // 19 or 20 px wide, 40 high
    int w = narrow.width();
    Frame wide = FrameEdits.mirrorPad(16 / 9.0).apply(narrow);
    assertThat(wide.width()).isEqualTo(71);
    assertThat(wide.height()).isEqualTo(narrow.height());
    assertThat(wide.timestamp()).isEqualTo(narrow.timestamp());
    int left = (71 - w) / 2;
    for (int x = 0; x < wide.width(); x++) {
      int sx = x - left; // reflected at the edges until it lies in the frame
      while (sx < 0 || sx >= w) {
        sx = sx < 0 ? -sx - 1 : 2 * w - 1 - sx;
      }
      for (int y = 0; y < narrow.height(); y += 3) {
        assertThat(wide.rgbAt(x, y)).as("x=%d y=%d", x, y).isEqualTo(narrow.rgbAt(sx, y));
      }
    }
    // a wider frame is continued upward and downward
    Frame band = FrameEdits.crop(0, 0.4, 1, 0.6).apply(f); // 64 x 8
    Frame tall = FrameEdits.mirrorPad(16 / 9.0).apply(band);
    assertThat(tall.width()).isEqualTo(64);
    assertThat(tall.height()).isEqualTo(36);
    int top = (36 - band.height()) / 2;
    for (int y = 0; y < tall.height(); y++) {
      int sy = y - top;
      while (sy < 0 || sy >= band.height()) {
        sy = sy < 0 ? -sy - 1 : 2 * band.height() - 1 - sy;
      }
      for (int x = 0; x < band.width(); x += 5) {
        assertThat(tall.rgbAt(x, y)).as("x=%d y=%d", x, y).isEqualTo(band.rgbAt(x, sy));
      }
    }
    // a frame of that aspect already is left alone
    assertThat(FrameEdits.mirrorPad(64 / 40.0).apply(f)).isSameAs(f);
    assertThatThrownBy(() -> FrameEdits.mirrorPad(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crop_keepsTheStatedWindow() {
    Frame c = FrameEdits.crop(0.25, 0.5, 0.75, 1.0).apply(f);
    assertThat(c.width()).isEqualTo(32);
    assertThat(c.height()).isEqualTo(20);
    assertThat(c.rgbAt(0, 0)).isEqualTo(f.rgbAt(16, 20));
    assertThat(c.rgbAt(31, 19)).isEqualTo(f.rgbAt(47, 39));
    assertThatThrownBy(() -> FrameEdits.crop(0.5, 0, 0.4, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gray_makesChannelsEqual() {
    Frame g = FrameEdits.gray().apply(f);
    int p = g.rgbAt(20, 20);
    assertThat(p >> 16 & 0xff).isEqualTo(p >> 8 & 0xff).isEqualTo(p & 0xff);
  }

  @Test
  void border_growsTheFrameAndFillsTheSides() {
    Frame b = FrameEdits.border(0.25, 0, 0.25, 0, Color.RED).apply(f);
    assertThat(b.width()).isEqualTo(96);
    assertThat(b.height()).isEqualTo(40);
    assertThat(b.rgbAt(2, 20)).isEqualTo(0xff0000);
    assertThat(b.rgbAt(16 + 10, 7)).isEqualTo(f.rgbAt(10, 7));
  }

  @Test
  void eqAndTint_followTheirFormulas() {
    Frame bright = FrameEdits.eq(0.2, 1.0, 1.0).apply(f);
    int before = f.rgbAt(30, 30) >> 16 & 0xff;
    int after = bright.rgbAt(30, 30) >> 16 & 0xff;
    assertThat(after).isEqualTo(Math.min(255, Math.round((float) (before / 255.0 + 0.2) * 255)));
    Frame blue = FrameEdits.tint(0, 0, 1).apply(f);
    assertThat(blue.rgbAt(30, 30) & 0xffff00).isZero();
  }

  @Test
  void blurAndNoise_keepSizeAndAreReproducible() {
    assertThat(FrameEdits.blur(2).apply(f).width()).isEqualTo(64);
    assertThat(FrameEdits.noise(10, 5).apply(f).rgb()).isEqualTo(FrameEdits.noise(10, 5).apply(f).rgb());
    assertThat(FrameEdits.noise(10, 5).apply(f).rgb()).isNotEqualTo(f.rgb());
  }

  @Test
  void pictureInPicture_placesTheShrunkFrameOverTheBackground() {
    Frame bg = TestFrames.scene(2, 0, 0, 200, 100, 0);
    Frame p = FrameEdits.pictureInPicture(x -> bg, 0.5, 0, 0).apply(f);
    assertThat(p.width()).isEqualTo(200);
    assertThat(p.height()).isEqualTo(100);
    assertThat(p.rgbAt(199, 99)).isEqualTo(bg.rgbAt(199, 99));
    assertThat(p.timestamp()).isEqualTo(f.timestamp());
  }

  @Test
  void andThen_appliesInOrder_andDescribesItself() {
    FrameEdit e = FrameEdits.crop(0, 0, 0.5, 1).andThen(FrameEdits.hflip());
    assertThat(e.apply(f).width()).isEqualTo(32);
    assertThat(e.toString()).isEqualTo("crop(0.00,0.00-0.50,1.00) + hflip");
  }

  @Test
  void translate_shiftsThePictureAndBlackensTheRest() {
    Frame t = FrameEdits.translate(0.25, 0).apply(f);
    assertThat(t.rgbAt(16 + 5, 9)).isEqualTo(f.rgbAt(5, 9));
    assertThat(t.rgbAt(3, 9)).isZero();
  }

  @Test
  void hueSaturation_zeroSaturationIsGrey_fullTurnIsIdentityUpToRounding() {
    Frame g = FrameEdits.hueSaturation(0, 0).apply(f);
    int p = g.rgbAt(20, 20);
    assertThat(p >> 16 & 0xff).isEqualTo(p >> 8 & 0xff).isEqualTo(p & 0xff);
    Frame turned = FrameEdits.hueSaturation(360, 1).apply(f);
    for (int i = 0; i < f.rgb().length; i++) {
      assertThat(Math.abs((turned.rgb()[i] & 0xff) - (f.rgb()[i] & 0xff))).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void blurredFill_keepsTheSizeAndShrinksThePictureIntoTheCentre() {
    Frame b = FrameEdits.blurredFill(0.5).apply(f);
    assertThat(b.width()).isEqualTo(64);
    assertThat(b.height()).isEqualTo(40);
    // the left stripe of the picture (its marker, level 99) now starts a quarter of the width in
    int p = b.rgbAt(17, 20);
    assertThat(Math.abs((p & 0xff) - 99)).isLessThan(12);
  }
  @Test
  void orientations_movePixelsExactly_andComposeAsTheSymmetriesOfTheRectangle() {
    int w = f.width();
    int h = f.height();
    Frame v = FrameEdits.vflip().apply(f);
    Frame r90 = FrameEdits.rotate90(1).apply(f);
    Frame r180 = FrameEdits.rotate90(2).apply(f);
    Frame r270 = FrameEdits.rotate90(3).apply(f);
    Frame t = FrameEdits.transpose().apply(f);
    assertThat(r90.width()).isEqualTo(h);
    assertThat(r90.height()).isEqualTo(w);
    assertThat(t.width()).isEqualTo(h);
    for (int y = 0; y < h; y += 3) {
      for (int x = 0; x < w; x += 5) {
        int p = f.rgbAt(x, y);
        assertThat(v.rgbAt(x, h - 1 - y)).isEqualTo(p);
        assertThat(r90.rgbAt(h - 1 - y, x)).as("clockwise quarter turn").isEqualTo(p);
        assertThat(r180.rgbAt(w - 1 - x, h - 1 - y)).isEqualTo(p);
        assertThat(r270.rgbAt(y, w - 1 - x)).isEqualTo(p);
        assertThat(t.rgbAt(y, x)).isEqualTo(p);
      }
    }
    assertThat(FrameEdits.rotate90(1).andThen(FrameEdits.rotate90(3)).apply(f).rgb()).isEqualTo(f.rgb());
    assertThat(FrameEdits.hflip().andThen(FrameEdits.vflip()).apply(f).rgb()).isEqualTo(r180.rgb());
    assertThat(FrameEdits.transpose().andThen(FrameEdits.hflip()).apply(f).rgb()).isEqualTo(r90.rgb());
    assertThat(FrameEdits.rotate90(5).toString()).isEqualTo("rotate90");
  }

  @Test
  void blur_equalsANaiveSeparableGaussian() {
    double sigma = 1.7;
    Frame b = FrameEdits.blur(sigma).apply(f);
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
    int w = f.width();
    int h = f.height();
    byte[] src = f.rgb();
    float[] tmp = new float[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            s += k[i + r] * (src[(y * w + Math.min(w - 1, Math.max(0, x + i))) * 3 + c] & 0xff);
          }
          tmp[(y * w + x) * 3 + c] = s;
        }
      }
    }
    byte[] want = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int i = -r; i <= r; i++) {
            s += k[i + r] * tmp[(Math.min(h - 1, Math.max(0, y + i)) * w + x) * 3 + c];
          }
          want[(y * w + x) * 3 + c] = (byte) Math.min(255, Math.round(s));
        }
      }
    }
    assertThat(b.rgb()).isEqualTo(want);
  }

  @Test
  void panels_putThisFrameInItsCell_andTheOthersInTheirs() {
    Frame other = TestFrames.scene(2, 0, 0, 64, 40, 10);
    Frame p = FrameEdits.panels(128, 40, 2, 1, 1, java.util.List.of(g -> other), 0, Color.BLACK, true).apply(f);
    assertThat(p.width()).isEqualTo(128);
    assertThat(p.height()).isEqualTo(40);
    assertThat(p.rgbAt(64 + 30, 20)).isEqualTo(f.rgbAt(30, 20));
    assertThat(p.rgbAt(30, 20)).isEqualTo(other.rgbAt(30, 20));
    Frame seamed = FrameEdits.panels(132, 40, 2, 1, 0, java.util.List.of(g -> other), 4, Color.RED, true).apply(f);
    assertThat(seamed.rgbAt(65, 20)).isEqualTo(0xff0000);
    assertThatThrownBy(() -> FrameEdits.panels(128, 40, 2, 2, 0, java.util.List.of(g -> other), 0, Color.BLACK,
        true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pixelEdits_keepTheSize_andChangeThePicture() {
    for (FrameEdit e : java.util.List.of(FrameEdits.perspective(0.2, 0), FrameEdits.sharpen(1, 2),
        FrameEdits.pixelize(6), FrameEdits.jpeg(0.05), FrameEdits.vignette(0.9), FrameEdits.stickers(3, 0.2, 0.1, 7),
        FrameEdits.decorativeFrame(0.1, Color.RED, Color.BLUE), FrameEdits.watermark("SAMPLE", 0.3, 0.5))) {
      Frame out = e.apply(f);
      assertThat(out.width()).as(e.toString()).isEqualTo(f.width());
      assertThat(out.height()).as(e.toString()).isEqualTo(f.height());
      assertThat(out.rgb()).as(e.toString()).isNotEqualTo(f.rgb());
      assertThat(out.timestamp()).isEqualTo(f.timestamp());
    }
    Frame pix = FrameEdits.pixelize(8).apply(f);
    assertThat(pix.rgbAt(1, 1)).isEqualTo(pix.rgbAt(6, 6));
    Frame persp = FrameEdits.perspective(0.3, 0).apply(f);
    assertThat(persp.rgbAt(0, 0)).as("a corner outside the keystone is black").isZero();
    assertThat(FrameEdits.stretch(0.5, 1).apply(f).width()).isEqualTo(32);
  }
}
