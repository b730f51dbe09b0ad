package org.videosim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;

/** Each benchmark method computes what it claims, checked against a naive reference. */
class BenchmarksComputeTheRightAnswerTest {

  @Test
  void hamming_kernelNaiveAndBandwidth_agreeWithReference() {
    for (int bits : new int[] {64, 256}) {
      HammingBenchmark b = new HammingBenchmark();
      b.codes = 5000;
      b.bits = bits;
      b.setUp();
      long expected = 0;
      long sum = 0;
      for (int i = 0; i < b.codes; i++) {
        long[] w = new long[b.words];
        System.arraycopy(b.store, i * b.words, w, 0, b.words);
        expected += BitCode.of(bits, w).hammingDistance(BitCode.of(bits, b.query));
        for (long x : w) {
          sum += x;
        }
      }
      assertThat(b.kernel()).isEqualTo(expected);
      assertThat(b.naive()).isEqualTo(expected);
      assertThat(b.bandwidth()).isEqualTo(sum);
    }
  }

  @Test
  void fingerprint_encodesEveryFrameAndMatchesSelfAsOne() {
    FingerprintBenchmark b = new FingerprintBenchmark();
    b.clips = 40;
    b.setUp();
    assertThat(b.encode16Frames()).hasSize(16).allSatisfy(e -> assertThat(e.dimension()).isEqualTo(62));
    assertThat(b.match().value()).isBetween(0.0, 1.0);
    assertThat(b.matcher.match(b.a, b.a).value()).isEqualTo(1.0);
  }

  @Test
  void deepEncoder_encodesEveryFrameAndAggregatesEveryClip() {
    DeepEncoderBenchmark b = new DeepEncoderBenchmark();
    b.batch = 3;
    b.cut = org.videosim.encoders.MobileNetFrameEncoder.DEFAULT_CUT;
    b.input = 160;
    b.setUp();
    try {
      assertThat(b.encode()).hasSize(3).allSatisfy(e -> assertThat(e.dimension()).isEqualTo(b.encoder.dimension()));
      assertThat(b.encode()).isEqualTo(b.encoder.encode(b.frames));
      assertThat(b.aggregate()).hasSize(3).allSatisfy(e -> assertThat(e.norm())
          .isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5)));
      assertThat(b.aggregate().get(1).dot(b.aggregator.aggregateAll(List.of(b.clips.get(1))).get(0)))
          .isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
    } finally {
      b.tearDown();
    }
  }
}
