package org.videosim.hashing;

import java.nio.file.Path;

/**
 * A {@link FingerprintIndex} kept in a directory, from {@link Indexes#create(Path)} or {@link Indexes#open(Path)}.
 *
 * <p>Durability: {@link #add} and {@link #remove} return only once the change is in the index's log, forced to
 * disk and committed (the commit pointer, forced too); a process killed at any moment reopens with every
 * acknowledged change. Damage to acknowledged data is never dropped silently: opening fails with a {@link
 * org.videosim.CorruptDataException} naming the file and the byte, and {@link Indexes#repair} recovers the intact
 * records. One writer at a time (an OS file lock naming its process and host); readers ({@link
 * Indexes#openReadOnly}) take no lock and see the last committed state. Errors of the disk or of the stored data
 * are {@link org.videosim.VideoSimilarityException}s.
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
