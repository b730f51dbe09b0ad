package org.videosim;

import java.util.List;
import java.util.Optional;

/**
 * A searchable collection of clip codes, added and removed a video (fingerprint) at a time.
 *
 * <p>All fingerprints in one index must come from compatible pipelines; the first one added fixes the
 * {@linkplain #spec() spec} and a later incompatible one gives an {@link IncompatibleFingerprintException}.
 * Implementations document their thread-safety; those in {@code videosim-hashing} allow concurrent searches while
 * one thread adds or removes. The contract suite {@code IndexContract} ({@code videosim-testkit}) checks any implementation.
 */
public interface Index extends AutoCloseable {

  /**
   * Adds every clip of a fingerprint under its video id, replacing an earlier fingerprint with the same id.
   *
   * @throws IncompatibleFingerprintException if its pipeline differs from the index's
   */
  void add(VideoFingerprint fingerprint);

  /** Removes a video's clips; returns false if the id is unknown. */
  boolean remove(String videoId);

  /** True if a video with this id has been added and not removed. */
  boolean contains(String videoId);

  /**
   * All clips within Hamming distance {@code radius} of {@code query}, nearest first (ties by video id, then clip).
   */
  List<IndexHit> search(BitCode query, int radius);

  /** The {@code k} clips nearest to {@code query}, nearest first (ties by video id, then clip). */
  List<IndexHit> nearest(BitCode query, int k);

  /** Number of clips. */
  int size();

  /** Number of videos. */
  int videoCount();

  /** The pipeline of the fingerprints held, or empty while the index is empty and has never held one. */
  Optional<PipelineSpec> spec();

  /** Releases resources; idempotent. */
  @Override
  void close();
}
