package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.Index;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;

/**
 * The behaviour every {@link Index} must have, checked against a brute-force reference on random codes (the seed
 * is in each assertion's description): radius and k-nearest searches, replacing and removing videos, the pipeline
 * check, closing, and searches that run while another thread adds and removes videos. Extend it and supply a
 * fresh, empty index.
 *
 * <p>The concurrency test runs {@value #STRESS_THREADS} search threads against one writer for
 * {@code -Dvideosim.stress.seconds} seconds (default 1); e.g. a minute under load:
 * {@code mvn -B verify -pl hashing -am -Dtest='*IndexTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dvideosim.stress.seconds=60}.
 */
public abstract class IndexContract {

  /** A new, empty index; closed by the test. */
  protected abstract Index newIndex();

  /**
   * Code length of the test fingerprints (default 64); override to test wide codes.
   *
   * @return bits per code
   */
  protected int bits() {
    return 64;
  }

  /** Search threads in the concurrency test. */
  protected static final int STRESS_THREADS = 16;

  /** The pipeline of the test fingerprints. */
  protected static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("test", "1",
      Map.of())));

  /**
   * A random fingerprint of {@link #bits()}-bit codes.
   *
   * @param id the video id
   * @param clips number of clips
   * @param rnd the source of randomness
   * @return the fingerprint
   */
  protected VideoFingerprint video(String id, int clips, Random rnd) {
    return VideoMatcherContract.random(id, clips, bits(), rnd).withVideoId(id);
  }

  /**
   * The brute-force answer: every clip within {@code radius} of {@code q}, nearest first.
   *
   * @param videos the indexed videos
   * @param q the query code
   * @param radius the Hamming radius
   * @return the hits
   */
  protected static List<IndexHit> reference(List<VideoFingerprint> videos, BitCode q, int radius) {
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
  protected BitCode near(VideoFingerprint v, Random rnd, int flips) {
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

  @Test
  void search_whileOneThreadAddsAndRemoves_seesEachVideoWholeOrNotAtAll() throws Exception {
    long seed = 20261126;
    double seconds = Double.parseDouble(System.getProperty("videosim.stress.seconds", "1"));
    Random setup = new Random(seed);
    List<VideoFingerprint> base = new ArrayList<>();
    Map<String, VideoFingerprint> known = new ConcurrentHashMap<>();
    Map<String, VideoFingerprint> live = new ConcurrentHashMap<>();
    AtomicReference<VideoFingerprint> adding = new AtomicReference<>(); // the video being added, if any
    try (Index index = newIndex()) {
      for (int v = 0; v < 20; v++) {
        VideoFingerprint fp = video("base" + v, 1 + setup.nextInt(20), setup);
        base.add(fp);
        known.put(fp.videoId(), fp);
        index.add(fp);
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong queries = new AtomicLong();
      AtomicLong writes = new AtomicLong();
      Thread writer = new Thread(() -> {
        try {
          List<String> order = new ArrayList<>();
          for (int n = 0; !stop.get(); n++) {
            Random r = new Random(seed * 31 + n);
            VideoFingerprint fp = video("dyn" + n, 1 + r.nextInt(20), r);
            known.put(fp.videoId(), fp);
            adding.set(fp);
            index.add(fp);
            live.put(fp.videoId(), fp);
            order.add(fp.videoId());
            if (order.size() > 10) {
              String gone = order.remove(0);
              live.remove(gone);
              assertThat(index.remove(gone)).isTrue();
            }
            writes.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "index-writer");
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < STRESS_THREADS; t++) {
        long readerSeed = seed + 1000 + t;
        readers.add(new Thread(() -> {
          Random r = new Random(readerSeed);
          try {
            while (!stop.get() && failure.get() == null) {
              List<VideoFingerprint> pool = new ArrayList<>(live.values());
              int pick = r.nextInt(3);
              VideoFingerprint target = pick == 0 && adding.get() != null ? adding.get()
                  : pick == 1 && !pool.isEmpty() ? pool.get(r.nextInt(pool.size()))
                  : base.get(r.nextInt(base.size()));
              BitCode q = near(target, r, r.nextInt(6));
              int radius = r.nextInt(bits() / 4);
              checkConsistent(index.search(q, radius), q, radius, base, known, readerSeed);
              checkNearest(index.nearest(q, 1 + r.nextInt(8)), q, base, known, readerSeed);
              queries.incrementAndGet();
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "index-reader-" + t));
      }
      writer.start();
      readers.forEach(Thread::start);
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end && failure.get() == null) {
        Thread.sleep(20);
      }
      stop.set(true);
      writer.join();
      for (Thread t : readers) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("seed " + seed + ": " + failure.get(), failure.get());
      }
      assertThat(writes.get()).as("writes").isPositive();
      assertThat(queries.get()).as("queries").isPositive();
      // Afterwards the index holds exactly the base and the live dynamic videos.
      List<VideoFingerprint> expected = new ArrayList<>(base);
      expected.addAll(live.values());
      assertThat(index.videoCount()).isEqualTo(expected.size());
      Random r = new Random(seed);
      for (int t = 0; t < 20; t++) {
        BitCode q = near(expected.get(r.nextInt(expected.size())), r, r.nextInt(6));
        int radius = r.nextInt(bits() / 4);
        assertThat(index.search(q, radius)).as("seed %d, final query %d", seed, t)
            .isEqualTo(reference(expected, q, radius));
      }
    }
  }

  private static final Comparator<IndexHit> ORDER = Comparator.comparingInt(IndexHit::distance)
      .thenComparing(IndexHit::videoId).thenComparingInt(IndexHit::clipIndex);

  /** Hits are sorted and true, all base videos' hits are there, and each other video is there whole or not at all. */
  private static void checkConsistent(List<IndexHit> hits, BitCode q, int radius, List<VideoFingerprint> base,
      Map<String, VideoFingerprint> known, long seed) {
    List<IndexHit> sorted = new ArrayList<>(hits);
    sorted.sort(ORDER);
    assertThat(hits).as("seed %d: sorted", seed).isEqualTo(sorted);
    Set<String> videos = new HashSet<>();
    for (IndexHit h : hits) {
      VideoFingerprint fp = known.get(h.videoId());
      assertThat(fp).as("seed %d: hit of an unknown video %s", seed, h).isNotNull();
      Clip c = fp.clips().get(h.clipIndex());
      assertThat(h.distance()).as("seed %d: %s", seed, h).isEqualTo(c.code().hammingDistance(q))
          .isLessThanOrEqualTo(radius);
      assertThat(h.start()).isEqualTo(c.start());
      videos.add(h.videoId());
    }
    for (VideoFingerprint b : base) {
      videos.add(b.videoId());
    }
    List<VideoFingerprint> seen = new ArrayList<>();
    for (String id : videos) {
      seen.add(known.get(id));
    }
    assertThat(hits).as("seed %d, radius %d: base videos complete, other videos whole", seed, radius)
        .isEqualTo(reference(seen, q, radius));
  }

  /** The k nearest are sorted, true, and no base clip nearer than the farthest of them is missing. */
  private static void checkNearest(List<IndexHit> hits, BitCode q, List<VideoFingerprint> base,
      Map<String, VideoFingerprint> known, long seed) {
    assertThat(hits).as("seed %d", seed).isNotEmpty();
    List<IndexHit> sorted = new ArrayList<>(hits);
    sorted.sort(ORDER);
    assertThat(hits).as("seed %d: sorted", seed).isEqualTo(sorted);
    for (IndexHit h : hits) {
      assertThat(h.distance()).as("seed %d: %s", seed, h)
          .isEqualTo(known.get(h.videoId()).clips().get(h.clipIndex()).code().hammingDistance(q));
    }
    int worst = hits.get(hits.size() - 1).distance();
    for (IndexHit h : reference(base, q, worst - 1)) {
      assertThat(hits).as("seed %d: base clip nearer than the k-th", seed).contains(h);
    }
  }
}
