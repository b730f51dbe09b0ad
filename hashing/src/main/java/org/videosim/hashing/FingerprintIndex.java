package org.videosim.hashing;

import java.util.List;
import java.util.Optional;
import org.videosim.Index;
import org.videosim.VideoFingerprint;

/**
 * An {@link Index} that keeps the whole fingerprint of every video it holds, so that candidates found through clip
 * searches can be rescored video against video with {@code VideoSimilarity.score(stored, query)}.
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
}
