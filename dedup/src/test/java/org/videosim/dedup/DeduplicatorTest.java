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
