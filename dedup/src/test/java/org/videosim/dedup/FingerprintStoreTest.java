package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.CorruptDataException;
import org.videosim.FrameEncoder;
import org.videosim.IncompatibleFingerprintException;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;

class FingerprintStoreTest {
  @TempDir static Path shared;
  static List<Path> files;
  static final VideoSimilarity SIM = VideoSimilarity.builder().build();

  @BeforeAll
  static void corpus() {
    files = TestCorpus.write(shared.resolve("videos"));
  }

  static FingerprintStore.Entry entry(String id, long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clips.add(new Clip(i, i + 1, 2, BitCode.of(62, r.nextLong() >>> 2)));
    }
    return new FingerprintStore.Entry(new VideoFingerprint(id, 5, SIM.spec(), clips), 640, 360);
  }

  static ContentKey key(int k) {
    return new ContentKey(1000 + k, String.format("%064x", k));
  }

  @Test
  void put_reopen_returnsEveryFingerprint(@TempDir Path dir) {
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      for (int k = 0; k < 20; k++) {
        s.put(key(k), entry("v" + k, k));
      }
    }
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      assertThat(s.size()).isEqualTo(20);
      for (int k = 0; k < 20; k++) {
        assertThat(s.get(key(k))).contains(entry("v" + k, k));
      }
      assertThat(s.get(key(99))).isEmpty();
    }
  }

  @Test
  void open_lastRecordCutShort_dropsItAndKeepsTheOthers(@TempDir Path dir) throws Exception {
    Path file;
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      for (int k = 0; k < 3; k++) {
        s.put(key(k), entry("v" + k, k));
      }
      file = s.file();
    }
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size - 7);
    }
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      assertThat(s.size()).isEqualTo(2);
      s.put(key(2), entry("v2", 2)); // appended after the truncated record
    }
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      assertThat(s.size()).isEqualTo(3);
      assertThat(s.get(key(2))).contains(entry("v2", 2));
    }
  }

  @Test
  void open_damagedRecordInTheMiddle_failsLoudlyNamingTheFile(@TempDir Path dir) throws Exception {
    Path file;
    try (FingerprintStore s = FingerprintStore.open(dir, SIM.spec())) {
      for (int k = 0; k < 3; k++) {
        s.put(key(k), entry("v" + k, k));
      }
      file = s.file();
    }
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x10;
    Files.write(file, b);
    assertThatThrownBy(() -> FingerprintStore.open(dir, SIM.spec())).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void open_otherPipeline_usesItsOwnFileAndRefusesForeignFingerprints(@TempDir Path dir) {
    VideoSimilarity other = SIM.toBuilder().sampleRate(1).build();
    try (FingerprintStore a = FingerprintStore.open(dir, SIM.spec());
        FingerprintStore b = FingerprintStore.open(dir, other.spec())) {
      assertThat(a.file()).isNotEqualTo(b.file());
      a.put(key(1), entry("v1", 1));
      assertThat(b.get(key(1))).isEmpty();
      assertThatThrownBy(() -> b.put(key(1), entry("v1", 1))).isInstanceOf(IncompatibleFingerprintException.class);
    }
    assertThat(FingerprintStore.specHash(SIM.toBuilder().checkEncoder(FrameEncoder.dct()).build().spec()))
        .isNotEqualTo(FingerprintStore.specHash(SIM.spec()));
  }

  /** Stage parameters may iterate in another order in another JVM (Map.of): the store must still be found. */
  @Test
  void specHash_parametersInAnotherOrder_isTheSame() {
    java.util.LinkedHashMap<String, String> p1 = new java.util.LinkedHashMap<>();
    p1.put("side", "192");
    p1.put("insets", "true");
    java.util.LinkedHashMap<String, String> p2 = new java.util.LinkedHashMap<>();
    p2.put("insets", "true");
    p2.put("side", "192");
    java.util.LinkedHashMap<String, org.videosim.StageSpec> s1 = new java.util.LinkedHashMap<>(SIM.spec().stages());
    java.util.LinkedHashMap<String, org.videosim.StageSpec> s2 = new java.util.LinkedHashMap<>(SIM.spec().stages());
    s1.put("layout", new org.videosim.StageSpec("auto", "1", p1));
    s2.put("layout", new org.videosim.StageSpec("auto", "1", p2));
    assertThat(FingerprintStore.specHash(new org.videosim.PipelineSpec(s1)))
        .isEqualTo(FingerprintStore.specHash(new org.videosim.PipelineSpec(s2)));
  }

  @Test
  void open_sameStoreTwiceInOneProcess_isRefused(@TempDir Path dir) {
    try (FingerprintStore a = FingerprintStore.open(dir, SIM.spec())) {
      assertThatThrownBy(() -> FingerprintStore.open(dir, SIM.spec())).isInstanceOf(VideoSimilarityException.class)
          .hasMessageContaining("open in another process");
    }
  }

  @Test
  void run_sameContentUnderAnotherName_isTakenFromTheStore(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(files.get(0), dir.resolve("renamed.mp4"));
    try (FingerprintStore s = FingerprintStore.open(dir.resolve("store"), SIM.spec())) {
      Deduplicator d = Deduplicator.builder(SIM).store(s).build();
      DedupResult first = d.run(List.of(files.get(0)));
      DedupResult second = d.run(List.of(copy));
      assertThat(first.stats().fingerprinted()).isEqualTo(1);
      assertThat(second.stats().fingerprinted()).isZero();
      assertThat(second.stats().fromStore()).isEqualTo(1);
      assertThat(second.videos()).containsExactly("renamed");
    }
  }

  /**
   * A dedup run killed with SIGKILL while it fingerprints keeps every fingerprint it had stored; the next run takes
   * them from the store, fingerprints only the rest, and groups as a run from scratch does.
   */
  @Test
  void run_killedWhileFingerprinting_nextRunReusesEveryStoredFingerprint(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("store");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), KilledDedup.class.getName(), store.toString()));
    files.forEach(f -> cmd.add(f.toString()));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int stored = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      while (stored < 3) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        stored += line.equals("STORED") ? 1 : 0;
      }
      child.destroyForcibly(); // SIGKILL while it sleeps after its third fingerprint
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(stored).isEqualTo(3);
    AtomicInteger made = new AtomicInteger();
    try (FingerprintStore s = FingerprintStore.open(store, SIM.spec())) {
      assertThat(s.size()).isEqualTo(3);
      DedupResult r = Deduplicator.builder(SIM).store(s).listener(new DedupListener() {
        @Override
        public void step(Stage stage, boolean ok) {
          if (stage == Stage.FINGERPRINT) {
            made.incrementAndGet();
          }
        }
      }).build().run(files);
      assertThat(r.stats().fromStore()).isEqualTo(3);
      assertThat(made.get()).isEqualTo(files.size() - 3);
      assertThat(DeduplicatorTest.memberSets(r)).isEqualTo(TestCorpus.EXPECTED);
    }
  }
}
