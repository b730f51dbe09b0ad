package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;

class DeltaCodesTest {

  private static BitCode random(int bits, Random rnd) {
    boolean[] set = new boolean[bits];
    for (int i = 0; i < bits; i++) {
      set[i] = rnd.nextBoolean();
    }
    return BitCode.fromBits(set);
  }

  private static BitCode flip(BitCode c, int... positions) {
    boolean[] set = new boolean[c.bits()];
    for (int i = 0; i < set.length; i++) {
      set[i] = c.get(i);
    }
    for (int p : positions) {
      set[p] = !set[p];
    }
    return BitCode.fromBits(set);
  }

  @Test
  void decode_encode_roundTripsEveryMixOfViewsLengthsAndDistances() {
    Random rnd = new Random(20261206);
    for (int bits : new int[] {1, 7, 62, 63, 64, 65, 256, 1000}) {
      for (int trial = 0; trial < 20; trial++) {
        int n = rnd.nextInt(40);
        List<BitCode> codes = new ArrayList<>();
        int[] views = new int[n];
        for (int i = 0; i < n; i++) {
          views[i] = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 0;
          BitCode prev = null;
          for (int j = i - 1; j >= 0 && prev == null; j--) {
            prev = views[j] == views[i] ? codes.get(j) : null;
          }
          int flips = rnd.nextInt(4) == 0 ? bits : rnd.nextInt(Math.max(1, bits / 8 + 1));
          BitCode c = prev == null || flips == bits ? random(bits, rnd) : prev;
          for (int f = 0; f < flips && c == prev; f++) {
            c = flip(prev, rnd.nextInt(bits));
          }
          codes.add(c);
        }
        byte[] packed = DeltaCodes.encode(codes, views, bits);
        assertThat(DeltaCodes.decode(packed, views, bits)).as("bits %d trial %d", bits, trial).isEqualTo(codes);
      }
    }
  }

  @Test
  void encode_alikeCodes_takeFewBits_unalikeNoMoreThanABitOverTheirLength() {
    Random rnd = new Random(1);
    BitCode c = random(256, rnd);
    List<BitCode> same = new ArrayList<>();
    List<BitCode> unalike = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      same.add(c);
      unalike.add(random(256, rnd));
    }
    int[] views = new int[100];
    // the first code as it is, then a flag bit and a count of 0 per code
    assertThat(DeltaCodes.encode(same, views, 256).length).isLessThanOrEqualTo(1 + (256 + 99 * 2 + 7) / 8);
    assertThat(DeltaCodes.encode(unalike, views, 256).length).isLessThanOrEqualTo(1 + (100 * 256 + 99 + 7) / 8);
    assertThat(DeltaCodes.encode(List.of(), new int[0], 256)).hasSize(1);
  }

  @Test
  void decode_damagedForms_areCorruptDataExceptions() {
    Random rnd = new Random(2);
    BitCode c = random(64, rnd);
    List<BitCode> codes = List.of(c, flip(c, 3, 40), flip(c, 3, 41, 63));
    int[] views = {0, 0, 0};
    byte[] ok = DeltaCodes.encode(codes, views, 64);
    assertThatThrownBy(() -> DeltaCodes.decode(Arrays.copyOf(ok, ok.length - 1), views, 64))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("end early");
    assertThatThrownBy(() -> DeltaCodes.decode(Arrays.copyOf(ok, ok.length + 1), views, 64))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("trailing");
    byte[] badK = ok.clone();
    badK[0] = 16;
    assertThatThrownBy(() -> DeltaCodes.decode(badK, views, 64)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("Rice parameter");
    assertThatThrownBy(() -> DeltaCodes.decode(ok, new int[] {0, 0, 0, 0}, 64))
        .isInstanceOf(CorruptDataException.class);
    // a flip past the end of a code: the delta code of count 1 and a gap of 64 (k = 0: 64 zeros, a one)
    byte[] past = new byte[1 + 8 + 1 + 10];
    past[0] = 0;
    past[9] = (byte) 0b1010_0000; // delta, gamma(2) = 010 ...
    assertThatThrownBy(() -> DeltaCodes.decode(past, new int[] {0, 0}, 64)).isInstanceOf(CorruptDataException.class);
    Random noise = new Random(3);
    for (int t = 0; t < 2000; t++) {
      byte[] b = ok.clone();
      b[1 + noise.nextInt(b.length - 1)] ^= (byte) (1 << noise.nextInt(8));
      try {
        assertThat(DeltaCodes.decode(b, views, 64)).hasSize(3);
      } catch (CorruptDataException expected) {
        // fine: only this
      }
    }
  }
}
