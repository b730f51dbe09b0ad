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
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.videosim.CorruptDataException;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;

/**
 * A snapshot of a persistent index ({@code snapshot-G.vsi}): header {@code [magic VSIS][version 1][generation
 * int64][has spec u8]([code bits int32][pipeline spec])[count int64]}, then {@code count} records {@code [length
 * int32][fingerprint bytes]}, then {@code [magic VSIE][CRC-32 of everything before]}. Written beside its final name,
 * forced, then renamed.
 */
final class SnapshotFile {
  private static final int MAGIC = 0x56534953; // "VSIS"
  private static final int END = 0x56534945; // "VSIE"
  private static final int FINGERPRINT_MAGIC = 0x56534650; // "VSFP"
  static final int VERSION = 1;
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
      for (String id : ids) {
        byte[] fp = mem.fingerprint(id).orElseThrow().toBytes();
        out.writeInt(fp.length);
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
      if (version != VERSION) {
        throw new CorruptDataException("'" + path + "' has snapshot format version " + version
            + "; this library reads " + VERSION);
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
      for (long i = 0; i < count; i++) {
        long at = counting.position;
        int len = in.readInt();
        if (len < 1 || len > MAX_RECORD || len > size - at) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "': record " + i + " at byte " + at
              + " has length " + len);
        }
        byte[] body = new byte[len];
        in.readFully(body);
        try {
          mem.add(VideoFingerprint.fromBytes(body));
        } catch (CorruptDataException | IncompatibleFingerprintException | IllegalArgumentException e) {
          throw new CorruptDataException("corrupt index snapshot '" + path + "', record " + i + " at byte " + at
              + ": " + e.getMessage(), e);
        }
      }
      if (in.readInt() != END) {
        throw new CorruptDataException("corrupt index snapshot '" + path + "' at byte " + (counting.position - 4)
            + ": no end marker");
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

  /** What a tolerant read of a snapshot found. */
  record Salvage(long declared, int recovered, PipelineSpec spec, int bits) {}

  /**
   * Reads every intact fingerprint of a possibly damaged snapshot, in order, handing each to {@code sink}; damage
   * is described in {@code problems} (with byte offsets) and skipped by looking for the next record that reads.
   *
   * @return the record count the header declares (-1 if unreadable), the number recovered, and the header's
   *     pipeline (null if none or unreadable)
   */
  static Salvage salvage(byte[] data, String path, Consumer<VideoFingerprint> sink, List<String> problems) {
    ByteBuffer b = ByteBuffer.wrap(data);
    long declared = -1;
    PipelineSpec spec = null;
    int bits = 0;
    int pos;
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC) {
        throw new IOException("no snapshot header");
      }
      in.readInt();
      in.readLong();
      if (in.readBoolean()) {
        bits = in.readInt();
        spec = readSpec(in);
      }
      declared = in.readLong();
      pos = data.length - in.available();
    } catch (IOException | RuntimeException e) {
      problems.add("'" + path + "': damaged header (" + e.getMessage() + "); looking for intact records");
      pos = 0;
    }
    int recovered = 0;
    int end = data.length - 8; // the end marker and the checksum
    while (pos + 4 <= end) {
      VideoFingerprint fp = fingerprintAt(data, pos, end);
      if (fp != null) {
        sink.accept(fp);
        recovered++;
        pos += 4 + b.getInt(pos);
        continue;
      }
      int next = -1;
      for (int p = pos + 1; p + 8 <= end; p++) {
        if (b.getInt(p + 4) == FINGERPRINT_MAGIC && fingerprintAt(data, p, end) != null) {
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
    return new Salvage(declared, recovered, spec, bits);
  }

  private static VideoFingerprint fingerprintAt(byte[] data, int pos, int end) {
    if (pos + 4 > end) {
      return null;
    }
    int len = ByteBuffer.wrap(data).getInt(pos);
    if (len < 12 || len > end - pos - 4) {
      return null;
    }
    try {
      return VideoFingerprint.fromBytes(java.util.Arrays.copyOfRange(data, pos + 4, pos + 4 + len));
    } catch (CorruptDataException | IllegalArgumentException e) {
      return null;
    }
  }

  static void writeSpec(DataOutputStream out, PipelineSpec spec) throws IOException {
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
