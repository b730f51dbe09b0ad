package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;
import org.videosim.IndexHit;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarityException;
import org.videosim.hashing.internal.MappedIndex;
import org.videosim.testkit.IndexContract;

/** The memory-mapped index: exactly a scan's hits, the stored fingerprints, read-only, damage found. */
class MappedIndexTest extends IndexContract {
  @TempDir static Path dir;
  static List<VideoFingerprint> videos;
  static Path written;

  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.exact(); // the contract's own tests run on the exact index; the mapped one is checked against it
  }

  @Override
  protected int bits() {
    return 256;
  }

  @BeforeAll
  static void write() {
    MappedIndexTest t = new MappedIndexTest();
    Random rnd = new Random(31);
    videos = new ArrayList<>();
    for (int v = 0; v < 6000; v++) { // 60,000 clips: enough for radius 10 to probe the lists
      videos.add(t.video(String.format("v%05d", v), 10, rnd));
    }
    written = dir.resolve("mapped");
    assertThat(Indexes.writeMapped(written, videos.iterator())).isEqualTo(6000);
  }

  @Test
  void search_equalsTheScan_whetherItProbesOrScans() {
    Random rnd = new Random(32);
    try (FingerprintIndex index = Indexes.openMapped(written)) {
      MappedIndex mapped = (MappedIndex) index;
      assertThat(mapped.probes(3)).isTrue();
      assertThat(mapped.probes(10)).isTrue();
      assertThat(mapped.probes(60)).isFalse();
      for (int k = 0; k < 40; k++) {
        VideoFingerprint v = videos.get(rnd.nextInt(videos.size()));
        BitCode q = near(v, rnd, k % 14);
        for (int r : new int[] {0, 3, 10, 13, 60}) {
          assertThat(index.search(q, r)).as("radius %d", r).isEqualTo(reference(videos, q, r));
        }
      }
      BitCode q = near(videos.get(7), rnd, 4);
      List<IndexHit> all = reference(videos, q, 256);
      assertThat(index.nearest(q, 5)).isEqualTo(all.subList(0, 5));
    }
  }

  @Test
  void search_eightSubstringsOf32Bits_theListsSortedAsPackedKeys_equalsTheScan() {
    Path eight = dir.resolve("eight");
    MappedIndex.write(eight, videos.iterator(), 8); // 32-bit substrings: keys and ids sort packed in longs
    Random rnd = new Random(35);
    try (MappedIndex index = MappedIndex.open(eight)) {
      assertThat(index.substrings()).isEqualTo(8);
      assertThat(index.probes(10)).isTrue();
      for (int k = 0; k < 30; k++) {
        BitCode q = near(videos.get(rnd.nextInt(videos.size())), rnd, k % 14);
        for (int r : new int[] {0, 7, 10, 15}) {
          assertThat(index.search(q, r)).as("radius %d", r).isEqualTo(reference(videos, q, r));
        }
      }
    }
  }

  @Test
  void searchChecks_byTheKeyLists_equalsTheScanOfTheFingerprints() {
    Random rnd = new Random(36);
    List<VideoFingerprint> checked = new ArrayList<>();
    try (FingerprintIndex exact = Indexes.exact()) {
      for (int v = 0; v < 300; v++) {
        VideoFingerprint plain = video(String.format("c%03d", v), 5, rnd);
        List<BitCode> checks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          checks.add(BitCode.of(63, v % 7 == 0 ? 0 : rnd.nextLong() >>> 1)); // every 7th video flat
        }
        VideoFingerprint f = new VideoFingerprint(plain.videoId(), plain.duration(), FingerprintIndexContract.CHECKED,
            plain.clips(), checks);
        checked.add(f);
        exact.add(f);
      }
      Path out = dir.resolve("checked");
      Indexes.writeMapped(out, checked.iterator());
      try (FingerprintIndex mapped = Indexes.openMapped(out)) {
        for (int k = 0; k < 16; k++) { // each query scans the exact index's 300 fingerprints in 8 orientations
          VideoFingerprint f = checked.get(rnd.nextInt(checked.size()));
          long code = f.checks().get(rnd.nextInt(5)).toLongArray()[0];
          for (int b = 0; b < k % 8; b++) {
            code ^= 1L << rnd.nextInt(63);
          }
          for (long[] o : CheckKeys.orientations(new VideoFingerprint("q", 1, FingerprintIndexContract.CHECKED,
              f.clips().subList(0, 1), List.of(BitCode.of(63, code))))) {
            BitCode q = BitCode.of(63, o);
            assertThat(mapped.searchChecks(q, 12)).isEqualTo(exact.searchChecks(q, 12));
          }
        }
        BitCode own = checked.get(1).checks().get(2);
        assertThat(mapped.searchChecks(own, 0)).extracting(IndexHit::videoId, IndexHit::clipIndex)
            .contains(org.assertj.core.groups.Tuple.tuple("c001", 2));
      }
    }
    try (FingerprintIndex none = Indexes.openMapped(written)) {
      assertThat(none.searchChecks(BitCode.of(63, 5L), 12)).isEmpty(); // fingerprints without check codes
    }
  }

  @Test
  void open_holdsTheFingerprintsIdsAndCounts_andIsReadOnly() {
    try (FingerprintIndex index = Indexes.openMapped(written)) {
      assertThat(index.size()).isEqualTo(60_000);
      assertThat(index.videoCount()).isEqualTo(6000);
      assertThat(index.spec()).contains(videos.get(0).spec());
      assertThat(index.fingerprint("v00042")).contains(videos.get(42));
      assertThat(index.fingerprint("nope")).isEmpty();
      assertThat(index.contains("v05999")).isTrue();
      assertThat(index.ordinal("v00003")).isEqualTo(3);
      assertThat(index.videoIds()).hasSize(6000).startsWith("v00000", "v00001");
      assertThatThrownBy(() -> index.add(videos.get(0))).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> index.remove("v00000")).isInstanceOf(UnsupportedOperationException.class);
      long[] bytes = ((MappedIndex) index).bytes();
      // 32 B of code, 6 B of times, 6 substrings x 4 B of ids; plus firsts and the directories
      assertThat(bytes[0] / 60_000.0).isBetween(62.0, 64.0);
    }
  }

  @Test
  void write_copiesAnIndex_refusesAnExistingDirectory_andLeavesNothingWhenItFails() throws Exception {
    Random rnd = new Random(33);
    try (FingerprintIndex source = Indexes.multiIndexHashing()) {
      for (int v = 0; v < 20; v++) {
        source.add(video("s" + v, 3, rnd));
      }
      Path out = dir.resolve("from-index");
      Indexes.writeMapped(out, source);
      try (FingerprintIndex copy = Indexes.openMapped(out)) {
        assertThat(copy.videoIds()).isEqualTo(source.videoIds());
        BitCode q = source.fingerprint("s7").orElseThrow().clips().get(1).code();
        assertThat(copy.search(q, 20)).isEqualTo(source.search(q, 20));
      }
      assertThatThrownBy(() -> Indexes.writeMapped(out, source)).isInstanceOf(VideoSimilarityException.class)
          .hasMessageContaining("exists");
    }
    Path failed = dir.resolve("failed");
    VideoFingerprint a = video("same", 2, rnd);
    assertThatThrownBy(() -> Indexes.writeMapped(failed, List.of(a, a).iterator()))
        .hasMessageContaining("'same' twice");
    assertThat(failed).doesNotExist();
    assertThat(dir.resolveSibling(dir.getFileName() + ".writing")).doesNotExist();
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".writing-"));
    }
    Path empty = dir.resolve("empty");
    Indexes.writeMapped(empty, List.<VideoFingerprint>of().iterator());
    try (FingerprintIndex e = Indexes.openMapped(empty)) {
      assertThat(e.size()).isZero();
      assertThat(e.search(BitCode.of(64, 5L), 3)).isEmpty();
    }
  }

  @Test
  void damage_aFlippedByteIsFoundByVerify_aShortFileOrLostManifestByOpen() throws Exception {
    Random rnd = new Random(34);
    List<VideoFingerprint> few = new ArrayList<>();
    for (int v = 0; v < 50; v++) {
      few.add(video("d" + v, 4, rnd));
    }
    Path d = dir.resolve("damaged");
    Indexes.writeMapped(d, few.iterator());
    assertThat(Indexes.verify(d).damaged()).isFalse();
    byte[] codes = Files.readAllBytes(d.resolve("codes"));
    codes[100] ^= 1;
    Files.write(d.resolve("codes"), codes);
    IndexReport r = Indexes.verify(d);
    assertThat(r.damaged()).isTrue();
    assertThat(r.describe()).contains("'codes' has CRC-32");
    try (var ch = java.nio.channels.FileChannel.open(d.resolve("list-0"), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 4);
    }
    assertThatThrownBy(() -> Indexes.openMapped(d)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("'list-0' has");
    Files.delete(d.resolve(MappedIndex.MANIFEST));
    assertThatThrownBy(() -> Indexes.openMapped(d)).isInstanceOf(VideoSimilarityException.class)
        .hasMessageContaining("no mapped index");
  }
}
