package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.videosim.VideoSimilarity;

/** The settings both dedup jobs share: defaults, checks, and that the builders hand them on unchanged. */
class DedupSettingsTest {

  @Test
  void defaults_radiusAndSubstrings_followTheCodeLength() {
    DedupSettings d = DedupSettings.defaults();
    assertThat(d.radiusFor(256)).isEqualTo(61); // as index query: 24% of the bits
    assertThat(d.radiusFor(62)).isEqualTo(15);
    assertThat(d.substringsFor(256)).isEqualTo(16);
    assertThat(d.substringsFor(62)).isEqualTo(4);
    assertThat(d.maxCandidates()).isEqualTo(50);
    assertThat(d.minSharedSeconds()).isEqualTo(2.0);
    assertThat(d.coverage()).isEqualTo(0.8);
    assertThat(d.minLinkScore()).isEqualTo(0.95);
    DedupSettings fixed = d.withRadius(7).withSubstrings(8);
    assertThat(fixed.radiusFor(256)).isEqualTo(7);
    assertThat(fixed.substringsFor(256)).isEqualTo(8);
    assertThat(d.radiusFor(256)).as("a wither leaves the original as it was").isEqualTo(61);
  }

  @Test
  void withers_badValues_throwIllegalArgumentExceptionNamingTheSetting() {
    DedupSettings d = DedupSettings.defaults();
    assertThatThrownBy(() -> d.withRadius(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("radius");
    assertThatThrownBy(() -> d.withSubstrings(0)).hasMessageContaining("substrings");
    assertThatThrownBy(() -> d.withMaxCandidates(0)).hasMessageContaining("maxCandidates");
    assertThatThrownBy(() -> d.withMinSharedSeconds(Double.NaN)).hasMessageContaining("minSharedSeconds");
    assertThatThrownBy(() -> d.withCoverage(1.5)).hasMessageContaining("coverage");
    assertThatThrownBy(() -> d.withMinLinkScore(1.5)).hasMessageContaining("minLinkScore");
    assertThatThrownBy(() -> d.withMinLinkScore(Double.NaN)).hasMessageContaining("minLinkScore");
  }

  @Test
  void builder_setters_endUpInTheSharedSettings() {
    Deduplicator dd = Deduplicator.builder(VideoSimilarity.builder().build()).radius(9).substrings(5)
        .maxCandidates(3).minSharedSeconds(1.5).coverage(0.6).minLinkScore(0.9).build();
    DedupSettings s = dd.settings();
    assertThat(s.radiusFor(256)).isEqualTo(9);
    assertThat(s.substrings()).isEqualTo(5);
    assertThat(s.maxCandidates()).isEqualTo(3);
    assertThat(s.minSharedSeconds()).isEqualTo(1.5);
    assertThat(s.coverage()).isEqualTo(0.6);
    assertThat(s.minLinkScore()).isEqualTo(0.9);
    assertThat(dd.toString()).contains("radius=9").contains("substrings=5");
  }
}
