package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContentGraphTest {

  static Link link(String a, int va, double a0, double a1, String b, int vb, double b0, double b1) {
    return new Link(new Span(a, va, a0, a1), new Span(b, vb, b0, b1), 0.9);
  }

  static Set<Set<String>> members(List<ContentGraph.Group> groups) {
    return groups.stream().map(g -> g.nodes().stream().map(Span::videoId).collect(Collectors.toCollection(TreeSet::new)))
        .collect(Collectors.toSet());
  }

  @Test
  void groups_compilationOfTwoSources_keepsTheirGroupsApart() {
    // C holds R1 then R2; the alignments overshoot the cut by half a second
    List<Link> links = List.of(link("C", 0, 0, 10.5, "R1", 0, 0, 10.5), link("C", 0, 9.5, 20, "R2", 0, 2, 12.5));
    assertThat(members(ContentGraph.groups(links))).containsExactlyInAnyOrder(Set.of("C", "R1"), Set.of("C", "R2"));
  }

  @Test
  void groups_wholeCopyOfACompilation_isCutAndStillKeepsTheSourcesApart() {
    List<Link> links = List.of(link("C", 0, 0, 10.5, "R1", 0, 0, 10.5), link("C", 0, 9.5, 20, "R2", 0, 2, 12.5),
        link("C", 0, 0, 20, "C2", 0, 0, 20), link("C2", 0, 0, 20, "C3", 0, 1, 21));
    List<ContentGraph.Group> groups = ContentGraph.groups(links);
    assertThat(members(groups)).containsExactlyInAnyOrder(Set.of("C", "C2", "C3", "R1"), Set.of("C", "C2", "C3", "R2"));
    // the copy's copy is cut where the compilation is, carried over two links
    ContentGraph.Group first = groups.stream().filter(g -> g.nodes().stream().anyMatch(s -> s.videoId().equals("R1")))
        .findFirst().orElseThrow();
    Span c3 = first.nodes().stream().filter(s -> s.videoId().equals("C3")).findFirst().orElseThrow();
    assertThat(c3.start()).isEqualTo(1.0);
    assertThat(c3.end()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void groups_pictureInPicture_insetAndBackgroundStayApart() {
    // P shows R in an inset (view 1) over footage of B (view 0), at the same times
    List<Link> links = List.of(link("R", 0, 0, 12, "P", 1, 0, 12), link("B", 0, 3, 15, "P", 0, 0, 12),
        link("R", 0, 0, 12, "R-copy", 0, 0, 12));
    assertThat(members(ContentGraph.groups(links))).containsExactlyInAnyOrder(Set.of("R", "R-copy", "P"),
        Set.of("B", "P"));
  }

  @Test
  void groups_reactionSharingTwoSourcesAtOnce_neverMergesThem() {
    // a reaction video: the source in one half (view 2) and the reactor's own camera (view 0), plus an intro borrowed
    // from a third video
    List<Link> links = List.of(link("S", 0, 0, 30, "X", 2, 5, 35), link("Cam", 0, 0, 30, "X", 0, 5, 35),
        link("Intro", 0, 0, 5, "X", 0, 0, 5));
    assertThat(members(ContentGraph.groups(links))).containsExactlyInAnyOrder(Set.of("S", "X"),
        Set.of("Cam", "X"), Set.of("Intro", "X"));
  }

  @Test
  void groups_partialCopiesInsideAWholeCopy_joinOneGroup() {
    List<Link> links = List.of(link("R", 0, 0, 12, "Q1", 0, 0, 12), link("R", 0, 0.5, 12, "Q2", 0, 0, 11.5),
        link("R", 0, 3, 9, "P", 0, 0, 6), link("Q1", 0, 3, 9, "P", 0, 0, 6));
    assertThat(members(ContentGraph.groups(links))).containsExactly(Set.of("R", "Q1", "Q2", "P"));
  }

  @Test
  void clusters_touchingSpans_doNotJoinButHalfOverlapsDo() {
    List<Span> spans = List.of(new Span("v", 0, 0, 10), new Span("v", 0, 9, 20), new Span("v", 0, 14, 18),
        new Span("v", 0, 30, 31));
    assertThat(ContentGraph.clusters(spans)).containsExactly(0, 1, 1, 2);
  }

  /** Invariants on random links (seed printed): every link's two ends share a group; groups are disjoint in nodes. */
  @Test
  void groups_randomLinks_linkEndsShareAGroupAndNodesAreDisjoint() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int round = 0; round < 50; round++) {
      List<Link> links = new ArrayList<>();
      int n = 2 + rnd.nextInt(30);
      for (int k = 0; k < n; k++) {
        String a = "v" + rnd.nextInt(8);
        String b = "v" + rnd.nextInt(8);
        if (a.equals(b)) {
          continue;
        }
        double a0 = rnd.nextInt(40);
        double b0 = rnd.nextInt(40);
        double len = 2 + rnd.nextInt(20);
        links.add(link(a, rnd.nextInt(2), a0, a0 + len, b, rnd.nextInt(2), b0, b0 + len * (0.5 + rnd.nextDouble())));
      }
      List<ContentGraph.Group> groups = ContentGraph.groups(links);
      Set<Span> seen = new HashSet<>();
      for (ContentGraph.Group g : groups) {
        for (Span s : g.nodes()) {
          assertThat(seen.add(s)).as("seed %d: node %s in two groups", seed, s).isTrue();
        }
        for (Link l : g.links()) {
          assertThat(g.nodes().stream().anyMatch(s -> s.videoId().equals(l.a().videoId()) && s.view() == l.a().view()
              && s.start() <= l.a().start() + 1e-9 && s.end() >= l.a().end() - 1e-9)).as("seed %d", seed).isTrue();
          assertThat(g.nodes().stream().anyMatch(s -> s.videoId().equals(l.b().videoId()) && s.view() == l.b().view()
              && s.start() <= l.b().start() + 1e-9 && s.end() >= l.b().end() - 1e-9)).as("seed %d", seed).isTrue();
        }
      }
      // nodes of one video and view in different groups do not join
      List<Span> all = new ArrayList<>(seen);
      for (Span x : all) {
        for (Span y : all) {
          if (x != y && x.videoId().equals(y.videoId()) && x.view() == y.view()) {
            assertThat(ContentGraph.joins(x, y)).as("seed %d: %s and %s", seed, x, y).isFalse();
          }
        }
      }
    }
  }
}
