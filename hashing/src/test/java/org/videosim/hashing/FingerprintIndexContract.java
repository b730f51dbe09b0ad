package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import org.videosim.BitCode;
import org.videosim.IndexHit;
import org.videosim.testkit.IndexContract;
import org.videosim.VideoFingerprint;

/** The index contract plus what a {@link FingerprintIndex} adds: the stored fingerprints and the video ids. */
abstract class FingerprintIndexContract extends IndexContract {

  @Override
  protected abstract FingerprintIndex newIndex();

  @Test
  void fingerprint_returnsWhatWasAdded_untilRemovedOrReplaced() {
    Random rnd = new Random(12);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint a = video("a", 7, rnd);
      VideoFingerprint b = video("b", 3, rnd);
      index.add(a);
      index.add(b);
      assertThat(index.fingerprint("a")).contains(a);
      assertThat(index.fingerprint("b")).contains(b);
      assertThat(index.fingerprint("c")).isEmpty();
      assertThat(index.videoIds()).containsExactly("a", "b");
      VideoFingerprint a2 = video("a", 2, rnd);
      index.add(a2);
      assertThat(index.fingerprint("a")).contains(a2);
      index.remove("b");
      assertThat(index.fingerprint("b")).isEmpty();
      assertThat(index.videoIds()).containsExactly("a");
    }
  }

  @Test
  void fingerprint_keepsTheCheckCodes() {
    Random rnd = new Random(13);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint plain = video("a", 5, rnd);
      java.util.List<org.videosim.BitCode> checks = plain.clips().stream()
          .map(c -> org.videosim.BitCode.of(62, rnd.nextLong() >>> 2)).toList();
      VideoFingerprint a = new VideoFingerprint("a", plain.duration(), plain.spec(), plain.clips(), checks);
      index.add(a);
      index.add(video("b", 3, rnd));
      assertThat(index.fingerprint("a")).contains(a);
      assertThat(index.fingerprint("a").orElseThrow().checks()).isEqualTo(checks);
      assertThat(index.fingerprint("b").orElseThrow().checks()).isEmpty();
    }
  }

  /** The motion levels are kept for rescoring: a pair the codes align nothing of is scored with them. */
  @Test
  void fingerprint_keepsTheMotion() {
    Random rnd = new Random(14);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint plain = video("a", 5, rnd);
      byte[] levels = new byte[40];
      rnd.nextBytes(levels);
      VideoFingerprint a = new VideoFingerprint("a", plain.duration(), plain.spec(), plain.clips(), plain.checks(),
          java.util.List.of(), org.videosim.Motion.ofLevels(levels));
      index.add(a);
      index.add(video("b", 3, rnd));
      assertThat(index.fingerprint("a")).contains(a);
      assertThat(index.fingerprint("a").orElseThrow().motion().levels()).isEqualTo(levels);
      assertThat(index.fingerprint("b").orElseThrow().motion().isEmpty()).isTrue();
    }
  }

  /** A pipeline whose check codes are the orientable DCT signs (63 bits), as svrtn's. */
  static final org.videosim.PipelineSpec CHECKED = new org.videosim.PipelineSpec(java.util.Map.of(
      "encoder", new org.videosim.StageSpec("test", "1", java.util.Map.of()),
      "check", new org.videosim.StageSpec("dct", "2", java.util.Map.of("grid", "32", "coefficients", "8",
          "mirror", "none"))));

  VideoFingerprint checked(String id, int clips, Random rnd, boolean flat) {
    VideoFingerprint plain = video(id, clips, rnd);
    List<BitCode> checks = new ArrayList<>();
    for (int i = 0; i < clips; i++) {
      checks.add(BitCode.of(63, flat ? 0 : rnd.nextLong() >>> 1));
    }
    return new VideoFingerprint(id, plain.duration(), CHECKED, plain.clips(), checks);
  }

  @Test
  void searchChecks_aKeyInCommonAndWithinTheRadius_inAnyOrientationTheCallerTurns() {
    Random rnd = new Random(21);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint a = checked("a", 10, rnd, false);
      index.add(a);
      index.add(checked("b", 10, rnd, false));
      index.add(checked("flat", 4, rnd, true));
      long code = a.checks().get(3).toLongArray()[0];
      // three bits flipped in one substring: the other three keys are a's
      List<IndexHit> hits = index.searchChecks(BitCode.of(63, code ^ 0b111L), 12);
      assertThat(hits).extracting(IndexHit::videoId, IndexHit::clipIndex, IndexHit::distance)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3, 3));
      assertThat(hits.get(0).start()).isEqualTo(a.clips().get(3).start());
      assertThat(index.searchChecks(BitCode.of(63, code ^ 0b111L), 2)).isEmpty();
      // one bit flipped in each of the four substrings: within the radius, but no key in common
      assertThat(index.searchChecks(BitCode.of(63, code ^ (1L | 1L << 16 | 1L << 32 | 1L << 48)), 12)).isEmpty();
      // a's clip turned by an orientation: one of the turned query's orientations is a's own code again
      VideoFingerprint turned = new VideoFingerprint("t", 1, CHECKED, a.clips().subList(3, 4),
          List.of(BitCode.of(63, CheckKeys.orientations(a)[6][3])));
      List<IndexHit> found = new ArrayList<>();
      for (long[] o : CheckKeys.orientations(turned)) {
        found.addAll(index.searchChecks(BitCode.of(63, o), 0));
      }
      assertThat(found).extracting(IndexHit::videoId, IndexHit::clipIndex)
          .contains(org.assertj.core.groups.Tuple.tuple("a", 3));
      // a removed video's clips are not hits
      index.remove("a");
      assertThat(index.searchChecks(BitCode.of(63, code), 12)).isEmpty();
    }
  }

  @Test
  void ordinal_ofARemovedOrReplacedVideo_isATombstoneNeverGivenAgain() {
    Random rnd = new Random(14);
    try (FingerprintIndex index = newIndex()) {
      index.add(video("a", 3, rnd));
      index.add(video("b", 3, rnd));
      assertThat(index.ordinal("a")).isEqualTo(0);
      assertThat(index.ordinal("b")).isEqualTo(1);
      assertThat(index.ordinal("c")).isEqualTo(-1);
      RoaringBitmap before = index.ordinals(List.of("a", "b", "c"));
      assertThat(before.toArray()).containsExactly(0, 1);
      index.add(video("a", 2, rnd)); // replaced: a new ordinal
      index.remove("b");
      index.add(video("b", 2, rnd));
      assertThat(index.ordinal("a")).isGreaterThan(1);
      assertThat(index.ordinal("b")).isGreaterThan(index.ordinal("a"));
      BitCode q = index.fingerprint("a").orElseThrow().clips().get(0).code();
      assertThat(index.search(q, bits(), before)).as("a bitmap made before selects none of the new videos")
          .isEmpty();
      assertThat(index.nearest(q, 3, before)).isEmpty();
      assertThat(index.search(q, bits(), index.ordinals(List.of("a", "b")))).hasSize(4);
    }
  }

  /** Filtered searches against the unfiltered ones restricted by hand, on near and random queries. */
  @Test
  void search_withAFilter_givesExactlyTheHitsOfTheSelectedVideos() {
    long seed = 15;
    Random rnd = new Random(seed);
    try (FingerprintIndex index = newIndex()) {
      List<VideoFingerprint> all = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        VideoFingerprint v = video("v" + i, 1 + rnd.nextInt(12), rnd);
        all.add(v);
        index.add(v);
      }
      for (int i = 0; i < 60; i += 7) {
        index.remove("v" + i); // tombstones among the ordinals
      }
      int[] sizes = {0, 1, 3, 20, 70};
      for (int t = 0; t < 60; t++) {
        RoaringBitmap filter = new RoaringBitmap();
        int n = sizes[t % sizes.length];
        for (int k = 0; k < n; k++) {
          filter.add(rnd.nextInt(70)); // some ordinals of removed videos, some never given
        }
        BitCode q = t % 3 == 0 ? video("q", 1, rnd).clips().get(0).code()
            : near(all.get(rnd.nextInt(all.size())), rnd, 1 + rnd.nextInt(bits() / 8));
        int radius = rnd.nextInt(bits() / 4 + 1);
        int k = 1 + rnd.nextInt(8);
        List<IndexHit> expected = new ArrayList<>();
        for (IndexHit h : index.search(q, radius)) {
          if (filter.contains(index.ordinal(h.videoId()))) {
            expected.add(h);
          }
        }
        List<IndexHit> within = new ArrayList<>();
        for (IndexHit h : index.search(q, bits())) {
          if (filter.contains(index.ordinal(h.videoId()))) {
            within.add(h);
          }
        }
        String what = "seed " + seed + ", query " + t + ", radius " + radius + ", filter " + filter;
        assertThat(index.search(q, radius, filter)).as(what).isEqualTo(expected);
        assertThat(index.nearest(q, k, filter)).as(what + ", k " + k)
            .isEqualTo(within.subList(0, Math.min(k, within.size())));
      }
    }
  }
}
