package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.ShotDetector;

/**
 * The behaviour every {@link ShotDetector} must have: boundaries strictly increasing, within the frames fed, never
 * 0, and independent sessions.
 */
public abstract class ShotDetectorContract {

  /**
   * The detector under test.
   *
   * @return the detector
   */
  protected abstract ShotDetector detector();

  /** Two scenes of 8 frames each, joined by a hard cut at frame 8. */
  protected List<Frame> twoShots() {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      frames.add(TestFrames.scene(i < 8 ? 1 : 2, i, i * 0.5, 64, 36, 0));
    }
    return frames;
  }

  /**
   * Runs a session of the detector over frames.
   *
   * @param frames the frames, in order
   * @return the indexes of the frames that start a new shot
   */
  protected List<Integer> detect(List<Frame> frames) {
    ShotDetector.Session s = detector().newSession();
    frames.forEach(s::accept);
    return s.boundaries();
  }

  @Test
  void boundaries_areIncreasingAndWithinTheFramesFed() {
    List<Integer> b = detect(twoShots());
    for (int i = 0; i < b.size(); i++) {
      assertThat(b.get(i)).isBetween(1, 15);
      if (i > 0) {
        assertThat(b.get(i)).isGreaterThan(b.get(i - 1));
      }
    }
  }

  @Test
  void sessions_areIndependent() {
    ShotDetector.Session a = detector().newSession();
    twoShots().forEach(a::accept);
    List<Integer> first = detect(twoShots());
    assertThat(a.boundaries()).isEqualTo(first);
  }

  @Test
  void oneFrame_hasNoBoundary() {
    assertThat(detect(twoShots().subList(0, 1))).isEmpty();
  }
}
