package org.videosim.hashing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.ImmutableBitmapDataProvider;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Hamming;

/**
 * Brute-force scan over all clip codes, kept per video; a filtered search scans only the selected videos.
 * Thread-safe with a read-write lock.
 */
public final class ExactIndex implements FingerprintIndex {
  private static final Comparator<IndexHit> ORDER = Comparator.comparingInt(IndexHit::distance)
      .thenComparing(IndexHit::videoId).thenComparingInt(IndexHit::clipIndex);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Entry> videos = new LinkedHashMap<>();
  private PipelineSpec spec;
  private int bits;
  private int clips;
  private int nextOrdinal;
  private boolean closed;

  private static final class Entry {
    final VideoFingerprint fingerprint;
    final int ordinal;
    final long[] codes;

    Entry(VideoFingerprint fp, int ordinal, int words) {
      this.fingerprint = fp;
      this.ordinal = ordinal;
      this.codes = new long[fp.clips().size() * words];
      for (int i = 0; i < fp.clips().size(); i++) {
        fp.clips().get(i).code().copyTo(codes, i * words);
      }
    }
  }

  @Override
  public void add(VideoFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    lock.writeLock().lock();
    try {
      checkOpen();
      if (spec == null) {
        spec = fingerprint.spec();
        bits = fingerprint.codeBits();
      } else {
        spec.checkCompatibleWith(fingerprint.spec(), "this index", "fingerprint '" + fingerprint.videoId() + "'");
      }
      if (nextOrdinal == Integer.MAX_VALUE) {
        throw new IllegalStateException("this index has given out every video ordinal");
      }
      Entry old = videos.put(fingerprint.videoId(), new Entry(fingerprint, nextOrdinal++, BitCode.wordsFor(bits)));
      clips += fingerprint.clips().size() - (old == null ? 0 : old.fingerprint.clips().size());
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.writeLock().lock();
    try {
      checkOpen();
      Entry old = videos.remove(videoId);
      if (old != null) {
        clips -= old.fingerprint.clips().size();
      }
      return old != null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean contains(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.readLock().lock();
    try {
      return videos.containsKey(videoId);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<IndexHit> search(BitCode query, int radius) {
    return searchIn(query, radius, null);
  }

  @Override
  public List<IndexHit> search(BitCode query, int radius, ImmutableBitmapDataProvider videos) {
    return searchIn(query, radius, Objects.requireNonNull(videos, "videos"));
  }

  private List<IndexHit> searchIn(BitCode query, int radius, ImmutableBitmapDataProvider filter) {
    Objects.requireNonNull(query, "query");
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
    List<IndexHit> hits = new ArrayList<>();
    scan(query, filter, (e, i, d) -> {
      if (d <= radius) {
        hits.add(hit(e, i, d));
      }
    });
    hits.sort(ORDER);
    return hits;
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k) {
    return nearestIn(query, k, null);
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k, ImmutableBitmapDataProvider videos) {
    return nearestIn(query, k, Objects.requireNonNull(videos, "videos"));
  }

  private List<IndexHit> nearestIn(BitCode query, int k, ImmutableBitmapDataProvider filter) {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    PriorityQueue<IndexHit> heap = new PriorityQueue<>(ORDER.reversed());
    scan(query, filter, (e, i, d) -> {
      if (heap.size() < k || d <= heap.peek().distance()) {
        heap.add(hit(e, i, d));
        if (heap.size() > k) {
          heap.poll();
        }
      }
    });
    List<IndexHit> hits = new ArrayList<>(heap);
    hits.sort(ORDER);
    return hits;
  }

  private interface Visitor {
    void visit(Entry e, int clip, int distance);
  }

  /** Visits every clip of the videos selected by {@code filter} (all when null), under the read lock. */
  private void scan(BitCode query, ImmutableBitmapDataProvider filter, Visitor visitor) {
    lock.readLock().lock();
    try {
      checkOpen();
      if (spec == null) {
        return;
      }
      if (query.bits() != bits) {
        throw new IllegalArgumentException("query has " + query.bits() + " bits, the index " + bits);
      }
      int words = BitCode.wordsFor(bits);
      long[] q = query.toLongArray();
      int[] dist = new int[0];
      for (Entry e : videos.values()) {
        if (filter != null && !filter.contains(e.ordinal)) {
          continue;
        }
        int n = e.fingerprint.clips().size();
        if (dist.length < n) {
          dist = new int[Math.max(n, dist.length * 2)];
        }
        Hamming.distances(q, e.codes, words, n, dist);
        for (int i = 0; i < n; i++) {
          visitor.visit(e, i, dist[i]);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private static IndexHit hit(Entry e, int i, int d) {
    Clip c = e.fingerprint.clips().get(i);
    return new IndexHit(e.fingerprint.videoId(), i, c.start(), c.end(), d);
  }

  @Override
  public int ordinal(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.readLock().lock();
    try {
      Entry e = videos.get(videoId);
      return e == null ? -1 : e.ordinal;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<VideoFingerprint> fingerprint(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.readLock().lock();
    try {
      Entry e = videos.get(videoId);
      return e == null ? Optional.empty() : Optional.of(e.fingerprint);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> videoIds() {
    lock.readLock().lock();
    try {
      List<String> ids = new ArrayList<>(videos.keySet());
      ids.sort(null);
      return ids;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return clips;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int videoCount() {
    lock.readLock().lock();
    try {
      return videos.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<PipelineSpec> spec() {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(spec);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index is closed");
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      videos.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "ExactIndex(" + videoCount() + " videos, " + size() + " clips)";
  }

}
