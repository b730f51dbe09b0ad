package org.videosim.hashing.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.PersistentIndex;

/**
 * A {@link MultiIndexHashingIndex} kept in a directory: a snapshot of every fingerprint plus an append-only log of
 * the adds and removes since, each record checksummed and forced to disk before the call returns.
 *
 * <p>Files ({@code G} is the generation, a decimal number):
 * <ul>
 *   <li>{@code videosim-index}: the manifest: magic, format version, substrings, CRC-32; written once.
 *   <li>{@code snapshot-G.vsi}: every video's fingerprint at generation G: header (magic, version, G, the pipeline
 *       spec and code length once known), one record per video, then a trailer (record count and the CRC-32 of the
 *       whole file). Written beside its final name, forced, then renamed atomically.
 *   <li>{@code log-G.vsl}: header (magic, version, G), then records {@code [length][CRC-32][type][payload]}: type 1
 *       adds a fingerprint ({@link VideoFingerprint#toBytes()}), type 2 removes a video id.
 *   <li>{@code lock}: held with an OS file lock while the index is open, so that one process writes.
 * </ul>
 * Opening reads the newest snapshot and replays its log. A record cut short at the end of the log (the process died
 * while writing it, before acknowledging it) is dropped and the log truncated; any other damage, a foreign file or a
 * newer format gives a {@link CorruptDataException}. When the log outgrows the snapshot (and a minimum size) the
 * index compacts: it writes snapshot G+1 and an empty log G+1, then deletes generation G.
 *
 * <p>Thread-safety: searches run concurrently with each other and with a write; writes (add, remove, compact) are
 * serialized. A write is logged and forced before it becomes visible to searches.
 */
public final class DirectoryIndex implements PersistentIndex {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryIndex.class);
  /** Name of the manifest file that marks a directory as an index. */
  public static final String MANIFEST = "videosim-index";
  static final String LOCK = "lock";
  private static final int MANIFEST_MAGIC = 0x5653494d; // "VSIM"
  private static final int SNAPSHOT_MAGIC = 0x56534953; // "VSIS"
  private static final int SNAPSHOT_END = 0x56534945; // "VSIE"
  private static final int LOG_MAGIC = 0x5653494c; // "VSIL"
  static final int FORMAT_VERSION = 1;
  private static final int LOG_HEADER = 16;
  private static final byte ADD = 1;
  private static final byte REMOVE = 2;
  private static final int MAX_RECORD = 1 << 30;
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{1,18})\\.vsi");
  private static final Pattern LOG_FILE = Pattern.compile("log-(\\d{1,18})\\.vsl");
  /** Default: compact once the log exceeds both this and the snapshot. */
  public static final long DEFAULT_COMPACT_BYTES = 64L << 20;

  private final Path dir;
  private final long compactBytes;
  private final MultiIndexHashingIndex mem;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  // guarded by writeLock
  private long generation;
  private FileChannel log;
  private long logSize;
  private long snapshotSize;
  private volatile boolean closed;

  private DirectoryIndex(Path dir, long compactBytes, int substrings, FileChannel lockChannel, FileLock fileLock) {
    this.dir = dir;
    this.compactBytes = compactBytes;
    this.mem = new MultiIndexHashingIndex(substrings);
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
  }

  /**
   * Opens the index in {@code dir}, creating it first if {@code create} and the directory holds no index.
   *
   * @param substrings for a new index: substrings per code, 0 for one per 16 bits; ignored when opening
   * @param compactBytes compact when the log exceeds this many bytes and the snapshot's size
   */
  public static DirectoryIndex open(Path dir, boolean create, int substrings, long compactBytes) {
    Objects.requireNonNull(dir, "dir");
    if (substrings < 0) {
      throw new IllegalArgumentException("substrings must not be negative: " + substrings);
    }
    if (compactBytes < 0) {
      throw new IllegalArgumentException("compactBytes must not be negative: " + compactBytes);
    }
    Path manifest = dir.resolve(MANIFEST);
    try {
      if (!Files.exists(manifest)) {
        if (!create) {
          throw new VideoSimilarityException("no videosim index in '" + dir + "' (it has no '" + MANIFEST
              + "' file); create one first");
        }
        Files.createDirectories(dir);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
          for (Path p : s) {
            if (!p.getFileName().toString().equals(LOCK)) {
              throw new VideoSimilarityException("cannot create an index in '" + dir
                  + "': the directory holds other files, e.g. '" + p.getFileName() + "'");
            }
          }
        }
      }
      FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new VideoSimilarityException("index '" + dir + "' is open elsewhere (its lock file is held)");
      }
      try {
        if (!Files.exists(manifest)) {
          writeManifest(dir, substrings);
        }
        int m = readManifest(manifest);
        DirectoryIndex index = new DirectoryIndex(dir, compactBytes, m, lockChannel, lock);
        index.load();
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

  private static void writeManifest(Path dir, int substrings) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putInt(MANIFEST_MAGIC).putInt(FORMAT_VERSION).putInt(substrings);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, 12);
    b.putInt((int) crc.getValue());
    writeAtomically(dir.resolve(MANIFEST), b.array());
  }

  private static int readManifest(Path manifest) throws IOException {
    byte[] data = Files.readAllBytes(manifest);
    ByteBuffer b = ByteBuffer.wrap(data);
    if (data.length < 8 || b.getInt() != MANIFEST_MAGIC) {
      throw new CorruptDataException("'" + manifest + "' is not a videosim index manifest");
    }
    int version = b.getInt();
    if (version != FORMAT_VERSION) {
      throw new CorruptDataException("index '" + manifest.getParent() + "' has format version " + version
          + "; this library reads version " + FORMAT_VERSION);
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, Math.min(12, data.length));
    if (data.length != 16 || b.getInt(12) != (int) crc.getValue()) {
      throw new CorruptDataException("corrupt index manifest '" + manifest + "': checksum mismatch");
    }
    int m = b.getInt(8);
    if (m < 0 || m > 1 << 16) {
      throw new CorruptDataException("corrupt index manifest '" + manifest + "': " + m + " substrings");
    }
    return m;
  }

  private static void writeAtomically(Path file, byte[] data) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    move(tmp, file);
    syncDirectory(file.getParent());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes renames and new files in {@code dir} durable (where the platform allows opening a directory). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  /** Reads the newest snapshot and replays its log; removes files of older generations. */
  private void load() throws IOException {
    long snap = -1;
    long maxLog = -1;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        Matcher sm = SNAPSHOT.matcher(name);
        Matcher lm = LOG_FILE.matcher(name);
        if (sm.matches()) {
          snap = Math.max(snap, Long.parseLong(sm.group(1)));
        } else if (lm.matches()) {
          maxLog = Math.max(maxLog, Long.parseLong(lm.group(1)));
        }
      }
    }
    generation = Math.max(snap, 0);
    if (maxLog > generation) {
      throw new CorruptDataException("index '" + dir + "' has log-" + maxLog + ".vsl but no snapshot-" + maxLog
          + ".vsi: files are missing");
    }
    if (snap >= 0) {
      snapshotSize = readSnapshot(dir.resolve(snapshotName(snap)), snap);
    }
    Path logPath = dir.resolve(logName(generation));
    if (!Files.exists(logPath)) {
      createLog(logPath, generation);
    }
    log = FileChannel.open(logPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    logSize = replayLog(logPath, log, generation);
    log.position(logSize);
    deleteOlderThan(generation);
  }

  static String snapshotName(long gen) {
    return "snapshot-" + gen + ".vsi";
  }

  static String logName(long gen) {
    return "log-" + gen + ".vsl";
  }

  private void deleteOlderThan(long gen) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        Matcher sm = SNAPSHOT.matcher(name);
        Matcher lm = LOG_FILE.matcher(name);
        if ((sm.matches() && Long.parseLong(sm.group(1)) < gen) || (lm.matches() && Long.parseLong(lm.group(1)) < gen)
            || name.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
    syncDirectory(dir);
  }

  private static void createLog(Path path, long gen) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LOG_HEADER);
    b.putInt(LOG_MAGIC).putInt(FORMAT_VERSION).putLong(gen);
    writeAtomically(path, b.array());
  }

  /** Replays the log; returns the length of its valid part, truncating a torn last record. */
  private long replayLog(Path path, FileChannel ch, long gen) throws IOException {
    long size = ch.size();
    ByteBuffer header = ByteBuffer.allocate(LOG_HEADER);
    readFully(ch, header, 0);
    header.flip();
    if (header.remaining() < 8 || header.getInt() != LOG_MAGIC) {
      throw new CorruptDataException("'" + path + "' is not a videosim index log");
    }
    int version = header.getInt();
    if (version != FORMAT_VERSION) {
      throw new CorruptDataException("'" + path + "' has format version " + version + "; this library reads "
          + FORMAT_VERSION);
    }
    if (header.remaining() < 8 || header.getLong() != gen) {
      throw new CorruptDataException("corrupt index log '" + path + "': its header does not name generation " + gen);
    }
    long pos = LOG_HEADER;
    InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(pos)), 1 << 16);
    DataInputStream data = new DataInputStream(in);
    int records = 0;
    while (pos < size) {
      String problem = null;
      long remaining = size - pos;
      byte[] body = null;
      int crc = 0;
      if (remaining < 9) {
        problem = "a record header cut short";
      } else {
        int len = data.readInt();
        crc = data.readInt();
        if (len < 1 || len > MAX_RECORD) {
          problem = "a record length of " + len;
        } else if (len > remaining - 8) {
          problem = "a record cut short";
        } else {
          body = new byte[len];
          data.readFully(body);
          CRC32 c = new CRC32();
          c.update(body);
          if ((int) c.getValue() != crc) {
            problem = "a checksum mismatch";
          } else if (body[0] != ADD && body[0] != REMOVE) {
            problem = "an unknown record type " + body[0];
          }
        }
      }
      if (problem != null) {
        long end = body == null ? size : pos + 8 + body.length;
        if (end >= size || allZero(ch, pos, size)) {
          LOG.warn("index log '{}': dropping an unfinished last record at byte {} ({}, {} bytes): it was never "
              + "acknowledged", path, pos, problem, size - pos);
          ch.truncate(pos);
          ch.force(true);
          return pos;
        }
        throw new CorruptDataException("corrupt index log '" + path + "': " + problem + " at byte " + pos + " with "
            + (size - end) + " bytes after it");
      }
      apply(body, path, pos);
      pos += 8 + body.length;
      records++;
    }
    LOG.debug("index '{}': replayed {} log records", dir, records);
    return pos;
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

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }

  private void apply(byte[] body, Path file, long pos) {
    if (body[0] == ADD) {
      VideoFingerprint fp;
      try {
        fp = VideoFingerprint.fromBytes(java.util.Arrays.copyOfRange(body, 1, body.length));
      } catch (CorruptDataException e) {
        throw new CorruptDataException("corrupt record at byte " + pos + " of '" + file + "': " + e.getMessage(), e);
      }
      mem.add(fp);
    } else {
      mem.remove(new String(body, 1, body.length - 1, StandardCharsets.UTF_8));
    }
  }

  private static byte[] record(byte type, byte[] payload) {
    byte[] r = new byte[9 + payload.length];
    ByteBuffer b = ByteBuffer.wrap(r);
    b.putInt(1 + payload.length);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(payload);
    b.putInt((int) crc.getValue());
    b.put(type);
    b.put(payload);
    return r;
  }

  private long readSnapshot(Path path, long gen) throws IOException {
    long size = Files.size(path);
    CRC32 crc = new CRC32();
    try (InputStream raw = Files.newInputStream(path);
        DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw, 1 << 16),
            crc))) {
      if (size < 8 || in.readInt() != SNAPSHOT_MAGIC) {
        throw new CorruptDataException("'" + path + "' is not a videosim index snapshot");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new CorruptDataException("'" + path + "' has format version " + version + "; this library reads "
            + FORMAT_VERSION);
      }
      if (in.readLong() != gen) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "': wrong generation");
      }
      if (in.readBoolean()) {
        int bits = in.readInt();
        PipelineSpec spec = readSpec(in);
        if (bits < 1 || bits > 1 << 16) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': code length " + bits);
        }
        mem.restoreSpec(spec, bits);
      }
      long count = in.readLong();
      for (long i = 0; i < count; i++) {
        int len = in.readInt();
        if (len < 1 || len > MAX_RECORD || len > size) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': record " + i + " has length " + len);
        }
        byte[] body = new byte[len];
        in.readFully(body);
        try {
          mem.add(VideoFingerprint.fromBytes(body));
        } catch (CorruptDataException e) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "', record " + i + ": "
              + e.getMessage(), e);
        }
      }
      if (in.readInt() != SNAPSHOT_END) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "': no end marker");
      }
      int expected = (int) crc.getValue();
      int stored = in.readInt();
      if (stored != expected) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "': checksum mismatch");
      }
      if (in.read() != -1) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "': bytes after the end");
      }
    } catch (EOFException e) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': truncated", e);
    } catch (IllegalArgumentException | org.videosim.IncompatibleFingerprintException e) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': " + e.getMessage(), e);
    }
    return size;
  }

  private static void writeSpec(DataOutputStream out, PipelineSpec spec) throws IOException {
    out.writeInt(spec.stages().size());
    for (Map.Entry<String, StageSpec> e : spec.stages().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue().name());
      out.writeUTF(e.getValue().version());
      out.writeInt(e.getValue().parameters().size());
      for (Map.Entry<String, String> p : e.getValue().parameters().entrySet()) {
        out.writeUTF(p.getKey());
        out.writeUTF(p.getValue());
      }
    }
  }

  private static PipelineSpec readSpec(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1000) {
      throw new CorruptDataException("corrupt pipeline spec: " + n + " stages");
    }
    LinkedHashMap<String, StageSpec> stages = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String role = in.readUTF();
      String name = in.readUTF();
      String version = in.readUTF();
      int pn = in.readInt();
      if (pn < 0 || pn > 10_000) {
        throw new CorruptDataException("corrupt pipeline spec: " + pn + " parameters");
      }
      LinkedHashMap<String, String> params = new LinkedHashMap<>();
      for (int j = 0; j < pn; j++) {
        params.put(in.readUTF(), in.readUTF());
      }
      stages.put(role, new StageSpec(name, version, params));
    }
    return new PipelineSpec(stages);
  }

  @Override
  public void add(VideoFingerprint fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    writeLock.lock();
    try {
      checkOpen();
      mem.checkCanAdd(fingerprint);
      append(record(ADD, fingerprint.toBytes()));
      mem.add(fingerprint);
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
      checkOpen();
      if (!mem.contains(videoId)) {
        return false;
      }
      append(record(REMOVE, videoId.getBytes(StandardCharsets.UTF_8)));
      boolean removed = mem.remove(videoId);
      maybeCompact();
      return removed;
    } finally {
      writeLock.unlock();
    }
  }

  private void append(byte[] record) {
    try {
      ByteBuffer b = ByteBuffer.wrap(record);
      while (b.hasRemaining()) {
        log.write(b);
      }
      log.force(false);
      logSize += record.length;
    } catch (IOException e) {
      // The record may be partly written: forget the rest of the log's tail so that the next append starts clean.
      try {
        log.truncate(logSize);
        log.position(logSize);
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
      checkOpen();
      compactLocked();
    } finally {
      writeLock.unlock();
    }
  }

  private void compactLocked() {
    long next = generation + 1;
    Path snap = dir.resolve(snapshotName(next));
    Path tmp = dir.resolve(snapshotName(next) + ".tmp");
    long t0 = System.nanoTime();
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        CRC32 crc = new CRC32();
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(os, crc));
        out.writeInt(SNAPSHOT_MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(next);
        Optional<PipelineSpec> spec = mem.spec();
        out.writeBoolean(spec.isPresent());
        if (spec.isPresent()) {
          out.writeInt(mem.bits());
          writeSpec(out, spec.get());
        }
        List<String> ids = mem.videoIds();
        out.writeLong(ids.size());
        for (String id : ids) {
          byte[] fp = mem.fingerprint(id).orElseThrow().toBytes();
          out.writeInt(fp.length);
          out.write(fp);
        }
        out.writeInt(SNAPSHOT_END);
        out.flush();
        new DataOutputStream(os).writeInt((int) crc.getValue());
        os.flush();
        ch.force(true);
      }
      move(tmp, snap);
      syncDirectory(dir);
      Path newLog = dir.resolve(logName(next));
      createLog(newLog, next);
      FileChannel old = log;
      log = FileChannel.open(newLog, StandardOpenOption.READ, StandardOpenOption.WRITE);
      log.position(LOG_HEADER);
      old.close();
      generation = next;
      logSize = LOG_HEADER;
      snapshotSize = Files.size(snap);
      deleteOlderThan(next);
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

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      mem.close();
      try {
        log.close();
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
    return "PersistentIndex(" + dir + ", " + mem + ")";
  }
}
