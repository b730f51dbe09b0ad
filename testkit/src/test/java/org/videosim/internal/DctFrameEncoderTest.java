package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.testkit.FrameEncoderContract;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdits;

class DctFrameEncoderTest extends FrameEncoderContract {
  @Override
  protected FrameEncoder encoder() {
    return FrameEncoder.dct();
  }

  @Test
  void encode_mirroredFrame_givesTheSameEmbedding() {
    Frame f = TestFrames.scene(9, 0, 0, 128, 72, 40);
    Embedding a = FrameEncoder.dct().encode(List.of(f)).get(0);
    Embedding b = FrameEncoder.dct().encode(List.of(FrameEdits.hflip().apply(f))).get(0);
    for (int i = 0; i < a.dimension(); i++) {
      assertThat((double) b.get(i)).isCloseTo(a.get(i), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void encode_uniformFrame_hasNoAcEnergy() {
    byte[] px = new byte[64 * 36 * 3];
    java.util.Arrays.fill(px, (byte) 77);
    Embedding e = FrameEncoder.dct().encode(List.of(new Frame(0, 0, 64, 36, px))).get(0);
    assertThat(e.norm()).isLessThan(1e-4);
  }

  @Test
  void encode_verticalRamp_isTheFirstVerticalFrequency() {
    // Brightness rising top to bottom: all AC energy in vertical frequency 1 (even horizontal frequency 0), which
    // comes after the row u = 0 (horizontal frequencies 2, 4, 6) among the even features.
    int w = 128;
    int h = 72;
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(px, y * w * 3, (y + 1) * w * 3, (byte) (255 - y * 255 / (h - 1)));
    }
    Embedding e = FrameEncoder.dct().encode(List.of(new Frame(0, 0, w, h, px))).get(0);
    assertThat(e.dimension()).isEqualTo(62);
    assertThat(Math.abs(e.get(3))).isGreaterThan(0.9f);
  }

  @Test
  void encode_brightnessAndContrastChange_keepsTheSigns() {
    Frame f = TestFrames.scene(11, 0, 0, 128, 72, 40);
    Frame g = FrameEdits.eq(0.1, 1.3, 1.0).apply(f);
    List<Embedding> e = FrameEncoder.dct().encode(List.of(f, g));
    int agree = 0;
    for (int i = 0; i < 62; i++) {
      agree += Math.signum(e.get(0).get(i)) == Math.signum(e.get(1).get(i)) ? 1 : 0;
    }
    assertThat(agree).isGreaterThanOrEqualTo(55);
  }

  @Test
  void constructor_badSizes_areRejected() {
    assertThatThrownBy(() -> FrameEncoder.dct(4, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grid");
    assertThatThrownBy(() -> FrameEncoder.dct(32, 40)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coefficients");
  }
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {8, 7, 6})
  void orientable_turnedOrFlippedFrame_givesASignedPermutationOfTheDescriptor(int side) {
    Frame f = TestFrames.scene(9, 0, 0, 128, 64, 40);
    FrameEncoder enc = side == 8 ? FrameEncoder.dctOrientable() : FrameEncoder.dctOrientable(side);
    int dim = side * side - 1;
    assertThat(enc.dimension()).isEqualTo(dim);
    float[] base = enc.encode(List.of(f)).get(0).toArray();
    int[][] maps = DctFrameEncoder.orientations(side);
    assertThat(maps).hasNumberOfRows(8);
    List<org.videosim.edit.FrameEdit> edits = List.of(FrameEdits.identity(), FrameEdits.hflip(), FrameEdits.vflip(),
        FrameEdits.rotate90(2), FrameEdits.transpose(), FrameEdits.rotate90(1), FrameEdits.rotate90(3),
        FrameEdits.transpose().andThen(FrameEdits.rotate90(2)));
    java.util.Set<Integer> matched = new java.util.HashSet<>();
    for (org.videosim.edit.FrameEdit e : edits) {
      float[] turned = enc.encode(List.of(e.apply(f))).get(0).toArray();
      int found = -1;
      for (int g = 0; g < maps.length && found < 0; g++) {
        boolean all = true;
        for (int k = 0; k < dim && all; k++) {
          int m = maps[g][k];
          all = Math.abs(turned[k] - Math.signum(m) * base[Math.abs(m) - 1]) < 1e-4;
        }
        found = all ? g : -1;
      }
      assertThat(found).as(e.toString()).isNotNegative();
      matched.add(found);
    }
    assertThat(matched).as("the eight edits are the eight symmetries").hasSize(8);
    assertThat(maps[0][5]).isEqualTo(6); // the first is the identity
  }

  @Test
  void orientable_sidesOutsideTheRange_areRejected() {
    assertThatThrownBy(() -> FrameEncoder.dctOrientable(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 11]");
    assertThatThrownBy(() -> FrameEncoder.dctOrientable(12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 11]");
    assertThat(FrameEncoder.dctOrientable(7).spec()).isNotEqualTo(FrameEncoder.dctOrientable().spec());
  }

  @Test
  void codeOrientations_applyTheSymmetriesToSignCodes() {
    Frame f = TestFrames.scene(4, 0, 0, 96, 96, 40);
    FrameEncoder enc = FrameEncoder.dctOrientable();
    org.videosim.Binarizer sign = org.videosim.Binarizer.sign();
    org.videosim.BitCode a = sign.binarize(enc.encode(List.of(f)).get(0));
    org.videosim.BitCode turned = sign.binarize(enc.encode(List.of(FrameEdits.rotate90(1).apply(f))).get(0));
    CodeOrientations o = CodeOrientations.of(enc.spec(), sign.spec());
    assertThat(o).isNotNull();
    assertThat(CodeOrientations.of(FrameEncoder.dct().spec(), sign.spec())).as("mirror-invariant layout").isNull();
    int best = Integer.MAX_VALUE;
    for (int g = 0; g < o.count(); g++) {
      long[] w = o.apply(g, turned.toLongArray(), 1);
      best = Math.min(best, Long.bitCount(w[0] ^ a.toLongArray()[0]));
    }
    assertThat(best).as("some orientation maps the turned frame's code onto the frame's").isZero();
    assertThat(turned.hammingDistance(a)).isGreaterThan(10);
  }
}
