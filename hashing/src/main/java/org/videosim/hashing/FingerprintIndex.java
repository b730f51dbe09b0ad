package org.videosim.hashing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.roaringbitmap.ImmutableBitmapDataProvider;
import org.roaringbitmap.RoaringBitmap;
import org.videosim.BitCode;
import org.videosim.Index;
import org.videosim.IndexHit;
import org.videosim.VideoFingerprint;

/**
 * An {@link Index} that keeps the whole fingerprint of every video it holds, so that candidates found through clip
 * searches can be rescored video against video with {@code VideoSimilarity.score(stored, query)}.
 *
 * <p><b>Video ordinals and filters.</b> Each add gives the video the next {@linkplain #ordinal ordinal}, a small
 * number that names it in a {@link RoaringBitmap}; {@link #search(BitCode, int, ImmutableBitmapDataProvider)} and
 * {@link #nearest(BitCode, int, ImmutableBitmapDataProvider)} look only at the videos whose ordinals a bitmap holds
 * (one user's uploads, one day's videos, the candidates of an earlier step):
 * <pre>{@code
 * RoaringBitmap mine = index.ordinals(myVideoIds);
 * List<IndexHit> hits = index.search(query, radius, mine);   // as search(query, radius), only these videos
 * }</pre>
 *
 * <p>Thread-safety is that of the implementation; those of {@link Indexes} allow any number of concurrent readers
 * (searches, {@link #fingerprint}, {@link #videoIds}) while one thread at a time adds or removes, and each reader
 * sees every video entirely or not at all.
 */
public interface FingerprintIndex extends Index {

  /** The fingerprint stored under {@code videoId}, equal to the one added; empty if there is none. */
  Optional<VideoFingerprint> fingerprint(String videoId);

  /** The ids of the videos held, sorted. */
  List<String> videoIds();

  /**
   * The ordinal of a video the index holds: a number from 0 that the index gave it when it was added, to name sets
   * of videos in a bitmap. Each add takes a new number, also an add that replaces a video with the same id; the
   * number of a removed or replaced video (a tombstone) is never given again, so a bitmap made earlier cannot
   * select a video added later. Persistent indexes keep the numbers, and the tombstones, when they are reopened or
   * compacted.
   *
   * @return the ordinal, or -1 if the index holds no video with this id
   * @throws NullPointerException if {@code videoId} is null
   */
  int ordinal(String videoId);

  /**
   * The ordinals of the videos among {@code videoIds} that the index holds (others are left out).
   *
   * @return a new bitmap
   * @throws NullPointerException if {@code videoIds} or one of its ids is null
   */
  default RoaringBitmap ordinals(Collection<String> videoIds) {
    Objects.requireNonNull(videoIds, "videoIds");
    RoaringBitmap out = new RoaringBitmap();
    for (String id : videoIds) {
      int o = ordinal(Objects.requireNonNull(id, "videoId"));
      if (o >= 0) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * {@link #search(BitCode, int)} restricted to the videos whose {@linkplain #ordinal ordinals} {@code videos}
   * holds: exactly the hits of those videos, in the same order. Ordinals of videos not held are ignored.
   *
   * <p>The default filters the unfiltered search; the implementations of {@link Indexes} look only at the selected
   * videos and see each video entirely or not at all while another thread writes.
   *
   * @throws NullPointerException if {@code query} or {@code videos} is null
   * @throws IllegalArgumentException if {@code radius} is negative
   */
  default List<IndexHit> search(BitCode query, int radius, ImmutableBitmapDataProvider videos) {
    Objects.requireNonNull(videos, "videos");
    List<IndexHit> out = new ArrayList<>();
    for (IndexHit h : search(query, radius)) {
      int o = ordinal(h.videoId());
      if (o >= 0 && videos.contains(o)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * {@link #nearest(BitCode, int)} among the videos whose {@linkplain #ordinal ordinals} {@code videos} holds: the
   * {@code k} nearest clips of those videos, nearest first (ties by video id, then clip).
   *
   * <p>The default filters a search of the whole code length (every clip); the implementations of {@link Indexes}
   * look only at the selected videos.
   *
   * @throws NullPointerException if {@code query} or {@code videos} is null
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  default List<IndexHit> nearest(BitCode query, int k, ImmutableBitmapDataProvider videos) {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    List<IndexHit> all = search(query, query.bits(), videos);
    return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
  }

  /**
   * The clips whose check codes are hits of {@code check} ({@link CheckKeys#hit}: a 16-bit substring in common and
   * within {@code radius}), sorted by distance, video and clip; the distances are in check-code bits. Empty when the
   * fingerprints have no check codes. A query in another orientation is another call (the caller turns the code:
   * {@link CheckKeys#orientations}). This default scans every fingerprint; the multi-index-hashing indexes look the
   * keys up.
   *
   * @throws IllegalArgumentException if {@code radius} is negative or the index's check codes have other lengths
   */
  default List<IndexHit> searchChecks(BitCode check, int radius) {
    Objects.requireNonNull(check, "check");
    if (radius < 0) {
      throw new IllegalArgumentException("radius must not be negative: " + radius);
    }
    int words = BitCode.wordsFor(check.bits());
    long[] q = check.toLongArray();
    List<IndexHit> out = new ArrayList<>();
    for (String id : videoIds()) {
      VideoFingerprint fp = fingerprint(id).orElse(null);
      if (fp == null || fp.checkBits() == 0) {
        continue;
      }
      if (fp.checkBits() != check.bits()) {
        throw new IllegalArgumentException("query check code has " + check.bits() + " bits, the index's "
            + fp.checkBits());
      }
      long[] codes = CheckKeys.pack(fp.checks());
      for (int c = 0; c < fp.clips().size(); c++) {
        if (CheckKeys.hit(q, 0, codes, c, words, check.bits(), radius)) {
          org.videosim.Clip clip = fp.clips().get(c);
          out.add(new IndexHit(id, c, clip.start(), clip.end(), CheckKeys.distance(q, 0, codes, c, words)));
        }
      }
    }
    out.sort(java.util.Comparator.comparingInt(IndexHit::distance).thenComparing(IndexHit::videoId)
        .thenComparingInt(IndexHit::clipIndex));
    return out;
  }
}
