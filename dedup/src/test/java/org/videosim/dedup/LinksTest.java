package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;

class LinksTest {
  static final VideoSimilarity SIM = VideoSimilarity.builder().build();
  static final DedupSettings LINKING = DedupSettings.defaults().withMinSharedSeconds(2);

  static VideoFingerprint fp(String id, double seconds, long seed, boolean inset) {
    java.util.Random r = new java.util.Random(seed);
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < (int) seconds; i++) {
      clips.add(new Clip(i, i + 1, 2, BitCode.of(62, r.nextLong() >>> 2), 0));
      if (inset) {
        clips.add(new Clip(i, i + 1, 2, BitCode.of(62, r.nextLong() >>> 2), 1));
      }
    }
    return new VideoFingerprint(id, seconds, SIM.spec(), clips);
  }

  @Test
  void grouping_keepsSegmentsToTheClipPairsThatStandOut() {
    // 6 s that move, then 10 s of a static shot (two codes one bit apart, alternating); the copy is the same
    java.util.Random r = new java.util.Random(5);
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clips.add(new Clip(i, i + 1, 2, BitCode.of(62, r.nextLong() >>> 2), 0));
    }
    long still = r.nextLong() >>> 2;
    for (int i = 6; i < 16; i++) {
      clips.add(new Clip(i, i + 1, 2, BitCode.of(62, still ^ (i % 2)), 0));
    }
    VideoFingerprint a = new VideoFingerprint("a", 16, SIM.spec(), clips);
    VideoFingerprint b = new VideoFingerprint("b", 16, SIM.spec(), clips);
    // the pipeline's segment goes on through the static shot; dedup's ends where clip pairs stop standing out
    assertThat(SIM.score(a, b).segments()).singleElement().satisfies(m -> assertThat(m.endA()).isEqualTo(16));
    VideoSimilarity grouping = Links.grouping(SIM);
    assertThat(grouping.spec()).isEqualTo(SIM.spec());
    assertThat(grouping.score(a, b).segments()).singleElement().satisfies(m -> assertThat(m.endA()).isEqualTo(6));
    assertThat(((org.videosim.TemporalVideoMatcher) grouping.matcher()).splitsAtForeignFootage())
        .as("pieces split by footage that matches nothing of the other video").isTrue();
    assertThat(Links.grouping(grouping)).isSameAs(grouping);
  }

  @Test
  void of_piecesOfOneCopySplitByInsertedFootage_chainIntoOneLink() {
    VideoFingerprint a = fp("a", 20, 1, false);
    VideoFingerprint b = fp("b", 22, 2, false);
    Score s = new Score(0.99, 0.9, 0.88, List.of(new MatchedSegment(0, 8, 0, 8, 0.8),
        new MatchedSegment(8, 20, 9, 22, 0.7)));
    List<Link> links = Links.of(a, b, s, LINKING);
    assertThat(links).hasSize(1);
    assertThat(links.get(0).a()).isEqualTo(new Span("a", 0, 0, 20));
    assertThat(links.get(0).b()).isEqualTo(new Span("b", 0, 0, 22));
  }

  @Test
  void of_piecesWithOtherFootageBetweenThemOnBothSides_stayApart() {
    // an intro two videos share (0-5 s in both), then pieces of look-alike footage 2-3 s further on both sides: the
    // intro must not chain into the footage after it, which may belong to another group
    VideoFingerprint a = fp("a", 20, 1, false);
    VideoFingerprint b = fp("b", 20, 2, false);
    Score s = new Score(0.99, 0.9, 0.88, List.of(new MatchedSegment(0, 5, 0, 5, 0.8),
        new MatchedSegment(8, 11, 7, 10, 0.6)));
    List<Link> links = Links.of(a, b, s, LINKING);
    assertThat(links).extracting(Link::a).containsExactly(new Span("a", 0, 0, 5), new Span("a", 0, 8, 11));
  }

  @Test
  void of_segmentsInAnotherOrderOrShort_stayApartOrAreLeftOut() {
    VideoFingerprint a = fp("a", 20, 1, false);
    VideoFingerprint b = fp("b", 20, 2, false);
    Score s = new Score(0.99, 0.9, 0.88, List.of(new MatchedSegment(0, 8, 10, 18, 0.8),
        new MatchedSegment(10, 18, 0, 8, 0.7), new MatchedSegment(18.5, 20, 18.5, 20, 0.7)));
    assertThat(Links.of(a, b, s, LINKING)).hasSize(2);
  }

  @Test
  void of_notAMatch_givesNoLink() {
    Score s = new Score(0.5, 0.6, 0.88, List.of(new MatchedSegment(0, 8, 0, 8, 0.8)));
    assertThat(Links.of(fp("a", 10, 1, false), fp("b", 10, 2, false), s, LINKING)).isEmpty();
  }

  @Test
  void of_matchBelowTheLeastLinkScore_givesNoLink() {
    // a copy by the pipeline's verdict (0.88) but not by the stronger evidence that joining two groups needs
    Score s = new Score(0.93, 0.8, 0.88, List.of(new MatchedSegment(0, 8, 0, 8, 0.8)));
    VideoFingerprint a = fp("a", 10, 1, false);
    VideoFingerprint b = fp("b", 10, 2, false);
    assertThat(Links.of(a, b, s, LINKING)).isEmpty();
    assertThat(Links.of(a, b, s, LINKING.withMinLinkScore(0.9))).hasSize(1);
    assertThat(Links.of(a, b, s, LINKING.withMinLinkScore(0))).as("the verdict still applies").hasSize(1);
    Score below = new Score(0.85, 0.8, 0.88, s.segments());
    assertThat(Links.of(a, b, below, LINKING.withMinLinkScore(0))).isEmpty();
  }

  @Test
  void of_matchWithoutSegment_givesNoLink() {
    Score s = new Score(0.99, 0.8, 0.88, List.of());
    assertThat(Links.of(fp("a", 10, 1, false), fp("b", 12, 2, false), s, LINKING)).isEmpty();
  }

  @Test
  void of_insetMatchedTheOtherVideo_linksTheInsetView() {
    VideoFingerprint src = fp("src", 10, 7, false);
    VideoFingerprint pip = fp("pip", 10, 8, true);
    // the pip's inset (view 1) carries the source's codes
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < pip.clips().size(); i++) {
      Clip c = pip.clips().get(i);
      clips.add(c.view() == 1 ? new Clip(c.start(), c.end(), 2, src.clips().get((int) c.start()).code(), 1) : c);
    }
    VideoFingerprint p = new VideoFingerprint("pip", 10, SIM.spec(), clips);
    Score s = new Score(0.99, 0.9, 0.88, List.of(new MatchedSegment(0, 10, 0, 10, 0.9)));
    List<Link> links = Links.of(src, p, s, LINKING);
    assertThat(links).hasSize(1);
    assertThat(links.get(0).a().view()).isZero();
    assertThat(links.get(0).b().view()).isEqualTo(1);
  }

  @Test
  void views_learnedCodesNearerTheWrongPanel_theCheckCodesPickTheCopiedOne() {
    java.util.Random r = new java.util.Random(3);
    List<Clip> ca = new ArrayList<>();
    List<Clip> cb = new ArrayList<>();
    List<BitCode> checkA = new ArrayList<>();
    List<BitCode> checkB = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long code = r.nextLong() >>> 2;
      long check = r.nextLong() >>> 1;
      ca.add(new Clip(i, i + 1, 2, BitCode.of(62, code), 0));
      checkA.add(BitCode.of(63, check));
      // panel 1: other footage whose learned codes happen to lie nearer (8 bits) than the copy's in panel 2 (20)
      cb.add(new Clip(i, i + 1, 2, BitCode.of(62, code ^ 0xffL), 1));
      checkB.add(BitCode.of(63, r.nextLong() >>> 1));
      cb.add(new Clip(i, i + 1, 2, BitCode.of(62, code ^ 0xfffffL), 2));
      checkB.add(BitCode.of(63, check));
    }
    org.videosim.PipelineSpec spec = CheckCandidatesTest.SIM.spec();
    VideoFingerprint a = new VideoFingerprint("a", 8, spec, ca, checkA);
    VideoFingerprint b = new VideoFingerprint("b", 8, spec, cb, checkB);
    MatchedSegment m = new MatchedSegment(0, 8, 0, 8, 0.9);
    assertThat(Links.views(a, b, m)).containsExactly(0, 2);
    // without check codes the learned codes decide
    VideoFingerprint a0 = new VideoFingerprint("a", 8, SIM.spec(), ca);
    VideoFingerprint b0 = new VideoFingerprint("b", 8, SIM.spec(), cb);
    assertThat(Links.views(a0, b0, m)).containsExactly(0, 1);
  }

  @Test
  void views_aMatchOnTheZoomView_isAMatchOfThePicture() {
    VideoFingerprint src = fp("src", 10, 7, false);
    java.util.Random r = new java.util.Random(9);
    List<Clip> clips = new ArrayList<>();
    for (Clip c : src.clips()) { // B: another picture, its zoom view carrying the source's codes, and an inset
      clips.add(new Clip(c.start(), c.end(), 2, BitCode.of(62, r.nextLong() >>> 2), 0));
      clips.add(new Clip(c.start(), c.end(), 2, c.code(), Clip.ZOOM));
      clips.add(new Clip(c.start(), c.end(), 2, BitCode.of(62, r.nextLong() >>> 2), 1));
    }
    VideoFingerprint b = new VideoFingerprint("b", 10, SIM.spec(), clips);
    MatchedSegment m = new MatchedSegment(0, 10, 0, 10, 0.9);
    assertThat(Links.views(src, b, m)).containsExactly(0, 0);
    assertThat(Links.views(b, src, new MatchedSegment(0, 10, 0, 10, 0.9))).containsExactly(0, 0);
  }

  @Test
  void views_aMatchOnAWidenedPanel_isAMatchOfThatPanel() {
    VideoFingerprint src = fp("src", 10, 7, false);
    java.util.Random r = new java.util.Random(11);
    List<Clip> clips = new ArrayList<>();
    for (Clip c : src.clips()) { // B: a picture, two panels, and panel 2 widened carrying the source's codes
      for (int view : new int[] {0, 1, 2}) {
        clips.add(new Clip(c.start(), c.end(), 2, BitCode.of(62, r.nextLong() >>> 2), view));
      }
      clips.add(new Clip(c.start(), c.end(), 2, c.code(), Clip.WIDENED + 2));
    }
    VideoFingerprint b = new VideoFingerprint("b", 10, SIM.spec(), clips);
    assertThat(Links.views(src, b, new MatchedSegment(0, 10, 0, 10, 0.9))).containsExactly(0, 2);
    assertThat(Links.reported(Clip.WIDENED + 1)).isEqualTo(1);
    assertThat(Links.reported(Clip.ZOOM)).isZero();
    assertThat(Links.reported(Clip.BAND)).isZero();
    assertThat(Links.reported(Clip.BAND + 1)).isZero();
    assertThat(Links.reported(3)).isEqualTo(3);
  }
}
