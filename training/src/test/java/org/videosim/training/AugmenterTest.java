package org.videosim.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdit;

class AugmenterTest {
  private final Frame f = TestFrames.scene(4, 0, 1.0, 96, 54, 0);
  private final Frame bg = TestFrames.scene(9, 0, 1.0, 160, 90, 0);
  private final Augmenter aug = new Augmenter(LogoSource.generated());

  @Test
  void draw_appliesOneOfEachKind_andOverManyDrawsUsesThemAll() {
    Random rnd = new Random(20261125);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 600; i++) {
      Augmenter.Augmentation a = aug.draw(rnd, x -> bg);
      assertThat(Augmenter.PHOTOMETRIC).contains(a.photometric());
      assertThat(Augmenter.GEOMETRIC).contains(a.geometric());
      assertThat(Augmenter.EDITING).contains(a.editing());
      seen.add(a.photometric());
      seen.add(a.geometric());
      seen.add(a.editing());
      Frame out = a.edit().apply(f);
      assertThat(out.timestamp()).isEqualTo(f.timestamp());
      assertThat(out.width()).isPositive();
    }
    assertThat(seen).hasSize(Augmenter.PHOTOMETRIC.size() + Augmenter.GEOMETRIC.size() + Augmenter.EDITING.size());
  }

  @Test
  void draw_withAShare_leavesKindsOut_andAZeroOrientationWeight_neverTurns() {
    Random rnd = new Random(5);
    Augmenter.Augmentation none = aug.draw(rnd, x -> bg, 0, 1);
    assertThat(List.of(none.photometric(), none.geometric(), none.editing())).containsOnly("none");
    assertThat(none.edit().apply(f).rgb()).isEqualTo(f.rgb());
    int left = 0;
    for (int i = 0; i < 300; i++) {
      Augmenter.Augmentation a = aug.draw(rnd, x -> bg, 0.6, 0);
      assertThat(a.geometric()).isNotIn("hflip", "vflip", "transpose", "quarter-turn");
      left += (a.photometric().equals("none") ? 1 : 0) + (a.geometric().equals("none") ? 1 : 0)
          + (a.editing().equals("none") ? 1 : 0);
    }
    assertThat(left / 900.0).isBetween(0.33, 0.47); // 40% left out
    assertThatThrownBy(() -> aug.draw(rnd, x -> bg, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void draw_sameSeed_sameEdit() {
    Augmenter.Augmentation a = aug.draw(new Random(3), x -> bg);
    Augmenter.Augmentation b = aug.draw(new Random(3), x -> bg);
    assertThat(a.toString()).isEqualTo(b.toString());
    assertThat(a.edit().apply(f).rgb()).isEqualTo(b.edit().apply(f).rgb());
  }

  @Test
  void apply_editsEveryFrameOfAClipTheSameWay() {
    Augmenter.Augmentation a = aug.draw(new Random(8), x -> bg);
    List<Frame> clip = TestFrames.clip(4, 3, 2, 96, 54);
    List<Frame> out = a.apply(clip);
    assertThat(out).hasSize(3);
    assertThat(out.get(0).width()).isEqualTo(out.get(2).width());
  }

  @Test
  void crop_keepsBetween35AndNinetyPercentOfTheArea() {
    Random rnd = new Random(1);
    for (int i = 0; i < 100; i++) {
      Frame c = Augmenter.geometric("crop", rnd).apply(f);
      double area = (double) c.width() * c.height() / (f.width() * f.height());
      assertThat(area).isBetween(0.3, 0.95);
    }
  }

  @Test
  void parameters_stayWithinTheirRanges() {
    Random rnd = new Random(2);
    for (int i = 0; i < 100; i++) {
      String rot = Augmenter.geometric("rotation", rnd).toString(); // rotate(x.x)
      double deg = Math.abs(Double.parseDouble(rot.substring(7, rot.length() - 1)));
      assertThat(deg).isBetween(3.0, 12.0);
      String hue = Augmenter.photometric("hue", rnd).toString(); // hsv(h=+xx,s=y.yy)
      double h = Math.abs(Double.parseDouble(hue.substring(6, hue.indexOf(','))));
      assertThat(h).isBetween(8.0, 140.0);
    }
  }

  @Test
  void logos_generatedAndFromADirectory() throws Exception {
    BufferedImage logo = LogoSource.generated().next(new Random(1));
    assertThat(logo.getWidth()).isEqualTo(96);
    assertThat(logo.getColorModel().hasAlpha()).isTrue();
    FrameEdit overlay = org.videosim.edit.FrameEdits.overlay(logo, 0.25, 2, 1.0);
    Frame out = overlay.apply(f);
    assertThat(out.rgb()).isNotEqualTo(f.rgb());
    assertThat(out.rgbAt(2, 2)).isEqualTo(f.rgbAt(2, 2)); // top-left untouched by a bottom-right logo
  }

  @Test
  void directory_readsPngs(@TempDir Path dir) throws Exception {
    BufferedImage img = LogoSource.generated().next(new Random(2));
    javax.imageio.ImageIO.write(img, "png", dir.resolve("a.png").toFile());
    Files.writeString(dir.resolve("b.png"), "not a png");
    LogoSource src = LogoSource.directory(dir, 32, 100);
    assertThat(src.next(new Random(1)).getWidth()).isEqualTo(96);
  }
}
