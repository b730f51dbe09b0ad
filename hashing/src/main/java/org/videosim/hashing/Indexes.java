package org.videosim.hashing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import org.videosim.Index;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.internal.DirectoryIndex;
import org.videosim.hashing.internal.ExactIndex;
import org.videosim.hashing.internal.IndexRepair;
import org.videosim.hashing.internal.MappedIndex;
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
   * Opens the persistent index in {@code dir} for writing, with every change acknowledged before. Fails at once if
   * another writer has it open.
   *
   * @throws org.videosim.CorruptDataException if its files are damaged, missing, foreign or of a newer format
   * @throws VideoSimilarityException if there is no index or another writer holds it (the message names it)
   */
  public static PersistentIndex open(Path dir) {
    return open(dir, Duration.ZERO);
  }

  /**
   * Opens the persistent index in {@code dir} for writing, waiting up to {@code lockWait} while another writer
   * has it open.
   *
   * @throws VideoSimilarityException if another writer still holds it after {@code lockWait}: the message names it
   *     (process id, host and since when)
   */
  public static PersistentIndex open(Path dir, Duration lockWait) {
    return DirectoryIndex.open(dir, false, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES, lockWait);
  }

  /** Opens the persistent index in {@code dir}, creating it if the directory has none (and no other files). */
  public static PersistentIndex openOrCreate(Path dir) {
    return openOrCreate(dir, Duration.ZERO);
  }

  /** {@link #openOrCreate(Path)}, waiting up to {@code lockWait} while another writer has it open. */
  public static PersistentIndex openOrCreate(Path dir, Duration lockWait) {
    return DirectoryIndex.open(dir, true, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES, lockWait);
  }

  /**
   * Opens the persistent index in {@code dir} for searching only. No lock is taken: any number of readers, in any
   * number of processes, and one writer may have it open at once. The reader holds the state that was acknowledged
   * when it opened (later changes need a new open); {@code add}, {@code remove} and {@code compact} throw
   * {@link IllegalStateException}.
   *
   * @throws org.videosim.CorruptDataException if its files are damaged, missing, foreign or of a newer format
   * @throws VideoSimilarityException if there is no index
   */
  public static PersistentIndex openReadOnly(Path dir) {
    return DirectoryIndex.openReadOnly(dir);
  }

  /**
   * Reads every file of the persistent index in {@code dir}, record by record, and reports damage (file and byte
   * offset) without changing anything; no lock is taken.
   *
   * @throws VideoSimilarityException if {@code dir} holds no index
   */
  public static IndexReport verify(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return MappedIndex.isMapped(dir) ? MappedIndex.verify(dir) : IndexRepair.verify(dir);
  }

  /**
   * Writes a read-only, memory-mapped index of {@code fingerprints} into the new directory {@code dir}: its codes and
   * inverted lists stay off the heap (64 bytes per 256-bit clip in the search structures), so it scales past the
   * heap and is shared by every process that opens it. Built beside {@code dir} and renamed into place when whole.
   *
   * @param fingerprints one pass over the videos (one pipeline, unique ids)
   * @return the number of videos written
   * @throws org.videosim.VideoSimilarityException if {@code dir} exists
   */
  public static int writeMapped(Path dir, Iterator<VideoFingerprint> fingerprints) {
    return MappedIndex.write(dir, fingerprints, 0);
  }

  /** {@link #writeMapped(Path, Iterator)} of every video of {@code source}, in id order. */
  public static int writeMapped(Path dir, FingerprintIndex source) {
    Objects.requireNonNull(source, "source");
    Iterator<String> ids = source.videoIds().iterator();
    return writeMapped(dir, new Iterator<VideoFingerprint>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public VideoFingerprint next() {
        String id = ids.next();
        return source.fingerprint(id).orElseThrow(() -> new IllegalStateException("'" + id + "' left the index"));
      }
    });
  }

  /**
   * Opens the mapped index in {@code dir} (read-only: adds and removes throw): checks its manifest and files' lengths
   * and maps them; {@link #verify} reads every byte against the checksums. A damaged one is rebuilt from its source.
   */
  public static FingerprintIndex openMapped(Path dir) {
    return MappedIndex.open(dir);
  }

  /** True if {@code dir} holds a mapped index ({@link #writeMapped}). */
  public static boolean isMapped(Path dir) {
    return MappedIndex.isMapped(Objects.requireNonNull(dir, "dir"));
  }

  /**
   * Repairs the persistent index in {@code dir}: recovers every intact record (snapshot entries and log records
   * after a damaged stretch included), writes them as a new generation and keeps a copy of every file it replaced
   * in {@code aside/repair-TIME/}. The report says how many acknowledged records were lost. An intact index is
   * left unchanged. Also converts an index of an older format. Needs the writer's lock (fails naming the holder).
   *
   * @throws VideoSimilarityException if there is no index, another writer holds it, files cannot be written, or
   *     {@code dir} holds a mapped index (read-only: published again from its source instead)
   */
  public static IndexReport repair(Path dir) {
    if (MappedIndex.isMapped(Objects.requireNonNull(dir, "dir"))) {
      throw new VideoSimilarityException("'" + dir + "' is a mapped index: read-only, it is not repaired but "
          + "published again from its source (videosim index publish)");
    }
    return IndexRepair.repair(dir, Duration.ZERO);
  }
}
