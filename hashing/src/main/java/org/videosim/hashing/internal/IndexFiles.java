package org.videosim.hashing.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.CorruptDataException;

/**
 * The small files of a persistent index and how they are written safely: the manifest, the commit pointer, atomic
 * replacement, directory syncs and keeping damaged bytes aside.
 *
 * <p>The <b>manifest</b> ({@code videosim-index}, 16 bytes): magic {@code VSIM}, format version, substrings, CRC-32
 * of the first 12 bytes. Its checksum is checked before its version, so that damage is reported as damage.
 *
 * <p>The <b>commit pointer</b> ({@code commit}) says which generation is current and how many bytes of its log were
 * acknowledged. Two 32-byte slots (at offsets 0 and {@value #COMMIT_SLOT_STRIDE}), each {@code [magic VSIC][sequence
 * int64][generation int64][log length int64][CRC-32]}; a write goes to the slot of the next sequence number and is
 * forced, so a write torn by a crash leaves the other slot, one acknowledgement older, intact. The valid slot with
 * the higher sequence number wins.
 */
final class IndexFiles {
  private static final Logger LOG = LoggerFactory.getLogger(IndexFiles.class);
  static final String MANIFEST = "videosim-index";
  static final String LOCK = "lock";
  static final String COMMIT = "commit";
  /** Folder of kept-aside bytes: torn log tails, the files a repair replaced. */
  static final String ASIDE = "aside";
  static final int MANIFEST_MAGIC = 0x5653494d; // "VSIM"
  private static final int COMMIT_MAGIC = 0x56534943; // "VSIC"
  static final int COMMIT_SLOT = 32;
  static final int COMMIT_SLOT_STRIDE = 512;
  static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{1,18})\\.vsi");
  static final Pattern LOG_FILE = Pattern.compile("log-(\\d{1,18})\\.vsl");

  private IndexFiles() {}

  /** What the manifest says. */
  record Manifest(int version, int substrings) {}

  /**
   * The acknowledged state: generation {@code generation} is current and the first {@code logLength} bytes of its
   * log are acknowledged.
   */
  record Commit(long sequence, long generation, long logLength) {}

  static String snapshotName(long gen) {
    return "snapshot-" + gen + ".vsi";
  }

  static String logName(long gen) {
    return "log-" + gen + ".vsl";
  }

  static byte[] manifestBytes(int version, int substrings) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putInt(MANIFEST_MAGIC).putInt(version).putInt(substrings);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, 12);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Reads the manifest: a foreign file, damage (checksum) and a newer format are told apart, in that order.
   *
   * @throws CorruptDataException naming the file and the problem
   */
  static Manifest readManifest(Path manifest, int newestVersion) throws IOException {
    return parseManifest(Files.readAllBytes(manifest), manifest.toString(), newestVersion);
  }

  static Manifest parseManifest(byte[] data, String name, int newestVersion) {
    ByteBuffer b = ByteBuffer.wrap(data);
    if (data.length < 8 || b.getInt(0) != MANIFEST_MAGIC) {
      throw new CorruptDataException("'" + name + "' is not a videosim index manifest");
    }
    if (data.length < 8 || data.length > 4096) {
      throw new CorruptDataException("corrupt index manifest '" + name + "': " + data.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    if (data.length < 16 || b.getInt(data.length - 4) != (int) crc.getValue()) {
      throw new CorruptDataException("corrupt index manifest '" + name + "': checksum mismatch (" + data.length
          + " bytes)");
    }
    int version = b.getInt(4);
    if (version < 1 || version > newestVersion) {
      throw new CorruptDataException("index manifest '" + name + "' has format version " + version
          + "; this library reads versions 1 to " + newestVersion + " (written by a newer videosim?)");
    }
    if (data.length != 16) {
      throw new CorruptDataException("corrupt index manifest '" + name + "': " + data.length + " bytes");
    }
    int m = b.getInt(8);
    if (m < 0 || m > 1 << 16) {
      throw new CorruptDataException("corrupt index manifest '" + name + "': " + m + " substrings");
    }
    return new Manifest(version, m);
  }

  static byte[] commitSlot(Commit c) {
    ByteBuffer b = ByteBuffer.allocate(COMMIT_SLOT);
    b.putInt(COMMIT_MAGIC).putLong(c.sequence()).putLong(c.generation()).putLong(c.logLength());
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, COMMIT_SLOT - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The commit in one slot's bytes, or empty if the slot is torn, damaged or blank. */
  static Optional<Commit> parseSlot(byte[] data, int offset) {
    if (data.length < offset + COMMIT_SLOT) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(data, offset, COMMIT_SLOT);
    if (b.getInt() != COMMIT_MAGIC) {
      return Optional.empty();
    }
    long seq = b.getLong();
    long gen = b.getLong();
    long len = b.getLong();
    CRC32 crc = new CRC32();
    crc.update(data, offset, COMMIT_SLOT - 4);
    if (b.getInt() != (int) crc.getValue() || seq < 1 || gen < 0 || len < LogFile.HEADER) {
      return Optional.empty();
    }
    return Optional.of(new Commit(seq, gen, len));
  }

  /**
   * The current commit, or empty when there is no commit file.
   *
   * @throws CorruptDataException if the file exists but neither slot is valid
   */
  static Optional<Commit> readCommit(Path dir) throws IOException {
    Path file = dir.resolve(COMMIT);
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(parseCommit(data, file.toString()));
  }

  static Commit parseCommit(byte[] data, String name) {
    Optional<Commit> a = parseSlot(data, 0);
    Optional<Commit> b = parseSlot(data, COMMIT_SLOT_STRIDE);
    if (a.isEmpty() && b.isEmpty()) {
      throw new CorruptDataException("corrupt index commit file '" + name + "' (" + data.length
          + " bytes): neither of its two slots is valid, so the acknowledged length of the log is unknown; "
          + "'videosim index repair' recovers the intact records");
    }
    if (a.isEmpty()) {
      return b.get();
    }
    if (b.isEmpty()) {
      return a.get();
    }
    return a.get().sequence() >= b.get().sequence() ? a.get() : b.get();
  }

  /** Writes {@code c} into its slot of the open commit file and forces it to disk. */
  static void writeCommit(FileChannel ch, Commit c) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(commitSlot(c));
    long pos = (c.sequence() & 1) * COMMIT_SLOT_STRIDE;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
    ch.force(false);
  }

  /** A new commit file holding {@code c} in both slots' places (the other slot blank), replaced atomically. */
  static void createCommit(Path dir, Commit c) throws IOException {
    byte[] data = new byte[COMMIT_SLOT_STRIDE + COMMIT_SLOT];
    System.arraycopy(commitSlot(c), 0, data, (int) ((c.sequence() & 1) * COMMIT_SLOT_STRIDE), COMMIT_SLOT);
    writeAtomically(dir.resolve(COMMIT), data);
  }

  static void writeAtomically(Path file, byte[] data) throws IOException {
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

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes renames and new files in {@code dir} durable (where the platform allows opening a directory). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  /**
   * Copies bytes {@code [from, to)} of {@code ch} into a new file under {@code dir/aside} named after {@code name},
   * forced to disk; returns it.
   */
  static Path keepAside(Path dir, FileChannel ch, String name, long from, long to) throws IOException {
    Path aside = Files.createDirectories(dir.resolve(ASIDE));
    Path out = aside.resolve(name + "." + from + "-" + to + "." + stamp() + ".bytes");
    try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long pos = from;
      while (pos < to) {
        long n = ch.transferTo(pos, to - pos, o);
        if (n <= 0) {
          break;
        }
        pos += n;
      }
      o.force(true);
    }
    syncDirectory(aside);
    return out;
  }

  /** A file-name-safe UTC time stamp with milliseconds, e.g. {@code 20251205T164501.123Z}. */
  static String stamp() {
    return Instant.now().toString().replace("-", "").replace(":", "");
  }

  /** The generation in a snapshot or log file name, or -1. */
  static long generationOf(String name) {
    Matcher sm = SNAPSHOT.matcher(name);
    if (sm.matches()) {
      return Long.parseLong(sm.group(1));
    }
    Matcher lm = LOG_FILE.matcher(name);
    return lm.matches() ? Long.parseLong(lm.group(1)) : -1;
  }

  /** Who holds the writer's lock, as written into the lock file: process id, host and start time. */
  static String holder() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException | RuntimeException e) {
        host = "an unknown host";
      }
    }
    return "process " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
  }
}
