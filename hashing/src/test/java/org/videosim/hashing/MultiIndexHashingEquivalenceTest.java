package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.Index;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.internal.MultiIndexHashingIndex;

/**
 * Multi-index hashing gives exactly the exact scan's results on some ten thousand clips, half of them noisy
 * copies of others (so that searches find many near clips), for every code length and several substring counts;
 * also after removing most videos (which renumbers the clips). Seeds are in the assertion messages.
 */
class MultiIndexHashingEquivalenceTest {
  static final PipelineSpec SPEC = new PipelineSpec(Map.of("binarizer", new StageSpec("test", "1", Map.of())));

  static BitCode randomCode(int bits, Random rnd) {
    long[] w = new long[BitCode.wordsFor(bits)];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextLong();
    }
    if (bits % 64 != 0) {
      w[w.length - 1] &= (1L << (bits % 64)) - 1;
    }
    return BitCode.of(bits, w);
  }

  static BitCode flip(BitCode c, int flips, Random rnd) {
    long[] w = c.toLongArray();
    for (int k = 0; k < flips; k++) {
      int i = rnd.nextInt(c.bits());
      w[i >>> 6] ^= 1L << i;
    }
    return BitCode.of(c.bits(), w);
  }

  /** {@code n} videos; every second one a noisy copy (a few bits flipped per clip) of an earlier one. */
  static List<VideoFingerprint> videos(int n, int bits, Random rnd) {
    List<VideoFingerprint> list = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      List<Clip> clips = new ArrayList<>();
      VideoFingerprint src = v % 2 == 1 ? list.get(rnd.nextInt(list.size())) : null;
      int count = src != null ? src.clips().size() : 1 + rnd.nextInt(40);
      for (int i = 0; i < count; i++) {
        BitCode code = src != null ? flip(src.clips().get(i).code(), rnd.nextInt(bits / 8), rnd)
            : randomCode(bits, rnd);
        clips.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1 + i % 3, code));
      }
      list.add(new VideoFingerprint("v" + v, count * 0.5, SPEC, clips));
    }
    return list;
  }

  @ParameterizedTest(name = "{0} bits, {1} substrings")
  @CsvSource({"62, 0", "64, 0", "64, 8", "128, 0", "256, 0", "256, 20", "256, 32", "512, 0"})
  void searchAndNearest_equalTheExactScan_beforeAndAfterRemovingMostVideos(int bits, int substrings) {
    long seed = 1_000_003L * bits + substrings;
    Random rnd = new Random(seed);
    List<VideoFingerprint> videos = videos(1000, bits, rnd);
    try (MultiIndexHashingIndex mih = new MultiIndexHashingIndex(substrings); Index exact = Indexes.exact()) {
      for (VideoFingerprint v : videos) {
        mih.add(v);
        exact.add(v);
      }
      assertThat(mih.size()).isEqualTo(exact.size()).isGreaterThan(10_000);
      assertThat(mih.substrings()).isEqualTo(substrings == 0 ? (bits + 15) / 16 : substrings);
      assertThat(mih.probes(5)).as("radius 5 uses the inverted lists").isTrue();
      compare(mih, exact, videos, rnd, seed, "all videos");
      for (int v = 0; v < videos.size(); v++) {
        if (v % 5 != 0) {
          assertThat(mih.remove("v" + v)).isTrue();
          exact.remove("v" + v);
        }
      }
      List<VideoFingerprint> kept = new ArrayList<>();
      for (int v = 0; v < videos.size(); v += 5) {
        kept.add(videos.get(v));
      }
      assertThat(mih.size()).isEqualTo(exact.size());
      int removedClips = videos.stream().mapToInt(f -> f.clips().size()).sum() - mih.size();
      assertThat(mih.deadClips()).as("removing 80%% of the videos rebuilt the lists").isLessThan(removedClips);
      compare(mih, exact, kept, rnd, seed, "after removals");
      assertThat(mih.fingerprint("v5")).contains(videos.get(5));
    }
  }

  private static void compare(MultiIndexHashingIndex mih, Index exact, List<VideoFingerprint> videos, Random rnd,
      long seed, String when) {
    int bits = videos.get(0).codeBits();
    int[] radii = {0, 1, 2, 3, 5, 8, 10, 15, 20, bits / 8, bits / 4, bits / 2};
    for (int t = 0; t < 25; t++) {
      VideoFingerprint v = videos.get(rnd.nextInt(videos.size()));
      BitCode q = flip(v.clips().get(rnd.nextInt(v.clips().size())).code(), rnd.nextInt(12), rnd);
      for (int r : radii) {
        assertThat(mih.search(q, r)).as("seed %d, %s, query %d, radius %d", seed, when, t, r)
            .isEqualTo(exact.search(q, r));
      }
      for (int k : new int[] {1, 10, 100}) {
        assertThat(mih.nearest(q, k)).as("seed %d, %s, query %d, k %d", seed, when, t, k)
            .isEqualTo(exact.nearest(q, k));
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, {1} substrings")
  @CsvSource({"64, 3", "256, 8", "16, 17"})
  void add_substringsThatDoNotFit_isRejected(int bits, int substrings) {
    try (MultiIndexHashingIndex mih = new MultiIndexHashingIndex(substrings)) {
      VideoFingerprint v = videos(1, bits, new Random(1)).get(0);
      assertThatThrownBy(() -> mih.add(v)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("substrings");
    }
  }
}
