package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipperTest {
  private static double[] times(int n, double period) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * period;
    }
    return t;
  }

  @Test
  void cut_noShots_makesClipsOfTheRequestedLength() {
    List<Clipper.Span> spans = Clipper.cut(times(10, 0.5), List.of(), 2.0, 0.5, Double.NaN);
    assertThat(spans).extracting(Clipper.Span::size).containsExactly(4, 4, 2);
    assertThat(spans.get(0).start()).isEqualTo(0);
    assertThat(spans.get(0).end()).isEqualTo(2.0);
    assertThat(spans.get(2).end()).isEqualTo(5.0);
  }

  @Test
  void cut_neverCrossesAShotBoundary() {
    List<Clipper.Span> spans = Clipper.cut(times(10, 0.5), List.of(3, 7), 2.0, 0.5, Double.NaN);
    assertThat(spans).extracting(Clipper.Span::from).containsExactly(0, 3, 7);
    assertThat(spans).extracting(Clipper.Span::to).containsExactly(3, 7, 10);
    for (Clipper.Span s : spans) {
      for (int b : List.of(3, 7)) {
        assertThat(s.from() < b && s.to() > b).isFalse();
      }
    }
  }

  @Test
  void cut_oneFrameClips_coverEveryFrameOnce() {
    List<Clipper.Span> spans = Clipper.cut(times(5, 0.5), List.of(2), 0.5, 0.5, Double.NaN);
    assertThat(spans).hasSize(5).allSatisfy(s -> assertThat(s.size()).isEqualTo(1));
    assertThat(spans.get(4).end()).isEqualTo(2.5);
  }

  @Test
  void cut_gapInTimestamps_endsTheClipOnePeriodAfterItsLastFrame() {
    double[] t = {0, 0.5, 10, 10.5};
    List<Clipper.Span> spans = Clipper.cut(t, List.of(), 1.0, 0.5, Double.NaN);
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).end()).isEqualTo(1.0);
    assertThat(spans.get(1).start()).isEqualTo(10);
  }

  @Test
  void cut_videoEndingBeforeAPeriodAfterItsLastSample_endsTheLastClipThere() {
    // 1 fps samples of a 6.16 s video: the last clip holds 6.0-6.16, not 6.0-7.0
    double[] t = {0, 1, 2, 3, 4, 5, 6};
    List<Clipper.Span> spans = Clipper.cut(t, List.of(), 1.0, 1.0, 6.16);
    assertThat(spans.get(6).end()).isEqualTo(6.16);
    assertThat(spans.get(5).end()).isEqualTo(6.0);
    // an end that is not after the last sample (or unknown) leaves the period
    assertThat(Clipper.cut(t, List.of(), 1.0, 1.0, 5.5).get(6).end()).isEqualTo(7.0);
    assertThat(Clipper.cut(t, List.of(), 1.0, 1.0, Double.NaN).get(6).end()).isEqualTo(7.0);
    assertThat(Clipper.cut(t, List.of(), 1.0, 1.0, 9.0).get(6).end()).isEqualTo(7.0);
  }

  @Test
  void cut_jitteredSampling_keepsOneFramePerClip() {
    // Frames sampled at 2 fps from a 25 fps video land 0 or 20 ms after the grid.
    double[] t = {0.0, 0.52, 1.0, 1.52, 2.0, 2.52};
    assertThat(Clipper.cut(t, List.of(), 0.5, 0.5, Double.NaN)).hasSize(6);
  }
}
