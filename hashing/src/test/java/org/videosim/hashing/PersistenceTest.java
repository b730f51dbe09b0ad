package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.IndexHit;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.internal.DirectoryIndex;

/**
 * The persistent index keeps every acknowledged change across reopening, compaction and a killed process, drops
 * only an unfinished last log record, and reports damaged or foreign files as {@link VideoSimilarityException}s.
 */
class PersistenceTest {
  @TempDir Path tmp;

  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** Applies operations 0 until n of {@link CrashingWriter} to a map of the expected videos. */
  static TreeMap<String, VideoFingerprint> expected(int n) {
    TreeMap<String, VideoFingerprint> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (CrashingWriter.removes(i)) {
        m.remove("v" + (i - 5));
      } else {
        m.put("v" + i, CrashingWriter.video(i));
      }
    }
    return m;
  }

  static void write(PersistentIndex index, int from, int to) {
    for (int i = from; i < to; i++) {
      if (CrashingWriter.removes(i)) {
        index.remove("v" + (i - 5));
      } else {
        index.add(CrashingWriter.video(i));
      }
    }
  }

  static void assertHolds(PersistentIndex index, TreeMap<String, VideoFingerprint> expected, String what) {
    assertThat(index.videoIds()).as(what).containsExactlyElementsOf(expected.keySet());
    for (VideoFingerprint fp : expected.values()) {
      assertThat(index.fingerprint(fp.videoId())).as(what).contains(fp);
    }
    assertThat(index.size()).as(what).isEqualTo(expected.values().stream().mapToInt(f -> f.clips().size()).sum());
    if (!expected.isEmpty()) {
      VideoFingerprint some = expected.lastEntry().getValue();
      List<IndexHit> hits = index.search(some.clips().get(0).code(), 0);
      assertThat(hits).as(what).extracting(IndexHit::videoId).contains(some.videoId());
    }
  }

  /**
   * Each of {@link #write}'s operations is one log record, so video {@code vi} holds ordinal {@code i}, and every
   * other ordinal below {@code n} is a tombstone.
   */
  static void assertOrdinals(PersistentIndex index, TreeMap<String, VideoFingerprint> expected, int n) {
    org.roaringbitmap.RoaringBitmap tombstones = org.roaringbitmap.RoaringBitmap.bitmapOfRange(0, n);
    for (String id : expected.keySet()) {
      int i = Integer.parseInt(id.substring(1));
      assertThat(index.ordinal(id)).as(id).isEqualTo(i);
      tombstones.remove(i);
    }
    assertThat(((DirectoryIndex) index).deletedOrdinals()).isEqualTo(tombstones);
  }

  @Test
  void unresolvedSpec_aJvmThatNeverBuiltThePipelineCompacts_theIndexKeepsThePipelinesKeys() {
    // fingerprints read from bytes in a JVM that never built their pipeline know only its two keys
    org.videosim.PipelineSpec unknown = org.videosim.PipelineSpec.fromKeys(0x1234_5678_9abcL, 0x0fed_cba9L);
    assertThat(unknown.isResolved()).isFalse();
    java.util.Random rnd = new java.util.Random(3);
    List<VideoFingerprint> fps = new java.util.ArrayList<>();
    for (int v = 0; v < 5; v++) {
      VideoFingerprint f = org.videosim.testkit.VideoMatcherContract.random("u" + v, 4, 64, rnd);
      fps.add(new VideoFingerprint("u" + v, f.duration(), unknown, f.clips()));
    }
    Path dir = tmp.resolve("unresolved");
    try (PersistentIndex index = Indexes.create(dir)) {
      fps.forEach(index::add);
      index.compact(); // the snapshot stores the spec
    }
    try (PersistentIndex index = Indexes.openReadOnly(dir)) {
      org.videosim.PipelineSpec read = index.spec().orElseThrow();
      assertThat(read.key()).isEqualTo(unknown.key());
      assertThat(read.isCompatibleWith(unknown)).isTrue();
      assertThat(read.isResolved()).isFalse(); // still only the keys, not a pipeline made of its placeholder stage
      assertThat(read).isEqualTo(unknown);
      // and the mapped copy written from it
      Path mapped = tmp.resolve("unresolved.mapped");
      Indexes.writeMapped(mapped, index);
      try (FingerprintIndex m = Indexes.openMapped(mapped)) {
        assertThat(m.spec().orElseThrow().isCompatibleWith(unknown)).isTrue();
        assertThat(m.spec().orElseThrow().key()).isEqualTo(unknown.key());
      }
    }
  }

  @Test
  void ordinalsAndTombstones_acrossReopenCompactionAndReaders_areThoseTheWriterGave() {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 30);
      assertOrdinals(index, expected(30), 30);
      index.compact();
      write(index, 30, 45);
      assertOrdinals(index, expected(45), 45);
    }
    try (PersistentIndex reader = Indexes.openReadOnly(dir)) {
      assertOrdinals(reader, expected(45), 45);
    }
    try (PersistentIndex index = Indexes.open(dir)) {
      assertOrdinals(index, expected(45), 45);
      index.compact();
      index.remove("v44");
      index.add(CrashingWriter.video(46)); // ordinal 46: the remove took 45
    }
    TreeMap<String, VideoFingerprint> e = expected(45);
    e.remove("v44");
    e.put("v46", CrashingWriter.video(46));
    try (PersistentIndex index = Indexes.open(dir)) {
      assertOrdinals(index, e, 47);
      org.roaringbitmap.RoaringBitmap some = index.ordinals(List.of("v1", "v46", "v44"));
      VideoFingerprint v46 = CrashingWriter.video(46);
      assertThat(index.search(v46.clips().get(0).code(), 0, some)).extracting(IndexHit::videoId)
          .containsOnly("v46");
    }
  }

  @Test
  void reopen_afterAddsReplacesAndRemoves_holdsTheSameVideos() {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 60);
      index.add(CrashingWriter.video(3).withVideoId("v10")); // replace
    }
    TreeMap<String, VideoFingerprint> expected = expected(60);
    expected.put("v10", CrashingWriter.video(3).withVideoId("v10"));
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, expected, "reopened");
      assertThat(index.spec()).contains(CrashingWriter.SPEC);
    }
  }

  @Test
  void compaction_keepsEverythingAndLeavesOneSnapshotAndOneLog() throws IOException {
    Path dir = tmp.resolve("index");
    try (DirectoryIndex index = DirectoryIndex.open(dir, true, 0, 4096)) {
      write(index, 0, 200);
      assertHolds(index, expected(200), "while open");
    }
    List<String> files = files(dir);
    assertThat(files).hasSize(5).contains("lock", "videosim-index", "commit");
    assertThat(files.stream().filter(f -> f.startsWith("snapshot-"))).hasSize(1)
        .allSatisfy(f -> assertThat(f).isNotEqualTo("snapshot-0.vsi"));
    assertThat(files.stream().filter(f -> f.startsWith("log-"))).hasSize(1);
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, expected(200), "reopened after compactions");
      write(index, 200, 230);
    }
    try (PersistentIndex index = Indexes.open(dir)) {
      assertHolds(index, expected(230), "reopened again");
    }
  }

  @Test
  void compact_ofAnEmptiedIndex_keepsItsPipeline() {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      index.add(CrashingWriter.video(1));
      index.remove("v1");
      index.compact();
    }
    try (PersistentIndex index = Indexes.open(dir)) {
      assertThat(index.videoCount()).isZero();
      assertThat(index.spec()).contains(CrashingWriter.SPEC);
    }
  }

  @Test
  void open_damagedRecordBeforeTheEnd_givesCorruptDataExceptionNamingTheLog() throws IOException {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 5);
    }
    Path log = dir.resolve("log-0.vsl");
    byte[] b = Files.readAllBytes(log);
    b[40] ^= 0x10; // inside the first record
    Files.write(log, b);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("log-0.vsl").hasMessageContaining("checksum");
  }

  @Test
  void open_damagedSnapshot_givesCorruptDataExceptionNamingIt() throws IOException {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      write(index, 0, 20);
      index.compact();
    }
    Path snapshot = dir.resolve("snapshot-1.vsi");
    byte[] good = Files.readAllBytes(snapshot);
    Random rnd = new Random(5);
    for (int t = 0; t < 20; t++) {
      byte[] bad = good.clone();
      int i = rnd.nextInt(bad.length);
      bad[i] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(snapshot, bad);
      assertThatThrownBy(() -> Indexes.open(dir)).as("flipped byte %d", i).isInstanceOf(CorruptDataException.class)
          .hasMessageContaining("snapshot-1.vsi");
    }
    Files.write(snapshot, java.util.Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("snapshot-1.vsi");
  }

  @Test
  void foreignOrNewerFiles_giveClearExceptions() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(other.resolve("cat.jpg"), "not an index");
    assertThatThrownBy(() -> Indexes.open(other)).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("no videosim index");
    assertThatThrownBy(() -> Indexes.create(other)).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("cat.jpg");
    assertThatThrownBy(() -> Indexes.open(tmp.resolve("missing"))).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("no videosim index");

    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      index.add(CrashingWriter.video(0));
    }
    assertThatThrownBy(() -> Indexes.create(dir)).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("already holds an index");
    Path manifest = dir.resolve("videosim-index");
    byte[] good = Files.readAllBytes(manifest);
    Files.writeString(manifest, "PK\u0003\u0004 some zip file");
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("not a videosim index manifest");
    byte[] newer = good.clone();
    ByteBuffer.wrap(newer).putInt(4, 3);
    CRC32 crc = new CRC32();
    crc.update(newer, 0, 12);
    ByteBuffer.wrap(newer).putInt(12, (int) crc.getValue());
    Files.write(manifest, newer);
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("format version 3");
    Files.write(manifest, good);
    Path log = dir.resolve("log-0.vsl");
    byte[] logBytes = Files.readAllBytes(log);
    Files.writeString(log, "hello, this is a text file that somebody put here");
    assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("not a videosim index log");
    Files.write(log, logBytes);
    try (PersistentIndex index = Indexes.open(dir)) {
      assertThat(index.contains("v0")).isTrue();
    }
  }

  @Test
  void open_whileOpen_isRefused_afterCloseItOpens() {
    Path dir = tmp.resolve("index");
    try (PersistentIndex index = Indexes.create(dir)) {
      index.add(CrashingWriter.video(0));
      assertThatThrownBy(() -> Indexes.open(dir)).isInstanceOf(VideoSimilarityException.class)
          .hasMessageContaining("open for writing by process " + ProcessHandle.current().pid());
    }
    try (PersistentIndex index = Indexes.open(dir)) {
      assertThat(index.videoCount()).isEqualTo(1);
    }
  }

  /**
   * A child JVM adds and removes videos as fast as it can (forcing each to disk, compacting every few KB) and is
   * killed with SIGKILL at a random moment; the reopened index holds every acknowledged change. Four rounds on the
   * same directory, so that later rounds also recover from earlier crashes.
   */
  @Test
  void killedWriterProcess_reopensWithEveryAcknowledgedChange() throws Exception {
    long seed = 8675309;
    Random rnd = new Random(seed);
    Path dir = tmp.resolve("index");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int next = 0; // the next operation to run
    int rounds = 0;
    for (int round = 0; round < 4; round++) {
      Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          CrashingWriter.class.getName(), dir.toString(), Integer.toString(next), "8192")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int acked = next; // operations below this were acknowledged
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String ready = out.readLine();
        assertThat(ready).as("seed %d, round %d: child started", seed, round).startsWith("READY");
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + rnd.nextInt(700));
        String line;
        while (System.nanoTime() < killAt && (line = out.readLine()) != null) {
          acked = Integer.parseInt(line.substring(4)) + 1;
        }
        child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, keeps our end of the pipe
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        while ((line = out.readLine()) != null) { // acknowledged before the kill landed
          acked = Integer.parseInt(line.substring(4)) + 1;
        }
      }
      assertThat(acked).as("seed %d, round %d: the child made progress", seed, round).isGreaterThan(next);
      try (PersistentIndex index = Indexes.open(dir)) {
        // Operation `acked` may have reached the log before the kill without being acknowledged.
        TreeMap<String, VideoFingerprint> before = expected(acked);
        TreeMap<String, VideoFingerprint> after = expected(acked + 1);
        boolean inFlightDone = index.videoIds().equals(new ArrayList<>(after.keySet()))
            && !after.keySet().equals(before.keySet());
        assertHolds(index, inFlightDone ? after : before, "seed " + seed + ", round " + round + ", " + acked
            + " operations acknowledged");
        next = inFlightDone ? acked + 1 : acked;
      }
      rounds++;
    }
    assertThat(rounds).isEqualTo(4);
    assertThat(files(dir).stream().filter(f -> f.startsWith("snapshot-")).findFirst()).as("compacted at least once")
        .isPresent();
  }

  @Test
  void close_isIdempotent_andAClosedIndexRefusesWork() {
    Path dir = tmp.resolve("index");
    PersistentIndex index = Indexes.create(dir);
    index.add(CrashingWriter.video(0));
    index.close();
    index.close();
    assertThatThrownBy(() -> index.add(CrashingWriter.video(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> index.search(CrashingWriter.video(0).clips().get(0).code(), 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
