package org.videosim.hashing.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.videosim.CorruptDataException;
import org.videosim.testkit.ParserFuzzing;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.IndexReport;
import org.videosim.hashing.Indexes;
import org.videosim.hashing.IsoHashBinarizer;
import org.videosim.hashing.PersistentIndex;

/**
 * Fuzzes the readers of a persistent index's files (manifest, commit pointer, snapshot, log: opened read-only, for
 * writing, verified and repaired) and of IsoHash binarizer files: only {@link CorruptDataException} (or, for whole
 * index directories, another {@link VideoSimilarityException}), never another exception, an out-of-memory error or
 * a hang. Regression inputs: {@code src/test/resources/org/videosim/hashing/internal/IndexFilesFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndexFilesFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("videosim-index-fuzz-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scratch directory goes with the test run (every run of the suite left one in the temporary folder). */
  @AfterAll
  static void deleteScratch() throws IOException {
    MappedIndex.deleteTree(DIR);
  }

  @FuzzTest(maxDuration = "1m")
  void manifest(byte[] data) {
    ParserFuzzing.expectOnly(() -> IndexFiles.parseManifest(data, "fuzz", DirectoryIndex.FORMAT_VERSION),
        CorruptDataException.class);
  }

  @FuzzTest(maxDuration = "1m")
  void commit(byte[] data) {
    ParserFuzzing.expectOnly(() -> IndexFiles.parseCommit(data, "fuzz"), CorruptDataException.class);
  }

  @FuzzTest(maxDuration = "1m")
  void snapshot(byte[] data) {
    ParserFuzzing.expectOnly(() -> {
      try (MultiIndexHashingIndex mem = new MultiIndexHashingIndex(0)) {
        SnapshotFile.read(new ByteArrayInputStream(data), data.length, "fuzz", 1, mem);
      }
    }, CorruptDataException.class);
    ParserFuzzing.expectOnly(() -> {
      try (MultiIndexHashingIndex mem = new MultiIndexHashingIndex(0)) {
        SnapshotFile.salvage(data, "fuzz", (fp, ordinal) -> {
          try {
            mem.add(fp);
          } catch (RuntimeException e) {
            // an incompatible fingerprint: the repair reports it; the salvage itself must not fail
          }
        }, new ArrayList<>());
      }
    });
  }

  /** A whole index whose log is {@code data}, with a commit pointer that acknowledges all of it. */
  @FuzzTest(maxDuration = "1m")
  void log(byte[] data) throws IOException {
    openEveryWay(data);
  }

  /** As {@link #log}, with every record's checksums made valid, so that the records' contents are parsed. */
  @FuzzTest(maxDuration = "1m")
  void logWithValidChecksums(byte[] data) throws IOException {
    openEveryWay(fixRecordChecksums(data));
  }

  @FuzzTest(maxDuration = "1m")
  void isoHashBinarizer(byte[] data) {
    ParserFuzzing.expectOnly(() -> IsoHashBinarizer.fromBytes(data), CorruptDataException.class);
    ParserFuzzing.expectOnly(() -> IsoHashBinarizer.fromBytes(ParserFuzzing.withTrailingCrc(data)),
        CorruptDataException.class);
  }

  private static void openEveryWay(byte[] log) throws IOException {
    Path dir = DIR.resolve("index");
    MappedIndex.deleteTree(dir);
    Files.createDirectories(dir);
    Files.write(dir.resolve(IndexFiles.MANIFEST), IndexFiles.manifestBytes(DirectoryIndex.FORMAT_VERSION, 0));
    Files.write(dir.resolve(IndexFiles.logName(0)), log);
    IndexFiles.createCommit(dir, new IndexFiles.Commit(1, 0, Math.max(LogFile.HEADER, log.length)));
    ParserFuzzing.expectOnly(() -> Indexes.openReadOnly(dir).close(), VideoSimilarityException.class);
    ParserFuzzing.expectOnly(() -> {
      IndexReport r = Indexes.verify(dir);
      r.describe();
    }, VideoSimilarityException.class);
    ParserFuzzing.expectOnly(() -> {
      try (PersistentIndex w = Indexes.open(dir)) {
        w.videoCount();
      }
    }, VideoSimilarityException.class);
    ParserFuzzing.expectOnly(() -> Indexes.repair(dir), VideoSimilarityException.class);
  }

  /** The bytes with a log header and, for each format-2 record found in order, both checksums recomputed. */
  static byte[] fixRecordChecksums(byte[] data) {
    byte[] b = data.clone();
    if (b.length < LogFile.HEADER) {
      return b;
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    bb.putInt(0, LogFile.MAGIC).putInt(4, DirectoryIndex.FORMAT_VERSION).putLong(8, 0);
    int pos = LogFile.HEADER;
    long seq = 1;
    while (pos + LogFile.RECORD_HEAD + LogFile.RECORD_TAIL <= b.length) {
      bb.putInt(pos, LogFile.RECORD_MAGIC).putLong(pos + 4, seq++);
      int len = bb.getInt(pos + 13);
      if (len < 0 || len > b.length - pos - LogFile.RECORD_HEAD - LogFile.RECORD_TAIL) {
        len = b.length - pos - LogFile.RECORD_HEAD - LogFile.RECORD_TAIL;
        bb.putInt(pos + 13, len);
      }
      CRC32 crc = new CRC32();
      crc.update(b, pos, LogFile.RECORD_HEAD - 4);
      bb.putInt(pos + LogFile.RECORD_HEAD - 4, (int) crc.getValue());
      crc.reset();
      crc.update(b, pos, LogFile.RECORD_HEAD + len);
      bb.putInt(pos + LogFile.RECORD_HEAD + len, (int) crc.getValue());
      pos += LogFile.RECORD_HEAD + len + LogFile.RECORD_TAIL;
    }
    return b;
  }
}
