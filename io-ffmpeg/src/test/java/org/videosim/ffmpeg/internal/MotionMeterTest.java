package org.videosim.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MotionMeterTest {
  private static final int PIXELS = ReaderSupport.MotionMeter.SIDE * ReaderSupport.MotionMeter.SIDE;

  private static byte[] grey(int level) {
    byte[] g = new byte[PIXELS];
    Arrays.fill(g, (byte) level);
    return g;
  }

  /** Feeds frames at {@code fps} whose grey level is {@code levels[i]}, as a reader does; returns the series. */
  private static float[] measure(double fps, double start, int... levels) {
    ReaderSupport.MotionMeter m = new ReaderSupport.MotionMeter();
    for (int i = 0; i < levels.length; i++) {
      double t = start + i / fps;
      if (m.wants(t)) {
        m.accept(t, grey(levels[i]));
      }
    }
    return m.series();
  }

  @Test
  void series_isTheChangeFromEachStepsFirstFrameToTheNext() {
    // 16 fps: every other frame starts a step of 1/8 s
    float[] s = measure(16, 0, 0, 99, 10, 99, 10, 99, 40, 99, 40);
    assertThat(s).containsExactly(10f, 0f, 30f, 0f);
    // a change spread over part of the picture is its mean over the whole
    ReaderSupport.MotionMeter m = new ReaderSupport.MotionMeter();
    byte[] half = grey(0);
    Arrays.fill(half, 0, PIXELS / 2, (byte) 200);
    m.wants(0);
    m.accept(0, grey(0));
    m.wants(0.125);
    m.accept(0.125, half);
    assertThat(m.series()).containsExactly(100f);
  }

  @Test
  void stepsWithoutAFrame_takeTheChangeOfTheFrameThatEndsTheGap_andALateFirstFrameHasNoChangeBefore() {
    // 4 fps: each frame spans two steps
    assertThat(measure(4, 0, 0, 8, 8)).containsExactly(8f, 8f, 0f, 0f);
    assertThat(measure(8, 0.25, 5, 6)).containsExactly(0f, 0f, 1f);
    assertThat(measure(8, 0, 7)).isEmpty();
  }

  @Test
  void aGapOfMoreThanTenSeconds_endsTheMeasurement_keepingWhatCameBefore() {
    ReaderSupport.MotionMeter m = new ReaderSupport.MotionMeter();
    double[] times = {0, 0.125, 0.25, 1e8, 1e8 + 0.125};
    int[] levels = {0, 3, 5, 9, 12};
    for (int i = 0; i < times.length; i++) {
      if (m.wants(times[i])) {
        m.accept(times[i], grey(levels[i]));
      }
    }
    assertThat(m.series()).containsExactly(3f, 2f);
    // ended: no later frame is measured, nor must be decoded for it
    assertThat(m.wants(1e8 + 0.25)).isFalse();
    assertThat(m.needs(1e8 + 0.25, 1 / 30.0)).isFalse();
    // a damaged file whose first frame claims years: nothing measured, nothing allocated for the gap
    ReaderSupport.MotionMeter late = new ReaderSupport.MotionMeter();
    late.wants(3e8);
    late.accept(3e8, grey(1));
    assertThat(late.series()).isEmpty();
  }
}
