package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.PipelineSpec;
import org.videosim.Score;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoMatcher;

/**
 * The invariants every {@link VideoMatcher} must keep: scores in [0, 1], {@code score(a, a) = 1}, symmetric
 * values, segments within both videos, and a copy scoring above an unrelated video.
 */
public abstract class VideoMatcherContract {

  /**
   * The matcher under test, calibrated for {@link #SPEC}, the pipeline of the test fingerprints (for a {@link
   * org.videosim.TemporalVideoMatcher}: {@code toBuilder().calibratedFor(SPEC)}): the contract asks for verdicts,
   * and a matcher calibrated for another pipeline gives none on these fingerprints.
   *
   * @return the matcher
   */
  protected abstract VideoMatcher matcher();

  /** The pipeline of the test fingerprints. */
  protected static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("test", "1",
      Map.of())));

  /** A random fingerprint of {@code n} half-second clips with {@code bits}-bit codes. */
  public static VideoFingerprint random(String id, int n, int bits, Random rnd) {
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] w = new long[BitCode.wordsFor(bits)];
      for (int k = 0; k < w.length; k++) {
        w[k] = rnd.nextLong();
      }
      if (bits % 64 != 0) {
        w[w.length - 1] &= (1L << (bits % 64)) - 1;
      }
      clips.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(bits, w)));
    }
    return new VideoFingerprint(id, n * 0.5, SPEC, clips);
  }

  /** {@code src} with every code's bits flipped with probability {@code p}. */
  public static VideoFingerprint noisy(VideoFingerprint src, double p, Random rnd) {
    List<Clip> clips = new ArrayList<>();
    for (Clip c : src.clips()) {
      boolean[] bits = new boolean[c.code().bits()];
      for (int i = 0; i < bits.length; i++) {
        bits[i] = c.code().get(i) ^ (rnd.nextDouble() < p);
      }
      clips.add(new Clip(c.start(), c.end(), c.frameCount(), BitCode.fromBits(bits)));
    }
    return new VideoFingerprint(src.videoId() + "-noisy", src.duration(), SPEC, clips);
  }

  @Test
  void match_self_isOne() {
    VideoFingerprint a = random("a", 30, 64, new Random(1));
    Score s = matcher().match(a, a);
    assertThat(s.value()).isEqualTo(1.0);
    assertThat(s.isMatch()).isTrue();
  }

  @Test
  void match_randomPairs_stayInRangeAndAreSymmetric() {
    Random rnd = new Random(20261125);
    for (int t = 0; t < 50; t++) {
      VideoFingerprint a = random("a", 1 + rnd.nextInt(40), 64, rnd);
      VideoFingerprint b = rnd.nextBoolean() ? random("b", 1 + rnd.nextInt(40), 64, rnd) : noisy(a, 0.2, rnd);
      Score ab = matcher().match(a, b);
      Score ba = matcher().match(b, a);
      assertThat(ab.value()).isBetween(0.0, 1.0);
      assertThat(ab.rawSimilarity()).isBetween(0.0, 1.0);
      assertThat(ba.value()).isCloseTo(ab.value(), org.assertj.core.data.Offset.offset(1e-9));
      for (MatchedSegment m : ab.segments()) {
        assertThat(m.endA()).isLessThanOrEqualTo(a.duration() + 1e-9);
        assertThat(m.endB()).isLessThanOrEqualTo(b.duration() + 1e-9);
      }
    }
  }

  @Test
  void match_noisyCopy_outscoresUnrelatedVideo() {
    Random rnd = new Random(3);
    VideoFingerprint a = random("a", 40, 64, rnd);
    Score copy = matcher().match(a, noisy(a, 0.1, rnd));
    Score unrelated = matcher().match(a, random("c", 40, 64, rnd));
    assertThat(copy.value()).isGreaterThan(unrelated.value());
    assertThat(copy.isMatch()).isTrue();
    assertThat(unrelated.isMatch()).isFalse();
  }
}
