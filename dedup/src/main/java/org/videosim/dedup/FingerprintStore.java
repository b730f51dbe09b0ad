package org.videosim.dedup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.CorruptDataException;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;

/**
 * Fingerprints kept on disk by file content ({@link ContentKey}) and pipeline, so that a second run fingerprints only
 * new or changed files and a killed run loses nothing it had finished.
 *
 * <p>One file per pipeline in the store's directory, {@code fingerprints-<spec hash>.vsfs}: a header (magic
 * {@code VSFS}, format version, the pipeline spec) and then one record per fingerprint, appended and forced to disk
 * as soon as it is {@linkplain #put made}: length, CRC-32 and the payload (size and SHA-256 of the file, width and
 * height of its picture, the fingerprint's {@link VideoFingerprint#toBytes()}). Opening reads every record; a last
 * record cut short (a process killed while writing it) is dropped and the file truncated to the records before it;
 * any other damage is a {@link CorruptDataException} naming the file and the offset. The spec hash covers the stages
 * that shape the codes (not the frame source), so fingerprints of another pipeline are never served.
 *
 * <p>Thread-safe: any number of threads get and put. One process at a time opens a store file (an OS file lock).
 */
public final class FingerprintStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FingerprintStore.class);
  private static final int MAGIC = 0x56534653; // "VSFS"
  private static final int FORMAT = 1;
  private static final int MAX_RECORD = 1 << 30;

  /**
   * A stored fingerprint with the size of the picture it was made from.
   *
   * @param fingerprint as made (its id is that of the file it was first made from)
   * @param width picture width in pixels, 0 when unknown
   * @param height picture height in pixels, 0 when unknown
   */
  public record Entry(VideoFingerprint fingerprint, int width, int height) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a value is out of range
     */
    public Entry {
      Objects.requireNonNull(fingerprint, "fingerprint");
    }
  }

  private final Path file;
  private final PipelineSpec spec;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<ContentKey, Entry> entries = new HashMap<>();
  private boolean closed;

  private FingerprintStore(Path file, PipelineSpec spec, FileChannel channel, FileLock lock) {
    this.file = file;
    this.spec = spec;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens (or creates) the store of pipeline {@code spec} in directory {@code dir}.
   *
   * @throws CorruptDataException if the store file is damaged other than by a last record cut short
   * @throws VideoSimilarityException if it cannot be read or written, or another process has it open
   */
  public static FingerprintStore open(Path dir, PipelineSpec spec) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(spec, "spec");
    Path file = dir.resolve("fingerprints-" + specHash(spec) + ".vsfs");
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new VideoSimilarityException("fingerprint store '" + file + "' is open in another process");
      }
      FingerprintStore store = new FingerprintStore(file, spec, ch, lock);
      store.load();
      return store;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new VideoSimilarityException("cannot open fingerprint store '" + file + "': " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /** The pipeline whose fingerprints this store holds. */
  public PipelineSpec spec() {
    return spec;
  }

  /** The file that holds this store's fingerprints. */
  public Path file() {
    return file;
  }

  /** The hash of the stages of a spec that shape the codes (16 hex digits), which names its store file. */
  public static String specHash(PipelineSpec spec) {
    byte[] d = ContentKey.newSha256().digest(codeStages(spec).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 8);
  }

  /**
   * The stages that shape the codes (all but the frame source) as text, roles and parameters sorted: a stage's
   * parameter map may iterate in another order in another JVM.
   */
  private static String codeStages(PipelineSpec spec) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, StageSpec> e : new TreeMap<>(spec.stages()).entrySet()) {
      if (e.getKey().equals(PipelineSpec.SOURCE_ROLE)) {
        continue;
      }
      StageSpec st = e.getValue();
      sb.append(e.getKey()).append('=').append(st.name()).append('@').append(st.version())
          .append(new TreeMap<>(st.parameters())).append(';');
    }
    return sb.toString();
  }

  private void load() throws IOException {
    long size = channel.size();
    byte[] header = header();
    if (size == 0) {
      write(ByteBuffer.wrap(header), 0);
      channel.force(true);
      return;
    }
    ByteBuffer head = ByteBuffer.allocate(header.length);
    readFully(head, 0);
    if (head.position() < 8 || head.getInt(0) != MAGIC) {
      throw new CorruptDataException("'" + file + "' is not a videosim fingerprint store");
    }
    if (head.getInt(4) != FORMAT) {
      throw new CorruptDataException("'" + file + "' has store format " + head.getInt(4) + "; this library reads "
          + FORMAT);
    }
    if (head.position() < header.length || !ByteBuffer.wrap(header).equals(head.flip())) {
      throw new CorruptDataException("'" + file + "' holds another pipeline's fingerprints than its name says");
    }
    long at = header.length;
    ByteBuffer lenCrc = ByteBuffer.allocate(8);
    while (at < size) {
      lenCrc.clear();
      readFully(lenCrc, at);
      if (lenCrc.position() < 8) {
        truncate(at, size, "a record header cut short");
        return;
      }
      int len = lenCrc.getInt(0);
      int crc = lenCrc.getInt(4);
      if (len <= 0 || len > MAX_RECORD) {
        throw new CorruptDataException("corrupt fingerprint store '" + file + "': record length " + len
            + " at offset " + at);
      }
      if (at + 8 + len > size) {
        truncate(at, size, "a record cut short");
        return;
      }
      ByteBuffer payload = ByteBuffer.allocate(len);
      readFully(payload, at + 8);
      CRC32 c = new CRC32();
      c.update(payload.array());
      if ((int) c.getValue() != crc) {
        if (at + 8 + len == size) {
          truncate(at, size, "a last record with a wrong checksum (torn write)");
          return;
        }
        throw new CorruptDataException("corrupt fingerprint store '" + file + "': checksum mismatch in the record at"
            + " offset " + at);
      }
      decode(payload.flip(), at);
      at += 8 + len;
    }
  }

  private void decode(ByteBuffer p, long at) {
    try {
      long fileSize = p.getLong();
      byte[] sha = new byte[32];
      p.get(sha);
      int width = p.getInt();
      int height = p.getInt();
      byte[] fp = new byte[p.remaining()];
      p.get(fp);
      VideoFingerprint f = VideoFingerprint.fromBytes(fp);
      spec.checkCompatibleWith(f.spec(), "fingerprint store '" + file + "'", "its record at offset " + at);
      entries.put(new ContentKey(fileSize, HexFormat.of().formatHex(sha)), new Entry(f, width, height));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptDataException("corrupt fingerprint store '" + file + "': bad record at offset " + at + ": "
          + e, e);
    }
  }

  private void truncate(long at, long size, String what) throws IOException {
    LOG.warn("fingerprint store {}: dropping {} at offset {} ({} bytes; a run was killed while writing it)", file,
        what, at, size - at);
    channel.truncate(at);
    channel.force(true);
  }

  private byte[] header() {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      byte[] s = codeStages(spec).getBytes(StandardCharsets.UTF_8);
      out.writeInt(s.length);
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      int n = channel.read(b, at + b.position());
      if (n < 0) {
        break;
      }
    }
  }

  private void write(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  /** The fingerprint stored for this content, if any. */
  public synchronized Optional<Entry> get(ContentKey key) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    return Optional.ofNullable(entries.get(key));
  }

  /** Number of fingerprints held. */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Stores a fingerprint for this content and forces it to disk before returning; a fingerprint already stored for
   * the key is kept (the content is the same).
   *
   * @throws org.videosim.IncompatibleFingerprintException if it was made by another pipeline
   * @throws VideoSimilarityException if it cannot be written
   */
  public synchronized void put(ContentKey key, Entry entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    checkOpen();
    spec.checkCompatibleWith(entry.fingerprint().spec(), "fingerprint store '" + file + "'",
        "fingerprint '" + entry.fingerprint().videoId() + "'");
    if (entries.containsKey(key)) {
      return;
    }
    byte[] fp = entry.fingerprint().toBytes();
    ByteBuffer payload = ByteBuffer.allocate(8 + 32 + 8 + fp.length);
    payload.putLong(key.size()).put(HexFormat.of().parseHex(key.sha256())).putInt(entry.width())
        .putInt(entry.height()).put(fp).flip();
    CRC32 c = new CRC32();
    c.update(payload.array());
    ByteBuffer record = ByteBuffer.allocate(8 + payload.limit());
    record.putInt(payload.limit()).putInt((int) c.getValue()).put(payload).flip();
    try {
      write(record, channel.size());
      channel.force(false);
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot write to fingerprint store '" + file + "': " + e, e);
    }
    entries.put(key, entry);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("fingerprint store is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    entries.clear();
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("releasing the lock of {}: {}", file, e.toString());
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.debug("closing a store file: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "FingerprintStore(" + file + ")";
  }
}
