package org.videosim.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;

class TransformsTest {
  private static final List<Function<Frame, Frame>> OTHERS = List.of(
      f -> TestFrames.scene(7, f.index(), f.timestamp(), 96, 54, -1),
      f -> TestFrames.scene(8, f.index(), f.timestamp(), 80, 80, -1),
      f -> TestFrames.scene(9, f.index(), f.timestamp(), 54, 96, -1));

  @Test
  void all_holdsAtLeast53NamedKinds_inTheFourGroups() {
    List<Transforms.Kind> all = Transforms.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(53);
    assertThat(all.stream().map(Transforms.Kind::name).distinct()).hasSize(all.size());
    assertThat(all.stream().map(Transforms.Kind::group).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Group.values());
    assertThat(all.stream().map(Transforms.Kind::name)).contains("vflip", "transpose", "rotate_90", "rotate_270",
        "crop_40", "slow_05", "reaction_side", "grid_2x2", "split_screen", "combo3", "reversed", "insertion");
  }

  @Test
  void draw_isDeterministicFromTheSeed_andPrintsItsParameters() {
    for (Transforms.Kind k : Transforms.all()) {
      Transform a = k.draw(new Random(42));
      Transform b = k.draw(new Random(42));
      assertThat(a.description()).as(k.name()).isEqualTo(b.description()).isNotBlank();
      assertThat(a.kind()).isEqualTo(k.name());
      assertThat(a.group()).isEqualTo(k.name().startsWith("combo") ? Group.OTHERS : k.group());
    }
    assertThat(Transforms.kind("crop_40").draw(new Random(1)).description()).matches(
        "crop\\(area=0\\.\\d\\d,pos=\\d\\.\\d\\d,\\d\\.\\d\\d\\)");
  }

  @Test
  void everyKind_editsFramesAndLaysOutTime_forManyDraws() {
    Random rnd = new Random(3);
    for (Transforms.Kind k : Transforms.all()) {
      for (int draw = 0; draw < 4; draw++) {
        Transform t = k.draw(rnd);
        Frame in = TestFrames.scene(1, 2, 0.08, 96, 54, 50);
        Frame out = t.edit(OTHERS).apply(in);
        assertThat(out.width()).as(t.toString()).isPositive();
        assertThat(out.timestamp()).as(t + " keeps the time").isEqualTo(0.08);
        List<Piece> pieces = t.pieces(10);
        assertThat(pieces).as(t.toString()).anyMatch(Piece::copy);
        for (Piece p : pieces) {
          if (p.copy()) {
            assertThat(Math.min(p.from(), p.to())).as(t.toString()).isGreaterThanOrEqualTo(-1e-9);
            assertThat(Math.max(p.from(), p.to())).as(t.toString()).isLessThanOrEqualTo(10 + 1e-9);
          }
        }
      }
    }
  }

  @Test
  void combos_drawTheirPartsFromDifferentGroups() {
    Random rnd = new Random(5);
    for (int i = 0; i < 50; i++) {
      Transform t = Transforms.kind("combo3").draw(rnd);
      assertThat(t.description().split(" \\+ ")).as(t.toString()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(t.pieces(10).stream().filter(p -> !p.copy()).count() + t.pieces(10).size()).isPositive();
    }
  }

  @Test
  void timelines_knownCases() {
    Transform speed = Transforms.kind("speed_2").draw(new Random(1));
    Piece p = speed.pieces(10).get(0);
    assertThat(p.to() - p.from()).isEqualTo(10);
    assertThat(p.duration()).isBetween(10 / 2.5, 10 / 1.8);
    Transform rev = Transforms.kind("reversed").draw(new Random(1));
    assertThat(rev.pieces(6)).containsExactly(Piece.copy(6, 6, 0));
    Transform ins = Transforms.kind("insertion").draw(new Random(2));
    List<Piece> pieces = ins.pieces(10);
    double copied = pieces.stream().filter(Piece::copy).mapToDouble(x -> x.to() - x.from()).sum();
    assertThat(copied).as("every second of the source is kept").isCloseTo(10, org.assertj.core.api.Assertions.within(
        1e-9));
    assertThat(Arrays.asList(pieces.toArray())).anyMatch(x -> !((Piece) x).copy());
  }

  @Test
  void segments_joinStretchesThatContinueEachOther_andKeepReversalsAsABox() {
    List<Segment> s = QueryRenderer.segments(List.of(Piece.filler(2, 0), Piece.copy(3, 0, 3), Piece.copy(2, 3, 5),
        Piece.filler(1, 2), Piece.copy(4, 5, 9)));
    assertThat(s).containsExactly(new Segment(2, 7, 0, 5), new Segment(8, 12, 5, 9));
    assertThat(QueryRenderer.segments(List.of(Piece.copy(5, 5, 0)))).containsExactly(new Segment(0, 5, 0, 5));
  }
}
