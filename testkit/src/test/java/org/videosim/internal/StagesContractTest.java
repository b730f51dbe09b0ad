package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.videosim.Binarizer;
import org.videosim.testkit.BinarizerContract;
import org.videosim.BitCode;
import org.videosim.ClipAggregator;
import org.videosim.testkit.ClipAggregatorContract;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.ShotDetector;
import org.videosim.testkit.ShotDetectorContract;
import org.videosim.testkit.TestFrames;
import org.videosim.TemporalVideoMatcher;
import org.videosim.VideoMatcher;
import org.videosim.testkit.VideoMatcherContract;

/** The training-free stages against their contracts, plus their own known answers. */
class StagesContractTest {

  @Nested
  class Mean extends ClipAggregatorContract {
    @Override
    protected ClipAggregator aggregator() {
      return ClipAggregator.mean();
    }

    @Override
    protected int frameDimension() {
      return 63;
    }

    @Test
    void aggregate_isTheNormalisedMean() {
      Embedding e = ClipAggregator.mean().aggregate(List.of(Embedding.of(1, 0), Embedding.of(0, 1)));
      assertThat(e.get(0)).isEqualTo(e.get(1));
      assertThat(e.norm()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Nested
  class Sign extends BinarizerContract {
    @Override
    protected Binarizer binarizer() {
      return Binarizer.sign();
    }

    @Override
    protected int dimension() {
      return 63;
    }

    @Test
    void binarize_setsBitsOfPositiveValues() {
      BitCode c = Binarizer.sign().binarize(Embedding.of(1, -1, 0, 2));
      assertThat(c.bits()).isEqualTo(4);
      assertThat(c.get(0)).isTrue();
      assertThat(c.get(1)).isFalse();
      assertThat(c.get(2)).isFalse();
      assertThat(c.get(3)).isTrue();
    }
  }

  @Nested
  class Thresholds extends BinarizerContract {
    @Override
    protected Binarizer binarizer() {
      float[] t = new float[64];
      for (int i = 0; i < t.length; i++) {
        t[i] = (i % 3 - 1) * 0.01f;
      }
      return Binarizer.thresholds(t);
    }

    @Override
    protected int dimension() {
      return 64;
    }

    @Test
    void thresholds_otherDimension_isRejected_andIdentityNamesTheFit() {
      assertThatThrownBy(() -> binarizer().binarize(Embedding.of(1, 2))).isInstanceOf(
          IllegalArgumentException.class);
      assertThat(binarizer().parameters()).containsKeys("dimensions", "crc32");
      assertThatThrownBy(() -> Binarizer.thresholds(new float[] {Float.NaN}))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Histogram extends ShotDetectorContract {
    @Override
    protected ShotDetector detector() {
      return ShotDetector.histogram();
    }

    @Test
    void boundaries_hardCut_isFoundAtItsFrame() {
      assertThat(detect(twoShots())).containsExactly(8);
    }

    @Test
    void boundaries_oneMovingScene_hasNone() {
      List<Frame> frames = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        frames.add(TestFrames.scene(3, i, i * 0.5, 64, 36, 0));
      }
      assertThat(detect(frames)).isEmpty();
    }

    @Test
    void boundaries_threeShots_areAllFound() {
      List<Frame> frames = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        frames.add(TestFrames.scene(1 + i / 8 * 3, i, i * 0.5, 64, 36, 0));
      }
      assertThat(detect(frames)).containsExactly(8, 16);
    }
  }

  @Nested
  class None extends ShotDetectorContract {
    @Override
    protected ShotDetector detector() {
      return ShotDetector.none();
    }

    @Test
    void boundaries_areNeverFound() {
      assertThat(detect(twoShots())).isEmpty();
    }
  }

  @Nested
  class Temporal extends VideoMatcherContract {
    @Override
    protected VideoMatcher matcher() {
      return TemporalVideoMatcher.DEFAULT.toBuilder().calibratedFor(SPEC).build();
    }
  }
}
