package org.videosim.hashing.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.roaringbitmap.ImmutableBitmapDataProvider;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.PersistentIndex;
import org.videosim.hashing.internal.IndexFiles.Commit;
import org.videosim.hashing.internal.IndexFiles.Manifest;

/**
 * A {@link MultiIndexHashingIndex} kept in a directory: a snapshot of every fingerprint plus an append-only log of
 * the adds and removes since, each record checksummed, and a commit pointer that says how much of the log was
 * acknowledged; each change is forced to disk before the call returns.
 *
 * <p>Files ({@code G} is the generation, a decimal number):
 * <ul>
 *   <li>{@code videosim-index}: the manifest (format version, substrings), written last when an index is created.
 *   <li>{@code commit}: the current generation and the acknowledged length of its log ({@link IndexFiles}).
 *   <li>{@code snapshot-G.vsi}: every video's fingerprint at generation G ({@link SnapshotFile}); none for G = 0.
 *   <li>{@code log-G.vsl}: the adds and removes since ({@link LogFile}).
 *   <li>{@code lock}: held with an OS file lock by the one writer, and naming it (process, host, time).
 *   <li>{@code aside/}: bytes kept aside: an unacknowledged torn log tail, the old files a repair replaced.
 * </ul>
 *
 * <p>A write appends its record to the log and forces it, then advances the commit pointer and forces that: only
 * then is it acknowledged. Opening reads the current snapshot and replays the log. Damage anywhere in the
 * acknowledged part, a missing log or snapshot, a foreign file or a newer format is a {@link CorruptDataException}
 * naming the file and the byte; nothing is truncated or rewritten then ({@code Indexes.repair} recovers the intact
 * records). Past the acknowledged length a writer keeps whole records (written before a crash, not yet
 * acknowledged) and moves a torn rest into {@code aside/} before cutting it off.
 *
 * <p>Readers ({@link #openReadOnly}) take no lock: they read the commit pointer, then the snapshot and the log up to
 * the acknowledged length, and so see the last committed state while a writer appends. A writer holds the lock
 * file; a second writer waits up to its timeout, then fails naming the holder.
 *
 * <p>Indexes of format 1 (no commit pointer) are read as before; a writer converts them to format 2 by compacting.
 *
 * <p>Video ordinals ({@link #ordinal}): the snapshot records each video's ordinal, the next one and the tombstones
 * (ordinals of videos removed or replaced); log record {@code n} (counted from 1 in each log) has ordinal {@code
 * base + n - 1}, where {@code base} is the snapshot's next ordinal: an add takes it, a remove makes it a tombstone.
 * So every reader, and a repair that lost records in between, gives each video the ordinal its writer gave it.
 *
 * <p>Thread-safety: searches run concurrently with each other and with a write; writes (add, remove, compact) are
 * serialized. A write is logged and committed before it becomes visible to searches.
 */
public final class DirectoryIndex implements PersistentIndex {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryIndex.class);
  /** Name of the manifest file that marks a directory as an index. */
  public static final String MANIFEST = IndexFiles.MANIFEST;
  static final String LOCK = IndexFiles.LOCK;
  /** The format this library writes; format 1 (no commit pointer) is still read and converted. */
  static final int FORMAT_VERSION = 2;
  /** Default: compact once the log exceeds both this and the snapshot. */
  public static final long DEFAULT_COMPACT_BYTES = 64L << 20;
  private static final int READ_RETRIES = 20;

  private final Path dir;
  private final long compactBytes;
  private final boolean readOnly;
  private final MultiIndexHashingIndex mem;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  // guarded by writeLock (writers only)
  private int manifestVersion;
  private long generation;
  private FileChannel log;
  private FileChannel commitChannel;
  private long commitSequence;
  private long nextRecord = 1;
  /** The video ordinal of the log's record 1: the snapshot's next ordinal (see {@link #ordinalOf}). */
  private int ordinalBase;
  private long logSize;
  private long snapshotSize;
  private volatile boolean closed;

  private DirectoryIndex(Path dir, long compactBytes, int substrings, boolean readOnly, FileChannel lockChannel,
      FileLock fileLock) {
    this.dir = dir;
    this.compactBytes = compactBytes;
    this.readOnly = readOnly;
    this.mem = new MultiIndexHashingIndex(substrings);
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
  }

  /**
   * Opens the index in {@code dir} for writing, creating it first if {@code create} and the directory holds no
   * index; fails at once if another writer holds it.
   *
   * @param substrings for a new index: substrings per code, 0 for one per 16 bits; ignored when opening
   * @param compactBytes compact when the log exceeds this many bytes and the snapshot's size
   */
  public static DirectoryIndex open(Path dir, boolean create, int substrings, long compactBytes) {
    return open(dir, create, substrings, compactBytes, Duration.ZERO);
  }

  /**
   * Opens the index in {@code dir} for writing, waiting up to {@code lockWait} for another writer to close it.
   *
   * @throws VideoSimilarityException naming the other writer (process, host, since when) if it still holds the index
   */
  public static DirectoryIndex open(Path dir, boolean create, int substrings, long compactBytes,
      Duration lockWait) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(lockWait, "lockWait");
    if (substrings < 0) {
      throw new IllegalArgumentException("substrings must not be negative: " + substrings);
    }
    if (compactBytes < 0) {
      throw new IllegalArgumentException("compactBytes must not be negative: " + compactBytes);
    }
    if (lockWait.isNegative()) {
      throw new IllegalArgumentException("lockWait must not be negative: " + lockWait);
    }
    Path manifest = dir.resolve(MANIFEST);
    try {
      if (!Files.exists(manifest)) {
        if (!create) {
          throw noIndex(dir);
        }
        Files.createDirectories(dir);
        checkOnlyCreationLeftovers(dir);
      }
      FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = acquire(dir, lockChannel, lockWait);
        ByteBuffer who = ByteBuffer.wrap((IndexFiles.holder() + "\n").getBytes(StandardCharsets.UTF_8));
        lockChannel.truncate(0);
        lockChannel.write(who, 0);
      } catch (RuntimeException | IOException e) {
        lockChannel.close();
        throw e;
      }
      try {
        if (!Files.exists(manifest)) {
          createFiles(dir, substrings);
        }
        Manifest m = IndexFiles.readManifest(manifest, FORMAT_VERSION);
        DirectoryIndex index = new DirectoryIndex(dir, compactBytes, m.substrings(), false, lockChannel, lock);
        index.manifestVersion = m.version();
        try {
          index.loadForWriting();
        } catch (RuntimeException | IOException e) {
          index.closeFiles();
          throw e;
        }
        return index;
      } catch (RuntimeException | IOException e) {
        lock.release();
        lockChannel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot open index '" + dir + "': " + e, e);
    }
  }

  /**
   * Opens the index in {@code dir} for reading only: no lock is taken, so any number of readers and one writer may
   * have it open; the reader sees the state acknowledged when it opened. Adds, removes and compactions fail with
   * {@link IllegalStateException}.
   *
   * @throws CorruptDataException if its files are damaged, missing, foreign or of a newer format
   * @throws VideoSimilarityException if there is no index
   */
  public static DirectoryIndex openReadOnly(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path manifest = dir.resolve(MANIFEST);
    try {
      if (!Files.exists(manifest)) {
        throw noIndex(dir);
      }
      Manifest m = IndexFiles.readManifest(manifest, FORMAT_VERSION);
      for (int attempt = 0; ; attempt++) {
        DirectoryIndex index = new DirectoryIndex(dir, 0, m.substrings(), true, null, null);
        try {
          index.loadForReading(m.version());
          return index;
        } catch (GenerationMoved e) {
          index.mem.close();
          if (attempt >= READ_RETRIES) {
            throw new VideoSimilarityException("cannot open index '" + dir + "': its writer compacted it "
                + READ_RETRIES + " times while this reader opened it");
          }
        } catch (RuntimeException | IOException e) {
          index.mem.close();
          throw e;
        }
      }
    } catch (NoSuchFileException e) {
      throw new CorruptDataException("index '" + dir + "' lacks '" + e.getFile() + "'", e);
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot open index '" + dir + "': " + e, e);
    }
  }

  private static VideoSimilarityException noIndex(Path dir) {
    return new VideoSimilarityException("no videosim index in '" + dir + "' (it has no '" + MANIFEST
        + "' file); create one first");
  }

  /** A new index may be created where an earlier creation was interrupted, but nowhere else that holds files. */
  private static void checkOnlyCreationLeftovers(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!name.equals(LOCK) && !name.equals(IndexFiles.COMMIT) && !name.equals(IndexFiles.logName(0))
            && !name.endsWith(".tmp")) {
          throw new VideoSimilarityException("cannot create an index in '" + dir
              + "': the directory holds other files, e.g. '" + p.getFileName() + "'");
        }
      }
    }
  }

  /** Writes a new empty index: the log, the commit pointer, and last the manifest that makes it an index. */
  private static void createFiles(Path dir, int substrings) throws IOException {
    IndexFiles.writeAtomically(dir.resolve(IndexFiles.logName(0)), LogFile.header(FORMAT_VERSION, 0));
    IndexFiles.createCommit(dir, new Commit(1, 0, LogFile.HEADER));
    IndexFiles.writeAtomically(dir.resolve(MANIFEST), IndexFiles.manifestBytes(FORMAT_VERSION, substrings));
  }

  static FileLock acquire(Path dir, FileChannel ch, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean inThisProcess = false;
    while (true) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
        inThisProcess = true;
      }
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() >= deadline) {
        break;
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VideoSimilarityException("interrupted while waiting for the writer's lock of index '" + dir + "'",
            e);
      }
    }
    String holder;
    try {
      holder = new String(Files.readAllBytes(dir.resolve(LOCK)), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      holder = "";
    }
    throw new VideoSimilarityException("index '" + dir + "' is open for writing by " + (holder.isEmpty()
        ? "another process" : holder) + (inThisProcess ? " (in this process)" : "") + "; waited "
        + wait.toMillis() / 1000.0 + " s for it (one writer at a time; read-only opens need no lock)");
  }

  /** Thrown inside a reader's open when the writer moved to another generation meanwhile: try again. */
  private static final class GenerationMoved extends Exception {
    private static final long serialVersionUID = 1L;

    GenerationMoved() {
      super(null, null, false, false);
    }
  }

  private void loadForReading(int version) throws IOException, GenerationMoved {
    Optional<Commit> commit = IndexFiles.readCommit(dir);
    if (commit.isEmpty()) {
      if (version == 1) {
        loadLegacy();
        return;
      }
      if (isEmptyCreation()) {
        return; // created, nothing ever written
      }
      throw missingCommit();
    }
    Commit c = commit.get();
    Path logPath = dir.resolve(IndexFiles.logName(c.generation()));
    Path snapPath = dir.resolve(IndexFiles.snapshotName(c.generation()));
    try (FileChannel snapCh = c.generation() > 0 ? openOrMoved(snapPath, c) : null;
        FileChannel logCh = openOrMoved(logPath, c)) {
      if (snapCh != null) {
        SnapshotFile.read(java.nio.channels.Channels.newInputStream(snapCh), snapCh.size(), snapPath.toString(),
            c.generation(), mem);
      }
      ordinalBase = mem.nextOrdinal();
      replay(logPath, logCh, c);
    }
  }

  /** Opens a file of commit {@code c}'s generation; if it is gone because the writer moved on, says so. */
  private FileChannel openOrMoved(Path file, Commit c) throws IOException, GenerationMoved {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      Optional<Commit> now = IndexFiles.readCommit(dir);
      if (now.isPresent() && now.get().generation() != c.generation()) {
        throw new GenerationMoved();
      }
      throw missing(file, c);
    }
  }

  private CorruptDataException missing(Path file, Commit c) {
    return new CorruptDataException("index '" + dir + "' lacks '" + file.getFileName() + "', which its commit "
        + "file names (generation " + c.generation() + ", " + c.logLength() + " bytes of log acknowledged): "
        + "acknowledged data is missing; 'videosim index repair' recovers what is left");
  }

  /** True if the directory holds the manifest but no commit, snapshot or log: a creation that wrote nothing. */
  private boolean isEmptyCreation() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (IndexFiles.generationOf(p.getFileName().toString()) >= 0) {
          return false;
        }
      }
    }
    return true;
  }

  private void loadForWriting() throws IOException {
    Optional<Commit> commit = IndexFiles.readCommit(dir);
    if (commit.isEmpty()) {
      if (manifestVersion == 1) {
        loadLegacy();
        LOG.info("index '{}': converting from format 1 to format {}", dir, FORMAT_VERSION);
        compactLocked();
        return;
      }
      if (!isEmptyCreation()) {
        throw missingCommit();
      }
      // The manifest was written but nothing else: finish creating the index.
      IndexFiles.writeAtomically(dir.resolve(IndexFiles.logName(0)), LogFile.header(FORMAT_VERSION, 0));
      IndexFiles.createCommit(dir, new Commit(1, 0, LogFile.HEADER));
      commit = IndexFiles.readCommit(dir);
    }
    Commit c = commit.orElseThrow();
    generation = c.generation();
    commitSequence = c.sequence();
    Path logPath = dir.resolve(IndexFiles.logName(generation));
    if (generation > 0) {
      Path snap = dir.resolve(IndexFiles.snapshotName(generation));
      if (!Files.exists(snap)) {
        throw missing(snap, c);
      }
      snapshotSize = SnapshotFile.read(snap, generation, mem);
    }
    ordinalBase = mem.nextOrdinal();
    if (!Files.exists(logPath)) {
      throw missing(logPath, c);
    }
    log = FileChannel.open(logPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    commitChannel = FileChannel.open(dir.resolve(IndexFiles.COMMIT), StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    logSize = replay(logPath, log, c);
    log.position(logSize);
    if (logSize != c.logLength()) {
      commit(logSize); // whole records written before a crash, now acknowledged
    }
    if (manifestVersion != FORMAT_VERSION) {
      writeManifest(); // a conversion stopped between the commit file and the manifest
    }
    deleteOtherGenerations(generation);
  }

  /** The error for a format-2 index without a commit file but with data in it. */
  private CorruptDataException missingCommit() {
    return new CorruptDataException("index '" + dir + "' lacks its commit file '" + IndexFiles.COMMIT
        + "', so the acknowledged length of its log is unknown; 'videosim index repair' recovers the intact "
        + "records");
  }

  private void writeManifest() throws IOException {
    int substrings = IndexFiles.readManifest(dir.resolve(MANIFEST), FORMAT_VERSION).substrings();
    IndexFiles.writeAtomically(dir.resolve(MANIFEST), IndexFiles.manifestBytes(FORMAT_VERSION, substrings));
    manifestVersion = FORMAT_VERSION;
  }

  /**
   * Replays a format-2 log: the acknowledged part must be intact. Readers stop at the acknowledged length; a writer
   * also takes the whole records after it and keeps aside, then cuts off, a torn rest.
   *
   * @return the length of the log's intact part
   */
  private long replay(Path path, FileChannel ch, Commit c) throws IOException {
    long size = ch.size();
    long acked = c.logLength();
    int version = LogFile.readHeader(ch, path, c.generation(), FORMAT_VERSION);
    if (version != FORMAT_VERSION) {
      throw new CorruptDataException("'" + path + "' has format version " + version + " in an index of format "
          + FORMAT_VERSION);
    }
    if (size < acked) {
      throw new CorruptDataException("corrupt index log '" + path + "': it holds " + size + " bytes, but its first "
          + acked + " bytes were acknowledged: acknowledged records are missing from byte " + size + " on; "
          + "'videosim index repair' recovers the intact records");
    }
    long limit = readOnly ? acked : size;
    long pos = LogFile.HEADER;
    long seq = 1;
    int records = 0;
    while (pos < limit) {
      LogFile.Entry e = LogFile.read(ch, pos, limit);
      String problem = e.problem();
      if (problem == null && e.record().sequence() != seq) {
        problem = "record number " + e.record().sequence() + " where number " + seq + " belongs";
      }
      if (problem == null && pos < acked && e.record().end() > acked) {
        problem = "a record that runs past the acknowledged end at byte " + acked;
      }
      if (problem == null) {
        problem = applyOrProblem(mem, e.record(), ordinalOf(ordinalBase, seq));
      }
      if (problem != null) {
        if (pos < acked) {
          throw new CorruptDataException("corrupt index log '" + path + "': " + problem + " at byte " + pos
              + " (record " + seq + "), inside its acknowledged first " + acked + " bytes; nothing was changed: "
              + "'videosim index repair' recovers the intact records");
        }
        dropTornTail(path, ch, pos, size, problem);
        break;
      }
      pos = e.record().end();
      seq++;
      records++;
    }
    nextRecord = seq;
    LOG.debug("index '{}': replayed {} log records", dir, records);
    return pos;
  }

  /** Keeps the unacknowledged bytes from {@code pos} aside, then cuts them off the log (writers only). */
  private void dropTornTail(Path path, FileChannel ch, long pos, long size, String problem) throws IOException {
    if (readOnly) {
      return;
    }
    Path kept = IndexFiles.keepAside(dir, ch, path.getFileName().toString(), pos, size);
    LOG.warn("index log '{}': {} unacknowledged bytes at byte {} ({}), a write cut short by a crash: kept in '{}' "
        + "and cut off", path, size - pos, pos, problem, kept);
    ch.truncate(pos);
    ch.force(true);
  }

  /**
   * The video ordinal of log record {@code sequence} (from 1) of a log whose snapshot's next ordinal is {@code
   * base}.
   *
   * @throws CorruptDataException if it does not fit an int
   */
  static int ordinalOf(int base, long sequence) {
    long o = base + sequence - 1;
    if (sequence < 1 || o >= Integer.MAX_VALUE) {
      throw new CorruptDataException("log record " + sequence + " after video ordinal " + base
          + " has no video ordinal: too many records");
    }
    return (int) o;
  }

  /**
   * Applies a log record to {@code mem}, or says why it cannot be (null if it was applied).
   *
   * @param ordinal the record's video ordinal ({@link #ordinalOf}), which an add takes and a remove makes a
   *     tombstone; -1 for the next free one (format-1 logs)
   */
  static String applyOrProblem(MultiIndexHashingIndex mem, LogFile.Record r, int ordinal) {
    if (ordinal >= 0 && ordinal < mem.nextOrdinal()) {
      return "a record with video ordinal " + ordinal + ", which was given out before it (next " + mem.nextOrdinal()
          + ")";
    }
    if (r.type() != LogFile.ADD) {
      mem.remove(new String(r.payload(), StandardCharsets.UTF_8));
      if (ordinal >= 0) {
        mem.reserveOrdinals(ordinal + 1);
      }
      return null;
    }
    VideoFingerprint fp;
    try {
      fp = VideoFingerprint.fromBytes(r.payload());
    } catch (CorruptDataException e) {
      return "a record whose fingerprint cannot be read (" + e.getMessage() + ")";
    }
    try {
      if (ordinal >= 0) {
        mem.add(fp, ordinal);
      } else {
        mem.add(fp);
      }
      return null;
    } catch (IncompatibleFingerprintException | IllegalArgumentException e) {
      return "a record whose fingerprint '" + fp.videoId() + "' does not fit the index (" + e.getMessage() + ")";
    }
  }

  /**
   * Reads a format-1 index (no commit pointer): the newest snapshot and its log, every record intact but for a
   * last one cut short, which is ignored.
   */
  private void loadLegacy() throws IOException {
    long snap = -1;
    long maxLog = -1;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        long g = IndexFiles.generationOf(name);
        if (IndexFiles.SNAPSHOT.matcher(name).matches()) {
          snap = Math.max(snap, g);
        } else if (g >= 0) {
          maxLog = Math.max(maxLog, g);
        }
      }
    }
    generation = Math.max(snap, 0);
    if (maxLog > generation) {
      throw new CorruptDataException("index '" + dir + "' has log-" + maxLog + ".vsl but no snapshot-" + maxLog
          + ".vsi: files are missing");
    }
    if (snap >= 0) {
      snapshotSize = SnapshotFile.read(dir.resolve(IndexFiles.snapshotName(snap)), snap, mem);
    }
    Path path = dir.resolve(IndexFiles.logName(generation));
    if (!Files.exists(path)) {
      throw new CorruptDataException("index '" + dir + "' lacks '" + path.getFileName() + "'");
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      int version = LogFile.readHeader(ch, path, generation, 1);
      long pos = LogFile.HEADER;
      while (pos < size && version == 1) {
        LogFile.Entry e = LogFile.readLegacy(ch, pos, size);
        String problem = e.problem() != null ? e.problem() : applyOrProblem(mem, e.record(), -1);
        if (problem != null) {
          long end = e.record() == null ? size : e.record().end();
          if (end >= size || allZero(ch, pos, size)) {
            LOG.warn("index log '{}' (format 1): ignoring an unfinished last record at byte {} ({}, {} bytes)",
                path, pos, problem, size - pos);
            if (!readOnly) {
              IndexFiles.keepAside(dir, ch, path.getFileName().toString(), pos, size);
            }
            break;
          }
          throw new CorruptDataException("corrupt index log '" + path + "': " + problem + " at byte " + pos
              + " with " + (size - end) + " bytes after it; 'videosim index repair' recovers the intact records");
        }
        pos = e.record().end();
      }
    }
  }

  private static boolean allZero(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    for (long p = from; p < size; ) {
      b.clear();
      int n = ch.read(b, p);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      p += n;
    }
    return true;
  }

  /** Removes the files of other generations (older ones, or a compaction that never committed) and temporaries. */
  private void deleteOtherGenerations(long gen) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        long g = IndexFiles.generationOf(name);
        if ((g >= 0 && g != gen) || name.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
    IndexFiles.syncDirectory(dir);
  }

  /** Acknowledges the log's first {@code length} bytes. */
  private void commit(long length) throws IOException {
    Commit c = new Commit(commitSequence + 1, generation, length);
    IndexFiles.writeCommit(commitChannel, c);
    commitSequence = c.sequence();
  }

  @Override
  public void add(VideoFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    writeLock.lock();
    try {
      checkWritable();
      mem.checkCanAdd(fingerprint);
      int ordinal = ordinalOf(ordinalBase, nextRecord);
      append(LogFile.ADD, fingerprint.toBytes());
      mem.add(fingerprint, ordinal);
      maybeCompact();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean remove(String videoId) {
    Objects.requireNonNull(videoId, "videoId");
    writeLock.lock();
    try {
      checkWritable();
      if (!mem.contains(videoId)) {
        return false;
      }
      int ordinal = ordinalOf(ordinalBase, nextRecord);
      append(LogFile.REMOVE, videoId.getBytes(StandardCharsets.UTF_8));
      boolean removed = mem.remove(videoId);
      mem.reserveOrdinals(ordinal + 1);
      maybeCompact();
      return removed;
    } finally {
      writeLock.unlock();
    }
  }

  /** Appends a record, forces it, then commits it: acknowledged when this returns. */
  private void append(byte type, byte[] payload) {
    byte[] record = LogFile.encode(nextRecord, type, payload);
    try {
      ByteBuffer b = ByteBuffer.wrap(record);
      long pos = logSize;
      while (b.hasRemaining()) {
        pos += log.write(b, pos);
      }
      log.force(false);
      commit(logSize + record.length);
      logSize += record.length;
      nextRecord++;
    } catch (IOException e) {
      // Not acknowledged: forget the unacknowledged tail so that the next append starts clean.
      try {
        log.truncate(logSize);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new VideoSimilarityException("cannot write to the log of index '" + dir + "': " + e, e);
    }
  }

  private void maybeCompact() {
    if (logSize > compactBytes && logSize > snapshotSize) {
      compactLocked();
    }
  }

  @Override
  public void compact() {
    writeLock.lock();
    try {
      checkWritable();
      compactLocked();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Writes snapshot G+1 and an empty log G+1, then moves the commit pointer to them (the switch), then deletes
   * generation G.
   */
  private void compactLocked() {
    long next = generation + 1;
    Path snap = dir.resolve(IndexFiles.snapshotName(next));
    Path tmp = dir.resolve(IndexFiles.snapshotName(next) + ".tmp");
    long t0 = System.nanoTime();
    try {
      SnapshotFile.write(tmp, next, mem);
      IndexFiles.move(tmp, snap);
      Path newLog = dir.resolve(IndexFiles.logName(next));
      IndexFiles.writeAtomically(newLog, LogFile.header(FORMAT_VERSION, next));
      FileChannel old = log;
      log = FileChannel.open(newLog, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (old != null) {
        old.close();
      }
      generation = next;
      if (commitChannel == null) { // converting a format-1 index
        commitSequence = 1;
        IndexFiles.createCommit(dir, new Commit(commitSequence, next, LogFile.HEADER));
        commitChannel = FileChannel.open(dir.resolve(IndexFiles.COMMIT), StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        writeManifest();
      } else {
        commit(LogFile.HEADER);
      }
      logSize = LogFile.HEADER;
      nextRecord = 1;
      ordinalBase = mem.nextOrdinal();
      snapshotSize = Files.size(snap);
      deleteOtherGenerations(next);
      LOG.debug("index '{}': compacted to generation {} ({} bytes) in {} ms", dir, next, snapshotSize,
          (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot compact index '" + dir + "': " + e, e);
    }
  }

  @Override
  public Path directory() {
    return dir;
  }

  /** True if this index was opened with {@link #openReadOnly}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public boolean contains(String videoId) {
    return mem.contains(videoId);
  }

  @Override
  public List<IndexHit> search(BitCode query, int radius) {
    checkOpen();
    return mem.search(query, radius);
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k) {
    checkOpen();
    return mem.nearest(query, k);
  }

  @Override
  public List<IndexHit> searchChecks(BitCode check, int radius) {
    checkOpen();
    return mem.searchChecks(check, radius);
  }

  @Override
  public List<IndexHit> search(BitCode query, int radius, ImmutableBitmapDataProvider videos) {
    checkOpen();
    return mem.search(query, radius, videos);
  }

  @Override
  public List<IndexHit> nearest(BitCode query, int k, ImmutableBitmapDataProvider videos) {
    checkOpen();
    return mem.nearest(query, k, videos);
  }

  @Override
  public int ordinal(String videoId) {
    return mem.ordinal(videoId);
  }

  /**
   * The tombstones: ordinals of videos removed or replaced (kept in the snapshot, so never given again). A new
   * bitmap.
   */
  public RoaringBitmap deletedOrdinals() {
    return mem.deletedOrdinals();
  }

  @Override
  public Optional<VideoFingerprint> fingerprint(String videoId) {
    return mem.fingerprint(videoId);
  }

  @Override
  public List<String> videoIds() {
    return mem.videoIds();
  }

  @Override
  public int size() {
    return mem.size();
  }

  @Override
  public int videoCount() {
    return mem.videoCount();
  }

  @Override
  public Optional<PipelineSpec> spec() {
    return mem.spec();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index '" + dir + "' is closed");
    }
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new IllegalStateException("index '" + dir + "' is open read-only");
    }
  }

  private void closeFiles() throws IOException {
    try {
      if (log != null) {
        log.close();
      }
    } finally {
      if (commitChannel != null) {
        commitChannel.close();
      }
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      mem.close();
      if (readOnly) {
        return;
      }
      try {
        closeFiles();
      } finally {
        fileLock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot close index '" + dir + "': " + e, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "PersistentIndex(" + dir + (readOnly ? ", read-only, " : ", ") + mem + ")";
  }
}
