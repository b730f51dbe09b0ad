package org.videosim.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;

class PairGeneratorTest {
  /** Videos of {@code seconds} at 10 fps; every frame's marker encodes its video and time. */
  static List<TrainingVideo> videos(int count, double seconds) {
    List<TrainingVideo> out = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      List<Frame> frames = new ArrayList<>();
      for (int i = 0; i < seconds * 10; i++) {
        frames.add(TestFrames.scene(v + 1, i, i / 10.0, 64, 36, 0));
      }
      out.add(new TrainingVideo("v" + v, frames));
    }
    return out;
  }

  private final PairGenerator gen = new PairGenerator(videos(4, 30), PairGenerator.Settings.defaults(),
      new Augmenter(LogoSource.generated()));

  @Test
  void next_anchorIsEvenlySpaced_positiveIsCentredOnAnAnchorFrameAtAnotherInterval() {
    Random rnd = new Random(20261125);
    for (int t = 0; t < 50; t++) {
      PairGenerator.Triplet p = gen.next(rnd);
      int n = p.anchorTimes().length;
      assertThat(n).isEqualTo(7);
      for (int i = 1; i < n; i++) {
        assertThat(p.anchorTimes()[i] - p.anchorTimes()[i - 1]).isCloseTo(0.5, offset(1e-9));
        assertThat(p.positiveTimes()[i] - p.positiveTimes()[i - 1]).isCloseTo(p.positiveInterval(), offset(1e-9));
      }
      assertThat(p.positiveTimes()[3]).isCloseTo(p.anchorTimes()[p.medianIndex()], offset(1e-9));
      assertThat(p.positiveInterval()).isBetween(0.25, 2.0);
      assertThat(Math.abs(p.positiveInterval() - 0.5)).isGreaterThanOrEqualTo(0.05 - 1e-9);
      assertThat(p.anchor()).hasSize(7);
      assertThat(p.positive()).hasSize(7);
      assertThat(p.negative()).hasSize(7);
    }
  }

  @Test
  void next_negativesComeFromOtherVideosOrFarAway() {
    Random rnd = new Random(5);
    int hard = 0;
    for (int t = 0; t < 200; t++) {
      PairGenerator.Triplet p = gen.next(rnd);
      if (p.negativeVideo().equals(p.anchorVideo())) {
        hard++;
      }
    }
    // 20% hard negatives expected (every video is its own unit here: no same-shoot negatives)
    assertThat(hard).isBetween(20, 70);
  }

  /** Negatives of 400 triplets over two units of three videos: {same video, same shoot, other unit}. */
  private static int[] negativeSources(PairGenerator.Settings settings) {
    List<TrainingVideo> vs = videos(6, 30);
    // units: a = v0, v1, v2; b = v3, v4, v5
    PairGenerator g = new PairGenerator(vs, settings, new Augmenter(LogoSource.generated()),
        id -> Integer.parseInt(id.substring(1)) < 3 ? "a" : "b");
    Random rnd = new Random(9);
    int[] n = new int[3];
    for (int t = 0; t < 400; t++) {
      PairGenerator.Triplet p = g.next(rnd);
      boolean anchorA = Integer.parseInt(p.anchorVideo().substring(1)) < 3;
      boolean negA = Integer.parseInt(p.negativeVideo().substring(1)) < 3;
      n[p.negativeVideo().equals(p.anchorVideo()) ? 0 : anchorA == negA ? 1 : 2]++;
    }
    return n;
  }

  @Test
  void next_sameShootNegatives_comeFromAnotherVideoOfTheAnchorsUnit() {
    int[] n = negativeSources(PairGenerator.Settings.defaults());
    // 20% / 20% / 60% expected
    assertThat(n[0]).isBetween(50, 110);
    assertThat(n[1]).isBetween(50, 110);
    assertThat(n[2]).isBetween(200, 280);
    // other shares: 30% / 40% / 30%
    int[] more = negativeSources(PairGenerator.Settings.defaults().withNegatives(0.3, 0.4));
    assertThat(more[0]).isBetween(90, 150);
    assertThat(more[1]).isBetween(130, 190);
    assertThat(more[2]).isBetween(90, 150);
    assertThatThrownBy(() -> PairGenerator.Settings.defaults().withNegatives(0.6, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void next_positiveIntervals_spanSlowMotionToFastForward() {
    Random rnd = new Random(4);
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int t = 0; t < 300; t++) {
      double r = gen.next(rnd).positiveInterval();
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    assertThat(min).isLessThan(0.3); // about half speed
    assertThat(max).isGreaterThan(1.6); // more than three times faster
  }

  @Test
  void next_sameSeed_reproducesTheSameTriplets() {
    PairGenerator.Triplet a = gen.next(new Random(42));
    PairGenerator.Triplet b = gen.next(new Random(42));
    assertThat(a.toString()).isEqualTo(b.toString());
    assertThat(a.positive().get(2).rgb()).isEqualTo(b.positive().get(2).rgb());
    assertThat(a.negative().get(5).rgb()).isEqualTo(b.negative().get(5).rgb());
  }

  @Test
  void next_shortVideo_stillGivesFullClips() {
    PairGenerator short2 = new PairGenerator(videos(2, 1), PairGenerator.Settings.defaults(),
        new Augmenter(LogoSource.generated()));
    PairGenerator.Triplet p = short2.next(new Random(1));
    assertThat(p.anchor()).hasSize(7);
    assertThat(p.negativeVideo()).isNotEqualTo(p.anchorVideo()); // too short for a hard negative
  }

  @Test
  void settings_andConstructor_validate() {
    assertThatThrownBy(() -> new PairGenerator.Settings(0, 0.5, 0.3, 0.8, 0.2, 8, 0, 0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clipFrames");
    assertThatThrownBy(() -> new PairGenerator.Settings(5, 0.5, 0.9, 0.8, 0.2, 8, 0, 0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PairGenerator(videos(1, 5), PairGenerator.Settings.defaults(),
        new Augmenter(LogoSource.generated()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two videos");
  }

  @Test
  void trainingVideo_frameAt_isTheLastFrameAtOrBefore() {
    TrainingVideo v = videos(1, 2).get(0);
    assertThat(v.frameAt(0.55).timestamp()).isCloseTo(0.5, offset(1e-9));
    assertThat(v.frameAt(-3).timestamp()).isZero();
    assertThat(v.frameAt(99).timestamp()).isCloseTo(1.9, offset(1e-9));
  }

  @Test
  void next_hardNegatives_areFarFromTheAnchorAndNeverLoop() {
    // 20 s videos: an anchor in the middle leaves no room 8 s + span away on one side, or on both.
    PairGenerator gen = new PairGenerator(videos(2, 20), new PairGenerator.Settings(7, 0.5, 0.3, 0.8, 1.0, 8, 0, 0, 0, 1, 1),
        new Augmenter(LogoSource.generated()));
    Random rnd = new Random(1);
    for (int t = 0; t < 300; t++) {
      PairGenerator.Triplet p = gen.next(rnd);
      if (p.negativeVideo().equals(p.anchorVideo())) {
        double gap = Math.abs(p.negative().get(0).timestamp() - p.anchorTimes()[0]);
        assertThat(gap).isGreaterThanOrEqualTo(8 + 3 - 1e-9);
      }
    }
  }

  @Test
  void next_anchorVideos_areDrawnByDuration() {
    List<TrainingVideo> vs = new ArrayList<>(videos(1, 30));
    List<TrainingVideo> shorts = videos(3, 1);
    for (int i = 0; i < shorts.size(); i++) {
      vs.add(new TrainingVideo("short" + i, shorts.get(i).frames()));
    }
    PairGenerator gen = new PairGenerator(vs, PairGenerator.Settings.defaults(), new Augmenter(LogoSource.generated()));
    Random rnd = new Random(2);
    int longOnes = 0;
    for (int t = 0; t < 200; t++) {
      longOnes += gen.next(rnd).anchorVideo().equals("v0") ? 1 : 0;
    }
    // weights 31.9 : 2.9 x 3, so about 79% long
    assertThat(longOnes).isBetween(140, 180);
  }
}
