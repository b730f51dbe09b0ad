package org.videosim.hashing.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.roaringbitmap.RoaringBitmap;
import org.videosim.CorruptDataException;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;

/**
 * A snapshot of a persistent index ({@code snapshot-G.vsi}): header {@code [magic VSIS][version 2][generation
 * int64][has spec u8]([code bits int32][pipeline spec])[count int64][next ordinal int32][tombstones: length int32,
 * a RoaringBitmap in its portable format]}, then {@code count} records {@code [length int32][video ordinal
 * int32][fingerprint bytes]}, then {@code [magic VSIE][CRC-32 of everything before]}. Written beside its final name,
 * forced, then renamed.
 *
 * <p>The tombstones are the ordinals below the next ordinal that no record holds (videos removed or replaced): a
 * reader checks that they and the records' ordinals are disjoint and together make up every ordinal given out.
 * Version 1 (read only) has neither the ordinals nor the tombstones: its records {@code [length][fingerprint]} take
 * ordinals 0, 1, 2... in file order.
 */
final class SnapshotFile {
  private static final int MAGIC = 0x56534953; // "VSIS"
  private static final int END = 0x56534945; // "VSIE"
  private static final int FINGERPRINT_MAGIC = 0x56534650; // "VSFP"
  static final int VERSION = 2;
  /** Snapshots without ordinals, still read. */
  static final int VERSION_1 = 1;
  private static final int MAX_TOMBSTONE_BYTES = 1 << 30;
  private static final int MAX_RECORD = 1 << 30;

  private SnapshotFile() {}

  /** Writes every fingerprint of {@code mem} to {@code file} (created or replaced) and forces it to disk. */
  static void write(Path file, long gen, MultiIndexHashingIndex mem) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32 crc = new CRC32();
      OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(os, crc));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(gen);
      Optional<PipelineSpec> spec = mem.spec();
      out.writeBoolean(spec.isPresent());
      if (spec.isPresent()) {
        out.writeInt(mem.bits());
        writeSpec(out, spec.get());
      }
      List<String> ids = mem.videoIds();
      out.writeLong(ids.size());
      out.writeInt(mem.nextOrdinal());
      RoaringBitmap tombstones = mem.deletedOrdinals();
      out.writeInt(tombstones.serializedSizeInBytes());
      tombstones.serialize(out);
      for (String id : ids) {
        byte[] fp = mem.fingerprint(id).orElseThrow().toBytes();
        out.writeInt(fp.length);
        out.writeInt(mem.ordinal(id));
        out.write(fp);
      }
      out.writeInt(END);
      out.flush();
      new DataOutputStream(os).writeInt((int) crc.getValue());
      os.flush();
      ch.force(true);
    }
  }

  /**
   * Reads a snapshot into {@code mem}; any damage is an error.
   *
   * @return the file's size
   * @throws CorruptDataException naming the file and, where known, the record and byte
   */
  static long read(Path path, long gen, MultiIndexHashingIndex mem) throws IOException {
    try (InputStream raw = Files.newInputStream(path)) {
      return read(raw, Files.size(path), path.toString(), gen, mem);
    }
  }

  static long read(InputStream raw, long size, String path, long gen, MultiIndexHashingIndex mem)
      throws IOException {
    CRC32 crc = new CRC32();
    Counting counting = new Counting(new BufferedInputStream(raw, 1 << 16));
    try (DataInputStream in = new DataInputStream(new CheckedInputStream(counting, crc))) {
      if (size < 8 || in.readInt() != MAGIC) {
        throw new CorruptDataException("'" + path + "' is not a videosim index snapshot");
      }
      int version = in.readInt();
      if (version != VERSION && version != VERSION_1) {
        throw new CorruptDataException("'" + path + "' has snapshot format version " + version
            + "; this library reads " + VERSION_1 + " and " + VERSION);
      }
      if (in.readLong() != gen) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "' at byte 8: wrong generation");
      }
      if (in.readBoolean()) {
        int bits = in.readInt();
        PipelineSpec spec = readSpec(in);
        if (bits < 1 || bits > MultiIndexHashingIndex.MAX_BITS) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': code length " + bits);
        }
        mem.restoreSpec(spec, bits);
      }
      long count = in.readLong();
      if (count < 0 || count > size) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "': " + count + " records");
      }
      int next = -1;
      RoaringBitmap tombstones = null;
      if (version != VERSION_1) {
        long at = counting.position;
        next = in.readInt();
        int tombstoneBytes = in.readInt();
        if (next < 0 || next < count || tombstoneBytes < 0 || tombstoneBytes > MAX_TOMBSTONE_BYTES
            || tombstoneBytes > size - at) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "' at byte " + at + ": next ordinal "
              + next + ", " + tombstoneBytes + " bytes of tombstones for " + count + " records");
        }
        byte[] t = new byte[tombstoneBytes];
        in.readFully(t);
        tombstones = readTombstones(t, path, at + 8);
        long dead = tombstones.getLongCardinality();
        if (dead + count != next || tombstones.rangeCardinality(0L, (long) next) != dead) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "' at byte " + at + ": " + dead
              + " tombstones and " + count + " records for " + next + " video ordinals");
        }
      }
      for (long i = 0; i < count; i++) {
        long at = counting.position;
        int len = in.readInt();
        if (len < 1 || len > MAX_RECORD || len > size - at) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': record " + i + " at byte " + at
              + " has length " + len);
        }
        int ordinal = version == VERSION_1 ? -1 : in.readInt();
        if (version != VERSION_1 && (ordinal < 0 || ordinal >= next || tombstones.contains(ordinal))) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': record " + i + " at byte " + at
              + " has video ordinal " + ordinal + (ordinal >= 0 && ordinal < next ? ", a tombstone" : "")
              + " (next ordinal " + next + ")");
        }
        byte[] body = new byte[len];
        in.readFully(body);
        try {
          VideoFingerprint fp = VideoFingerprint.fromBytes(body);
          if (ordinal < 0) {
            mem.add(fp);
          } else {
            mem.add(fp, ordinal);
          }
        } catch (CorruptDataException | IncompatibleFingerprintException | IllegalArgumentException e) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "', record " + i + " at byte " + at
              + ": " + e.getMessage(), e);
        }
      }
      if (in.readInt() != END) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "' at byte " + (counting.position - 4)
            + ": no end marker");
      }
      if (tombstones != null) {
        mem.reserveOrdinals(next);
        if (mem.videoCount() != count || !mem.deletedOrdinals().equals(tombstones)) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': its " + tombstones
              .getLongCardinality() + " tombstones and " + count + " records do not make up its " + next
              + " video ordinals");
        }
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
      throw new CorruptDataException("corrupt index snapshot '" + path + "': truncated at byte " + counting.position,
          e);
    } catch (java.io.UTFDataFormatException e) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': a malformed name at byte "
          + counting.position, e);
    } catch (IllegalArgumentException | IllegalStateException | IncompatibleFingerprintException e) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': " + e.getMessage(), e);
    }
    return size;
  }

  /**
   * What a tolerant read of a snapshot found: {@code nextOrdinal} is -1 and {@code tombstones} null where the header
   * did not say (version 1, or damaged).
   */
  record Salvage(long declared, int recovered, PipelineSpec spec, int bits, int nextOrdinal,
      RoaringBitmap tombstones) {}

  /** Receives each intact fingerprint of a salvaged snapshot with its ordinal (-1 in version 1). */
  interface SalvageSink {
    /** One intact record. */
    void accept(VideoFingerprint fingerprint, int ordinal);
  }

  private static RoaringBitmap readTombstones(byte[] t, String path, long at) {
    RoaringBitmap r = new RoaringBitmap();
    try {
      r.deserialize(ByteBuffer.wrap(t));
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': unreadable tombstones at byte " + at
          + " (" + e + ")", e);
    }
    if (r.serializedSizeInBytes() != t.length) {
      throw new CorruptDataException("corrupt index snapshot '" + path + "': tombstones at byte " + at + " take "
          + r.serializedSizeInBytes() + " of their " + t.length + " bytes");
    }
    return r;
  }

  /**
   * Reads every intact fingerprint of a possibly damaged snapshot, in order, handing each to {@code sink}; damage
   * is described in {@code problems} (with byte offsets) and skipped by looking for the next record that reads.
   *
   * @return the record count the header declares (-1 if unreadable), the number recovered, and the header's
   *     pipeline (null if none or unreadable)
   */
  static Salvage salvage(byte[] data, String path, SalvageSink sink, List<String> problems) {
    ByteBuffer b = ByteBuffer.wrap(data);
    long declared = -1;
    PipelineSpec spec = null;
    int bits = 0;
    int nextOrdinal = -1;
    RoaringBitmap tombstones = null;
    // the records' header: [length] in version 1, [length][ordinal] since; a damaged header leaves it unknown:
    // the version the library writes is the likelier
    int recordHeader = 8;
    int pos;
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC) {
        throw new IOException("no snapshot header");
      }
      int version = in.readInt();
      if (version != VERSION && version != VERSION_1) {
        throw new IOException("unknown snapshot version " + version);
      }
      recordHeader = version == VERSION_1 ? 4 : 8;
      in.readLong();
      if (in.readBoolean()) {
        bits = in.readInt();
        spec = readSpec(in);
      }
      declared = in.readLong();
      if (version != VERSION_1) {
        int next = in.readInt();
        int tombstoneBytes = in.readInt();
        if (next < 0 || tombstoneBytes < 0 || tombstoneBytes > in.available()) {
          throw new IOException("next ordinal " + next + ", " + tombstoneBytes + " bytes of tombstones");
        }
        byte[] t = new byte[tombstoneBytes];
        in.readFully(t);
        tombstones = readTombstones(t, path, data.length - in.available() - tombstoneBytes);
        nextOrdinal = next;
      }
      pos = data.length - in.available();
    } catch (IOException | RuntimeException e) {
      problems.add("'" + path + "': damaged header (" + e.getMessage() + "); looking for intact records");
      pos = 0;
    }
    int recovered = 0;
    int end = data.length - 8; // the end marker and the checksum
    while (pos + recordHeader <= end) {
      VideoFingerprint fp = fingerprintAt(data, pos, end, recordHeader);
      if (fp != null) {
        sink.accept(fp, recordHeader == 4 ? -1 : b.getInt(pos + 4));
        recovered++;
        pos += recordHeader + b.getInt(pos);
        continue;
      }
      int next = -1;
      for (int p = pos + 1; p + recordHeader + 4 <= end; p++) {
        if (b.getInt(p + recordHeader) == FINGERPRINT_MAGIC && fingerprintAt(data, p, end, recordHeader) != null) {
          next = p;
          break;
        }
      }
      problems.add("'" + path + "': damaged bytes " + pos + " to " + (next < 0 ? end : next));
      if (next < 0) {
        pos = end;
        break;
      }
      pos = next;
    }
    if (pos != end || data.length < 8 || b.getInt(end) != END) {
      if (problems.isEmpty() || !problems.get(problems.size() - 1).contains("damaged bytes")) {
        problems.add("'" + path + "': no end marker at byte " + Math.max(0, end));
      }
    } else {
      CRC32 crc = new CRC32();
      crc.update(data, 0, data.length - 4);
      if (b.getInt(data.length - 4) != (int) crc.getValue()) {
        problems.add("'" + path + "': checksum mismatch (" + data.length + " bytes)");
      }
    }
    if (declared >= 0 && declared != recovered) {
      problems.add("'" + path + "': " + recovered + " of the " + declared + " records it declares are intact");
    }
    return new Salvage(declared, recovered, spec, bits, nextOrdinal, tombstones);
  }

  private static VideoFingerprint fingerprintAt(byte[] data, int pos, int end, int recordHeader) {
    if (pos + recordHeader > end) {
      return null;
    }
    int len = ByteBuffer.wrap(data).getInt(pos);
    if (len < 12 || len > end - pos - recordHeader) {
      return null;
    }
    if (recordHeader == 8 && ByteBuffer.wrap(data).getInt(pos + 4) < 0) {
      return null;
    }
    try {
      return VideoFingerprint.fromBytes(java.util.Arrays.copyOfRange(data, pos + recordHeader,
          pos + recordHeader + len));
    } catch (CorruptDataException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Marks a spec stored by its two keys instead of its stages (in the place of the stage count). */
  private static final int SPEC_BY_KEYS = -1;

  /**
   * Writes a spec: its stages, or, for an {@linkplain PipelineSpec#isResolved() unresolved} one (a fingerprint read
   * from the compact format in a JVM that never built its pipeline), its two keys, which is all it knows: writing its
   * placeholder stage would read back as another pipeline.
   */
  static void writeSpec(DataOutputStream out, PipelineSpec spec) throws IOException {
    if (!spec.isResolved()) {
      out.writeInt(SPEC_BY_KEYS);
      out.writeLong(spec.key());
      out.writeLong(spec.compatibilityKey());
      return;
    }
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

  static PipelineSpec readSpec(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == SPEC_BY_KEYS) {
      return PipelineSpec.fromKeys(in.readLong(), in.readLong());
    }
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

  /** Counts the bytes read through it. */
  private static final class Counting extends java.io.FilterInputStream {
    long position;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        position++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      position += s;
      return s;
    }
  }
}
