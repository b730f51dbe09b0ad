package org.videosim.hashing.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.videosim.CorruptDataException;

/**
 * The log of a persistent index ({@code log-G.vsl}): a 16-byte header {@code [magic VSIL][format version][generation
 * int64]}, then one record per add or remove.
 *
 * <p>Format 2 records: {@code [magic VSLR][sequence int64][type u8][payload length int32][CRC-32 of these 17
 * bytes]}, the payload, then the CRC-32 of everything before it in the record. Sequence numbers count from 1 in
 * each log. Type 1 adds a fingerprint (payload {@link org.videosim.VideoFingerprint#toBytes()}), type 2 removes a
 * video (payload its id in UTF-8). The header checksum makes the length trustworthy before anything is allocated,
 * the magic lets a repair find the next intact record after damage, and the sequence numbers count the records
 * lost.
 *
 * <p>Format 1 (legacy, read only): {@code [length int32][CRC-32 of the body][body = type u8 + payload]}.
 */
final class LogFile {
  static final int MAGIC = 0x5653494c; // "VSIL"
  static final int HEADER = 16;
  static final int RECORD_MAGIC = 0x56534c52; // "VSLR"
  static final int RECORD_HEAD = 21;
  static final int RECORD_TAIL = 4;
  static final byte ADD = 1;
  static final byte REMOVE = 2;
  /** The largest payload read; a length above it is damage (a fingerprint of 1 GB would be 40 million clips). */
  static final int MAX_PAYLOAD = 1 << 30;

  private LogFile() {}

  /** One intact record: where it lies, its sequence number (0 in legacy logs), type and payload. */
  record Record(long offset, long end, long sequence, byte type, byte[] payload) {}

  /** What lies at an offset: a record, or the reason there is none ({@code problem}). */
  record Entry(Record record, String problem) {
    static Entry damaged(String problem) {
      return new Entry(null, problem);
    }
  }

  static byte[] header(int version, long generation) {
    return ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(version).putLong(generation).array();
  }

  /**
   * Reads and checks a log's header; returns its format version.
   *
   * @throws CorruptDataException for a foreign file, a newer format or another generation
   */
  static int readHeader(FileChannel ch, Path path, long generation, int newestVersion) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(ch, header, 0);
    header.flip();
    if (header.remaining() < 8 || header.getInt() != MAGIC) {
      throw new CorruptDataException("'" + path + "' is not a videosim index log (no header at byte 0)");
    }
    int version = header.getInt();
    if (version < 1 || version > newestVersion) {
      throw new CorruptDataException("'" + path + "' has format version " + version + "; this library reads "
          + "versions 1 to " + newestVersion);
    }
    if (header.remaining() < 8 || header.getLong() != generation) {
      throw new CorruptDataException("corrupt index log '" + path + "' at byte 8: its header does not name "
          + "generation " + generation);
    }
    return version;
  }

  /** A format-2 record. */
  static byte[] encode(long sequence, byte type, byte[] payload) {
    byte[] r = new byte[RECORD_HEAD + payload.length + RECORD_TAIL];
    ByteBuffer b = ByteBuffer.wrap(r);
    b.putInt(RECORD_MAGIC).putLong(sequence).put(type).putInt(payload.length);
    CRC32 crc = new CRC32();
    crc.update(r, 0, RECORD_HEAD - 4);
    b.putInt((int) crc.getValue());
    b.put(payload);
    crc.reset();
    crc.update(r, 0, RECORD_HEAD + payload.length);
    b.putInt((int) crc.getValue());
    return r;
  }

  /** Reads the format-2 record at {@code pos} of a log of {@code size} bytes, or says why there is none. */
  static Entry read(FileChannel ch, long pos, long size) throws IOException {
    if (size - pos < RECORD_HEAD) {
      return Entry.damaged("a record header cut short (" + (size - pos) + " bytes)");
    }
    ByteBuffer head = ByteBuffer.allocate(RECORD_HEAD);
    readFully(ch, head, pos);
    byte[] h = head.array();
    ByteBuffer b = ByteBuffer.wrap(h);
    if (b.getInt() != RECORD_MAGIC) {
      return Entry.damaged("no record marker");
    }
    long seq = b.getLong();
    byte type = b.get();
    int len = b.getInt();
    CRC32 crc = new CRC32();
    crc.update(h, 0, RECORD_HEAD - 4);
    if (b.getInt() != (int) crc.getValue()) {
      return Entry.damaged("a record header checksum mismatch");
    }
    if (type != ADD && type != REMOVE) {
      return Entry.damaged("an unknown record type " + type);
    }
    if (len < 0 || len > MAX_PAYLOAD) {
      return Entry.damaged("a record length of " + len);
    }
    long end = pos + RECORD_HEAD + len + RECORD_TAIL;
    if (end > size) {
      return Entry.damaged("a record cut short (" + (size - pos) + " of " + (end - pos) + " bytes)");
    }
    ByteBuffer body = ByteBuffer.allocate(len + RECORD_TAIL);
    readFully(ch, body, pos + RECORD_HEAD);
    byte[] payload = new byte[len];
    body.flip();
    body.get(payload);
    int stored = body.getInt();
    crc.reset();
    crc.update(h);
    crc.update(payload);
    if (stored != (int) crc.getValue()) {
      return Entry.damaged("a record checksum mismatch");
    }
    return new Entry(new Record(pos, end, seq, type, payload), null);
  }

  /** Reads the format-1 record at {@code pos}, or says why there is none. */
  static Entry readLegacy(FileChannel ch, long pos, long size) throws IOException {
    if (size - pos < 9) {
      return Entry.damaged("a record header cut short (" + (size - pos) + " bytes)");
    }
    ByteBuffer head = ByteBuffer.allocate(8);
    readFully(ch, head, pos);
    head.flip();
    int len = head.getInt();
    int crc = head.getInt();
    if (len < 1 || len > MAX_PAYLOAD) {
      return Entry.damaged("a record length of " + len);
    }
    if (len > size - pos - 8) {
      return Entry.damaged("a record cut short");
    }
    ByteBuffer body = ByteBuffer.allocate(len);
    readFully(ch, body, pos + 8);
    byte[] b = body.array();
    CRC32 c = new CRC32();
    c.update(b);
    if ((int) c.getValue() != crc) {
      return Entry.damaged("a checksum mismatch");
    }
    if (b[0] != ADD && b[0] != REMOVE) {
      return Entry.damaged("an unknown record type " + b[0]);
    }
    byte[] payload = java.util.Arrays.copyOfRange(b, 1, b.length);
    return new Entry(new Record(pos, pos + 8 + len, 0, b[0], payload), null);
  }

  static Entry read(FileChannel ch, long pos, long size, int version) throws IOException {
    return version == 1 ? readLegacy(ch, pos, size) : read(ch, pos, size);
  }

  /**
   * The first offset after {@code from} where an intact record starts (format 2: at a record marker; format 1: any
   * offset whose length and checksum agree), or -1 if there is none before {@code size}.
   */
  static long resync(FileChannel ch, long from, long size, int version) throws IOException {
    ByteBuffer window = ByteBuffer.allocate(1 << 16);
    long base = from + 1;
    while (base < size) {
      window.clear();
      int n = ch.read(window, base);
      if (n <= 0) {
        return -1;
      }
      for (int i = 0; i < n; i++) {
        long p = base + i;
        if (version != 1) {
          if (i + 4 <= n && window.getInt(i) != RECORD_MAGIC) {
            continue;
          }
          if (i + 4 > n && p + 4 <= size) {
            break; // the marker crosses the window: read it in the next one
          }
        }
        if (read(ch, p, size, version).record() != null) {
          return p;
        }
      }
      base += Math.max(1, n - 3);
    }
    return -1;
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }
}
