package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.videosim.hashing.PersistenceTest.assertHolds;
import static org.videosim.hashing.PersistenceTest.expected;
import static org.videosim.hashing.PersistenceTest.write;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.internal.DirectoryIndex;

/**
 * The defects of issue 16 in the persistent index, each reproduced: damage inside the acknowledged part of a log
 * was truncated silently, a deleted log or snapshot opened as an empty index, a damaged manifest was called a newer
 * version, readers were refused while a writer ran; and what replaced them: only an unacknowledged torn tail is cut
 * off (kept aside), shared readers, a writer's lock that names its holder, verify and repair, format-1 indexes.
 */
class IndexIntegrityTest {
  @TempDir Path tmp;

  /** Byte offsets of the fingerprints (their magic "VSFP") in a file, in order. */
  static List<Integer> fingerprintOffsets(byte[] b) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] == 'V' && b[i + 1] == 'S' && b[i + 2] == 'F' && b[i + 3] == 'P') {
        out.add(i);
      }
    }
    return out;
  }

  private Path indexWith(int operations) {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, operations);
    }
    return dir;
  }

  @Test
  void replay_damagedLengthInMiddle_failsLoudly() throws IOException {
    Path dir = indexWith(20);
    Path log = dir.resolve("log-0.vsl");
    byte[] good = Files.readAllBytes(log);
    List<Integer> fps = fingerprintOffsets(good);
    byte[] bad = good.clone();
    int at = fps.get(fps.size() / 2) - 8; // inside the length field of the middle record's header
    bad[at + 1] = 0x7f;
    bad[at + 2] = (byte) 0xff;
    bad[at + 3] = (byte) 0xff;
    Files.write(log, bad);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl").hasMessageContaining("at byte " + (fps.get(fps.size() / 2) - 21))
        .hasMessageContaining("acknowledged");
    assertThatThrownBy(() -> Indexes.openReadOnly(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl");
    // nothing was cut off or rewritten: the damaged bytes are all still there
    assertThat(Files.readAllBytes(log)).isEqualTo(bad);
  }

  @Test
  void replay_bitFlipInLastAcknowledgedRecord_failsLoudly() throws IOException {
    Path dir = indexWith(9);
    Path log = dir.resolve("log-0.vsl");
    byte[] bad = Files.readAllBytes(log);
    List<Integer> fps = fingerprintOffsets(bad);
    bad[fps.get(fps.size() - 1) + 40] ^= 0x04; // inside the last record's fingerprint
    Files.write(log, bad);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl").hasMessageContaining("checksum");
    assertThat(Files.readAllBytes(log)).isEqualTo(bad);
  }

  @Test
  void replay_tornTailPastTheAcknowledgedEnd_isKeptAsideAndCutOff() throws IOException {
    long seed = 99;
    Random rnd = new Random(seed);
    Path dir = indexWith(12);
    Path log = dir.resolve("log-0.vsl");
    byte[] acked = Files.readAllBytes(log);
    // a record of the same format, as a crash would leave it: a random prefix of it after the acknowledged end
    Path other = tmp.resolve("other");
    try (PersistentIndex index = Indexes.create(other)) {
      index.add(CrashingWriter.video(50));
    }
    byte[] full = Files.readAllBytes(other.resolve("log-0.vsl"));
    byte[] record = Arrays.copyOfRange(full, 16, full.length);
    for (int t = 0; t < 6; t++) {
      int cut = 1 + rnd.nextInt(record.length - 1);
      byte[] torn = Arrays.copyOf(acked, acked.length + cut);
      System.arraycopy(record, 0, torn, acked.length, cut);
      Files.write(log, torn);
      try (PersistentIndex index = Indexes.open(dir)) {
        assertHolds(index, expected(12), "seed " + seed + ", " + cut + " torn bytes");
      }
      assertThat(Files.readAllBytes(log)).as("seed %d: cut off at the acknowledged end", seed).isEqualTo(acked);
      Path aside = dir.resolve("aside");
      try (Stream<Path> s = Files.list(aside)) {
        List<Path> kept = s.filter(p -> p.getFileName().toString().startsWith("log-0.vsl." + acked.length + "-"))
            .toList();
        assertThat(kept).as("seed %d, cut %d", seed, cut).isNotEmpty();
        assertThat(kept.stream().anyMatch(p -> {
          try {
            return Arrays.equals(Files.readAllBytes(p), Arrays.copyOf(record, cut));
          } catch (IOException e) {
            return false;
          }
        })).as("the torn bytes are kept aside").isTrue();
      }
    }
    try (PersistentIndex index = Indexes.open(dir)) {
      index.add(CrashingWriter.video(100)); // appends at the acknowledged end
    }
    TreeMap<String, VideoFingerprint> e = expected(12);
    e.put("v100", CrashingWriter.video(100));
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, e, "after the torn tails");
    }
  }

  @Test
  void open_deletedLog_failsNotEmpty() throws IOException {
    Path dir = indexWith(5);
    Files.delete(dir.resolve("log-0.vsl"));
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl").hasMessageContaining("missing");
    assertThatThrownBy(() -> Indexes.openReadOnly(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl");
    assertThat(dir.resolve("log-0.vsl")).doesNotExist();
  }

  @Test
  void open_truncatedAcknowledgedLog_failsNamingWhereRecordsAreMissing() throws IOException {
    Path dir = indexWith(8);
    Path log = dir.resolve("log-0.vsl");
    byte[] b = Files.readAllBytes(log);
    int cut = fingerprintOffsets(b).get(5);
    Files.write(log, Arrays.copyOf(b, cut));
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl").hasMessageContaining("missing from byte " + cut);
  }

  @Test
  void open_snapshotAndLogDeleted_failsNotEmpty() throws IOException {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 10);
      index.compact();
    }
    Files.delete(dir.resolve("snapshot-1.vsi"));
    Files.delete(dir.resolve("log-1.vsl"));
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("snapshot-1.vsi").hasMessageContaining("missing");
    assertThatThrownBy(() -> Indexes.openReadOnly(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("snapshot-1.vsi");
  }

  @Test
  void open_manifestBitFlip_isReportedAsCorruptionNotAVersionMismatch() throws IOException {
    Path dir = indexWith(2);
    Path manifest = dir.resolve("videosim-index");
    byte[] b = Files.readAllBytes(manifest);
    b[7] ^= 0x02; // the low byte of the format version
    Files.write(manifest, b);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("corrupt index manifest").hasMessageContaining("checksum")
        .hasMessageNotContaining("version");
  }

  @Test
  void openReadOnly_whileAWriterAppends_readsTheCommittedStateAndManyReadersShare() throws Exception {
    Path dir = tmp.resolve("index");
    try (PersistentIndex writer = Indexes.create(dir)) {
      write(writer, 0, 10);
      List<PersistentIndex> readers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        readers.add(Indexes.openReadOnly(dir));
      }
      write(writer, 10, 15);
      for (PersistentIndex r : readers) {
        assertHolds(r, expected(10), "a reader opened before the last 5 writes");
        assertThatThrownBy(() -> r.add(CrashingWriter.video(99))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("read-only");
        r.close();
      }
      writer.compact();
      write(writer, 15, 17);
      try (PersistentIndex r = Indexes.openReadOnly(dir)) {
        assertHolds(r, expected(17), "a reader opened after a compaction");
      }
    }
  }

  @Test
  void open_secondWriter_waitsThenFailsNamingTheHolder_orGetsTheLockWhenItIsFree() throws Exception {
    Path dir = tmp.resolve("index");
    PersistentIndex first = Indexes.create(dir);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Indexes.open(dir, Duration.ofMillis(300))).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("process " + ProcessHandle.current().pid()).hasMessageContaining("since");
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    CompletableFuture<PersistentIndex> second = CompletableFuture.supplyAsync(
        () -> Indexes.open(dir, Duration.ofSeconds(20)));
    Thread.sleep(200);
    assertThat(second).isNotDone();
    first.add(CrashingWriter.video(1));
    first.close();
    try (PersistentIndex index = second.get(20, TimeUnit.SECONDS)) {
      assertThat(index.contains("v1")).isTrue();
    }
  }

  @Test
  void verify_intactIndex_reportsNoDamage() {
    Path dir = indexWith(30);
    IndexReport r = Indexes.verify(dir);
    assertThat(r.damaged()).as(r.describe()).isFalse();
    assertThat(r.videos()).isEqualTo(expected(30).size());
    assertThat(r.records()).isEqualTo(30);
    assertThat(r.recordsLost()).isZero();
    assertThat(r.describe()).contains("intact");
  }

  @Test
  void repair_damagedRecordsInTheLog_recoversEveryOtherRecordAndKeepsTheOldFiles() throws IOException {
    Path dir = indexWith(40);
    Path log = dir.resolve("log-0.vsl");
    byte[] b = Files.readAllBytes(log);
    List<Integer> fps = fingerprintOffsets(b);
    // damage two add records: a length field (record of video 10) and a payload byte (video 19)
    b[fps.get(ordinalOfAdd(10)) - 7] = 0x7f;
    b[fps.get(ordinalOfAdd(19)) + 30] ^= 0x10;
    Files.write(log, b);
    IndexReport verified = Indexes.verify(dir);
    assertThat(verified.damaged()).isTrue();
    assertThat(verified.recordsLost()).isEqualTo(2);
    assertThat(verified.problems()).anySatisfy(p -> assertThat(p).contains("log-0.vsl").contains("at byte "
        + (fps.get(ordinalOfAdd(10)) - 21)));
    assertThat(Files.readAllBytes(log)).as("verify changes nothing").isEqualTo(b);

    IndexReport repaired = Indexes.repair(dir);
    assertThat(repaired.recordsLost()).isEqualTo(2);
    assertThat(repaired.generation()).isEqualTo(1);
    assertThat(repaired.keptAside()).isPresent();
    assertThat(Files.readAllBytes(repaired.keptAside().get().resolve("log-0.vsl"))).isEqualTo(b);
    TreeMap<String, VideoFingerprint> e = expected(40);
    e.remove("v10");
    e.remove("v19");
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, e, "repaired");
      // the records after the lost ones keep their ordinals (one per log record), the lost ones are tombstones
      PersistenceTest.assertOrdinals(index, e, 40);
      index.add(CrashingWriter.video(40));
      assertThat(index.ordinal("v40")).isEqualTo(40);
    }
    assertThat(Indexes.verify(dir).damaged()).isFalse();
  }

  /** The position of video {@code n}'s add among the fingerprints written by operations 0 to n. */
  private static int ordinalOfAdd(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!CrashingWriter.removes(i)) {
        k++;
      }
    }
    return k;
  }

  @Test
  void repair_damagedSnapshot_recoversItsIntactEntries() throws IOException {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 30);
      index.compact();
      write(index, 30, 33);
    }
    Path snap = dir.resolve("snapshot-1.vsi");
    byte[] b = Files.readAllBytes(snap);
    List<Integer> fps = fingerprintOffsets(b);
    b[fps.get(3) + 50] ^= 0x01;
    Files.write(snap, b);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("snapshot-1.vsi");
    IndexReport r = Indexes.repair(dir);
    assertThat(r.recordsLost()).as(r.describe()).isEqualTo(1);
    try (PersistentIndex index = Indexes.open(dir)) {
      assertThat(index.videoCount()).isEqualTo(expected(33).size() - 1);
      for (String id : index.videoIds()) {
        assertThat(index.fingerprint(id)).contains(expected(33).get(id));
        assertThat(index.ordinal(id)).as(id).isEqualTo(Integer.parseInt(id.substring(1)));
      }
      index.add(CrashingWriter.video(50));
      assertThat(index.ordinal("v50")).as("after every ordinal the snapshot gave out").isEqualTo(33);
    }
  }

  /**
   * A snapshot whose checksum is right but whose first record claims a tombstone's ordinal: opening refuses it, and
   * verify called it intact (it did not compare the records' ordinals with the tombstones).
   */
  @Test
  void verify_snapshotRecordOnATombstone_isDamage_andRepairGivesAnIndexThatOpens() throws IOException {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 30);
      index.compact();
    }
    Path snap = dir.resolve("snapshot-1.vsi");
    byte[] b = Files.readAllBytes(snap);
    int first = fingerprintOffsets(b).get(0);
    ByteBuffer.wrap(b).putInt(first - 4, 6); // operation 6 removed a video: ordinal 6 is a tombstone
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    Files.write(snap, b);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("snapshot-1.vsi").hasMessageContaining("tombstone");
    IndexReport verified = Indexes.verify(dir);
    assertThat(verified.damaged()).as(verified.describe()).isTrue();
    assertThat(verified.problems()).anySatisfy(p -> assertThat(p).contains("tombstones"));
    Indexes.repair(dir);
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, expected(30), "repaired");
    }
    assertThat(Indexes.verify(dir).damaged()).isFalse();
  }

  @Test
  void openAndRepair_formatOneIndex_areReadAndConvertedKeepingEveryVideo() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    writeFormatOne(dir, 15);
    try (PersistentIndex r = Indexes.openReadOnly(dir)) {
      assertHolds(r, expected(15), "format 1, read-only");
    }
    assertThat(Indexes.verify(dir).damaged()).isFalse();
    try (PersistentIndex w = Indexes.open(dir)) {
      assertHolds(w, expected(15), "format 1, opened for writing");
      write(w, 15, 20);
    }
    assertThat(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("videosim-index"))).getInt(4)).isEqualTo(2);
    try (PersistentIndex r = Indexes.open(dir)) {
      assertHolds(r, expected(20), "converted to format 2");
    }
  }

  /** Writes an index as videosim's format 1 did: manifest, then a log of {@code [length][CRC-32][type][payload]}. */
  static void writeFormatOne(Path dir, int operations) throws IOException {
    ByteBuffer m = ByteBuffer.allocate(16).putInt(0x5653494d).putInt(1).putInt(0);
    CRC32 crc = new CRC32();
    crc.update(m.array(), 0, 12);
    m.putInt((int) crc.getValue());
    Files.write(dir.resolve("videosim-index"), m.array());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x5653494c);
    out.writeInt(1);
    out.writeLong(0);
    for (int i = 0; i < operations; i++) {
      byte type = (byte) (CrashingWriter.removes(i) ? 2 : 1);
      byte[] payload = type == 2 ? ("v" + (i - 5)).getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : CrashingWriter.video(i).toBytes();
      CRC32 c = new CRC32();
      c.update(type);
      c.update(payload);
      out.writeInt(1 + payload.length);
      out.writeInt((int) c.getValue());
      out.writeByte(type);
      out.write(payload);
    }
    Files.write(dir.resolve("log-0.vsl"), bytes.toByteArray());
  }

  @Test
  void open_compactionCutShortBeforeItsCommit_keepsTheCommittedGeneration() throws IOException {
    Path dir = indexWith(10);
    // what a compaction leaves when it dies before moving the commit pointer
    Files.write(dir.resolve("snapshot-1.vsi"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("log-1.vsl"), new byte[] {4, 5});
    try (DirectoryIndex index = DirectoryIndex.open(dir, false, 0, DirectoryIndex.DEFAULT_COMPACT_BYTES)) {
      assertHolds(index, expected(10), "after an uncommitted compaction");
    }
    assertThat(dir.resolve("snapshot-1.vsi")).doesNotExist();
  }

  @Test
  void add_codesWiderThanTheIndexTakes_areRefusedBeforeAllocatingGigabytes() {
    // found by fuzzing a snapshot: a header declaring 65536-bit codes made the index allocate its lists (GBs)
    VideoFingerprint wide = new VideoFingerprint("w", 1, CrashingWriter.SPEC, List.of(new org.videosim.Clip(0, 1, 1,
        org.videosim.BitCode.of(65536, new long[1024]))));
    try (FingerprintIndex index = Indexes.multiIndexHashing()) {
      assertThatThrownBy(() -> index.add(wide)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 to 1024 bits");
    }
  }
}
