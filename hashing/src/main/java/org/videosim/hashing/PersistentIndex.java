package org.videosim.hashing;

import java.nio.file.Path;

/**
 * A {@link FingerprintIndex} kept in a directory, from {@link Indexes#create(Path)} or {@link Indexes#open(Path)}.
 *
 * <p>Durability: {@link #add} and {@link #remove} return only once the change is in the index's log and forced to
 * disk; a process killed at any moment reopens with every acknowledged change. One process at a time may open a
 * directory (an OS file lock). Errors of the disk or of the stored data are {@link
 * org.videosim.VideoSimilarityException}s ({@link org.videosim.CorruptDataException} for damaged or foreign files).
 *
 * <p>Thread-safety: any number of threads may search while one thread at a time adds, removes or compacts; a
 * search sees each video entirely or not at all.
 */
public interface PersistentIndex extends FingerprintIndex {

  /** The directory the index lives in. */
  Path directory();

  /**
   * Writes all fingerprints to a new snapshot and starts an empty log, then deletes the old files. Done
   * automatically when the log outgrows the snapshot; searches go on meanwhile, writes wait.
   */
  void compact();
}
