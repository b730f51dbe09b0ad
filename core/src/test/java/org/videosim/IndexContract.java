package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Index} must have, checked against a brute-force reference on random codes (the seed
 * is in each assertion's description): radius and k-nearest searches, replacing and removing videos, the pipeline
 * check, and closing. Extend it and supply a fresh, empty index.
 */
public abstract class IndexContract {

  /** A new, empty index; closed by the test. */
  protected abstract Index newIndex();

  protected int bits() {
    return 64;
  }

  protected static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("test", "1",
      Map.of())));

  protected VideoFingerprint video(String id, int clips, Random rnd) {
    return VideoMatcherContract.random(id, clips, bits(), rnd).withVideoId(id);
  }

  private static List<IndexHit> reference(List<VideoFingerprint> videos, BitCode q, int radius) {
    List<IndexHit> hits = new ArrayList<>();
    for (VideoFingerprint v : videos) {
      for (int i = 0; i < v.clips().size(); i++) {
        Clip c = v.clips().get(i);
        int d = c.code().hammingDistance(q);
        if (d <= radius) {
          hits.add(new IndexHit(v.videoId(), i, c.start(), c.end(), d));
        }
      }
    }
    hits.sort(Comparator.comparingInt(IndexHit::distance).thenComparing(IndexHit::videoId)
        .thenComparingInt(IndexHit::clipIndex));
    return hits;
  }

  /** A query near a stored clip: its code with a few bits flipped. */
  private BitCode near(VideoFingerprint v, Random rnd, int flips) {
    BitCode c = v.clips().get(rnd.nextInt(v.clips().size())).code();
    boolean[] b = new boolean[c.bits()];
    for (int i = 0; i < b.length; i++) {
      b[i] = c.get(i);
    }
    for (int k = 0; k < flips; k++) {
      int i = rnd.nextInt(b.length);
      b[i] = !b[i];
    }
    return BitCode.fromBits(b);
  }

  @Test
  void search_matchesBruteForce() {
    long seed = 20261125;
    Random rnd = new Random(seed);
    List<VideoFingerprint> videos = new ArrayList<>();
    try (Index index = newIndex()) {
      for (int v = 0; v < 30; v++) {
        VideoFingerprint fp = video("v" + v, 1 + rnd.nextInt(30), rnd);
        videos.add(fp);
        index.add(fp);
      }
      assertThat(index.videoCount()).isEqualTo(30);
      assertThat(index.size()).isEqualTo(videos.stream().mapToInt(f -> f.clips().size()).sum());
      for (int t = 0; t < 40; t++) {
        BitCode q = near(videos.get(rnd.nextInt(videos.size())), rnd, rnd.nextInt(8));
        int radius = rnd.nextInt(bits() / 3);
        assertThat(index.search(q, radius)).as("seed %d, query %d, radius %d", seed, t, radius)
            .isEqualTo(reference(videos, q, radius));
        int k = 1 + rnd.nextInt(10);
        List<IndexHit> all = reference(videos, q, bits());
        assertThat(index.nearest(q, k)).as("seed %d, query %d, k %d", seed, t, k)
            .isEqualTo(all.subList(0, Math.min(k, all.size())));
      }
    }
  }

  @Test
  void add_sameIdAgain_replacesTheVideo_removeDeletesIt() {
    Random rnd = new Random(5);
    try (Index index = newIndex()) {
      VideoFingerprint a = video("a", 10, rnd);
      index.add(a);
      VideoFingerprint a2 = video("a", 4, rnd);
      index.add(a2);
      assertThat(index.videoCount()).isEqualTo(1);
      assertThat(index.size()).isEqualTo(4);
      assertThat(index.search(a.clips().get(0).code(), 0)).allSatisfy(h -> assertThat(h.clipIndex()).isLessThan(4));
      assertThat(index.search(a2.clips().get(2).code(), 0)).extracting(IndexHit::videoId).contains("a");
      assertThat(index.contains("a")).isTrue();
      assertThat(index.remove("a")).isTrue();
      assertThat(index.remove("a")).isFalse();
      assertThat(index.contains("a")).isFalse();
      assertThat(index.size()).isZero();
      assertThat(index.search(a2.clips().get(2).code(), bits())).isEmpty();
    }
  }

  @Test
  void add_otherPipeline_isRejected() {
    Random rnd = new Random(6);
    try (Index index = newIndex()) {
      index.add(video("a", 3, rnd));
      assertThat(index.spec()).contains(SPEC);
      VideoFingerprint foreign = new VideoFingerprint("b", 1, new PipelineSpec(Map.of("encoder",
          new StageSpec("other", "1", Map.of()))), video("b", 2, rnd).clips());
      assertThatThrownBy(() -> index.add(foreign)).isInstanceOf(IncompatibleFingerprintException.class)
          .hasMessageContaining("'b'");
      assertThat(index.contains("b")).isFalse();
    }
  }

  @Test
  void search_badArguments_areRejected() {
    try (Index index = newIndex()) {
      index.add(video("a", 3, new Random(7)));
      BitCode q = index.nearest(video("x", 1, new Random(8)).clips().get(0).code(), 1).isEmpty() ? null
          : video("x", 1, new Random(8)).clips().get(0).code();
      assertThatThrownBy(() -> index.search(q, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.nearest(q, 0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.search(null, 1)).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void emptyIndex_findsNothing() {
    try (Index index = newIndex()) {
      assertThat(index.spec()).isEmpty();
      BitCode q = video("q", 1, new Random(9)).clips().get(0).code();
      assertThat(index.search(q, bits())).isEmpty();
      assertThat(index.nearest(q, 3)).isEmpty();
    }
  }
}
