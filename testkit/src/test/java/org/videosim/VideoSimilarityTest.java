package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videosim.edit.FrameEdits;
import org.videosim.testkit.SyntheticFrameSource;
import org.videosim.testkit.TestFrames;

/** The pipeline end to end on synthetic videos (no decoder), and the builder's validation. */
class VideoSimilarityTest {
  private final SyntheticFrameSource source = new SyntheticFrameSource();

  /** {@code seconds} of a scene at 10 fps starting at scene time {@code t0}, with timestamps from 0. */
  private static List<Frame> video(int scene, double t0, double seconds) {
    return video(scene, t0, seconds, 0);
  }

  /** As {@link #video(int, double, double)}, with a stripe of level {@code marker} on the left (none if negative). */
  private static List<Frame> video(int scene, double t0, double seconds, int marker) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < seconds * 10; i++) {
      Frame f = TestFrames.scene(scene, i, t0 + i / 10.0, 160, 90, marker);
      frames.add(new Frame(i, i / 10.0, f.width(), f.height(), f.rgb()));
    }
    return frames;
  }

  private static List<Frame> concat(List<Frame> a, List<Frame> b) {
    List<Frame> out = new ArrayList<>(a);
    double t0 = a.isEmpty() ? 0 : a.get(a.size() - 1).timestamp() + 0.1;
    for (Frame f : b) {
      out.add(new Frame(out.size(), t0 + f.timestamp(), f.width(), f.height(), f.rgb()));
    }
    return out;
  }

  private VideoSimilarity sim() {
    return VideoSimilarity.builder().frameSource(source).build();
  }

  /** A frame source that reads like {@link #source} and reports {@code warning} for the video named "short.syn". */
  private FrameSource warningSource(DecodeWarning warning) {
    return wrappedSource(warning, Double.NaN);
  }

  /**
   * A frame source that reads like {@link #source}, reports {@code warning} for the video named "short.syn", and says
   * every video ends at {@code endTime} ({@link FrameReader#endTime}; NaN: cannot tell).
   */
  private FrameSource wrappedSource(DecodeWarning warning, double endTime) {
    return new FrameSource() {
      @Override
      public FrameReader open(VideoInput input, FrameRequest request) {
        FrameReader r = source.open(input, request);
        return new FrameReader() {
          @Override
          public VideoInfo info() {
            return r.info();
          }

          @Override
          public Frame next() {
            return r.next();
          }

          @Override
          public List<DecodeWarning> warnings() {
            return input.name().equals("short.syn") ? List.of(warning) : List.of();
          }

          @Override
          public double endTime() {
            return endTime;
          }

          @Override
          public void close() {
            r.close();
          }
        };
      }

      @Override
      public String name() {
        return source.name();
      }

      @Override
      public String version() {
        return source.version();
      }
    };
  }

  @Test
  void fingerprintAndScore_readerWarnings_areCarriedNamingTheVideo() {
    source.put("full.syn", video(1, 0, 8));
    source.put("short.syn", video(1, 0, 1));
    DecodeWarning w = new DecodeWarning(DecodeWarning.Kind.SHORT_DURATION, "decoded 1.00 s of the declared 8.00 s");
    VideoSimilarity sim = VideoSimilarity.builder().frameSource(warningSource(w)).build();
    VideoFingerprint full = sim.fingerprint(VideoInput.of("full.syn", new byte[1]));
    VideoFingerprint cut = sim.fingerprint(VideoInput.of("short.syn", new byte[1]));
    assertThat(full.warnings()).isEmpty();
    assertThat(cut.warnings()).containsExactly(w);
    Score s = sim.score(full, cut);
    assertThat(s.warnings()).containsExactly(w.about("short"));
    assertThat(s.warnings().get(0).detail()).startsWith("'short': decoded 1.00 s");
    assertThat(s.swapped().warnings()).isEqualTo(s.warnings());
    assertThat(sim.score(full, full).warnings()).isEmpty();
  }

  /**
   * A reader that read further than its last frame (a keyframe scan: a frame at each keyframe only) gives the video's
   * duration: a 9.64-s file with one keyframe had a duration of 1 s, its last clip's end. Within a sampling period of
   * that end (every frame decoded), the last clip's end stays the duration.
   */
  @Test
  void fingerprint_readerThatReadPastItsLastFrame_givesTheDurationItRead() {
    source.put("scan.syn", video(1, 0, 1.5));
    DecodeWarning none = new DecodeWarning(DecodeWarning.Kind.SHORT_DURATION, "unused");
    VideoInput scan = VideoInput.of("scan.syn", new byte[1]);
    double lastClipEnd = sim().fingerprint(scan).duration();
    assertThat(lastClipEnd).isCloseTo(1.5, offset(0.11));
    assertThat(VideoSimilarity.builder().frameSource(wrappedSource(none, 9.64)).build().fingerprint(scan).duration())
        .isEqualTo(9.64);
    assertThat(VideoSimilarity.builder().frameSource(wrappedSource(none, lastClipEnd + 0.3)).build()
        .fingerprint(scan).duration()).isEqualTo(lastClipEnd);
  }

  @Test
  void score_sameVideo_isOne() {
    source.put("a.syn", video(1, 0, 8));
    Score s = sim().score(VideoInput.of("a.syn", new byte[1]), VideoInput.of("a.syn", new byte[1]));
    assertThat(s.value()).isEqualTo(1.0);
    assertThat(s.isMatch()).isTrue();
    assertThat(s.segments()).isNotEmpty();
    assertThat(s.segments().get(0).durationA()).isCloseTo(8, offset(0.6));
  }

  @Test
  void score_editedCopy_isHigh_unrelatedIsLow() {
    List<Frame> a = video(1, 0, 10);
    List<Frame> copy = new ArrayList<>();
    for (Frame f : a) {
      copy.add(FrameEdits.hflip().andThen(FrameEdits.eq(0.05, 1.2, 1)).apply(f));
    }
    source.put("a.syn", a).put("copy.syn", copy).put("other.syn", video(5, 0, 10));
    VideoSimilarity sim = sim();
    VideoFingerprint fa = sim.fingerprint(VideoInput.of("a.syn", new byte[1]));
    Score copyScore = sim.score(fa, sim.fingerprint(VideoInput.of("copy.syn", new byte[1])));
    Score otherScore = sim.score(fa, sim.fingerprint(VideoInput.of("other.syn", new byte[1])));
    assertThat(copyScore.value()).isGreaterThan(0.9);
    assertThat(otherScore.value()).isLessThan(0.5);
    assertThat(copyScore.isMatch()).isTrue();
    assertThat(otherScore.isMatch()).isFalse();
  }

  @Test
  void layoutAuto_findsALetterboxedCopyAndOneShownInsideAnotherVideo() {
    List<Frame> a = video(1, 0, 10);
    List<Frame> background = video(5, 0, 10);
    List<Frame> letterboxed = new ArrayList<>();
    List<Frame> inset = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Frame f = a.get(i);
      letterboxed.add(FrameEdits.border(0, 0.2, 0, 0.2, java.awt.Color.BLACK).apply(f));
      Frame bg = FrameEdits.eq(-0.25, 0.6, 1).apply(background.get(i)); // darker footage around the inset
      inset.add(FrameEdits.pictureInPicture(x -> bg, 0.55, 0.8, 0.3).apply(f));
    }
    source.put("a.syn", a).put("lb.syn", letterboxed).put("pip.syn", inset).put("bg.syn", background);
    VideoSimilarity plain = sim();
    VideoSimilarity auto = sim().toBuilder().layoutDetector(LayoutDetector.auto()).build();
    assertThat(auto.spec().stages()).containsKey("layout");
    assertThat(plain.spec().stages()).doesNotContainKey("layout");
    VideoFingerprint pipFp = auto.fingerprint(VideoInput.of("pip.syn", new byte[1]));
    assertThat(pipFp.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.INSET));
    VideoFingerprint fa = auto.fingerprint(VideoInput.of("a.syn", new byte[1]));
    Score pip = auto.score(fa, pipFp);
    Score lb = auto.score(fa, auto.fingerprint(VideoInput.of("lb.syn", new byte[1])));
    Score bg = auto.score(fa, auto.fingerprint(VideoInput.of("bg.syn", new byte[1])));
    Score pipPlain = plain.score(VideoInput.of("a.syn", new byte[1]), VideoInput.of("pip.syn", new byte[1]));
    Score lbPlain = plain.score(VideoInput.of("a.syn", new byte[1]), VideoInput.of("lb.syn", new byte[1]));
    assertThat(pip.isMatch()).isTrue();
    assertThat(lb.isMatch()).isTrue();
    assertThat(bg.isMatch()).isFalse();
    assertThat(pip.value()).isGreaterThan(pipPlain.value());
    assertThat(lb.value()).isGreaterThanOrEqualTo(lbPlain.value());
  }

  @ParameterizedTest
  @ValueSource(ints = {0x000000, 0xffffff, 0x808080})
  void layoutAuto_turnsAPictureTurnedInItsFrameBack_soThatTheTurnedCopyMeetsItsOriginal(int canvas) {
    // a scene without video()'s black stripe on the left, which the layout stage crops as a border
    List<Frame> a = video(1, 0, 10, -1);
    List<Frame> turned = a.stream().map(FrameEdits.rotate(15, new Color(canvas))::apply).toList();
    source.put("a.syn", a).put("turned.syn", turned).put("bg.syn", video(5, 0, 10));
    VideoSimilarity plain = sim();
    VideoSimilarity auto = sim().toBuilder().layoutDetector(LayoutDetector.auto()).build();
    VideoInput original = VideoInput.of("a.syn", new byte[1]);
    Score turnedBack = auto.score(original, VideoInput.of("turned.syn", new byte[1]));
    Score asTurned = plain.score(original, VideoInput.of("turned.syn", new byte[1]));
    assertThat(turnedBack.isMatch()).isTrue();
    assertThat(asTurned.isMatch()).isFalse();
    assertThat(turnedBack.rawSimilarity()).isGreaterThan(asTurned.rawSimilarity() + 0.1);
    assertThat(auto.score(original, VideoInput.of("bg.syn", new byte[1])).isMatch()).isFalse();
  }

  @Test
  void zoomView_describesThePicturesCentre_soThatAStrongCentreCropMeetsItsOriginal() {
    List<Frame> a = video(1, 0, 8);
    List<Frame> zoomed = new ArrayList<>();
    for (Frame f : a) { // the centre 60% of the width and height, enlarged back to the frame's size
      zoomed.add(FrameEdits.crop(0.2, 0.2, 0.8, 0.8).andThen(FrameEdits.resize(160, 90)).apply(f));
    }
    source.put("a.syn", a).put("zoomed.syn", zoomed);
    // without a layout stage: the picture is the whole frame (these generated scenes have a dark edge that it crops)
    VideoSimilarity plain = sim().toBuilder().checkEncoder(FrameEncoder.dct()).build();
    VideoSimilarity zoom = plain.toBuilder().zoomView(0.6).build();
    assertThat(zoom.zoomView()).isEqualTo(0.6);
    assertThat(plain.zoomView()).isZero();
    assertThat(zoom.spec().stages()).containsKey("views");
    assertThat(plain.spec().stages()).doesNotContainKey("views");
    assertThat(zoom.spec().codeKey()).as("a calibration belongs to its views").isNotEqualTo(plain.spec().codeKey());
    assertThat(zoom.spec().codeKey()).isNotEqualTo(plain.toBuilder().zoomView(0.7).build().spec().codeKey());

    VideoFingerprint fa = zoom.fingerprint(VideoInput.of("a.syn", new byte[1]));
    VideoFingerprint fz = zoom.fingerprint(VideoInput.of("zoomed.syn", new byte[1]));
    VideoFingerprint pa = plain.fingerprint(VideoInput.of("a.syn", new byte[1]));
    // every time span: its picture, then its zoom view, with check codes of both
    List<Clip> pictures = fa.clips().stream().filter(c -> c.view() == 0).toList();
    assertThat(fa.clips().stream().filter(c -> c.view() == Clip.ZOOM).count()).isEqualTo(pictures.size());
    assertThat(fa.checks()).hasSameSizeAs(fa.clips());
    assertThat(pictures).hasSameSizeAs(pa.clips());
    // the zoomed copy's picture is near the original's zoom view, far from the original's picture
    int toZoom = 0;
    int toPicture = 0;
    for (Clip c : fz.clips().stream().filter(c -> c.view() == 0).toList()) {
      toZoom += nearestOfView(fa, c, Clip.ZOOM);
      toPicture += nearestOfView(fa, c, 0);
    }
    assertThat(toZoom).isLessThan(toPicture / 2);
    Score withZoom = zoom.score(fa, fz);
    Score without = plain.score(pa, plain.fingerprint(VideoInput.of("zoomed.syn", new byte[1])));
    assertThat(withZoom.rawSimilarity()).isGreaterThan(without.rawSimilarity() + 0.05);
    assertThatThrownBy(() -> zoom.score(fa, pa)).isInstanceOf(IncompatibleFingerprintException.class);
    assertThatThrownBy(() -> VideoSimilarity.builder().zoomView(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VideoSimilarity.builder().zoomView(-0.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void band_isTheMiddleOfTheOtherOrientation_andNoneNearSquare() {
    Region tall = VideoSimilarity.band(Region.FULL, 160, 90);
    assertThat(tall.w() * 160).isCloseTo(90 * 9.0 / 16, offset(1e-9));
    assertThat(tall.h()).isEqualTo(1.0);
    assertThat(tall.x() + tall.w() / 2).isCloseTo(0.5, offset(1e-9));
    Region wide = VideoSimilarity.band(Region.FULL, 90, 160);
    assertThat(wide.h() * 160).isCloseTo(90 * 9.0 / 16, offset(1e-9));
    assertThat(wide.w()).isEqualTo(1.0);
    assertThat(wide.y() + wide.h() / 2).isCloseTo(0.5, offset(1e-9));
    // within a picture of its own (borders cropped): the middle of that picture, in the frame's coordinates
    Region picture = new Region(0.25, 0, 0.5, 1); // a 4:3 picture pillarboxed in a 1280x480 frame: 640x480
    Region inPicture = VideoSimilarity.band(picture, 1280, 480);
    assertThat(inPicture.w() * 1280).isCloseTo(480 * 9.0 / 16, offset(1e-9));
    assertThat(inPicture.x() + inPicture.w() / 2).isCloseTo(0.5, offset(1e-9));
    assertThat(VideoSimilarity.band(Region.FULL, 100, 100)).isNull();
    assertThat(VideoSimilarity.band(Region.FULL, 115, 100)).isNull();
    assertThat(VideoSimilarity.band(Region.FULL, 100, 115)).isNull();
    assertThat(VideoSimilarity.band(Region.FULL, 120, 100)).isNotNull();
  }

  @Test
  void bandView_describesTheMiddleBandOfTheOtherOrientation_soThatAPortraitCropMeetsItsOriginal() {
    List<Frame> a = video(1, 0, 8);
    List<Frame> portrait = new ArrayList<>();
    double w = 90 * 9.0 / 16 / 160; // the middle 9:16 of the 160x90 frames, as a phone's re-upload keeps it
    for (Frame f : a) {
      portrait.add(FrameEdits.crop(0.5 - w / 2, 0, 0.5 + w / 2, 1).andThen(FrameEdits.resize(90, 160)).apply(f));
    }
    source.put("a.syn", a).put("portrait.syn", portrait).put("other.syn", video(5, 0, 8));
    VideoSimilarity plain = sim().toBuilder().checkEncoder(FrameEncoder.dct()).build();
    VideoSimilarity band = plain.toBuilder().bandView(true).build();
    assertThat(band.bandView()).isTrue();
    assertThat(plain.bandView()).isFalse();
    assertThat(band.spec().stages()).containsKey("band");
    assertThat(plain.spec().stages()).doesNotContainKey("band");
    assertThat(band.spec().codeKey()).as("a calibration belongs to its views").isNotEqualTo(plain.spec().codeKey());

    VideoFingerprint fa = band.fingerprint(VideoInput.of("a.syn", new byte[1]));
    VideoFingerprint fp = band.fingerprint(VideoInput.of("portrait.syn", new byte[1]));
    VideoFingerprint pa = plain.fingerprint(VideoInput.of("a.syn", new byte[1]));
    // every time span of the landscape video: its picture, then its 9:16 band; the portrait one has a 16:9 band
    List<Clip> pictures = fa.clips().stream().filter(c -> c.view() == 0).toList();
    assertThat(fa.clips().stream().filter(c -> c.view() == Clip.BAND).count()).isEqualTo(pictures.size());
    assertThat(fp.clips()).allSatisfy(c -> assertThat(c.view()).isIn(0, Clip.BAND + 1));
    assertThat(fa.checks()).hasSameSizeAs(fa.clips());
    // (frames are decoded at twice the size for the band's sake, so the picture codes may differ in a bit or two)
    assertThat(fa.clips().stream().filter(c -> c.view() != Clip.BAND).map(c -> c.start() + "-" + c.end()).toList())
        .isEqualTo(pa.clips().stream().map(c -> c.start() + "-" + c.end()).toList());
    // the portrait copy's picture is near the original's band, far from its picture
    int toBand = 0;
    int toPicture = 0;
    for (Clip c : fp.clips().stream().filter(c -> c.view() == 0).toList()) {
      toBand += nearestOfView(fa, c, Clip.BAND);
      toPicture += nearestOfView(fa, c, 0);
    }
    assertThat(toBand).isLessThan(toPicture / 2);
    Score withBand = band.score(fa, fp);
    Score without = plain.score(pa, plain.fingerprint(VideoInput.of("portrait.syn", new byte[1])));
    assertThat(withBand.rawSimilarity()).isGreaterThan(without.rawSimilarity() + 0.05);
    assertThat(withBand.segments()).isNotEmpty();
    assertThat(band.score(fp, fa).value()).isEqualTo(withBand.value());
    Score other = band.score(fa, band.fingerprint(VideoInput.of("other.syn", new byte[1])));
    assertThat(other.segments()).isEmpty();
    assertThat(other.rawSimilarity()).isLessThan(withBand.rawSimilarity() - 0.1);
    assertThatThrownBy(() -> band.score(fa, pa)).isInstanceOf(IncompatibleFingerprintException.class);
  }

  @Test
  void zoomView_isLeftOutOfFramesSplitIntoPanels() {
    List<Frame> left = video(1, 0, 6);
    List<Frame> right = video(5, 0, 6);
    List<Frame> split = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) { // two videos side by side with a 2-px black seam
      Frame l = left.get(i);
      Frame r = right.get(i);
      byte[] px = new byte[320 * 90 * 3];
      for (int y = 0; y < 90; y++) {
        System.arraycopy(l.rgb(), y * 160 * 3, px, y * 320 * 3, 159 * 3);
        System.arraycopy(r.rgb(), (y * 160 + 1) * 3, px, (y * 320 + 161) * 3, 159 * 3);
      }
      split.add(new Frame(i, l.timestamp(), 320, 90, px));
    }
    source.put("split.syn", split).put("a.syn", left);
    VideoSimilarity auto = sim().toBuilder().layoutDetector(LayoutDetector.auto()).build();
    VideoSimilarity zoom = auto.toBuilder().zoomView(0.7).build();
    VideoFingerprint fs = zoom.fingerprint(VideoInput.of("split.syn", new byte[1]));
    assertThat(fs.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.INSET));
    assertThat(fs.clips()).noneSatisfy(c -> assertThat(c.view()).isEqualTo(Clip.ZOOM));
    // with a layout stage, frames are decoded at the same size with and without a zoom view: the same other views
    assertThat(fs.clips()).isEqualTo(auto.fingerprint(VideoInput.of("split.syn", new byte[1])).clips());
    VideoFingerprint fa = zoom.fingerprint(VideoInput.of("a.syn", new byte[1]));
    assertThat(fa.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.ZOOM));
    assertThat(fa.clips().stream().filter(c -> c.view() != Clip.ZOOM).toList())
        .isEqualTo(auto.fingerprint(VideoInput.of("a.syn", new byte[1])).clips());
  }

  @Test
  void widenPanels_describesANarrowPanelThatFillsItsCellWidened_soThatTheCroppedCentreMeetsItsOriginal() {
    List<Frame> a = video(1, 0, 8);
    List<Frame> other = video(5, 0, 8);
    List<Frame> side = new ArrayList<>();
    List<Frame> fitted = new ArrayList<>();
    List<Frame> grid = new ArrayList<>();
    List<Frame> stack = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Frame o = other.get(i);
      // a reaction layout: the copy's centre fills the left of two cells of 158x180 (0.88:1), 4-px seam
      side.add(FrameEdits.panels(320, 180, 2, 1, 0, List.of(x -> o), 4, java.awt.Color.BLACK, true)
          .apply(a.get(i)));
      // the same cells with the copies fitted (letterboxed), and a 2x2 grid of 16:9 cells: nothing to widen
      fitted.add(FrameEdits.panels(320, 180, 2, 1, 0, List.of(x -> o), 4, java.awt.Color.BLACK, false)
          .apply(a.get(i)));
      grid.add(FrameEdits.panels(320, 180, 2, 2, 0, List.of(x -> o, x -> FrameEdits.hflip().apply(o),
          x -> FrameEdits.gray().apply(o)), 4, java.awt.Color.BLACK, true).apply(a.get(i)));
      // two stacked in a 16:9 frame: cells of 320x88 (3.6:1), the middle of the copy's height
      stack.add(FrameEdits.panels(320, 180, 1, 2, 0, List.of(x -> o), 4, java.awt.Color.BLACK, true)
          .apply(a.get(i)));
    }
    source.put("a.syn", a).put("side.syn", side).put("fitted.syn", fitted).put("grid.syn", grid)
        .put("stack.syn", stack);
    VideoSimilarity auto = sim().toBuilder().layoutDetector(LayoutDetector.auto()).checkEncoder(FrameEncoder.dct())
        .build();
    VideoSimilarity widen = auto.toBuilder().widenPanels(true).build();
    assertThat(widen.widensPanels()).isTrue();
    assertThat(widen.spec().stages()).containsKey("panels");
    assertThat(auto.spec().stages()).doesNotContainKey("panels");
    assertThat(widen.spec().codeKey()).as("a calibration belongs to its views").isNotEqualTo(auto.spec().codeKey());
    VideoSimilarity noLayout = sim().toBuilder().widenPanels(true).build();
    assertThat(noLayout.widensPanels()).as("no panels without a layout stage").isFalse();
    assertThat(noLayout.spec()).isEqualTo(sim().spec());
    assertThat(noLayout.toBuilder().layoutDetector(LayoutDetector.auto()).checkEncoder(FrameEncoder.dct()).build()
        .spec()).as("the setting is kept for a derived pipeline with a layout stage").isEqualTo(widen.spec());

    VideoFingerprint fs = widen.fingerprint(VideoInput.of("side.syn", new byte[1]));
    assertThat(fs.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.WIDENED + 1));
    assertThat(fs.checks()).hasSameSizeAs(fs.clips());
    VideoFingerprint back = VideoFingerprint.fromBytes(fs.toBytes());
    assertThat(back.clips()).as("the widened views survive serialization").isEqualTo(fs.clips());
    assertThat(back.checks()).isEqualTo(fs.checks());
    // the other views are those of the pipeline without widening
    VideoFingerprint plainSide = auto.fingerprint(VideoInput.of("side.syn", new byte[1]));
    assertThat(fs.clips().stream().filter(c -> c.view() < Clip.WIDENED).toList()).isEqualTo(plainSide.clips());
    assertThat(widen.fingerprint(VideoInput.of("fitted.syn", new byte[1])).clips())
        .as("a panel with bars of its own was fitted, not cropped").allSatisfy(c ->
            assertThat(c.view()).isLessThan(Clip.WIDENED));
    VideoFingerprint fg = widen.fingerprint(VideoInput.of("grid.syn", new byte[1]));
    assertThat(fg.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.INSET));
    assertThat(fg.clips()).as("16:9 cells are not widened").allSatisfy(c ->
        assertThat(c.view()).isLessThan(Clip.WIDENED));
    VideoFingerprint fst = widen.fingerprint(VideoInput.of("stack.syn", new byte[1]));
    assertThat(fst.clips()).as("flat cells are").anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.WIDENED + 1));

    // widened, the copy's panel is nearer the original's picture than the panel itself
    VideoFingerprint fa = widen.fingerprint(VideoInput.of("a.syn", new byte[1]));
    int widened = 0;
    int panel = 0;
    for (Clip c : fs.clips()) {
      if (c.view() == Clip.WIDENED + 1) {
        widened += nearestOfView(fa, c, 0);
      } else if (c.view() == Clip.INSET) {
        panel += nearestOfView(fa, c, 0);
      }
    }
    assertThat(widened).isLessThan(panel);
    assertThat(widen.score(fa, fs).rawSimilarity())
        .isGreaterThan(auto.score(auto.fingerprint(VideoInput.of("a.syn", new byte[1])), plainSide).rawSimilarity());
    assertThatThrownBy(() -> widen.score(fa, plainSide)).isInstanceOf(IncompatibleFingerprintException.class);
  }

  /** The Hamming distance from {@code c}'s code to the nearest clip of {@code view} in {@code fp}. */
  private static int nearestOfView(VideoFingerprint fp, Clip c, int view) {
    return fp.clips().stream().filter(x -> x.view() == view).mapToInt(x -> x.code().hammingDistance(c.code())).min()
        .orElseThrow();
  }

  @Test
  void checkEncoder_describesEveryClipAndViewAgain_andTheMatcherReportsItsSimilarity() {
    List<Frame> a = video(1, 0, 10);
    List<Frame> background = video(5, 0, 10);
    List<Frame> inset = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Frame bg = FrameEdits.eq(-0.25, 0.6, 1).apply(background.get(i));
      inset.add(FrameEdits.pictureInPicture(x -> bg, 0.55, 0.8, 0.3).apply(a.get(i)));
    }
    source.put("a.syn", a).put("pip.syn", inset).put("bg.syn", background);
    VideoSimilarity plain = sim().toBuilder().layoutDetector(LayoutDetector.auto()).build();
    VideoSimilarity checked = plain.toBuilder().checkEncoder(FrameEncoder.dct()).build();
    assertThat(checked.spec().stages()).containsKey("check");
    assertThat(checked.checkEncoder()).isPresent();
    assertThat(plain.checkEncoder()).isEmpty();
    VideoFingerprint pip = checked.fingerprint(VideoInput.of("pip.syn", new byte[1]));
    assertThat(pip.checks()).hasSameSizeAs(pip.clips());
    assertThat(pip.checkBits()).isEqualTo(FrameEncoder.dct().dimension());
    assertThat(pip.clips()).anySatisfy(c -> assertThat(c.view()).isEqualTo(Clip.INSET));
    VideoFingerprint fa = checked.fingerprint(VideoInput.of("a.syn", new byte[1]));
    Score self = checked.score(fa, fa);
    Score copy = checked.score(fa, pip);
    Score other = checked.score(fa, checked.fingerprint(VideoInput.of("bg.syn", new byte[1])));
    assertThat(self.checkSimilarity()).isEqualTo(1.0);
    assertThat(copy.checkSimilarity()).isGreaterThan(other.checkSimilarity() + 0.2);
    // the same clip codes as without the check encoder
    assertThat(plain.fingerprint(VideoInput.of("pip.syn", new byte[1])).clips()).isEqualTo(pip.clips());
    assertThat(plain.score(plain.fingerprint(VideoInput.of("a.syn", new byte[1])),
        plain.fingerprint(VideoInput.of("pip.syn", new byte[1]))).checkSimilarity()).isNaN();
    assertThatThrownBy(() -> checked.score(fa, plain.fingerprint(VideoInput.of("pip.syn", new byte[1]))))
        .isInstanceOf(IncompatibleFingerprintException.class);
    VideoFingerprint still = checked.fingerprintFrames("still", List.of(a.get(25)));
    assertThat(still.checks()).hasSameSizeAs(still.clips());
  }

  @Test
  void checkCodes_areTheMeanOfTheirFrames_whateverThePipelinesAggregator() {
    source.put("a.syn", video(1, 0, 6));
    // an aggregator of its own dimension (the first 16 values of the first frame): the check codes must not use it
    ClipAggregator firstSixteen = new ClipAggregator() {
      @Override
      public String name() {
        return "first16";
      }

      @Override
      public Embedding aggregate(List<Embedding> frames) {
        return Embedding.of(java.util.Arrays.copyOf(frames.get(0).toArray(), 16));
      }

      @Override
      public int dimension(int frameDimension) {
        return 16;
      }
    };
    VideoSimilarity sim = sim().toBuilder().aggregator(firstSixteen).checkEncoder(FrameEncoder.dct()).build();
    VideoFingerprint fp = sim.fingerprint(VideoInput.of("a.syn", new byte[1]));
    assertThat(fp.codeBits()).isEqualTo(16);
    assertThat(fp.checkBits()).isEqualTo(FrameEncoder.dct().dimension());
    VideoFingerprint meanChecks = sim().toBuilder().checkEncoder(FrameEncoder.dct()).build()
        .fingerprint(VideoInput.of("a.syn", new byte[1]));
    assertThat(fp.checks()).isEqualTo(meanChecks.checks());
  }

  @Test
  void fingerprintFrames_aFrameOfAVideo_isFoundAtItsTime() {
    List<Frame> a = video(1, 0, 20);
    source.put("a.syn", a).put("other.syn", video(5, 0, 20));
    VideoSimilarity sim = sim();
    VideoFingerprint fa = sim.fingerprint(VideoInput.of("a.syn", new byte[1]));
    VideoFingerprint other = sim.fingerprint(VideoInput.of("other.syn", new byte[1]));
    for (int k : new int[] {23, 87, 151}) { // a screenshot at k / 10 s, larger than the decoded frames, re-coloured
      Frame shot = FrameEdits.resize(640, 360).andThen(FrameEdits.eq(0.05, 1.1, 1)).apply(a.get(k));
      VideoFingerprint q = sim.fingerprintFrames("shot", List.of(shot));
      assertThat(q.clips()).hasSize(1);
      Clip best = nearest(fa, q.clips().get(0).code());
      // the clip of the nearest sampled frame (every 0.5 s): it starts within 0.25 s of the shot, or the clip before
      assertThat(best.start()).isBetween(k / 10.0 - 0.75, k / 10.0 + 0.26);
      int dBest = best.code().hammingDistance(q.clips().get(0).code());
      assertThat(nearest(other, q.clips().get(0).code()).code().hammingDistance(q.clips().get(0).code()))
          .isGreaterThan(dBest + q.codeBits() / 10);
    }
    assertThatThrownBy(() -> sim.fingerprintFrames("none", List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static Clip nearest(VideoFingerprint fp, BitCode code) {
    return fp.clips().stream().min(java.util.Comparator.comparingInt(c -> c.code().hammingDistance(code)))
        .orElseThrow();
  }

  @Test
  void score_partialCopy_isFoundAtTheRightTime() {
    // B = 6 s of unrelated footage, then A's seconds 4..10, then 4 s unrelated.
    List<Frame> a = video(1, 0, 14);
    List<Frame> b = concat(concat(video(7, 0, 6), video(1, 4, 6)), video(8, 0, 4));
    source.put("a.syn", a).put("b.syn", b);
    Score s = sim().score(VideoInput.of("a.syn", new byte[1]), VideoInput.of("b.syn", new byte[1]));
    assertThat(s.isMatch()).isTrue();
    MatchedSegment m = s.segments().get(0);
    assertThat(m.startA()).isCloseTo(4, offset(1.0));
    assertThat(m.endA()).isCloseTo(10, offset(1.0));
    assertThat(m.startB()).isCloseTo(6.1, offset(1.0));
    assertThat(m.endB()).isCloseTo(12.1, offset(1.0));
  }

  @Test
  void score_isSymmetricAndInRange() {
    source.put("a.syn", video(1, 0, 6)).put("b.syn", concat(video(1, 0, 3), video(2, 0, 3)));
    VideoSimilarity sim = sim();
    VideoFingerprint fa = sim.fingerprint(VideoInput.of("a.syn", new byte[1]));
    VideoFingerprint fb = sim.fingerprint(VideoInput.of("b.syn", new byte[1]));
    assertThat(sim.score(fa, fb).value()).isBetween(0.0, 1.0).isEqualTo(sim.score(fb, fa).value());
  }

  @Test
  void fingerprint_recordsThePipelineAndClips() {
    source.put("a.syn", video(1, 0, 5));
    VideoFingerprint fp = sim().fingerprint(VideoInput.of("a.syn", new byte[1]));
    assertThat(fp.videoId()).isEqualTo("a");
    assertThat(fp.clips()).hasSize(10);
    assertThat(fp.codeBits()).isEqualTo(62);
    assertThat(fp.duration()).isCloseTo(5.0, offset(0.11));
    assertThat(fp.spec().stages()).containsKeys("source", "sampling", "shots", "clips", "encoder", "aggregator",
        "binarizer");
    assertThat(fp.spec().stages().get("encoder").name()).isEqualTo("dct");
  }

  @Test
  void score_fingerprintsOfAnotherPipeline_areRefused() {
    source.put("a.syn", video(1, 0, 4));
    VideoFingerprint fp = sim().fingerprint(VideoInput.of("a.syn", new byte[1]));
    VideoSimilarity other = sim().toBuilder().encoder(FrameEncoder.dct(32, 6)).build();
    VideoFingerprint fo = other.fingerprint(VideoInput.of("a.syn", new byte[1]));
    assertThatThrownBy(() -> sim().score(fp, fo)).isInstanceOf(IncompatibleFingerprintException.class)
        .hasMessageContaining("encoder");
    assertThatThrownBy(() -> other.score(fp, fp)).isInstanceOf(IncompatibleFingerprintException.class);
  }

  @Test
  void fingerprint_missingVideo_isDecodeException() {
    assertThatThrownBy(() -> sim().fingerprint(VideoInput.of("missing.syn", new byte[1])))
        .isInstanceOf(VideoDecodeException.class).hasMessageContaining("missing.syn");
  }

  /** A pipeline with the layout stage, band views and check codes, whose windows run on {@code threads}. */
  private VideoSimilarity layoutPipeline(FrameEncoder encoder, int threads) {
    return sim().toBuilder().encoder(encoder).layoutDetector(LayoutDetector.auto()).bandView(true)
        .checkEncoder(FrameEncoder.dctOrientable()).encodingThreads(threads).build();
  }

  @Test
  void encodingThreads_giveTheFingerprintOfOneThread_inTheVideosOrder() {
    // 30 s at 2 fps in windows of the layout stage: many windows, of three scenes, one letterboxed
    List<Frame> letterboxed = new ArrayList<>();
    for (Frame f : video(2, 0, 10)) {
      letterboxed.add(FrameEdits.border(0, 0.2, 0, 0.2, java.awt.Color.BLACK).apply(f));
    }
    source.put("long.syn", concat(concat(video(1, 0, 10), letterboxed), video(3, 0, 10)));
    VideoInput input = VideoInput.of("long.syn", new byte[1]);
    VideoFingerprint one = layoutPipeline(FrameEncoder.dct(), 1).fingerprint(input);
    assertThat(one.clips().size()).isGreaterThan(3 * LayoutDetector.auto().windowFrames() / 2);
    VideoSimilarity three = layoutPipeline(FrameEncoder.dct(), 3);
    assertThat(three.encodingThreads()).isEqualTo(3);
    assertThat(three.spec()).isEqualTo(layoutPipeline(FrameEncoder.dct(), 1).spec());
    for (int run = 0; run < 4; run++) {
      assertThat(three.fingerprint(input).toBytes()).isEqualTo(one.toBytes());
    }
  }

  @Test
  void encodingThreads_aFailureOnAnyThreadIsThrown_andNoThreadIsLeftRunning() {
    source.put("long.syn", concat(concat(video(1, 0, 10), video(2, 0, 10)), video(3, 0, 10)));
    FrameEncoder dct = FrameEncoder.dct();
    FrameEncoder failing = new FrameEncoder() {
      @Override
      public int dimension() {
        return dct.dimension();
      }

      @Override
      public List<Embedding> encode(List<Frame> frames) {
        if (frames.stream().anyMatch(f -> f.timestamp() >= 12)) {
          throw new IllegalStateException("the model failed on frame " + frames.get(0).index());
        }
        return dct.encode(frames);
      }

      @Override
      public String name() {
        return "failing";
      }
    };
    for (int threads : new int[] {1, 2, 4}) {
      assertThatThrownBy(() -> layoutPipeline(failing, threads).fingerprint(VideoInput.of("long.syn", new byte[1])))
          .as("%d threads", threads).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the model failed on frame");
      assertThat(Thread.getAllStackTraces().keySet()).as("%d threads", threads)
          .noneMatch(t -> t.isAlive() && t.getName().startsWith("videosim-encode"))
          .noneMatch(t -> t.isAlive() && t.getName().equals("videosim-decode"));
    }
    assertThatThrownBy(() -> VideoSimilarity.builder().encodingThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("encodingThreads must be within [1, 64]: 0");
  }

  @Test
  void builder_rejectsBadValuesAtTheSetter() {
    VideoSimilarity.Builder b = VideoSimilarity.builder();
    assertThatThrownBy(() -> b.sampleRate(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleRate must be within (0, 60]: -2.0");
    assertThatThrownBy(() -> b.clipSeconds(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clipSeconds");
    assertThatThrownBy(() -> b.encoder(null)).isInstanceOf(NullPointerException.class).hasMessage("encoder");
    assertThatThrownBy(() -> b.frameSource(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("frameSource");
    assertThatThrownBy(() -> b.binarizer(null)).isInstanceOf(NullPointerException.class).hasMessage("binarizer");
  }

  @Test
  void build_incompatibleStages_isIllegalState_andBuildCanRepeat() {
    VideoSimilarity.Builder b = VideoSimilarity.builder().frameSource(source)
        .binarizer(Binarizer.thresholds(new float[10]));
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("62");
    b.binarizer(Binarizer.sign());
    VideoSimilarity one = b.build();
    VideoSimilarity two = b.build();
    assertThat(one.spec()).isEqualTo(two.spec());
    assertThat(one.toBuilder().sampleRate(1).build().sampleRate()).isEqualTo(1.0);
    assertThat(one.sampleRate()).isEqualTo(2.0);
  }

  @Test
  void build_withoutFrameSourceOnTheClassPath_explainsWhatToAdd() {
    // core alone has no FrameSourceProvider registered
    assertThatThrownBy(() -> VideoSimilarity.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("videosim-io-ffmpeg");
  }
  @Test
  void calibration_belongsToItsPipeline_anotherEncoderGivesUncalibratedScores() {
    source.put("a.syn", video(1, 0, 6)).put("b.syn", video(2, 0, 6));
    VideoSimilarity dflt = sim();
    assertThat(dflt.isCalibrated()).as("the default matcher was fitted for the default pipeline").isTrue();
    assertThat(dflt.spec().codeKey()).isEqualTo(DefaultCalibration.PIPELINE);
    // the same matcher with another encoder: its calibration does not apply
    VideoSimilarity custom = VideoSimilarity.builder().frameSource(source).encoder(FrameEncoder.dct(16, 6)).build();
    assertThat(custom.isCalibrated()).isFalse();
    assertThat(custom.threshold()).isNaN();
    Score s = custom.score(VideoInput.of("a.syn", new byte[1]), VideoInput.of("b.syn", new byte[1]));
    assertThat(s.calibrated()).isFalse();
    assertThat(s.value()).isEqualTo(s.rawSimilarity());
    assertThat(s.verdict()).isEqualTo("uncalibrated");
    assertThatThrownBy(s::isMatch).isInstanceOf(IllegalStateException.class).hasMessageContaining("uncalibrated");
    // a calibration the user sets is theirs to vouch for; tied to a pipeline, it applies to that one only
    TemporalVideoMatcher mine = TemporalVideoMatcher.builder().calibration(5, 5, 0).build();
    assertThat(custom.toBuilder().matcher(mine).build().isCalibrated()).isTrue();
    TemporalVideoMatcher tied = mine.toBuilder().calibratedFor(custom.spec()).build();
    assertThat(custom.toBuilder().matcher(tied).build().isCalibrated()).isTrue();
    assertThat(dflt.toBuilder().matcher(tied).build().isCalibrated()).as("swapped: the default pipeline with the "
        + "custom pipeline's calibration").isFalse();
    // sampling and layout keep the calibration (they change which codes are made, not what they mean)
    assertThat(dflt.toBuilder().sampleRate(1).layoutDetector(LayoutDetector.auto()).build().isCalibrated()).isTrue();
  }
}
