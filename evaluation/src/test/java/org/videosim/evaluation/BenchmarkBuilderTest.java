package org.videosim.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;
import org.videosim.testkit.TestFrames;
import org.videosim.ffmpeg.FfmpegVideoWriter;

class BenchmarkBuilderTest {
  @TempDir static Path dir;
  static Path sources;

  static void write(Path file, int scene, double seconds) {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 160, 90, 25)) {
      for (var f : TestFrames.clip(scene, (int) Math.round(seconds * 25), 25, 160, 90)) {
        w.write(f);
      }
    }
  }

  @BeforeAll
  static void videos() throws IOException {
    sources = Files.createDirectories(dir.resolve("sources"));
    write(sources.resolve("alpha__one.mp4"), 1, 6);
    write(sources.resolve("alpha__two.mp4"), 2, 5);
    write(sources.resolve("beta__long.mp4"), 3, 8);
    write(sources.resolve("gamma.mp4"), 4, 5);
    write(sources.resolve("delta__x.mp4"), 5, 4);
  }

  private static BenchmarkBuilder builder() {
    return BenchmarkBuilder.from(sources).seed(11).perKind(1).threads(2).flatDistractors(1)
        .units(List.of("alpha", "beta", "gamma", "delta"))
        .kinds(List.of(Transforms.kind("speed_2"), Transforms.kind("intro_outro"), Transforms.kind("vflip"),
            Transforms.kind("partial")));
  }

  @Test
  void build_writesVideosAndAManifestWithTheGroundTruth_andRebuildsByteForByte() throws Exception {
    Benchmark b = builder().build(dir.resolve("b1"), null);
    assertThat(b.units()).containsExactly("alpha", "beta", "delta", "gamma");
    assertThat(b.queries().stream().filter(Benchmark.Query::isCopy)).hasSize(4);
    assertThat(b.queries()).anyMatch(q -> "flat".equals(q.negative()));
    for (Benchmark.Query q : b.queries()) {
      assertThat(dir.resolve("b1").resolve(q.file())).isNotEmptyFile();
      if (q.isCopy()) {
        Benchmark.Reference r = b.references().stream().filter(x -> x.id().equals(q.reference())).findFirst()
            .orElseThrow();
        assertThat(q.unit()).isEqualTo(r.unit());
        assertThat(q.segments()).isNotEmpty();
        Segment s = q.segments().get(0);
        assertThat(s.refEnd()).isLessThanOrEqualTo(r.duration() + 0.05);
        assertThat(s.queryEnd()).isLessThanOrEqualTo(q.duration() + 0.05);
        switch (q.kind()) {
          case "speed_2" -> assertThat((s.refEnd() - s.refStart()) / (s.queryEnd() - s.queryStart()))
              .isBetween(1.8, 2.5);
          case "intro_outro" -> assertThat(q.duration()).isGreaterThan(s.queryEnd() - s.queryStart() + 1.9);
          case "partial" -> assertThat(s.refEnd() - s.refStart()).isLessThan(r.duration());
          default -> assertThat(s.queryEnd() - s.queryStart()).isCloseTo(r.duration(), within(0.05));
        }
      } else {
        assertThat(q.segments()).isEmpty();
      }
    }
    assertThat(Benchmark.read(dir.resolve("b1"))).isEqualTo(b);
    String gt = Files.readString(dir.resolve("b1").resolve("gt.tsv"));
    assertThat(gt).startsWith("query_id\tref_id\ttransform\tfamily\tquery_start_s");

    builder().threads(1).build(dir.resolve("b2"), null);
    assertThat(hashes(dir.resolve("b2"))).isEqualTo(hashes(dir.resolve("b1")));
  }

  @Test
  void frameToClip_findsTheCopiedMomentsClip_andNothingWithoutItsReference() {
    Path d = dir.resolve("f2c");
    Benchmark b = builder().kinds(List.of(Transforms.kind("intro_outro"), Transforms.kind("partial"),
        Transforms.kind("speed_2"))).build(d, null);
    org.videosim.VideoSimilarity sim = org.videosim.VideoSimilarity.builder().build();
    var refs = FrameToClip.references(b, d, sim, 2, null);
    List<Benchmark.Query> asked = FrameToClip.choose(b, 5);
    assertThat(asked).hasSize(3).allMatch(Benchmark.Query::isCopy);
    assertThat(FrameToClip.choose(b, 0)).isEmpty();
    FrameToClip.Result r = FrameToClip.run(d, refs, asked, sim, 2, null);
    assertThat(r.queries()).isEqualTo(3);
    assertThat(r.clips()).isEqualTo(refs.values().stream().mapToInt(List::size).sum());
    assertThat(r.recallAt1()).isEqualTo(1.0);
    assertThat(r.meanAp()).isGreaterThan(0.5);
    // the pairs outside a set of units are those whose query and reference are both of other units
    List<PairScore> pairs = new java.util.ArrayList<>();
    for (Benchmark.Query q : b.queries()) {
      for (Benchmark.Reference ref : b.references()) {
        pairs.add(new PairScore(q.id(), ref.id(), 0.5, 0.5, 0.5, List.of()));
      }
    }
    var outside = CalibrationFit.outside(b, List.of("alpha"));
    var refUnit = new java.util.HashMap<String, String>();
    b.references().forEach(ref -> refUnit.put(ref.id(), ref.unit()));
    var queryUnit = new java.util.HashMap<String, String>();
    b.queries().forEach(q -> queryUnit.put(q.id(), q.unit()));
    assertThat(pairs.stream().filter(outside)).isNotEmpty().allMatch(p -> !"alpha".equals(refUnit.get(p.reference()))
        && !"alpha".equals(queryUnit.get(p.query())));
    assertThat(pairs.stream().filter(outside.negate())).isNotEmpty().allMatch(p -> "alpha".equals(refUnit.get(
        p.reference())) || "alpha".equals(queryUnit.get(p.query())));
    // without the copied references in the database nothing is relevant
    var others = new java.util.HashMap<>(refs);
    asked.forEach(q -> others.remove(q.reference()));
    FrameToClip.Result none = FrameToClip.run(d, others, asked, sim, 2, null);
    assertThat(none.recallAt1()).isZero();
    assertThat(none.meanAp()).isZero();
  }

  @Test
  void read_ofAForeignManifest_failsWithItsName() throws IOException {
    Path d = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(d.resolve(Benchmark.MANIFEST), "{\"format\":\"something/9\",\"seed\":1,\"units\":[],"
        + "\"references\":[],\"queries\":[]}");
    assertThatThrownBy(() -> Benchmark.read(d)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("something/9");
    assertThatThrownBy(() -> Benchmark.read(dir.resolve("none"))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("manifest.json");
  }

  @Test
  void unitOf_isTheNameBeforeTheDoubleUnderscore() {
    assertThat(BenchmarkBuilder.unitOf(Path.of("a/asl__book.mp4"))).isEqualTo("asl");
    assertThat(BenchmarkBuilder.unitOf(Path.of("plain.mp4"))).isEqualTo("plain");
  }

  private static Map<String, String> hashes(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }
}
