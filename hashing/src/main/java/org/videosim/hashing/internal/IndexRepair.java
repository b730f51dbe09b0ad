package org.videosim.hashing.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.CorruptDataException;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.IndexReport;
import org.videosim.hashing.internal.IndexFiles.Commit;
import org.videosim.hashing.internal.IndexFiles.Manifest;

/**
 * Checks a persistent index without changing it ({@link #verify}), and rebuilds it from every intact record
 * ({@link #repair}). Both read every file record by record, skipping over damage to the next record that reads
 * intact, so that one damaged byte costs one record, not the rest of the file.
 */
public final class IndexRepair {
  private static final Logger LOG = LoggerFactory.getLogger(IndexRepair.class);
  /** The fewest bytes a log record takes: its header (21 bytes), a one-byte payload and its CRC-32. */
  static final int MIN_RECORD = 26;

  private IndexRepair() {}

  /** The findings of one scan, and the intact state in {@code mem}. */
  private static final class Scan {
    final Path dir;
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    MultiIndexHashingIndex mem;
    int formatVersion;
    int substrings;
    long generation = -1;
    long maxGeneration = -1;
    long records;
    long lost;
    long unacknowledged;
    boolean commitMissing;
    /** The snapshot's next video ordinal: the ordinal of log record 1 is this (-1 where unknown). */
    int ordinalBase = -1;
    /**
     * Unreadable bytes at the log's end, after its last intact record: each {@link #MIN_RECORD} of them may have
     * held a record whose ordinal must not be given again.
     */
    long unreadableLogBytes;

    Scan(Path dir) {
      this.dir = dir;
    }

    IndexReport report(Optional<Path> aside) {
      return new IndexReport(dir, formatVersion, Math.max(generation, 0), mem.videoCount(), mem.size(), records,
          lost, unacknowledged, problems, notes, aside);
    }
  }

  /**
   * Reads every file of the index in {@code dir} without changing anything (no lock is taken: a writer may be
   * appending meanwhile).
   *
   * @throws VideoSimilarityException if {@code dir} holds no index at all
   */
  public static IndexReport verify(Path dir) {
    Scan s = scan(dir);
    try {
      return s.report(Optional.empty());
    } finally {
      s.mem.close();
    }
  }

  /**
   * Rebuilds the index in {@code dir} from its intact records as a new generation, after copying every file it
   * replaces into {@code aside/repair-TIME/}; an intact index is left as it is. Takes the writer's lock.
   *
   * @throws VideoSimilarityException if there is no index, another writer holds it, or the files cannot be written
   */
  public static IndexReport repair(Path dir, Duration lockWait) {
    Path lockFile = dir.resolve(IndexFiles.LOCK);
    if (!Files.exists(dir.resolve(IndexFiles.MANIFEST)) && !Files.isDirectory(dir)) {
      throw noIndex(dir);
    }
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      FileLock lock = DirectoryIndex.acquire(dir, lockChannel, lockWait);
      try {
        lockChannel.truncate(0);
        lockChannel.write(java.nio.ByteBuffer.wrap((IndexFiles.holder() + " (repair)\n")
            .getBytes(StandardCharsets.UTF_8)), 0);
        Scan s = scan(dir);
        try {
          if (s.problems.isEmpty() && s.unacknowledged == 0 && s.formatVersion == DirectoryIndex.FORMAT_VERSION) {
            s.notes.add("nothing to repair");
            return s.report(Optional.empty());
          }
          return rebuild(s);
        } finally {
          s.mem.close();
        }
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot repair index '" + dir + "': " + e, e);
    }
  }

  private static IndexReport rebuild(Scan s) throws IOException {
    Path dir = s.dir;
    long next = Math.max(s.maxGeneration, s.generation) + 1;
    Path aside = Files.createDirectories(dir.resolve(IndexFiles.ASIDE).resolve("repair-" + IndexFiles.stamp()));
    List<Path> replaced = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && (IndexFiles.generationOf(name) >= 0 || name.equals(IndexFiles.MANIFEST)
            || name.equals(IndexFiles.COMMIT))) {
          copyForced(p, aside.resolve(name));
          replaced.add(p);
        }
      }
    }
    IndexFiles.syncDirectory(aside);
    // Ordinals of records lost where no later record's number tells how many there were (a damaged stretch at the
    // log's end, a lost snapshot header) must not be given to new videos: skip as many as could have been there.
    long skip = s.unreadableLogBytes / MIN_RECORD + (s.ordinalBase < 0 && s.generation > 0 ? s.lost : 0);
    s.mem.reserveOrdinals((int) Math.min(Integer.MAX_VALUE - 1L, s.mem.nextOrdinal() + skip));
    Path snap = dir.resolve(IndexFiles.snapshotName(next));
    Path tmp = dir.resolve(IndexFiles.snapshotName(next) + ".tmp");
    SnapshotFile.write(tmp, next, s.mem);
    IndexFiles.move(tmp, snap);
    IndexFiles.writeAtomically(dir.resolve(IndexFiles.logName(next)), LogFile.header(DirectoryIndex.FORMAT_VERSION,
        next));
    IndexFiles.createCommit(dir, new Commit(1, next, LogFile.HEADER)); // the switch to the new generation
    IndexFiles.writeAtomically(dir.resolve(IndexFiles.MANIFEST), IndexFiles.manifestBytes(
        DirectoryIndex.FORMAT_VERSION, s.substrings));
    for (Path p : replaced) {
      if (IndexFiles.generationOf(p.getFileName().toString()) >= 0) {
        Files.deleteIfExists(p);
      }
    }
    IndexFiles.syncDirectory(dir);
    s.generation = next;
    s.formatVersion = DirectoryIndex.FORMAT_VERSION;
    s.notes.add("wrote generation " + next + " with the " + s.mem.videoCount() + " videos of the intact records; "
        + s.lost + " acknowledged record(s) lost");
    LOG.warn("index '{}' repaired: generation {}, {} videos, {} acknowledged records lost, old files in '{}'", dir,
        next, s.mem.videoCount(), s.lost, aside);
    return s.report(Optional.of(aside));
  }

  private static void copyForced(Path from, Path to) throws IOException {
    Files.copy(from, to);
    try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static VideoSimilarityException noIndex(Path dir) {
    return new VideoSimilarityException("no videosim index in '" + dir + "' (it has no '" + IndexFiles.MANIFEST
        + "' file)");
  }

  private static Scan scan(Path dir) {
    Scan s = new Scan(dir);
    Path manifest = dir.resolve(IndexFiles.MANIFEST);
    try {
      if (!Files.exists(manifest)) {
        if (!Files.isDirectory(dir) || !hasIndexFiles(dir)) {
          throw noIndex(dir);
        }
        s.problems.add("'" + manifest + "' is missing");
      } else {
        try {
          Manifest m = IndexFiles.readManifest(manifest, DirectoryIndex.FORMAT_VERSION);
          s.formatVersion = m.version();
          s.substrings = m.substrings();
        } catch (CorruptDataException e) {
          s.problems.add(e.getMessage());
        }
      }
      s.mem = new MultiIndexHashingIndex(s.substrings);
      Commit commit = null;
      try {
        commit = IndexFiles.readCommit(dir).orElse(null);
        s.commitMissing = commit == null;
      } catch (CorruptDataException e) {
        s.problems.add(e.getMessage());
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          s.maxGeneration = Math.max(s.maxGeneration, IndexFiles.generationOf(p.getFileName().toString()));
        }
      }
      if (commit != null) {
        s.generation = commit.generation();
        if (s.maxGeneration > s.generation) {
          s.notes.add("files of generation " + s.maxGeneration + " were never committed (a compaction cut short)");
        }
      } else {
        s.generation = newestSnapshot(dir);
        if (s.formatVersion != 1 && s.maxGeneration >= 0) {
          s.problems.add("'" + dir.resolve(IndexFiles.COMMIT) + "' is missing or unreadable: the acknowledged "
              + "length of the log is unknown");
        }
      }
      if (s.generation > 0) {
        scanSnapshot(s, dir.resolve(IndexFiles.snapshotName(s.generation)));
      } else {
        s.ordinalBase = 0;
      }
      if (s.generation >= 0) {
        scanLog(s, dir.resolve(IndexFiles.logName(s.generation)), commit);
      }
      return s;
    } catch (IOException e) {
      if (s.mem != null) {
        s.mem.close();
      }
      throw new VideoSimilarityException("cannot read index '" + dir + "': " + e, e);
    }
  }

  private static boolean hasIndexFiles(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (IndexFiles.generationOf(p.getFileName().toString()) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static long newestSnapshot(Path dir) throws IOException {
    long gen = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (IndexFiles.SNAPSHOT.matcher(name).matches()) {
          gen = Math.max(gen, IndexFiles.generationOf(name));
        }
      }
    }
    return gen;
  }

  private static void scanSnapshot(Scan s, Path snap) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(snap);
    } catch (NoSuchFileException e) {
      s.problems.add("'" + snap + "' is missing: every video it held is lost");
      s.lost++;
      return;
    }
    List<String> problems = new ArrayList<>();
    SnapshotFile.Salvage salvage = SnapshotFile.salvage(data, snap.toString(), (fp, ordinal) -> add(s, fp,
        ordinal, snap, -1), problems);
    s.problems.addAll(problems);
    s.records += salvage.recovered();
    if (salvage.declared() > salvage.recovered()) {
      s.lost += salvage.declared() - salvage.recovered();
    } else if (!problems.isEmpty()) {
      s.lost++;
    }
    if (salvage.spec() != null && s.mem.videoCount() == 0) {
      try {
        s.mem.restoreSpec(salvage.spec(), salvage.bits());
      } catch (RuntimeException e) {
        s.notes.add("the snapshot's pipeline cannot be restored: " + e.getMessage());
      }
    }
    if (salvage.nextOrdinal() >= 0) {
      s.mem.reserveOrdinals(Math.max(salvage.nextOrdinal(), s.mem.nextOrdinal()));
      s.ordinalBase = salvage.nextOrdinal();
      if (problems.isEmpty() && !s.mem.deletedOrdinals().equals(salvage.tombstones())) {
        // what opening refuses: a record on a tombstone, or an ordinal neither held nor a tombstone
        s.problems.add("'" + snap + "': its tombstones and its records' video ordinals disagree (" + salvage
            .tombstones().getLongCardinality() + " tombstones, " + salvage.recovered() + " records, next ordinal "
            + salvage.nextOrdinal() + ")");
      }
    } else if (problems.isEmpty()) {
      s.ordinalBase = s.mem.nextOrdinal(); // an intact version-1 snapshot: ordinals in file order, as when opened
    }
  }

  private static void add(Scan s, VideoFingerprint fp, int ordinal, Path file, long pos) {
    try {
      if (ordinal >= 0 && !s.mem.holdsOrdinal(ordinal)) {
        s.mem.add(fp, ordinal);
      } else {
        s.mem.add(fp); // a version-1 snapshot, or an ordinal taken twice: a new one
      }
    } catch (IncompatibleFingerprintException | IllegalArgumentException e) {
      s.problems.add("'" + file + "'" + (pos >= 0 ? " at byte " + pos : "") + ": fingerprint '" + fp.videoId()
          + "' does not fit the index (" + e.getMessage() + ")");
      s.lost++;
    }
  }

  private static void scanLog(Scan s, Path path, Commit commit) throws IOException {
    if (!Files.exists(path)) {
      if (commit != null || s.generation > 0 || s.formatVersion == 1) {
        s.problems.add("'" + path + "' is missing" + (commit != null ? " (" + commit.logLength()
            + " bytes were acknowledged)" : ""));
        s.lost++;
      }
      return;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      int version;
      try {
        version = LogFile.readHeader(ch, path, s.generation, DirectoryIndex.FORMAT_VERSION);
      } catch (CorruptDataException e) {
        s.problems.add(e.getMessage());
        version = s.formatVersion == 1 ? 1 : DirectoryIndex.FORMAT_VERSION;
      }
      long acked = commit != null ? commit.logLength() : size;
      if (size < acked) {
        s.problems.add("'" + path + "' holds " + size + " bytes, but its first " + acked + " bytes were "
            + "acknowledged: the records from byte " + size + " on are missing");
        s.lost++;
        s.unreadableLogBytes += acked - size;
      }
      long pos = LogFile.HEADER;
      long expected = 1;
      while (pos < size) {
        LogFile.Entry e = LogFile.read(ch, pos, size, version);
        LogFile.Record r = e.record();
        if (r != null) {
          if (version != 1 && r.sequence() != expected) {
            if (r.sequence() > expected) {
              s.problems.add("'" + path + "': records " + expected + " to " + (r.sequence() - 1) + " are missing "
                  + "before byte " + pos);
              s.lost += r.sequence() - expected;
            } else {
              s.problems.add("'" + path + "' at byte " + pos + ": record number " + r.sequence() + " again");
            }
          }
          applyRecord(s, r, path);
          s.records++;
          expected = r.sequence() + 1;
          pos = r.end();
          continue;
        }
        if (commit != null && pos >= acked) {
          s.unacknowledged = size - pos; // a write cut short by a crash, never acknowledged
          break;
        }
        long next = LogFile.resync(ch, pos, size, version);
        if (next < 0 && commit == null && version == 1) {
          s.unacknowledged = size - pos; // format 1: a torn last record cannot be told from damage
          s.notes.add("'" + path + "': " + e.problem() + " at byte " + pos + " up to the end (format 1 cannot tell"
              + " a torn last write from damage)");
          break;
        }
        s.problems.add("'" + path + "': " + e.problem() + " at byte " + pos + "; bytes " + pos + " to "
            + (next < 0 ? size : next) + " are unreadable");
        if (next < 0) {
          s.unreadableLogBytes += size - pos; // no later record whose number says how many were lost
        }
        if (next < 0) {
          s.lost++;
          break;
        }
        long after = LogFile.read(ch, next, size, version).record().sequence();
        if (version == 1 || after <= expected) {
          s.lost++; // otherwise the gap in the sequence numbers counts the records lost, at the next record
        }
        pos = next;
      }
    }
  }

  private static void applyRecord(Scan s, LogFile.Record r, Path path) {
    int ordinal = -1;
    if (r.sequence() > 0 && s.ordinalBase >= 0) {
      long o = s.ordinalBase + r.sequence() - 1;
      if (o >= s.mem.nextOrdinal() && o < Integer.MAX_VALUE) {
        ordinal = (int) o; // else a record number seen again: the next free ordinal
      }
    }
    String problem = DirectoryIndex.applyOrProblem(s.mem, r, ordinal);
    if (problem != null) {
      s.problems.add("'" + path + "' at byte " + r.offset() + ": " + problem);
      s.lost++;
    }
  }
}
