package org.videosim.hashing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.videosim.Index;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.internal.DirectoryIndex;
import org.videosim.hashing.internal.ExactIndex;
import org.videosim.hashing.internal.MultiIndexHashingIndex;

/**
 * Static factories of {@link Index} implementations. All of them keep each video's whole fingerprint
 * ({@link FingerprintIndex}), give exactly the same search results, and allow any number of concurrent searches
 * while one thread adds or removes; a search sees each video entirely or not at all.
 */
public final class Indexes {
  private Indexes() {}

  /**
   * An in-memory index that compares the query with every clip: exact, the reference for the others, and the
   * fastest choice up to some hundred thousand clips. Thread-safe: searches run concurrently, adds and removes take
   * a write lock.
   */
  public static FingerprintIndex exact() {
    return new ExactIndex();
  }

  /**
   * An in-memory multi-index-hashing index: each code is split into substrings of up to 16 bits with an inverted
   * list per substring value, so a search of a small radius looks at a small fraction of the clips; results equal
   * {@link #exact()}'s. Large radii fall back to a scan. Thread-safe like {@link #exact()}.
   */
  public static FingerprintIndex multiIndexHashing() {
    return new MultiIndexHashingIndex(0);
  }

  /**
   * A multi-index-hashing index with a chosen number of substrings per code (each at most 16 bits long).
   *
   * @param substrings at least {@code ceil(bits / 16)} and at most the code length, checked at the first add
   */
  public static FingerprintIndex multiIndexHashing(int substrings) {
    if (substrings < 1) {
      throw new IllegalArgumentException("substrings must be positive: " + substrings);
    }
    return new MultiIndexHashingIndex(substrings);
  }

  /**
   * Creates a persistent multi-index-hashing index in {@code dir}, which must not exist or be empty.
   *
   * @throws VideoSimilarityException if the directory holds files or cannot be written
   */
  public static PersistentIndex create(Path dir) {
    if (Files.exists(Objects.requireNonNull(dir, "dir").resolve(DirectoryIndex.MANIFEST))) {
      throw new VideoSimilarityException("'" + dir + "' already holds an index; open it instead");
    }
    return DirectoryIndex.open(dir, true, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES);
  }

  /**
   * Opens the persistent index in {@code dir}, with every change acknowledged before.
   *
   * @throws org.videosim.CorruptDataException if its files are damaged, foreign or of a newer format
   * @throws VideoSimilarityException if there is no index or it is open in another process
   */
  public static PersistentIndex open(Path dir) {
    return DirectoryIndex.open(dir, false, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES);
  }

  /** Opens the persistent index in {@code dir}, creating it if the directory has none (and no other files). */
  public static PersistentIndex openOrCreate(Path dir) {
    return DirectoryIndex.open(dir, true, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES);
  }
}
