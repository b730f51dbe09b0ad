package org.videosim.hashing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.ImmutableBitmapDataProvider;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.CheckKeys;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Hamming;

/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR
 * 2012) in memory. Each code is split into {@code m} disjoint substrings of at most 16 bits; for each substring an
 * inverted list per substring value holds the ids of the clips having it. A search of radius {@code r = q m + a}
 * ({@code 0 <= a < m}) probes, in the first {@code a + 1} substrings, every value within distance {@code q} of the
 * query's substring and, in the others, every value within {@code q - 1}: by the pigeonhole principle every code
 * within {@code r} shares such a value with the query in at least one substring. Candidates are verified with the
 * full Hamming distance, so results are exactly those of a linear scan. When the probes would cost more than a scan
 * (large radii, few clips) the index scans all codes with the {@link Hamming} kernels instead.
 *
 * <p>Clips get consecutive integer ids when their video is added; codes, time spans and frame counts live in
 * column chunks of 65536 clips, so a fingerprint can be rebuilt exactly. Each add also gives the video the next
 * {@linkplain #ordinal ordinal} (its public name, for filters), besides its slot (internal, renumbered by a
 * rebuild). Removing or replacing a video makes its ordinal a tombstone, kept in a RoaringBitmap ({@link
 * #deletedOrdinals}; ranges of them cost a few bytes): its clips stay in the lists, dead, skipped when verified,
 * until the index rebuilds itself once dead clips outnumber live ones; ordinals and tombstones survive the
 * rebuild. A search filtered by a bitmap of ordinals verifies only the selected videos' clips, or, when they are
 * fewer than a probe would visit, compares the query with their clips directly.
 *
 * <p>Thread-safety: a read-write lock. Searches, {@link #fingerprint} and the counters run concurrently; adds and
 * removes are exclusive and short (a video's clips are appended, never moved), so a search sees each video entirely
 * or not at all.
 */
public final class MultiIndexHashingIndex implements FingerprintIndex {
  static final Comparator<IndexHit> ORDER = Comparator.comparingInt(IndexHit::distance)
      .thenComparing(IndexHit::videoId).thenComparingInt(IndexHit::clipIndex);
  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MAX_SUBSTRING_BITS = 16;
  /** Random access to a candidate costs about this many codes of a sequential scan. */
  private static final int CANDIDATE_COST = 8;
  private static final int[] EMPTY = new int[0];

  private final int requestedSubstrings; // 0: one per 16 bits
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Everything below is guarded by lock.
  private PipelineSpec spec;
  private int bits;
  private int words;
  private int[] subStart; // first bit of each substring
  private int[] subLen; // length of each substring
  private int[][][] lists; // [substring][value] -> clip ids, ascending
  private int[][] listSizes; // [substring][value]
  /** Length of the check codes (0 until a fingerprint with them is added); their key lists ({@link CheckKeys}). */
  private int checkBits;
  private int[][][] checkLists; // [key substring][value] -> clip ids, ascending; null without check codes
  private int[][] checkListSizes;
  private long[][] codes = new long[0][];
  private double[][] starts = new double[0][];
  private double[][] ends = new double[0][];
  private int[][] frames = new int[0][];
  private byte[][] views = new byte[0][];
  private int[][] slotOf = new int[0][]; // clip id -> video slot
  private int ids; // clip ids handed out
  private int liveClips;
  private final Map<String, Video> videos = new HashMap<>();
  private final List<Video> slots = new ArrayList<>(); // null once removed
  private final Map<Integer, Video> byOrdinal = new HashMap<>();
  /** Ordinals given out and no longer held. */
  private final RoaringBitmap tombstones = new RoaringBitmap();
  private int nextOrdinal;
  private boolean closed;

  private static final class Video {
    final String id;
    final int ordinal;
    final double duration;
    final int first;
    final int count;
    /** Length of the check codes, 0 for none. */
    final int checkBits;
    /** The check codes, one after the other ({@code BitCode.wordsFor(checkBits)} words each); not searched. */
    final long[] checks;
    /** The fingerprint's motion levels, for rescoring; not searched. */
    final org.videosim.Motion motion;

    Video(String id, int ordinal, double duration, int first, int count, List<BitCode> checkCodes,
        org.videosim.Motion motion) {
      this.id = id;
      this.motion = motion;
      this.ordinal = ordinal;
      this.duration = duration;
      this.first = first;
      this.count = count;
      this.checkBits = checkCodes.isEmpty() ? 0 : checkCodes.get(0).bits();
      int w = BitCode.wordsFor(checkBits);
      this.checks = new long[checkCodes.size() * w];
      for (int i = 0; i < checkCodes.size(); i++) {
        checkCodes.get(i).copyTo(checks, i * w);
      }
    }

    List<BitCode> checkCodes() {
      int w = BitCode.wordsFor(checkBits);
      List<BitCode> out = new ArrayList<>(checkBits == 0 ? 0 : count);
      for (int i = 0; checkBits > 0 && i < count; i++) {
        out.add(BitCode.of(checkBits, java.util.Arrays.copyOfRange(checks, i * w, (i + 1) * w)));
      }
      return out;
    }
  }

  /**
   * @param substrings number of substrings per code, or 0 for one per 16 bits (rounded up); at most the code
   *     length, and each substring has at most 16 bits
   */
  public MultiIndexHashingIndex(int substrings) {
    if (substrings < 0) {
      throw new IllegalArgumentException("substrings must not be negative: " + substrings);
    }
    this.requestedSubstrings = substrings;
  }

  /**
   * The longest codes taken: the inverted lists cost {@code 2^16} entries per substring and the column chunks 65536
   * codes, so wider codes (which no binarizer of this library makes) would take gigabytes before the first search.
   */
  public static final int MAX_BITS = 1024;

  /** The number of substrings for codes of {@code bits} bits. */
  private int substringsFor(int bits) {
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException("codes of " + bits + " bits: this index takes 1 to " + MAX_BITS + " bits");
    }
    int m = requestedSubstrings == 0 ? (bits + MAX_SUBSTRING_BITS - 1) / MAX_SUBSTRING_BITS : requestedSubstrings;
    if (m > bits || (bits + m - 1) / m > MAX_SUBSTRING_BITS) {
      throw new IllegalArgumentException("cannot split " + bits + "-bit codes into " + m
          + " substrings of 1 to " + MAX_SUBSTRING_BITS + " bits");
    }
    return m;
  }

  private void init(PipelineSpec spec, int bits) {
    int m = substringsFor(bits);
    this.spec = spec;
    this.bits = bits;
    this.words = BitCode.wordsFor(bits);
    subStart = new int[m];
    subLen = new int[m];
    lists = new int[m][][];
    listSizes = new int[m][];
    for (int j = 0, start = 0; j < m; j++) {
      subLen[j] = bits / m + (j < bits % m ? 1 : 0);
      subStart[j] = start;
      start += subLen[j];
      lists[j] = new int[1 << subLen[j]][];
      listSizes[j] = new int[1 << subLen[j]];
    }
  }

  /** Sets the pipeline and code length of an index that has held fingerprints but holds none now. */
  public void restoreSpec(PipelineSpec spec, int bits) {
    Objects.requireNonNull(spec, "spec");
    lock.writeLock().lock();
    try {
      checkOpen();
      if (this.spec == null) {
        init(spec, bits);
      } else if (!this.spec.equals(spec) || this.bits != bits) {
        throw new IllegalStateException("the index already has another pipeline");
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The code length, or 0 before the first add. */
  public int bits() {
    lock.readLock().lock();
    try {
      return bits;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Clips of removed videos still in the lists (skipped by searches, dropped at the next rebuild). */
  public int deadClips() {
    lock.readLock().lock();
    try {
      return ids - liveClips;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of substrings, or 0 before the first add. */
  public int substrings() {
    lock.readLock().lock();
    try {
      return subLen == null ? 0 : subLen.length;
    } finally {
      lock.readLock().unlock();
    }
  }

  static int substring(long[] code, int base, int start, int len) {
    int w = start >>> 6;
    int off = start & 63;
    long v = code[base + w] >>> off;
    if (off + len > 64) {
      v |= code[base + w + 1] << (64 - off);
    }
    return (int) (v & ((1L << len) - 1));
  }

  @Override
  public void add(VideoFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    lock.writeLock().lock();
    try {
      checkOpen();
      checkCompatible(fingerprint);
      if (nextOrdinal == Integer.MAX_VALUE) {
        throw new IllegalStateException("this index has given out every video ordinal");
      }
      addLocked(fingerprint, nextOrdinal);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Adds a fingerprint under the ordinal a snapshot recorded for it, which no other video may hold (a tombstone or
   * an ordinal never given out); ordinals skipped over become tombstones. Replaces a video with the same id.
   *
   * @throws IllegalArgumentException if the ordinal is negative or held by another video
   */
  public void add(VideoFingerprint fingerprint, int ordinal) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    lock.writeLock().lock();
    try {
      checkOpen();
      checkCompatible(fingerprint);
      if (ordinal < 0 || ordinal == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad video ordinal " + ordinal);
      }
      Video holder = byOrdinal.get(ordinal);
      if (holder != null) {
        throw new IllegalArgumentException("video ordinal " + ordinal + " of '" + fingerprint.videoId()
            + "' is already that of '" + holder.id + "'");
      }
      addLocked(fingerprint, ordinal);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Makes every ordinal below {@code next} given out: those not held become tombstones (a snapshot's highest
   * ordinals may belong to deleted videos).
   */
  public void reserveOrdinals(int next) {
    if (next < 0) {
      throw new IllegalArgumentException("bad ordinal count " + next);
    }
    lock.writeLock().lock();
    try {
      checkOpen();
      reserveLocked(next);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** True if a video holds {@code ordinal}. */
  public boolean holdsOrdinal(int ordinal) {
    lock.readLock().lock();
    try {
      return byOrdinal.containsKey(ordinal);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The number of ordinals given out: the next add's ordinal. */
  public int nextOrdinal() {
    lock.readLock().lock();
    try {
      return nextOrdinal;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The tombstones: ordinals given out whose videos were removed or replaced since. A new bitmap. */
  public RoaringBitmap deletedOrdinals() {
    lock.readLock().lock();
    try {
      RoaringBitmap out = tombstones.clone();
      out.runOptimize();
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void reserveLocked(int next) {
    if (next > nextOrdinal) {
      tombstones.add((long) nextOrdinal, (long) next);
      nextOrdinal = next;
    }
  }

  private void addLocked(VideoFingerprint fingerprint, int ordinal) {
    if (spec == null) {
      init(fingerprint.spec(), fingerprint.codeBits());
    }
    Video old = videos.get(fingerprint.videoId());
    if (old != null) {
      removeLocked(old, false);
    }
    List<Clip> clips = fingerprint.clips();
    Video v = new Video(fingerprint.videoId(), ordinal, fingerprint.duration(), ids, clips.size(),
        fingerprint.checks(), fingerprint.motion());
    if (v.checkBits > 0 && checkLists == null) {
      checkBits = v.checkBits;
      checkLists = new int[CheckKeys.SUBSTRINGS][1 << 16][];
      checkListSizes = new int[CheckKeys.SUBSTRINGS][1 << 16];
    }
    if (v.checkBits > 0 && v.checkBits == checkBits) {
      int w = BitCode.wordsFor(checkBits);
      for (int i = 0; i < v.count; i++) {
        if (!CheckKeys.flat(v.checks, i, w)) {
          int[] keys = CheckKeys.keys(v.checks, i, w, checkBits);
          for (int j = 0; j < keys.length; j++) {
            appendTo(checkLists[j], checkListSizes[j], keys[j] & 0xffff, ids + i);
          }
        }
      }
    }
    int slot = slots.size();
    long[] code = new long[words];
    for (Clip c : clips) {
      int id = ids;
      int chunk = id >>> CHUNK_BITS;
      int at = id & (CHUNK - 1);
      if (chunk == codes.length) {
        grow();
      }
      c.code().copyTo(code, 0);
      System.arraycopy(code, 0, codes[chunk], at * words, words);
      starts[chunk][at] = c.start();
      ends[chunk][at] = c.end();
      frames[chunk][at] = c.frameCount();
      views[chunk][at] = (byte) c.view();
      slotOf[chunk][at] = slot;
      for (int j = 0; j < subLen.length; j++) {
        append(j, substring(code, 0, subStart[j], subLen[j]), id);
      }
      ids++;
    }
    slots.add(v);
    reserveLocked(ordinal + 1);
    tombstones.remove(ordinal);
    byOrdinal.put(ordinal, v);
    videos.put(v.id, v);
    liveClips += v.count;
    maybeRebuild();
  }

  /**
   * Throws {@link IncompatibleFingerprintException} unless {@code fingerprint} fits this index (or
   * {@link IllegalArgumentException} if the first one's codes cannot be split); the caller holds a lock.
   */
  void checkCompatible(VideoFingerprint fingerprint) {
    if (spec == null) {
      substringsFor(fingerprint.codeBits());
    } else {
      spec.checkCompatibleWith(fingerprint.spec(), "this index", "fingerprint '" + fingerprint.videoId() + "'");
      if (fingerprint.codeBits() != bits) {
        throw new IncompatibleFingerprintException("cannot add fingerprint '" + fingerprint.videoId() + "': its codes"
            + " have " + fingerprint.codeBits() + " bits, the index's " + bits);
      }
    }
  }

  /** Checks, under the read lock, that {@code fingerprint} could be added: the persistent index logs only those. */
  public void checkCanAdd(VideoFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    lock.readLock().lock();
    try {
      checkOpen();
      checkCompatible(fingerprint);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void grow() {
    int n = codes.length + 1;
    codes = Arrays.copyOf(codes, n);
    starts = Arrays.copyOf(starts, n);
    ends = Arrays.copyOf(ends, n);
    frames = Arrays.copyOf(frames, n);
    views = Arrays.copyOf(views, n);
    slotOf = Arrays.copyOf(slotOf, n);
    codes[n - 1] = new long[CHUNK * words];
    starts[n - 1] = new double[CHUNK];
    ends[n - 1] = new double[CHUNK];
    frames[n - 1] = new int[CHUNK];
    views[n - 1] = new byte[CHUNK];
    slotOf[n - 1] = new int[CHUNK];
  }

  private void append(int j, int value, int id) {
    appendTo(lists[j], listSizes[j], value, id);
  }

  private static void appendTo(int[][] lists, int[] sizes, int value, int id) {
    int[] l = lists[value];
    int n = sizes[value];
    if (l == null) {
      l = new int[4];
      lists[value] = l;
    } else if (n == l.length) {
      l = Arrays.copyOf(l, n + (n >> 1) + 1);
      lists[value] = l;
    }
    l[n] = id;
    sizes[value] = n + 1;
  }

  @Override
  public boolean remove(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.writeLock().lock();
    try {
      checkOpen();
      Video v = videos.get(videoId);
      if (v == null) {
        return false;
      }
      removeLocked(v, true);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void removeLocked(Video v, boolean mayRebuild) {
    videos.remove(v.id);
    slots.set(slotOf[v.first >>> CHUNK_BITS][v.first & (CHUNK - 1)], null);
    byOrdinal.remove(v.ordinal);
    tombstones.add(v.ordinal);
    liveClips -= v.count;
    if (mayRebuild) {
      maybeRebuild();
    }
  }

  private void maybeRebuild() {
    int dead = ids - liveClips;
    if (dead > 4096 && dead > liveClips) {
      rebuild();
    }
  }

  /** Renumbers the live clips from 0 and rebuilds the lists without the dead ones; ordinals stay. */
  private void rebuild() {
    List<VideoFingerprint> live = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    for (Video v : slots) {
      if (v != null) {
        live.add(fingerprintLocked(v));
        ordinals.add(v.ordinal);
      }
    }
    PipelineSpec s = spec;
    videos.clear();
    slots.clear();
    byOrdinal.clear();
    codes = new long[0][];
    starts = new double[0][];
    ends = new double[0][];
    frames = new int[0][];
    views = new byte[0][];
    slotOf = new int[0][];
    ids = 0;
    liveClips = 0;
    checkBits = 0;
    checkLists = null;
    checkListSizes = null;
    init(s, bits);
    for (int i = 0; i < live.size(); i++) {
      addLocked(live.get(i), ordinals.get(i)); // cannot trigger another rebuild: nothing is dead now
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
    lock.readLock().lock();
    try {
      checkOpen();
      if (spec == null) {
        return new ArrayList<>();
      }
      checkQuery(query);
      long[] q = query.toLongArray();
      double probe = mihCost(radius);
      List<IndexHit> hits;
      if (filter != null && selectedClipsEstimate(filter) < Math.min(probe, liveClips)) {
        hits = scanSelected(q, radius, filter);
      } else {
        hits = probe <= liveClips ? probe(q, radius, filter) : scan(q, radius, filter);
      }
      hits.sort(ORDER);
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k) {
    return nearestIn(query, k, null);
  }

  /** The check-code hits by their keys' lists: each clip that shares a key, verified (16 bytes per clip more). */
  @Override
  public List<IndexHit> searchChecks(BitCode check, int radius) {
    Objects.requireNonNull(check, "check");
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
    lock.readLock().lock();
    try {
      checkOpen();
      if (checkLists == null) {
        return new ArrayList<>();
      }
      if (check.bits() != checkBits) {
        throw new IllegalArgumentException("query check code has " + check.bits() + " bits, the index's "
            + checkBits);
      }
      int w = BitCode.wordsFor(checkBits);
      long[] q = check.toLongArray();
      int[] keys = CheckKeys.keys(q, 0, w, checkBits);
      RoaringBitmap seen = new RoaringBitmap();
      List<IndexHit> hits = new ArrayList<>();
      for (int j = 0; j < keys.length; j++) {
        int[] list = checkLists[j][keys[j] & 0xffff];
        int n = checkListSizes[j][keys[j] & 0xffff];
        for (int i = 0; i < n; i++) {
          int id = list[i];
          Video v = slots.get(slotOf[id >>> CHUNK_BITS][id & (CHUNK - 1)]);
          if (v == null || !seen.checkedAdd(id)) {
            continue;
          }
          int d = CheckKeys.distance(q, 0, v.checks, id - v.first, w);
          if (d <= radius) {
            int chunk = id >>> CHUNK_BITS;
            int at = id & (CHUNK - 1);
            hits.add(new IndexHit(v.id, id - v.first, starts[chunk][at], ends[chunk][at], d));
          }
        }
      }
      hits.sort(ORDER);
      return hits;
    } finally {
      lock.readLock().unlock();
    }
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
    lock.readLock().lock();
    try {
      checkOpen();
      if (spec == null || liveClips == 0) {
        return new ArrayList<>();
      }
      checkQuery(query);
      long[] q = query.toLongArray();
      if (filter != null && selectedClipsEstimate(filter) < liveClips) {
        // few selected clips: every one of them, sorted (the order is total, so ties come out as they should)
        List<IndexHit> hits = scanSelected(q, bits, filter);
        hits.sort(ORDER);
        return new ArrayList<>(hits.subList(0, Math.min(k, hits.size())));
      }
      int m = subLen.length;
      // Growing radii, each probing a whole level of every substring; all hits within the radius are found, so
      // once there are k of them the k nearest (ties included) are among them.
      for (int level = 0; ; level++) {
        int radius = Math.min(bits, (level + 1) * m - 1);
        if (mihCost(radius) > liveClips) {
          break;
        }
        List<IndexHit> hits = probe(q, radius, filter);
        if (hits.size() >= k || radius == bits) {
          hits.sort(ORDER);
          return new ArrayList<>(hits.subList(0, Math.min(k, hits.size())));
        }
      }
      // A scan: the k-th nearest distance, then every clip within it, so that ties are ordered like the others.
      int kth = kthDistance(q, k, filter);
      List<IndexHit> hits = scan(q, kth, filter);
      hits.sort(ORDER);
      return new ArrayList<>(hits.subList(0, Math.min(k, hits.size())));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * About how many clips the videos selected by {@code filter} hold, without visiting them: the bitmap's
   * cardinality times the mean clips per video (the caller holds the lock).
   */
  private double selectedClipsEstimate(ImmutableBitmapDataProvider filter) {
    return videos.isEmpty() ? 0 : filter.getLongCardinality() * ((double) liveClips / videos.size());
  }

  /** True if {@code slot} holds a live video that the filter selects (any live video without a filter). */
  private boolean selected(int slot, ImmutableBitmapDataProvider filter) {
    Video v = slots.get(slot);
    return v != null && (filter == null || filter.contains(v.ordinal));
  }

  /** Every clip within {@code r} of the videos that {@code filter} selects, compared one by one. */
  private List<IndexHit> scanSelected(long[] q, int r, ImmutableBitmapDataProvider filter) {
    List<IndexHit> hits = new ArrayList<>();
    IntIterator it = filter.getIntIterator();
    while (it.hasNext()) {
      int o = it.next();
      if (o < 0 || o >= nextOrdinal) {
        break; // ordinals come in unsigned order: the rest were never given out
      }
      Video v = byOrdinal.get(o);
      if (v == null) {
        continue;
      }
      for (int id = v.first; id < v.first + v.count; id++) {
        int chunk = id >>> CHUNK_BITS;
        int at = id & (CHUNK - 1);
        int d = Hamming.distance(q, 0, codes[chunk], at * words, words);
        if (d <= r) {
          hits.add(new IndexHit(v.id, id - v.first, starts[chunk][at], ends[chunk][at], d));
        }
      }
    }
    return hits;
  }

  private void checkQuery(BitCode query) {
    if (query.bits() != bits) {
      throw new IllegalArgumentException("query has " + query.bits() + " bits, the index " + bits);
    }
  }

  /** Per substring, the radius probed for a search of radius {@code r}; negative: not probed. */
  private int[] substringRadii(int r) {
    return substringRadii(r, subLen);
  }

  /**
   * Per substring of these lengths, the radius a multi-index search of radius {@code r = q m + a} probes: {@code q}
   * in the first {@code a + 1}, {@code q - 1} in the others (negative: not probed), at most the substring's length.
   */
  static int[] substringRadii(int r, int[] subLen) {
    int m = subLen.length;
    int q = r / m;
    int a = r % m;
    int[] radii = new int[m];
    for (int j = 0; j < m; j++) {
      radii[j] = Math.min(subLen[j], j <= a ? q : q - 1);
    }
    return radii;
  }

  /** True if a search of this radius would probe the inverted lists now, false if it would scan all codes. */
  public boolean probes(int radius) {
    lock.readLock().lock();
    try {
      return spec != null && mihCost(radius) <= liveClips;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Estimated cost of a multi-index search, in codes of a sequential scan. */
  private double mihCost(int r) {
    int[] radii = substringRadii(r);
    double cost = 0;
    for (int j = 0; j < radii.length; j++) {
      cost += valuesProbed(subLen[j], radii[j]) * (1 + CANDIDATE_COST * (double) ids / (1 << subLen[j]));
    }
    return cost;
  }

  /** The values a probe of radius {@code radius} looks up in a substring of {@code len} bits (0 if negative). */
  static double valuesProbed(int len, int radius) {
    double probes = 0;
    for (int p = 0; p <= radius; p++) {
      probes += binomial(len, p);
    }
    return probes;
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }

  /** The multi-index search; each hit is reported by the first substring that finds it. */
  private List<IndexHit> probe(long[] q, int r, ImmutableBitmapDataProvider filter) {
    int m = subLen.length;
    int[] radii = substringRadii(r);
    int[] qv = new int[m];
    for (int j = 0; j < m; j++) {
      qv[j] = substring(q, 0, subStart[j], subLen[j]);
    }
    List<IndexHit> hits = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      int len = subLen[j];
      for (int p = 0; p <= radii[j]; p++) {
        // every mask of p bits among len (Gosper's hack)
        int limit = 1 << len;
        for (int mask = (1 << p) - 1; mask < limit; ) {
          int value = qv[j] ^ mask;
          int[] list = lists[j][value];
          int n = listSizes[j][value];
          for (int i = 0; i < n; i++) {
            verify(q, r, list[i], j, radii, qv, hits, filter);
          }
          if (mask == 0) {
            break;
          }
          int c = mask & -mask;
          int rr = mask + c;
          mask = (((rr ^ mask) >>> 2) / c) | rr;
        }
      }
    }
    return hits;
  }

  private void verify(long[] q, int r, int id, int j, int[] radii, int[] qv, List<IndexHit> hits,
      ImmutableBitmapDataProvider filter) {
    int chunk = id >>> CHUNK_BITS;
    int at = id & (CHUNK - 1);
    if (filter != null) {
      Video v = slots.get(slotOf[chunk][at]);
      if (v == null || !filter.contains(v.ordinal)) {
        return;
      }
    }
    long[] c = codes[chunk];
    int base = at * words;
    int d = Hamming.distance(q, 0, c, base, words);
    if (d > r) {
      return;
    }
    for (int e = 0; e < j; e++) { // found already through an earlier substring?
      if (radii[e] >= 0 && Integer.bitCount(substring(c, base, subStart[e], subLen[e]) ^ qv[e]) <= radii[e]) {
        return;
      }
    }
    Video v = slots.get(slotOf[chunk][at]);
    if (v != null) {
      hits.add(new IndexHit(v.id, id - v.first, starts[chunk][at], ends[chunk][at], d));
    }
  }

  /** All live clips (of the selected videos) within {@code r}, by a scan. */
  private List<IndexHit> scan(long[] q, int r, ImmutableBitmapDataProvider filter) {
    List<IndexHit> hits = new ArrayList<>();
    for (int chunk = 0; chunk < codes.length; chunk++) {
      int n = Math.min(CHUNK, ids - (chunk << CHUNK_BITS));
      for (long h : Hamming.withinRadius(q, codes[chunk], words, n, r)) {
        int at = Hamming.indexOf(h);
        Video v = slots.get(slotOf[chunk][at]);
        if (v != null && (filter == null || filter.contains(v.ordinal))) {
          hits.add(new IndexHit(v.id, (chunk << CHUNK_BITS) + at - v.first, starts[chunk][at], ends[chunk][at],
              Hamming.distanceOf(h)));
        }
      }
    }
    return hits;
  }

  /** The distance of the k-th nearest live (selected) clip (the farthest distance if there are fewer). */
  private int kthDistance(long[] q, int k, ImmutableBitmapDataProvider filter) {
    long[] best = new long[0];
    for (int chunk = 0; chunk < codes.length; chunk++) {
      int n = Math.min(CHUNK, ids - (chunk << CHUNK_BITS));
      int want = k;
      long[] top;
      while (true) { // ask for more until k of them are live (dead clips are rare)
        top = Hamming.nearest(q, codes[chunk], words, n, want);
        int live = 0;
        for (long h : top) {
          live += selected(slotOf[chunk][Hamming.indexOf(h)], filter) ? 1 : 0;
        }
        if (live >= k || top.length == n) {
          break;
        }
        want = Math.min(n, want * 2 + (k - live));
      }
      long[] merged = Arrays.copyOf(best, best.length + top.length);
      int o = best.length;
      for (long h : top) {
        if (selected(slotOf[chunk][Hamming.indexOf(h)], filter)) {
          merged[o++] = Hamming.pack(Hamming.distanceOf(h), 0);
        }
      }
      merged = Arrays.copyOf(merged, o);
      Arrays.sort(merged);
      best = Arrays.copyOf(merged, Math.min(k, merged.length));
    }
    return best.length == 0 ? 0 : Hamming.distanceOf(best[best.length - 1]);
  }

  @Override
  public int ordinal(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.readLock().lock();
    try {
      Video v = videos.get(videoId);
      return v == null ? -1 : v.ordinal;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<VideoFingerprint> fingerprint(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    lock.readLock().lock();
    try {
      Video v = videos.get(videoId);
      return v == null ? Optional.empty() : Optional.of(fingerprintLocked(v));
    } finally {
      lock.readLock().unlock();
    }
  }

  private VideoFingerprint fingerprintLocked(Video v) {
    List<Clip> clips = new ArrayList<>(v.count);
    long[] code = new long[words];
    for (int id = v.first; id < v.first + v.count; id++) {
      int chunk = id >>> CHUNK_BITS;
      int at = id & (CHUNK - 1);
      System.arraycopy(codes[chunk], at * words, code, 0, words);
      clips.add(new Clip(starts[chunk][at], ends[chunk][at], frames[chunk][at], BitCode.of(bits, code),
          views[chunk][at]));
    }
    return new VideoFingerprint(v.id, v.duration, spec, clips, v.checkCodes(), List.of(), v.motion);
  }

  @Override
  public List<String> videoIds() {
    lock.readLock().lock();
    try {
      List<String> list = new ArrayList<>(videos.keySet());
      list.sort(null);
      return list;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return liveClips;
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
      slots.clear();
      byOrdinal.clear();
      codes = new long[0][];
      lists = null;
      checkLists = null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    lock.readLock().lock();
    try {
      return "MultiIndexHashingIndex(" + videos.size() + " videos, " + liveClips + " clips, "
          + (subLen == null ? (requestedSubstrings == 0 ? "auto" : requestedSubstrings) : subLen.length)
          + " substrings)";
    } finally {
      lock.readLock().unlock();
    }
  }
}
