package org.videosim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.IndexHit;
import org.videosim.hashing.Hamming;

/** Each benchmark method computes what it claims, checked against a naive reference. */
class BenchmarksComputeTheRightAnswerTest {

  @Test
  void hamming_everyMethodAgreesWithTheReference() {
    for (int bits : new int[] {64, 128, 256, 512}) {
      HammingBenchmark b = new HammingBenchmark();
      b.codes = 5000;
      b.bits = bits;
      b.setUp();
      long distanceSum = 0;
      long wordSum = 0;
      List<Long> all = new ArrayList<>();
      BitCode q = BitCode.of(bits, b.query);
      for (int i = 0; i < b.codes; i++) {
        long[] w = Arrays.copyOfRange(b.store, i * b.words, (i + 1) * b.words);
        int d = BitCode.of(bits, w).hammingDistance(q);
        distanceSum += d;
        all.add(Hamming.pack(d, i));
        for (long x : w) {
          wordSum += x;
        }
      }
      all.sort(null);
      long[] within = all.stream().filter(h -> Hamming.distanceOf(h) <= bits / 8).mapToLong(Long::longValue)
          .toArray();
      assertThat(b.distances()).as("%d bits", bits).isEqualTo(distanceSum);
      assertThat(b.distancesParallel()).as("%d bits", bits).isEqualTo(distanceSum);
      assertThat(b.bandwidth()).isEqualTo(wordSum);
      assertThat(b.topK()).containsExactly(all.subList(0, 10).stream().mapToLong(Long::longValue).toArray());
      assertThat(b.topK()[0]).isEqualTo(Hamming.pack(0, b.codes / 2)); // the planted copy of the query
      long[] radius = b.radius();
      Arrays.sort(radius);
      Arrays.sort(within);
      assertThat(radius).containsExactly(within).isNotEmpty();
      long[] radiusParallel = b.radiusParallel();
      Arrays.sort(radiusParallel);
      assertThat(radiusParallel).containsExactly(within);
      HammingBenchmark.Objects objects = new HammingBenchmark.Objects();
      objects.setUp(b);
      assertThat(b.naive(objects)).isEqualTo(within.length);
    }
  }

  @Test
  void bitmap_everyImplementationHoldsTheSameSetAndAnswersAlike() {
    for (String shape : new String[] {"sparse", "clustered", "dense"}) {
      int[] expected = null;
      Integer hits = null;
      int[] union = null;
      for (String impl : new String[] {"roaring", "hashSet", "sortedArray", "bitSet"}) {
        BitmapBenchmark b = new BitmapBenchmark();
        b.impl = impl;
        b.size = 300;
        b.shape = shape;
        b.universe = 20_000;
        b.setUp();
        int[] sorted = b.values.clone();
        Arrays.sort(sorted);
        assertThat(b.build().toArray()).as(impl + " " + shape).containsExactly(sorted);
        java.util.Set<Integer> naive = new java.util.HashSet<>();
        for (int v : b.values) {
          naive.add(v);
        }
        int n = 0;
        for (int p : b.probes) {
          n += naive.contains(p) ? 1 : 0;
        }
        assertThat(b.contains()).as(impl + " " + shape).isEqualTo(n).isGreaterThanOrEqualTo(BitmapBenchmark.PROBES / 2);
        for (int v : b.others) {
          naive.add(v);
        }
        assertThat(b.union()).as(impl + " " + shape).isEqualTo(naive.size());
        assertThat(b.bytes()).isPositive();
        int[] u = b.set.union(b.other).toArray();
        if (expected == null) {
          expected = sorted;
          hits = n;
          union = u;
        } else { // the same seed gives every implementation the same ordinals
          assertThat(sorted).containsExactly(expected);
          assertThat(n).isEqualTo(hits);
          assertThat(u).containsExactly(union);
        }
      }
    }
  }

  @Test
  void index_searchesFindTheirSourceClipAndEqualTheExactScan() {
    for (int radius : new int[] {5, 20}) {
      IndexBenchmark mih = new IndexBenchmark();
      mih.clips = 20_000;
      mih.radius = radius;
      mih.index = "mih";
      mih.setUp();
      IndexBenchmark exact = new IndexBenchmark();
      exact.clips = 20_000;
      exact.radius = radius;
      exact.index = "exact";
      exact.setUp();
      assertThat(mih.bytesPerClip).isPositive();
      for (int i = 0; i < 200; i++) {
        List<IndexHit> hits = mih.search();
        assertThat(hits).isEqualTo(exact.search()).isNotEmpty();
        assertThat(hits.get(0).distance()).isLessThanOrEqualTo(radius);
      }
      mih.tearDown();
      exact.tearDown();
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
