package org.videosim.dedup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.Clip;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.IndexHit;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.CheckKeys;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Indexes;

/**
 * Groups a corpus into versions of the same content: how many versions of each video exist.
 *
 * <pre>{@code
 * VideoSimilarity similarity = VideoSimilarity.builder().build();
 * try (FingerprintStore store = FingerprintStore.open(Path.of("fp-store"), similarity.spec())) {
 *   DedupResult result = Deduplicator.builder(similarity).store(store).build().run(files);
 *   result.writeTsv(Path.of("groups.tsv"));
 * }
 * }</pre>
 *
 * <ol>
 *   <li><b>Fingerprints</b> on {@link Builder#threads} threads, each file looked up first in the
 *       {@link FingerprintStore} by content and stored as soon as it is made (a killed run resumes).
 *   <li><b>Candidates</b> from a multi-index-hashing index of every clip ({@code videosim-hashing}): each clip's
 *       neighbours within {@link Builder#radius}; a video's candidates are the videos hit, ranked by how many of its
 *       clips hit them, at most {@link Builder#maxCandidates}; and, when the pipeline has check codes, as many again
 *       through them in every orientation ({@link CheckKeys}: turned, flipped or hard-compressed copies whose learned
 *       codes are far apart). Never all pairs.
 *   <li><b>Verification</b>: each candidate pair (once, the smaller id as A) is scored by the pipeline's matcher;
 *       a pair the matcher calls a copy with a score of at least {@link Builder#minLinkScore} gives one {@link Link}
 *       per matched segment of at least {@link Builder#minSharedSeconds} ({@link Links}).
 *   <li><b>Groups</b> over pieces of content, not files ({@link ContentGraph}), each with a representative and each
 *       member's {@link Relation} to it ({@link VersionGroup}); a video without a match is a group of its own.
 * </ol>
 *
 * <p>Immutable and thread-safe; a run uses its own threads. Files that cannot be read are reported to the listener
 * and in {@link DedupResult#failures()}, never fatal.
 */
public final class Deduplicator {
  private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);

  private final VideoSimilarity similarity;
  /** {@link #similarity} as dedup scores pairs: {@link Links#grouping}. */
  private final VideoSimilarity scoring;
  private final FingerprintStore store;
  private final DedupSettings settings;
  private final int threads;
  private final DedupListener listener;

  private Deduplicator(Builder b) {
    this.similarity = b.similarity;
    this.scoring = Links.grouping(b.similarity);
    this.store = b.store;
    this.settings = b.settings;
    this.threads = b.threads;
    this.listener = b.listener;
  }

  /**
   * A builder for runs with this pipeline (its fingerprints, its matcher).
   *
   * @throws IllegalArgumentException if the pipeline has no calibration ({@link Links#requireCalibrated})
   */
  public static Builder builder(VideoSimilarity similarity) {
    return new Builder(Links.requireCalibrated(similarity));
  }

  /** The radius used for codes of {@code bits} bits. */
  public int radiusFor(int bits) {
    return settings.radiusFor(bits);
  }

  /** The settings it shares with the Spark job. */
  public DedupSettings settings() {
    return settings;
  }

  /**
   * Fingerprints the files (or takes their fingerprints from the store) and groups them. Ids are file names without
   * extension.
   *
   * @throws IllegalArgumentException if two files have the same id
   */
  public DedupResult run(List<Path> files) {
    Objects.requireNonNull(files, "files");
    Map<String, Path> ids = new LinkedHashMap<>();
    for (Path f : files) {
      Path other = ids.putIfAbsent(VideoInput.of(f).id(), f);
      if (other != null) {
        throw new IllegalArgumentException("'" + f + "' and '" + other + "' have the same id '"
            + VideoInput.of(f).id() + "'");
      }
    }
    long t0 = System.nanoTime();
    Map<String, String> failures = new ConcurrentHashMap<>();
    List<FingerprintStore.Entry> fps = new ArrayList<>();
    int[] fromStore = new int[1];
    List<Path> todo = new ArrayList<>();
    Map<Path, ContentKey> keys = new ConcurrentHashMap<>();
    List<FingerprintStore.Entry> stored = new ArrayList<>();
    for (Path f : files) {
      if (store != null) {
        try {
          ContentKey key = ContentKey.of(f);
          keys.put(f, key);
          var e = store.get(key);
          if (e.isPresent()) {
            stored.add(rename(e.get(), VideoInput.of(f).id()));
            fromStore[0]++;
            continue;
          }
        } catch (VideoSimilarityException e) {
          failures.put(f.toString(), e.getMessage());
          listener.failed(f, e.getMessage());
          continue;
        }
      }
      todo.add(f);
    }
    listener.started(DedupListener.Stage.FINGERPRINT, todo.size());
    List<FingerprintStore.Entry> made = parallel(todo, f -> {
      try {
        FingerprintStore.Entry e = fingerprint(f);
        if (store != null) {
          store.put(keys.get(f), e);
        }
        listener.step(DedupListener.Stage.FINGERPRINT, true);
        return e;
      } catch (VideoSimilarityException e) {
        failures.put(f.toString(), e.getMessage());
        listener.failed(f, e.getMessage());
        listener.step(DedupListener.Stage.FINGERPRINT, false);
        return null;
      }
    });
    fps.addAll(stored);
    for (FingerprintStore.Entry e : made) {
      if (e != null) {
        fps.add(e);
      }
    }
    double fpSeconds = (System.nanoTime() - t0) / 1e9;
    return group(fps, failures, fromStore[0], made.size() - (int) made.stream().filter(Objects::isNull).count(),
        fpSeconds);
  }

  /**
   * Groups fingerprints already made (their ids are the video ids; width and height break ties between
   * representatives, 0 when unknown).
   */
  public DedupResult group(Collection<FingerprintStore.Entry> fingerprints) {
    return group(new ArrayList<>(fingerprints), Map.of(), 0, 0, 0);
  }

  private FingerprintStore.Entry fingerprint(Path f) {
    VideoInput in = VideoInput.of(f);
    VideoFingerprint fp = similarity.fingerprint(in).withVideoId(in.id());
    int w = 0;
    int h = 0;
    try (FrameReader r = similarity.frameSource().open(in, new FrameRequest(similarity.sampleRate(), 64))) {
      VideoInfo info = r.info();
      w = info.width();
      h = info.height();
    } catch (VideoSimilarityException e) {
      LOG.debug("no picture size for {}: {}", f, e.getMessage());
    }
    return new FingerprintStore.Entry(fp, w, h);
  }

  private static FingerprintStore.Entry rename(FingerprintStore.Entry e, String id) {
    return new FingerprintStore.Entry(e.fingerprint().withVideoId(id), e.width(), e.height());
  }

  private DedupResult group(List<FingerprintStore.Entry> entries, Map<String, String> failures, int fromStore,
      int fingerprinted, double fpSeconds) {
    entries.sort(java.util.Comparator.comparing(e -> e.fingerprint().videoId()));
    int n = entries.size();
    Map<String, Integer> ordinal = new HashMap<>();
    List<VideoFingerprint> fps = new ArrayList<>(n);
    for (FingerprintStore.Entry e : entries) {
      if (ordinal.putIfAbsent(e.fingerprint().videoId(), fps.size()) != null) {
        throw new IllegalArgumentException("two fingerprints have the id '" + e.fingerprint().videoId() + "'");
      }
      fps.add(e.fingerprint());
    }
    long t1 = System.nanoTime();
    int bits = fps.isEmpty() ? 0 : fps.get(0).codeBits();
    int r = radiusFor(bits);
    RoaringBitmap[] candidates = new RoaringBitmap[n];
    int[] bandKinds = new int[n];
    for (int i = 0; i < n; i++) {
      bandKinds[i] = Clip.bandKinds(fps.get(i).clips());
    }
    long clipCount = 0;
    try (FingerprintIndex index = settings.substrings() > 0 ? Indexes.multiIndexHashing(settings.substrings())
        : Indexes.multiIndexHashing()) {
      for (VideoFingerprint f : fps) {
        similarity.spec().checkCompatibleWith(f.spec(), "this pipeline", "fingerprint '" + f.videoId() + "'");
        // the clip codes only: the check codes' candidates come from checkCandidates' own table, so the index
        // need not keep their key lists too
        index.add(f.checks().isEmpty() ? f : new VideoFingerprint(f.videoId(), f.duration(), f.spec(), f.clips()));
        clipCount += f.clips().size();
      }
      listener.started(DedupListener.Stage.CANDIDATES, n);
      parallelRange(n, i -> {
        candidates[i] = candidatesOf(index, fps, bandKinds, i, ordinal, r);
        listener.step(DedupListener.Stage.CANDIDATES, true);
      });
    }
    RoaringBitmap[] byChecks = checkCandidates(fps);
    for (int i = 0; i < n && byChecks != null; i++) {
      candidates[i].or(byChecks[i]);
    }
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      final int a = i;
      candidates[i].forEach((int j) -> {
        if (j > a || !candidates[j].contains(a)) {
          pairs.add(new long[] {Math.min(a, j), Math.max(a, j)});
        }
      });
    }
    double candSeconds = (System.nanoTime() - t1) / 1e9;

    long t2 = System.nanoTime();
    listener.started(DedupListener.Stage.VERIFY, pairs.size());
    Map<Long, Score> scores = new ConcurrentHashMap<>();
    List<List<Link>> found = new ArrayList<>(pairs.size());
    for (int k = 0; k < pairs.size(); k++) {
      found.add(null);
    }
    parallelRange(pairs.size(), k -> {
      int a = (int) pairs.get(k)[0];
      int b = (int) pairs.get(k)[1];
      Score s = scoring.score(fps.get(a), fps.get(b));
      scores.put(pairKey(a, b), s);
      found.set(k, Links.of(fps.get(a), fps.get(b), s, settings));
      listener.step(DedupListener.Stage.VERIFY, true);
    });
    List<Link> links = new ArrayList<>();
    int matched = 0;
    for (List<Link> l : found) {
      links.addAll(l);
      matched += l.isEmpty() ? 0 : 1;
    }
    double verifySeconds = (System.nanoTime() - t2) / 1e9;

    long t3 = System.nanoTime();
    List<ContentGraph.Group> components = ContentGraph.groups(links);
    listener.started(DedupListener.Stage.GROUP, components.size());
    Map<String, VersionGroup.VideoFacts> facts = new HashMap<>();
    for (FingerprintStore.Entry e : entries) {
      facts.put(e.fingerprint().videoId(), new VersionGroup.VideoFacts(e.fingerprint().videoId(),
          e.fingerprint().duration(), e.width(), e.height()));
    }
    List<VersionGroup> groups = new ArrayList<>(components.size());
    for (int k = 0; k < components.size(); k++) {
      groups.add(null);
    }
    parallelRange(components.size(), k -> {
      groups.set(k, VersionGroup.of(components.get(k), facts::get, (rep, member) -> {
        int a = ordinal.get(rep);
        int b = ordinal.get(member);
        Score s = scores.get(pairKey(Math.min(a, b), Math.max(a, b)));
        if (s == null) {
          return VersionGroup.score(scoring, fps.get(a), fps.get(b));
        }
        return a < b ? s : s.swapped(); // ordinals follow the ids: as VersionGroup.score computes it
      }, settings.coverage()));
      listener.step(DedupListener.Stage.GROUP, true);
    });
    Set<String> grouped = new HashSet<>();
    for (VersionGroup g : groups) {
      g.members().forEach(m -> grouped.add(m.videoId()));
    }
    for (FingerprintStore.Entry e : entries) {
      if (!grouped.contains(e.fingerprint().videoId())) {
        groups.add(VersionGroup.single(facts.get(e.fingerprint().videoId())));
      }
    }
    double groupSeconds = (System.nanoTime() - t3) / 1e9;
    DedupResult.Stats stats = new DedupResult.Stats(n, clipCount, r, fromStore, fingerprinted, pairs.size(), matched,
        links.size(), fpSeconds, candSeconds, verifySeconds, groupSeconds);
    LOG.info(String.format(Locale.ROOT, "dedup: %d videos, %d clips, radius %d: %d candidate pairs, %d matched, "
        + "%d groups (%.1f s fingerprints, %.1f s candidates, %.1f s verify, %.1f s groups)", n, clipCount, r,
        pairs.size(), matched, groups.size(), fpSeconds, candSeconds, verifySeconds, groupSeconds));
    Map<String, Double> durations = new HashMap<>();
    entries.forEach(e -> durations.put(e.fingerprint().videoId(), e.fingerprint().duration()));
    return new DedupResult(groups, durations, failures, stats);
  }

  /**
   * The candidates of video {@code self}: videos hit by its clips, most hit clips first, at most maxCandidates. A hit
   * on a pair of views the matcher does not compare ({@link Clip#compared}: two band views, a band and a video of its
   * own shape) does not count.
   */
  private RoaringBitmap candidatesOf(FingerprintIndex index, List<VideoFingerprint> fps, int[] bandKinds, int self,
      Map<String, Integer> ordinal, int r) {
    Map<Integer, Integer> clipsHitting = new HashMap<>();
    RoaringBitmap clipHits = new RoaringBitmap();
    for (Clip c : fps.get(self).clips()) {
      clipHits.clear();
      for (IndexHit h : index.search(c.code(), r)) {
        int other = ordinal.get(h.videoId());
        int view = fps.get(other).clips().get(h.clipIndex()).view();
        if (Clip.compared(c.view(), bandKinds[self], view, bandKinds[other])) {
          clipHits.add(other);
        }
      }
      clipHits.remove(self);
      clipHits.forEach((int v) -> clipsHitting.merge(v, 1, Integer::sum));
    }
    return mostHit(clipsHitting);
  }

  /**
   * The candidates through the check codes ({@link CheckKeys}), per video (ordinal), or null when the fingerprints
   * have none: a sorted table of every clip's keys, looked up by each clip of each video in every orientation.
   */
  private RoaringBitmap[] checkCandidates(List<VideoFingerprint> fps) {
    int n = fps.size();
    int bits = n == 0 ? 0 : fps.get(0).checkBits();
    if (bits == 0) {
      return null;
    }
    int words = org.videosim.BitCode.wordsFor(bits);
    int r = CheckKeys.radiusFor(bits);
    long[][][] codes = new long[n][][];
    int[] firstClip = new int[n + 1];
    parallelRange(n, i -> codes[i] = CheckKeys.orientations(fps.get(i)));
    for (int i = 0; i < n; i++) {
      if (fps.get(i).checkBits() != bits) {
        throw new IllegalArgumentException("fingerprint '" + fps.get(i).videoId() + "' has check codes of "
            + fps.get(i).checkBits() + " bits, others " + bits);
      }
      firstClip[i + 1] = firstClip[i] + (codes[i].length == 0 ? 0 : codes[i][0].length / words);
    }
    // every clip's code as it is, in one array, and its video; then per key (substring number and 16-bit value) the
    // clips that hold it, in clip order (a counting sort: the Spark job's key join, looked up directly)
    int total = firstClip[n];
    long[] raw = new long[total * words];
    int[] videoOf = new int[total];
    for (int i = 0; i < n; i++) {
      if (codes[i].length > 0) {
        System.arraycopy(codes[i][0], 0, raw, firstClip[i] * words, codes[i][0].length);
      }
      java.util.Arrays.fill(videoOf, firstClip[i], firstClip[i + 1], i);
    }
    int keyCount = CheckKeys.SUBSTRINGS << 16;
    int[] start = new int[keyCount + 1];
    for (int clip = 0; clip < total; clip++) {
      if (!CheckKeys.flat(raw, clip, words)) {
        for (int key : CheckKeys.keys(raw, clip, words, bits)) {
          start[key + 1]++;
        }
      }
    }
    for (int k = 0; k < keyCount; k++) {
      start[k + 1] += start[k];
    }
    int[] holders = new int[start[keyCount]];
    int[] next = java.util.Arrays.copyOf(start, keyCount);
    for (int clip = 0; clip < total; clip++) {
      if (!CheckKeys.flat(raw, clip, words)) {
        for (int key : CheckKeys.keys(raw, clip, words, bits)) {
          holders[next[key]++] = clip;
        }
      }
    }
    RoaringBitmap[] out = new RoaringBitmap[n];
    ThreadLocal<int[]> marks = ThreadLocal.withInitial(() -> new int[n + 1]); // [n]: the last mark given out
    parallelRange(n, i -> {
      Map<Integer, Integer> clipsHitting = new HashMap<>();
      int[] mark = marks.get();
      long[][] mine = codes[i];
      int clips = firstClip[i + 1] - firstClip[i];
      for (int c = 0; c < clips; c++) {
        if (CheckKeys.flat(mine[0], c, words)) {
          continue; // a flat frame's code, turned, is no flat frame's
        }
        int stamp = ++mark[n]; // the videos this clip hits carry this mark
        for (long[] turned : mine) {
          for (int key : CheckKeys.keys(turned, c, words, bits)) {
            for (int at = start[key]; at < start[key + 1]; at++) {
              int clip = holders[at];
              int v = videoOf[clip];
              if (v != i && mark[v] != stamp && CheckKeys.distance(turned, c, raw, clip, words) <= r) {
                mark[v] = stamp;
                clipsHitting.merge(v, 1, Integer::sum);
              }
            }
          }
        }
      }
      out[i] = mostHit(clipsHitting);
    });
    return out;
  }

  /** The videos hit by most clips ({@code clipsHitting}: video -> clips), at most maxCandidates, ties by ordinal. */
  private RoaringBitmap mostHit(Map<Integer, Integer> clipsHitting) {
    RoaringBitmap out = new RoaringBitmap();
    int maxCandidates = settings.maxCandidates();
    if (clipsHitting.size() <= maxCandidates) {
      clipsHitting.keySet().forEach(out::add);
    } else {
      clipsHitting.entrySet().stream()
          .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(maxCandidates).forEach(e -> out.add(e.getKey()));
    }
    return out;
  }

  private static long pairKey(int a, int b) {
    return (long) a << 32 | (b & 0xffffffffL);
  }

  private interface Task<T> {
    T apply(Path p);
  }

  private <T> List<T> parallel(List<Path> items, Task<T> task) {
    List<T> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      out.add(null);
    }
    parallelRange(items.size(), k -> out.set(k, task.apply(items.get(k))));
    return out;
  }

  private void parallelRange(int count, IntConsumer task) {
    if (count == 0) {
      return;
    }
    int t = Math.min(threads, count);
    if (t == 1) {
      for (int k = 0; k < count; k++) {
        task.accept(k);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, run -> {
      Thread th = new Thread(run, "videosim-dedup");
      th.setDaemon(true);
      return th;
    });
    try {
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < t; w++) {
        futures.add(pool.submit(() -> {
          for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
            task.accept(k);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VideoSimilarityException("dedup interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Deduplicator(%s, threads=%d)", settings, threads);
  }

  /** Builder of {@link Deduplicator}; not thread-safe. */
  public static final class Builder {
    private final VideoSimilarity similarity;
    private FingerprintStore store;
    private DedupSettings settings = DedupSettings.defaults();
    private int threads = Runtime.getRuntime().availableProcessors();
    private DedupListener listener = new DedupListener() {};

    private Builder(VideoSimilarity similarity) {
      this.similarity = similarity;
    }

    /** Where fingerprints are looked up by content and kept as they are made (default: none, nothing kept). */
    public Builder store(FingerprintStore store) {
      this.store = store;
      return this;
    }

    /**
     * Hamming radius of a clip hit, in bits (default: 24% of the code length, as {@code index query}: 61 of
     * svrtn's 256 bits, 15 of dct's 62).
     */
    public Builder radius(int radius) {
      settings = settings.withRadius(radius);
      return this;
    }

    /** Shortest matched segment, on both sides, that joins two pieces of content, in seconds (default 2). */
    public Builder minSharedSeconds(double seconds) {
      settings = settings.withMinSharedSeconds(seconds);
      return this;
    }

    /**
     * Least score of a pair whose segments link (default {@value DedupSettings#DEFAULT_MIN_LINK_SCORE}; the pair
     * also needs the matcher's verdict): see {@link DedupSettings#withMinLinkScore}.
     */
    public Builder minLinkScore(double p) {
      settings = settings.withMinLinkScore(p);
      return this;
    }

    /** Most candidates verified per video, those hit by most of its clips (default 50). */
    public Builder maxCandidates(int k) {
      settings = settings.withMaxCandidates(k);
      return this;
    }

    /** Share of a video that matched segments must cover for {@link Relation} to call it covered (default 0.8). */
    public Builder coverage(double c) {
      settings = settings.withCoverage(c);
      return this;
    }

    /** All the settings shared with the Spark job at once (replacing radius, substrings, ... set before). */
    public Builder settings(DedupSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Worker threads (default: one per core). */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be positive: " + n);
      }
      this.threads = n;
      return this;
    }

    /** Substrings per code of the multi-index-hashing index (default: one per 16 bits). */
    public Builder substrings(int m) {
      settings = settings.withSubstrings(m);
      return this;
    }

    /** Who hears of progress and failures (default: nobody). */
    public Builder listener(DedupListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the deduplicator.
     *
     * @throws IllegalStateException if the fingerprint store holds another pipeline's fingerprints
     */
    public Deduplicator build() {
      if (store != null && !store.spec().isCompatibleWith(similarity.spec())) {
        throw new IllegalStateException("the fingerprint store holds another pipeline's fingerprints: "
            + store.file());
      }
      return new Deduplicator(this);
    }
  }
}
