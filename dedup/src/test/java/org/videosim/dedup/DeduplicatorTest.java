package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;

class DeduplicatorTest {
  @TempDir static Path dir;
  static List<Path> files;
  static final VideoSimilarity SIM = VideoSimilarity.builder().build();

  @BeforeAll
  static void corpus() {
    files = TestCorpus.write(dir.resolve("videos"));
  }

  static Set<Set<String>> memberSets(DedupResult r) {
    return r.groups().stream().filter(g -> g.size() > 1)
        .map(g -> g.members().stream().map(VersionGroup.Member::videoId).collect(Collectors.toSet()))
        .collect(Collectors.toSet());
  }

  @Test
  void builder_pipelineWithoutCalibration_isRefusedBeforeAnythingIsFingerprinted() {
    // another encoder with the default matcher: its scores have no verdict, on which links are decided
    VideoSimilarity custom = VideoSimilarity.builder().encoder(org.videosim.FrameEncoder.dct(16, 6)).build();
    assertThat(custom.isCalibrated()).isFalse();
    assertThatThrownBy(() -> Deduplicator.builder(custom)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibrated pipeline").hasMessageContaining("videosim calibrate");
    assertThat(Deduplicator.builder(SIM).build()).isNotNull();
  }

  /** Clips of 0.5 s: a picture and a band view each, one of them of {@code bandCodes}, the other random. */
  private static VideoFingerprint withBands(String id, java.util.Random rnd, long[] bandCodes, int bandView,
      boolean bandsArePictures) {
    List<org.videosim.Clip> clips = new java.util.ArrayList<>();
    for (int i = 0; i < bandCodes.length; i++) {
      long picture = bandsArePictures ? bandCodes[i] : rnd.nextLong();
      long band = bandsArePictures ? rnd.nextLong() : bandCodes[i];
      clips.add(new org.videosim.Clip(i * 0.5, i * 0.5 + 0.5, 1, org.videosim.BitCode.of(64, picture)));
      clips.add(new org.videosim.Clip(i * 0.5, i * 0.5 + 0.5, 1, org.videosim.BitCode.of(64, band), bandView));
    }
    return new VideoFingerprint(id, bandCodes.length * 0.5, SIM.spec(), clips);
  }

  @Test
  void group_bandViewsTheMatcherNeverCompares_makeNoCandidate() {
    java.util.Random rnd = new java.util.Random(3);
    long[] middles = rnd.longs(20).toArray();
    // two landscape videos whose 9:16 bands alone are alike: the matcher never compares two bands
    VideoFingerprint a = withBands("a", rnd, middles, org.videosim.Clip.BAND, false);
    VideoFingerprint b = withBands("b", rnd, middles, org.videosim.Clip.BAND, false);
    DedupResult bands = Deduplicator.builder(SIM).build().group(List.of(new FingerprintStore.Entry(a, 0, 0),
        new FingerprintStore.Entry(b, 0, 0)));
    assertThat(bands.stats().candidatePairs()).isZero();
    // a portrait video whose pictures are a's bands: a band meets a picture of another shape
    VideoFingerprint portrait = withBands("p", rnd, middles, org.videosim.Clip.BAND + 1, true);
    DedupResult crop = Deduplicator.builder(SIM).build().group(List.of(new FingerprintStore.Entry(a, 0, 0),
        new FingerprintStore.Entry(portrait, 0, 0)));
    assertThat(crop.stats().candidatePairs()).isEqualTo(1);
  }

  @Test
  void tsvRow_idsWithATabOrANewline_stayInTheirRow_escaped() {
    assertThat(DedupResult.tsvRow("new\nline", "tab\there", 2, Relation.SAME, 0.5))
        .isEqualTo("new\\nline\ttab\\there\t2\tsame\t0.500000" + System.lineSeparator());
  }

  @Test
  void run_generatedCorpus_groupsVersionsAndKeepsCompilationSourcesApart() throws Exception {
    DedupResult r = Deduplicator.builder(SIM).threads(2).build().run(files);
    for (VersionGroup g : r.groups()) {
      System.err.println(g.id() + " " + g.members().stream().map(m -> m.videoId() + ":" + m.relation().label() + ":"
          + String.format("%.3f", m.score().value()) + m.spans()).toList());
    }
    assertThat(memberSets(r)).isEqualTo(TestCorpus.EXPECTED);
    assertThat(r.groupsOf("other")).containsExactly("other");
    assertThat(r.versionsOf("other")).isZero();
    assertThat(r.versionsOf("s1")).isEqualTo(2);
    assertThat(r.versionsOf("comp")).isEqualTo(3); // s2, s3 and the re-upload
    assertThat(r.groupsOf("comp")).hasSize(2);
    VersionGroup g1 = r.groups().stream().filter(g -> g.member("s1-part").isPresent()).findFirst().orElseThrow();
    assertThat(g1.representative()).isIn("s1", "s1-copy");
    assertThat(g1.member("s1-part").orElseThrow().relation()).isEqualTo(Relation.PART_OF);
    Set<Relation> toS1 = new HashSet<>();
    g1.members().forEach(m -> toS1.add(m.relation()));
    assertThat(toS1).contains(Relation.REPRESENTATIVE, Relation.SAME, Relation.PART_OF);
    Path tsv = dir.resolve("groups.tsv");
    r.writeTsv(tsv);
    List<String> lines = Files.readAllLines(tsv);
    assertThat(lines.get(0)).isEqualTo("video\tgroup\tversions\trelation\tscore");
    assertThat(lines).hasSize(1 + 3 + 3 + 3 + 1);
  }
}
