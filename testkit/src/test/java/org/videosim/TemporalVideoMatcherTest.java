package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.testkit.VideoMatcherContract;

class TemporalVideoMatcherTest {
  private static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("t", "1", Map.of())));
  /** The default matcher, its calibration declared for this test's pipeline {@link #SPEC}. */
  private final TemporalVideoMatcher matcher = TemporalVideoMatcher.DEFAULT.toBuilder().calibratedFor(SPEC).build();

  private static List<Clip> randomClips(int n, Random rnd, double t0) {
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clips.add(new Clip(t0 + i * 0.5, t0 + i * 0.5 + 0.5, 1, org.videosim.BitCode.of(64, rnd.nextLong())));
    }
    return clips;
  }

  /** Clips of {@code src} from {@code from} to {@code to}, re-timed to start at {@code t0}, every {@code step}. */
  private static List<Clip> copy(List<Clip> src, int from, int to, double t0, int step) {
    List<Clip> out = new ArrayList<>();
    for (int i = from, k = 0; i < to; i += step, k++) {
      out.add(new Clip(t0 + k * 0.5, t0 + k * 0.5 + 0.5, 1, src.get(i).code()));
    }
    return out;
  }

  /**
   * 3 s of footage that moves, then 5 s of a static shot: its clips alternate between two codes one bit apart, so that
   * no pair of its clips stands out of the look-alikes in its row and column.
   */
  private static List<Clip> movingThenStatic(Random rnd) {
    List<Clip> ref = randomClips(6, rnd, 0);
    long base = rnd.nextLong();
    for (int i = 0; i < 10; i++) {
      ref.add(new Clip(3 + i * 0.5, 3.5 + i * 0.5, 1, BitCode.of(64, base ^ (i % 2))));
    }
    return ref;
  }

  private static VideoFingerprint fp(String id, List<Clip> clips) {
    Clip last = clips.get(clips.size() - 1);
    return new VideoFingerprint(id, last.end(), SPEC, clips);
  }

  /**
   * A short excerpt of a long video is seen from the excerpt: with both directions weighed equally, the long video's
   * other 114 clips, which the excerpt does not hold, made a copy of 6 of its 120 clips score as half a copy.
   */
  @Test
  void rawSimilarity_excerptOfALongVideo_isSeenFromTheShorterVideo() {
    Random rnd = new Random(11);
    List<Clip> longVideo = randomClips(120, rnd, 0);
    VideoFingerprint whole = fp("long", longVideo);
    VideoFingerprint excerpt = fp("excerpt", copy(longVideo, 50, 62, 0, 1));
    Score s = matcher.match(excerpt, whole);
    assertThat(s.rawSimilarity()).isGreaterThan(0.9);
    assertThat(matcher.match(whole, excerpt).rawSimilarity()).isCloseTo(s.rawSimilarity(), offset(1e-12));
    assertThat(s.segments()).hasSize(1);
    assertThat(s.segments().get(0).startB()).isCloseTo(25, offset(0.01));
    // unrelated footage stays at chance however long the other video is
    VideoFingerprint other = fp("other", randomClips(12, rnd, 0));
    assertThat(matcher.match(other, whole).rawSimilarity()).isLessThan(0.6);
    // two videos of one length weigh both directions equally: half of one video against it whole is not a copy
    VideoFingerprint half = fp("half", copy(longVideo, 0, 60, 0, 1));
    VideoFingerprint otherHalf = fp("mixed", concat(copy(longVideo, 0, 60, 0, 1), randomClips(60, rnd, 30)));
    assertThat(matcher.match(half, otherHalf).rawSimilarity()).isGreaterThan(0.9);
    assertThat(matcher.match(otherHalf, whole).rawSimilarity()).isBetween(0.65, 0.85);
  }

  /**
   * Turned check codes align a turned copy, not two chance clips: a query of 12 clips, two of which are (turned, 5 of
   * 63 bits apart) two clips of a 2-minute video, and the rest other footage, has check similarity under 0.6 in its
   * best orientation; before that bound its two clips made a segment, and a copy verdict, of any such pair.
   */
  @Test
  void checkCodes_turnedCopyAligns_twoChanceClipsOfALongVideoDoNot() {
    VideoSimilarity sim = VideoSimilarity.builder().checkEncoder(FrameEncoder.dctOrientable())
        .matcher(TemporalVideoMatcher.builder().fusedCalibration(1, 6, 0).build())
        .frameSource(new org.videosim.testkit.SyntheticFrameSource()).build();
    org.videosim.internal.CodeOrientations turns =
        org.videosim.internal.CodeOrientations.of(sim.spec().stages().get("check"), null);
    Random rnd = new Random(12);
    List<BitCode> longChecks = randomChecks(240, 63, rnd);
    VideoFingerprint longVideo = withChecks(fp("long", randomClips(240, rnd, 0)), longChecks);
    longVideo = new VideoFingerprint("long", longVideo.duration(), sim.spec(), longVideo.clips(), longChecks);
    // the whole of 12 of its clips, turned: a copy
    List<BitCode> turned = turn(turns, longChecks.subList(100, 112), 3);
    VideoFingerprint copy = new VideoFingerprint("copy", 6, sim.spec(), randomClips(12, rnd, 0), turned);
    Score s = sim.score(copy, longVideo);
    assertThat(s.segments()).hasSize(1);
    assertThat(s.segments().get(0).startB()).isCloseTo(50, offset(0.01));
    assertThat(s.isMatch()).isTrue();
    // two of its clips, turned and a little edited, among 10 of other footage: no segment, no verdict
    List<BitCode> mixed = new ArrayList<>(randomChecks(12, 63, rnd));
    List<BitCode> two = turn(turns, longChecks.subList(40, 42), 3);
    for (int k = 0; k < 2; k++) {
      long w = two.get(k).toLongArray()[0];
      for (int b = 0; b < 5; b++) {
        w ^= 1L << (7 * b + k);
      }
      mixed.set(5 + k, BitCode.of(63, w));
    }
    VideoFingerprint chance = new VideoFingerprint("chance", 6, sim.spec(), randomClips(12, rnd, 0), mixed);
    Score c = sim.score(chance, longVideo);
    assertThat(c.segments()).isEmpty();
    assertThat(c.isMatch()).isFalse();
  }

  private static List<BitCode> turn(org.videosim.internal.CodeOrientations turns, List<BitCode> codes, int g) {
    long[] packed = new long[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      packed[i] = codes.get(i).toLongArray()[0];
    }
    long[] t = turns.apply(g, packed, 1);
    List<BitCode> out = new ArrayList<>();
    for (long w : t) {
      out.add(BitCode.of(63, w));
    }
    return out;
  }

  private static List<Clip> concat(List<Clip> a, List<Clip> b) {
    List<Clip> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The fingerprint with a check code per clip. */
  private static VideoFingerprint withChecks(VideoFingerprint fp, List<BitCode> checks) {
    return new VideoFingerprint(fp.videoId(), fp.duration(), fp.spec(), fp.clips(), checks);
  }

  private static List<BitCode> randomChecks(int n, Random rnd) {
    return randomChecks(n, 62, rnd);
  }

  /** {@code n} random codes of {@code bits} (at most 64) bits. */
  private static List<BitCode> randomChecks(int n, int bits, Random rnd) {
    List<BitCode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(BitCode.of(bits, rnd.nextLong() >>> (64 - bits)));
    }
    return out;
  }

  @Test
  void match_withCheckCodes_fusesBothSimilarities() {
    Random rnd = new Random(21);
    TemporalVideoMatcher fused = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5).build();
    VideoFingerprint a = withChecks(VideoMatcherContract.random("a", 20, 256, rnd), randomChecks(20, rnd));
    // the clip codes of both alike (a quarter of the bits differ): with the same check codes a copy, with unrelated
    // ones footage that only looks alike
    VideoFingerprint alike = VideoMatcherContract.noisy(a, 0.25, rnd);
    Score copy = fused.match(a, withChecks(alike, a.checks()));
    Score lookAlike = fused.match(a, withChecks(alike, randomChecks(20, rnd)));
    assertThat(copy.checkSimilarity()).isEqualTo(1.0);
    assertThat(copy.value()).isGreaterThan(0.99);
    assertThat(lookAlike.rawSimilarity()).isEqualTo(copy.rawSimilarity());
    assertThat(lookAlike.checkSimilarity()).isCloseTo(0.5, offset(0.15));
    assertThat(lookAlike.value()).isLessThan(copy.value() - 0.3);
    TemporalVideoMatcher.Evidence e = fused.evidence(a, withChecks(alike, randomChecks(20, rnd)));
    assertThat(e.segments()).as("the clip codes align").isNotEmpty();
    double z = 6.6 * logit(e.raw()) + 5.4 * logit(e.check()) - 5.5;
    assertThat(fused.probability(e)).isCloseTo(sigmoid(16 * Math.tanh(z / 16)), offset(1e-12));
    // without check codes on one side: the beta calibration of the raw similarity, no check similarity
    Score plain = fused.match(a, alike);
    assertThat(plain.checkSimilarity()).isNaN();
    assertThat(plain.value()).isCloseTo(fused.calibrate(plain.rawSimilarity()), offset(0.01));
    // a matcher without a fused calibration reports the check similarity but does not use it
    Score unfused = matcher.match(a, withChecks(alike, randomChecks(20, rnd)));
    assertThat(unfused.checkSimilarity()).isBetween(0.0, 1.0);
    assertThat(unfused.value()).isEqualTo(matcher.match(a, alike).value());
  }

  /** A background set of three groups of random clips, the first two also holding {@code extra}'s codes. */
  private static BackgroundSet background(Random rnd, List<Clip> extra) {
    List<VideoFingerprint> fps = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      List<Clip> clips = randomClips(30, rnd, 0);
      if (g < 2) {
        for (Clip c : extra) {
          clips.add(new Clip(15 + c.start(), 15 + c.end(), 1, c.code()));
        }
      }
      fps.add(fp("g" + g, clips));
    }
    return BackgroundSet.of(fps, VideoFingerprint::videoId);
  }

  @Test
  void normalisedCalibration_readsTheBackgroundNormalisedSimilarity_andNeedsABackgroundSet() {
    Random rnd = new Random(31);
    assertThatThrownBy(() -> matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5, 2).normalisedCalibration(true)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("background");
    TemporalVideoMatcher normalising = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5, 2)
        .background(background(rnd, List.of())).normalisedCalibration(true).build();
    assertThat(normalising.normalisesCalibration()).isTrue();
    assertThat(normalising.parameters()).containsEntry("normalisedCalibration", "true");
    List<MatchedSegment> segment = List.of(new MatchedSegment(0, 5, 0, 5, 0.9));
    // the same raw and check similarities: a pair whose clips resemble unrelated footage as much scores lower
    TemporalVideoMatcher.Evidence distinct = new TemporalVideoMatcher.Evidence(0.8, 0.6, segment, 1, 0.1, 0.78);
    TemporalVideoMatcher.Evidence common = new TemporalVideoMatcher.Evidence(0.8, 0.6, segment, 1, 0.1, 0.55);
    double z = 6.6 * logit(0.55) + 5.4 * logit(0.6) - 5.5 + 2;
    assertThat(normalising.probability(common)).isCloseTo(sigmoid(16 * Math.tanh(z / 16)), offset(1e-12));
    assertThat(normalising.probability(common)).isLessThan(normalising.probability(distinct) - 0.3);
    // without the option the raw similarity is read, whatever the normalised one
    TemporalVideoMatcher rawReading = normalising.toBuilder().normalisedCalibration(false).build();
    assertThat(rawReading.probability(common)).isEqualTo(rawReading.probability(distinct));
    // where the background set does not apply (NaN), the raw similarity is read
    TemporalVideoMatcher.Evidence none = new TemporalVideoMatcher.Evidence(0.8, 0.6, segment, 1, 0.1, Double.NaN);
    assertThat(normalising.probability(none)).isEqualTo(rawReading.probability(none));
  }

  /** {@code code} with each of its 256 bits flipped with probability {@code p}. */
  private static long[] flipped(long[] code, double p, Random rnd) {
    long[] out = code.clone();
    for (int b = 0; b < 256; b++) {
      if (rnd.nextDouble() < p) {
        out[b / 64] ^= 1L << (b % 64);
      }
    }
    return out;
  }

  /**
   * A short copy sampled half a clip off its original: each of its clips lies between two of the original's and is
   * as alike to both, so a clip's second best match is as good as its best. The look-alike level of 4-7 clips is their
   * third best (the second best was, and no such copy of a short video was aligned).
   */
  @Test
  void evidence_shortCopySampledHalfAClipOff_isAligned() {
    int aligned = 0;
    for (int seed = 0; seed < 20; seed++) {
      Random rnd = new Random(100 + seed);
      // 6 s of footage that moves: each second a quarter of the bits change
      List<long[]> ref = new ArrayList<>();
      ref.add(new long[] {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()});
      for (int i = 1; i < 6; i++) {
        ref.add(flipped(ref.get(i - 1), 0.25, rnd));
      }
      List<Clip> refClips = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        refClips.add(new Clip(i, i + 1, 1, BitCode.of(256, ref.get(i))));
      }
      // the copy's clip k was sampled at k + 0.5 s: each bit from the original's clip k or k + 1
      List<Clip> copyClips = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        long[] mix = new long[4];
        for (int w = 0; w < 4; w++) {
          long pick = rnd.nextLong();
          mix[w] = (ref.get(k)[w] & pick) | (ref.get(k + 1)[w] & ~pick);
        }
        copyClips.add(new Clip(k, k + 1, 1, BitCode.of(256, mix)));
      }
      TemporalVideoMatcher.Evidence e = matcher.evidence(fp("ref", refClips), fp("copy", copyClips));
      if (!e.segments().isEmpty()) {
        aligned++;
        MatchedSegment s = e.segments().get(0);
        assertThat(s.durationB()).as("seed %d: the copy's side", seed).isGreaterThanOrEqualTo(3);
        assertThat(s.startA()).as("seed %d: where it lies in the original", seed).isLessThanOrEqualTo(1);
      }
    }
    assertThat(aligned).isGreaterThanOrEqualTo(18);
  }

  /**
   * Two videos of look-alike footage (every clip a noisy version of one picture, no two moments the same, and their
   * check codes unrelated: other pictures): every clip pair is about as alike as any other, and the matcher must not
   * pick a chain out of the noise. A path of cells that fall short of their rows' and columns' levels as a whole is
   * no alignment, however it begins, unless the check codes find the same pictures (with or without unrelated check
   * codes).
   */
  @Test
  void evidence_lookAlikeFootageWithoutACopy_hasNoSegment() {
    int withSegment = 0;
    for (int seed = 0; seed < 40; seed++) {
      Random rnd = new Random(200 + seed);
      long[] scene = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
      List<Clip> a = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        a.add(new Clip(i, i + 1, 1, BitCode.of(256, flipped(scene, 0.12, rnd))));
      }
      List<Clip> b = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        b.add(new Clip(i, i + 1, 1, BitCode.of(256, flipped(scene, 0.12, rnd))));
      }
      withSegment += matcher.evidence(withChecks(fp("a", a), randomChecks(8, rnd)),
          withChecks(fp("b", b), randomChecks(5, rnd))).segments().isEmpty() ? 0 : 1;
      // without check codes there is no second opinion either
      withSegment += matcher.evidence(fp("a", a), fp("b", b)).segments().isEmpty() ? 0 : 1;
    }
    assertThat(withSegment).isLessThanOrEqualTo(2);
  }

  /**
   * A calibration fitted on the normalised similarity does not hold for the raw one: where the background set cannot
   * apply (another pipeline's codes), the score says so instead of mapping the raw similarity with it. The same for
   * the unresolved spec of a fingerprint read before this JVM met its pipeline: its stages are unknown (whether its
   * check codes turn, whether the set applies), so the pipeline's score cannot be computed.
   */
  @Test
  void match_normalisingMatcher_whereTheBackgroundSetDoesNotApply_isUncalibrated() {
    Random rnd = new Random(33);
    TemporalVideoMatcher normalising = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5, 2)
        .background(background(rnd, List.of())).normalisedCalibration(true).build();
    VideoFingerprint a = withChecks(fp("a", randomClips(20, rnd, 0)), randomChecks(20, rnd));
    VideoFingerprint copy = withChecks(VideoMatcherContract.noisy(a, 0.1, rnd), a.checks());
    Score known = normalising.match(a, copy);
    assertThat(known.calibrated()).isTrue();
    assertThat(known.isMatch()).isTrue();
    PipelineSpec unmet = PipelineSpec.unresolved(SPEC.key() ^ 1, SPEC.compatibilityKey() ^ 1);
    Score unknown = normalising.match(new VideoFingerprint("a", a.duration(), unmet, a.clips(), a.checks()),
        new VideoFingerprint("copy", copy.duration(), unmet, copy.clips(), copy.checks()));
    assertThat(unknown.calibrated()).isFalse();
    assertThat(unknown.value()).isEqualTo(unknown.rawSimilarity());
    assertThat(unknown.verdict()).isEqualTo("uncalibrated");
    // the same matcher without check codes reads the beta calibration of the raw similarity, which holds anywhere
    assertThat(normalising.match(fp("a", a.clips()), fp("b", copy.clips())).calibrated()).isTrue();
    // where the set does not apply to resolved specs: another pipeline's codes
    PipelineSpec other = new PipelineSpec(Map.of("encoder", new StageSpec("other", "1", Map.of())));
    assertThat(normalising.match(new VideoFingerprint("a", a.duration(), other, a.clips(), a.checks()),
        new VideoFingerprint("copy", copy.duration(), other, copy.clips(), copy.checks())).calibrated()).isFalse();
    // an unresolved spec, even without check codes: the matcher's rules that depend on the stages cannot apply
    assertThat(TemporalVideoMatcher.DEFAULT.match(new VideoFingerprint("a", a.duration(), unmet, a.clips()),
        new VideoFingerprint("copy", copy.duration(), unmet, copy.clips())).calibrated()).isFalse();
    assertThat(matcher.match(fp("a", a.clips()), fp("b", copy.clips())).calibrated()).isTrue();
  }

  /**
   * A fingerprint read before this JVM met its pipeline (unresolved) but compatible with the other one, which is
   * resolved (the same stages but for the frame source: a stored full fingerprint against a keyframe scan), is scored
   * with the other's stages, calibrated, exactly as when both are resolved; two unresolved ones stay uncalibrated.
   */
  @Test
  void match_anUnresolvedFingerprintOfACompatiblePipeline_takesTheResolvedOnesStages() {
    Random rnd = new Random(35);
    TemporalVideoMatcher normalising = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5, 2)
        .background(background(rnd, List.of())).normalisedCalibration(true).calibratedFor(SPEC).build();
    VideoFingerprint a = withChecks(fp("a", randomClips(20, rnd, 0)), randomChecks(20, rnd));
    VideoFingerprint copy = withChecks(VideoMatcherContract.noisy(a, 0.1, rnd), a.checks());
    copy = new VideoFingerprint("copy", copy.duration(), SPEC, copy.clips(), copy.checks());
    Score known = normalising.match(a, copy);
    assertThat(known.calibrated()).isTrue();
    PipelineSpec otherSource = PipelineSpec.unresolved(SPEC.key() ^ 1, SPEC.compatibilityKey());
    VideoFingerprint stored = new VideoFingerprint("a", a.duration(), otherSource, a.clips(), a.checks());
    Score s = normalising.match(stored, copy);
    assertThat(s.calibrated()).isTrue();
    assertThat(s.value()).isEqualTo(known.value());
    assertThat(s.segments()).isEqualTo(known.segments());
    assertThat(normalising.match(copy, stored).value()).isEqualTo(normalising.match(copy, a).value());
    VideoFingerprint storedCopy = new VideoFingerprint("copy", copy.duration(), otherSource, copy.clips(),
        copy.checks());
    assertThat(normalising.match(stored, storedCopy).calibrated()).isFalse();
  }

  /**
   * A calibration belongs to the pipeline it was fitted for: the default matcher (calibrated for the default
   * pipeline) given another pipeline's fingerprints directly, not through a {@link VideoSimilarity}, says its score
   * is uncalibrated instead of mapping their similarity with its own calibration (it returned a calibrated-looking
   * score). A calibration given by its user applies to any pipeline.
   */
  @Test
  void match_fingerprintsOfAPipelineTheCalibrationWasNotFittedFor_areUncalibrated() {
    Random rnd = new Random(34);
    VideoFingerprint a = fp("a", randomClips(20, rnd, 0));
    VideoFingerprint copy = fp("copy", VideoMatcherContract.noisy(a, 0.05, rnd).clips());
    Score s = TemporalVideoMatcher.DEFAULT.match(a, copy);
    assertThat(s.calibrated()).isFalse();
    assertThat(s.verdict()).isEqualTo("uncalibrated");
    assertThat(s.value()).isEqualTo(s.rawSimilarity());
    assertThat(matcher.match(a, copy).calibrated()).isTrue();
    assertThat(matcher.match(a, copy).isMatch()).isTrue();
    TemporalVideoMatcher users = TemporalVideoMatcher.builder().calibration(10, 10, 0).build();
    assertThat(users.match(a, copy).calibrated()).isTrue();
    // one fingerprint of the calibration's pipeline is not enough: both must be
    PipelineSpec dct = VideoSimilarity.builder().frameSource(new org.videosim.testkit.SyntheticFrameSource()).build()
        .spec();
    VideoFingerprint ofDct = new VideoFingerprint("d", a.duration(), dct, a.clips());
    assertThat(TemporalVideoMatcher.DEFAULT.match(ofDct, ofDct).calibrated()).isTrue();
    assertThat(TemporalVideoMatcher.DEFAULT.match(ofDct, copy).calibrated()).isFalse();
  }

  /**
   * A black clip matches the black frames of unrelated footage exactly (commonness 1): it tells nothing about the
   * pair, and must not pull a copy's normalised similarity down (it did, by 19 times its share, before a span's weight
   * was its distance from the floor).
   */
  @Test
  void normalisedRaw_aClipThatUnrelatedFootageMatchesExactly_weighsNearlyNothing() {
    Random rnd = new Random(32);
    Clip black = new Clip(0, 0.5, 1, BitCode.of(64, 0L));
    TemporalVideoMatcher m = matcher.toBuilder().background(background(rnd, List.of(black))).build();
    List<Clip> footage = randomClips(20, rnd, 0.5);
    List<Clip> withBlack = new ArrayList<>(List.of(black));
    withBlack.addAll(footage);
    VideoFingerprint a = fp("a", withBlack);
    VideoFingerprint copy = fp("copy", copy(footage, 0, 20, 0, 1)); // the footage without its black intro
    double plain = m.evidence(fp("a2", footage), copy).normalisedRaw();
    double intro = m.evidence(a, copy).normalisedRaw();
    assertThat(plain).isGreaterThan(0.95);
    assertThat(intro).isGreaterThan(plain - 0.05);
    assertThat(m.evidence(a, fp("b", randomClips(20, rnd, 0))).normalisedRaw()).isLessThan(0.65);
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    return Math.log(q / (1 - q));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void probability_ofAPairWithoutASegment_staysBelowTheThreshold_evenWithAHighSimilarity() {
    TemporalVideoMatcher.Evidence strong = new TemporalVideoMatcher.Evidence(0.97, 0.97, List.of(), 0, 0.1,
        Double.NaN);
    TemporalVideoMatcher.Evidence withSegment = new TemporalVideoMatcher.Evidence(0.97, 0.97, List.of(
        new MatchedSegment(0, 5, 0, 5, 0.9)), 0.5, 0.1, Double.NaN);
    TemporalVideoMatcher fused = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5).build();
    assertThat(fused.probability(withSegment)).isGreaterThan(matcher.threshold());
    assertThat(fused.probability(strong)).isLessThan(matcher.threshold())
        .isGreaterThan(fused.probability(new TemporalVideoMatcher.Evidence(0.6, 0.6, List.of(), 0, 0, Double.NaN)));
  }

  @Test
  void evidence_ofACopyOfStaticFootage_hasTheSegmentOfThePicturesItsCheckCodesFindAgain() {
    // a static shot: every clip code the same, so no clip stands out enough to align; each clip's picture (check
    // code) is its own, and the copy has them all
    Random rnd = new Random(8);
    BitCode still = BitCode.of(256, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clips.add(new Clip(i, i + 1, 1, still));
    }
    List<BitCode> pictures = randomChecks(12, rnd);
    VideoFingerprint a = withChecks(fp("a", clips), pictures);
    VideoFingerprint copy = withChecks(fp("b", clips.subList(2, 10)), pictures.subList(2, 10));
    TemporalVideoMatcher fused = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5).build();
    assertThat(fused.evidence(a, withChecks(fp("b", clips.subList(2, 10)), randomChecks(8, rnd))).segments())
        .as("other pictures of the same still: nothing aligns").isEmpty();
    TemporalVideoMatcher.Evidence e = fused.evidence(a, copy);
    assertThat(e.check()).isGreaterThanOrEqualTo(TemporalVideoMatcher.CHECK_SAME_PICTURE);
    assertThat(e.segments()).hasSize(1);
    MatchedSegment m = e.segments().get(0);
    assertThat(new double[] {m.startA(), m.endA(), m.startB(), m.endB()}).containsExactly(2, 10, 2, 10);
    assertThat(fused.match(a, copy).isMatch()).isTrue();
    // a one-clip excerpt of a picture held for two clips: the same segment whichever video comes first (it took two
    // of the first video's pictures and one of the second's)
    List<BitCode> held = new ArrayList<>(pictures);
    held.set(5, pictures.get(4));
    VideoFingerprint a2 = withChecks(fp("a", clips), held);
    VideoFingerprint one = withChecks(fp("one", List.of(new Clip(0, 0.5, 1, still))), pictures.subList(4, 5));
    MatchedSegment ab = fused.evidence(a2, one).segments().get(0);
    MatchedSegment ba = fused.evidence(one, a2).segments().get(0);
    assertThat(new double[] {ab.startA(), ab.endA(), ab.startB(), ab.endB()})
        .containsExactly(ba.startB(), ba.endB(), ba.startA(), ba.endA());
    assertThat(new double[] {ab.startA(), ab.endA()}).containsExactly(4, 6);
    assertThat(ab.similarity()).isEqualTo(ba.similarity());
    assertThat(fused.match(one, a2).value()).isEqualTo(fused.match(a2, one).value());
    assertThat(fused.match(one, a2).isMatch()).isTrue();
    assertThat(fused.evidence(one, a).segments()).as("one picture of twelve, found once: not enough").isEmpty();
    assertThat(fused.evidence(one, withChecks(fp("two", List.of(new Clip(0, 0.5, 1, still))),
        pictures.subList(4, 5))).segments()).as("two one-clip videos of the same picture").hasSize(1);
    // flat frames: empty check codes agree without saying anything about the picture
    List<BitCode> flat = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      flat.add(BitCode.of(62, 0L));
    }
    long[] w = still.toLongArray();
    BitCode nearly = BitCode.of(256, w[0] ^ (rnd.nextLong() & rnd.nextLong() & rnd.nextLong()), w[1], w[2], w[3]);
    List<Clip> reencoded = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reencoded.add(new Clip(i, i + 1, 1, nearly));
    }
    TemporalVideoMatcher.Evidence f = fused.evidence(withChecks(fp("a", clips), flat),
        withChecks(fp("b", reencoded), flat.subList(2, 10)));
    assertThat(f.check()).isEqualTo(1.0);
    assertThat(f.segments()).isEmpty();
    assertThat(fused.probability(f)).isLessThan(fused.threshold());
  }

  private static VideoFingerprint withMotion(VideoFingerprint fp, byte[] levels) {
    return new VideoFingerprint(fp.videoId(), fp.duration(), fp.spec(), fp.clips(), fp.checks(), fp.warnings(),
        Motion.ofLevels(levels));
  }

  /**
   * The motion levels of a fixed camera that people walk past: a little noise, and now and then a burst of 2-6 steps
   * at random times and heights.
   */
  private static byte[] passersBy(int steps, Random rnd) {
    byte[] out = new byte[steps];
    for (int i = 0; i < steps; i++) {
      out[i] = (byte) (4 + rnd.nextInt(4));
    }
    for (int i = rnd.nextInt(6); i < steps; i += 4 + rnd.nextInt(8)) {
      int height = 20 + rnd.nextInt(40);
      for (int k = i; k < Math.min(steps, i + 2 + rnd.nextInt(5)); k++) {
        out[k] = (byte) (height + rnd.nextInt(6));
      }
    }
    return out;
  }

  /** {@code src[from, from + n)}, each level moved by at most one (the copy's encoding). */
  private static byte[] reencoded(byte[] src, int from, int n, Random rnd) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) Math.max(0, (src[from + i] & 0xff) + rnd.nextInt(3) - 1);
    }
    return out;
  }

  /**
   * A fixed camera: every clip code the same, so the codes align nothing, and another moment of the same camera looks
   * the same. A copy still changes when its original does: its motion aligns at the copy's offset (2 s into the
   * original), which becomes its segment, and the pair a copy; another moment's does not, nor periodic motion or a
   * single burst of motion in each video, nor motion alone between pictures that do not look alike.
   */
  @Test
  void evidence_copyOfAFixedCamerasFootage_isAlignedByItsMotion_anotherMomentIsNot() {
    Random rnd = new Random(11);
    BitCode still = BitCode.of(256, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    List<Clip> twelve = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      twelve.add(new Clip(i, i + 1, 1, still));
    }
    byte[] moving = passersBy(96, rnd);
    VideoFingerprint a = withMotion(fp("a", twelve), moving);
    VideoFingerprint copy = withMotion(fp("copy", twelve.subList(0, 8)), reencoded(moving, 16, 64, rnd));
    VideoFingerprint other = withMotion(fp("other", twelve.subList(0, 8)), passersBy(64, rnd));
    assertThat(matcher.evidence(fp("a", twelve), fp("copy", twelve.subList(0, 8))).segments())
        .as("without motion nothing aligns").isEmpty();
    TemporalVideoMatcher.Evidence e = matcher.evidence(a, copy);
    assertThat(e.segments()).hasSize(1);
    MatchedSegment m = e.segments().get(0);
    assertThat(new double[] {m.startA(), m.endA(), m.startB(), m.endB()}).containsExactly(2, 10, 0, 8);
    assertThat(matcher.match(a, copy).isMatch()).isTrue();
    assertThat(matcher.match(copy, a).segments().get(0)).isEqualTo(m.swapped());
    assertThat(matcher.evidence(a, other).segments()).as("another moment").isEmpty();
    assertThat(matcher.match(a, other).isMatch()).isFalse();
    assertThat(matcher.toBuilder().motionEvidence(false).build().evidence(a, copy).segments()).isEmpty();
    assertThat(matcher.evidence(fp("a", twelve), copy).segments()).as("one without motion").isEmpty();
    // motion alone: pictures that do not look alike
    List<Clip> others = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      others.add(new Clip(i, i + 1, 1, BitCode.of(256, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
          rnd.nextLong())));
    }
    VideoFingerprint unrelated = withMotion(fp("u", others), reencoded(moving, 16, 64, rnd));
    assertThat(matcher.probability(matcher.evidence(a, fp("u", unrelated.clips())))).isLessThan(
        TemporalVideoMatcher.MOTION_FLOOR);
    assertThat(matcher.evidence(a, unrelated).segments()).isEmpty();
    // a light flickering every 6 steps: every period fits as well as the next
    byte[] flicker = new byte[96];
    for (int i = 0; i < flicker.length; i++) {
      flicker[i] = (byte) (i % 6 == 0 ? 30 + rnd.nextInt(3) : 2 + rnd.nextInt(2));
    }
    assertThat(matcher.evidence(withMotion(fp("a", twelve), flicker),
        withMotion(fp("b", twelve.subList(0, 8)), reencoded(flicker, 29, 64, rnd))).segments()).isEmpty();
    // one passer-by in each video, at other moments, one a step longer than the other: the bursts fit (a correlation
    // over 0.9, significant and standing out), but not as a copy's motion fits its original's
    byte[] burstA = new byte[96];
    byte[] burstB = new byte[64];
    java.util.Arrays.fill(burstA, 30, 38, (byte) 40);
    java.util.Arrays.fill(burstB, 10, 17, (byte) 35);
    MotionAlignment.Result bursts = MotionAlignment.align(Motion.ofLevels(burstA), Motion.ofLevels(burstB));
    assertThat(bursts.r()).isBetween(0.9, MotionAlignment.MIN_CORRELATION);
    assertThat(bursts.z()).isGreaterThan(MotionAlignment.MIN_Z);
    assertThat(bursts.gap()).isGreaterThan(MotionAlignment.MIN_PEAK_GAP);
    assertThat(bursts.isEvidence()).isFalse();
    MotionAlignment.Result copied = MotionAlignment.align(a.motion(), copy.motion());
    assertThat(copied.r()).isGreaterThan(0.99);
    assertThat(copied.isEvidence()).isTrue();
    MotionAlignment.Result flickering = MotionAlignment.align(Motion.ofLevels(flicker), Motion.ofLevels(flicker));
    assertThat(flickering.r()).as("even the same flicker").isEqualTo(1, offset(1e-9));
    assertThat(flickering.gap()).isLessThan(MotionAlignment.MIN_PEAK_GAP);
    assertThat(matcher.evidence(withMotion(fp("a", twelve), burstA), withMotion(fp("b", twelve.subList(0, 8)),
        burstB)).segments()).isEmpty();
    assertThat(MotionAlignment.align(Motion.ofLevels(new byte[15]), Motion.ofLevels(moving))).as("under 2 s").isNull();
  }

  @Test
  void probability_doesNotSaturate_onlyIdenticalFingerprintsScoreOne() {
    TemporalVideoMatcher fused = matcher.toBuilder().fusedCalibration(6.6, 5.4, -5.5).build();
    List<MatchedSegment> seg = List.of(new MatchedSegment(0, 5, 0, 5, 0.99));
    double previous = 0;
    for (double raw : new double[] {0.95, 0.99, 0.999, 0.99999}) {
      double p = fused.probability(new TemporalVideoMatcher.Evidence(raw, 0.999, seg, 1, 0.5, Double.NaN));
      assertThat(p).as("raw " + raw).isLessThan(1.0).isGreaterThan(previous);
      previous = p;
    }
    assertThat(fused.probability(new TemporalVideoMatcher.Evidence(1, 1, seg, 1, 0.5, Double.NaN))).isEqualTo(1.0);
    // every clip matching exactly without a segment (two blank videos: flat clips match each other, align nothing)
    assertThat(fused.probability(new TemporalVideoMatcher.Evidence(1, 1, List.of(), 0, 0, Double.NaN)))
        .isLessThan(fused.threshold());
    assertThat(Score.digits(previous)).as("prints the digits that tell it from 1").doesNotStartWith("1.0000")
        .startsWith("0.99999");
    assertThat(Score.digits(0.25)).isEqualTo("0.2500");
  }

  @Test
  void extendThreshold_followsACopyThroughItsWeaklyMatchingStretch_butStartsNoSegmentThere() {
    Random rnd = new Random(31);
    VideoFingerprint ref = VideoMatcherContract.random("ref", 20, 256, rnd);
    // the copy: clips 0-4 and 15-19 as they are, 5-14 heavily edited (three bits in ten flipped: similarity ~0.4)
    VideoFingerprint edited = VideoMatcherContract.noisy(ref, 0.3, rnd);
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clips.add(i >= 5 && i < 15 ? edited.clips().get(i) : ref.clips().get(i));
    }
    VideoFingerprint copy = new VideoFingerprint("copy", ref.duration(), ref.spec(), clips);
    TemporalVideoMatcher strict = matcher;
    TemporalVideoMatcher extending = matcher.toBuilder().extendThreshold(0.3).build();
    MatchedSegment longestStrict = strict.match(ref, copy).segments().get(0);
    MatchedSegment longest = extending.match(ref, copy).segments().get(0);
    assertThat(longestStrict.durationA()).isLessThan(5);
    assertThat(longest.startA()).isCloseTo(0, offset(0.01));
    assertThat(longest.endA()).isCloseTo(10, offset(0.01));
    // the weak stretch alone (no two clear matches) gives no segment
    VideoFingerprint weakOnly = new VideoFingerprint("weak", 5, ref.spec(), edited.clips().subList(5, 15).stream()
        .map(c -> new Clip(c.start() - 2.5, c.end() - 2.5, 1, c.code())).toList());
    assertThat(extending.match(ref, weakOnly).segments()).isEmpty();
    assertThat(extending.parameters()).containsEntry("extendThreshold", "0.3");
    assertThat(strict.parameters()).containsEntry("extendThreshold", "0.5");
  }

  @Test
  void match_splitAtForeignFootage_reportsTheCopyInPiecesAroundSplicedFootage() {
    Random rnd = new Random(53);
    List<Clip> ref = randomClips(24, rnd, 0); // 12 s
    // the copy: the reference's first 5 s, then 1.5 s of unrelated footage spliced in, then the other 7 s
    List<Clip> copy = copy(ref, 0, 10, 0, 1);
    copy.addAll(randomClips(3, rnd, 5));
    copy.addAll(copy(ref, 10, 24, 6.5, 1));
    TemporalVideoMatcher extending = matcher.toBuilder().extendThreshold(0.3).build();
    TemporalVideoMatcher splitting = extending.toBuilder().splitAtForeignFootage(true).build();
    assertThat(extending.splitsAtForeignFootage()).isFalse();
    assertThat(splitting.splitsAtForeignFootage()).isTrue();
    assertThat(splitting.parameters()).containsEntry("splitAtForeignFootage", "true");
    Score whole = extending.match(fp("ref", ref), fp("copy", copy));
    assertThat(whole.segments()).as("the alignment bridges the spliced footage").singleElement().satisfies(m -> {
      assertThat(m.startB()).isCloseTo(0, offset(0.01));
      assertThat(m.endB()).isCloseTo(13.5, offset(0.01));
    });
    Score pieces = splitting.match(fp("ref", ref), fp("copy", copy));
    assertThat(pieces.value()).isEqualTo(whole.value());
    assertThat(pieces.segments()).hasSize(2);
    List<MatchedSegment> inOrder = pieces.segments().stream()
        .sorted(java.util.Comparator.comparingDouble(MatchedSegment::startA)).toList();
    assertThat(inOrder.get(0).endA()).isCloseTo(5, offset(0.01));
    assertThat(inOrder.get(0).endB()).isCloseTo(5, offset(0.01));
    assertThat(inOrder.get(1).startA()).isCloseTo(5, offset(0.01));
    assertThat(inOrder.get(1).startB()).as("after the spliced footage").isCloseTo(6.5, offset(0.01));
    assertThat(inOrder.get(1).endB()).isCloseTo(13.5, offset(0.01));
    // a slowed copy (every clip twice) passes over clips that look like their neighbours: one piece
    List<Clip> slow = new ArrayList<>();
    for (int i = 0; i < ref.size(); i++) {
      slow.add(new Clip(i, i + 0.5, 1, ref.get(i).code()));
      slow.add(new Clip(i + 0.5, i + 1, 1, ref.get(i).code()));
    }
    assertThat(splitting.match(fp("ref", ref), fp("slow", slow)).segments()).hasSize(1);
    // where only clip pairs that start segments may extend them, a copy's weaker clips would look foreign: no split
    TemporalVideoMatcher oneLevel = matcher.toBuilder().splitAtForeignFootage(true).build();
    assertThat(oneLevel.match(fp("ref", ref), fp("copy", copy)).segments())
        .isEqualTo(matcher.match(fp("ref", ref), fp("copy", copy)).segments());
  }

  @Test
  void match_veryShortCopy_isAligned() {
    Random rnd = new Random(67);
    List<Clip> ref = randomClips(12, rnd, 0); // 6 s
    // the reference played 4x as fast: two clips
    List<Clip> fast = copy(ref, 0, 8, 0, 4);
    assertThat(fast).hasSize(2);
    Score s = matcher.match(fp("ref", ref), fp("fast", fast));
    assertThat(s.segments()).as("a clip's best match is not its own look-alike level").singleElement()
        .satisfies(m -> {
          assertThat(m.startA()).isCloseTo(0, offset(0.01));
          assertThat(m.endA()).isCloseTo(2.5, offset(0.01));
          assertThat(m.endB()).isCloseTo(1, offset(0.01));
        });
    assertThat(s.isMatch()).isTrue();
  }

  @Test
  void match_copyPlayedBackwards_isLocatedByTheBackwardAlignment() {
    Random rnd = new Random(61);
    List<Clip> ref = randomClips(24, rnd, 0); // 12 s
    // the copy: the reference's first 2 s as they are, then its other 10 s played backwards
    List<Clip> copy = copy(ref, 0, 4, 0, 1);
    for (int k = 0; k < 20; k++) {
      copy.add(new Clip(2 + k * 0.5, 2.5 + k * 0.5, 1, ref.get(23 - k).code()));
    }
    Score s = matcher.match(fp("ref", ref), fp("copy", copy));
    assertThat(s.segments()).hasSize(2);
    MatchedSegment back = s.segments().get(0); // longest first
    assertThat(back.startA()).isCloseTo(2, offset(0.01));
    assertThat(back.endA()).isCloseTo(12, offset(0.01));
    assertThat(back.startB()).isCloseTo(2, offset(0.01));
    assertThat(back.endB()).isCloseTo(12, offset(0.01));
    MatchedSegment forward = s.segments().get(1);
    assertThat(forward.endA()).isCloseTo(2, offset(0.01));
    assertThat(forward.endB()).isCloseTo(2, offset(0.01));
    // a copy played forwards keeps its one segment
    assertThat(matcher.match(fp("ref", ref), fp("same", copy(ref, 0, 24, 0, 1))).segments()).singleElement()
        .satisfies(m -> assertThat(m.endB()).isCloseTo(12, offset(0.01)));
  }

  @Test
  void match_copyOfStaticFootage_isLocatedWhereItsClipsStayEachOthersBestMatches() {
    Random rnd = new Random(41);
    List<Clip> ref = movingThenStatic(rnd);
    List<Clip> copy = copy(ref, 0, 16, 0, 1);
    Score s = matcher.match(fp("ref", ref), fp("copy", copy));
    assertThat(s.segments()).hasSize(1);
    MatchedSegment m = s.segments().get(0);
    assertThat(m.startA()).isCloseTo(0, offset(0.01));
    assertThat(m.endA()).as("the static shot is part of the copy").isCloseTo(8, offset(0.01));
    assertThat(m.startB()).isCloseTo(0, offset(0.01));
    assertThat(m.endB()).isCloseTo(8, offset(0.01));
    assertThat(matcher.continuesSegments()).isTrue();
    MatchedSegment strict = matcher.toBuilder().continueSegments(false).build().match(fp("ref", ref), fp("copy", copy))
        .segments().get(0);
    assertThat(strict.endA()).as("without continuing, the segment ends with the footage that moves").isCloseTo(3,
        offset(0.01));
    // the static shot alone, beside other footage: nothing stands out, so no segment starts there
    List<Clip> staticOnly = copy(ref, 6, 16, 0, 1);
    staticOnly.addAll(randomClips(6, rnd, 5));
    assertThat(matcher.match(fp("ref", ref), fp("static", staticOnly)).segments()).isEmpty();
  }

  @Test
  void match_copyWithFootageSplicedIn_isFollowedAcrossIt_intoStaticFootage() {
    Random rnd = new Random(47);
    List<Clip> ref = movingThenStatic(rnd);
    // the copy: the moving 3 s, then 3 s of unrelated frames spliced in (more clips than a path's step), then the
    // static 5 s, where nothing stands out of the look-alikes to start a segment of its own
    MatchedSegment m = longestWithSplice(ref, 6, rnd);
    assertThat(m.startA()).isCloseTo(0, offset(0.01));
    assertThat(m.endA()).isCloseTo(8, offset(0.01));
    assertThat(m.endB()).as("the copy goes on behind the spliced frames").isCloseTo(11, offset(0.01));
    // spliced footage longer than the run a segment is continued over: the copy is not followed behind it
    MatchedSegment cut = longestWithSplice(ref, 12, rnd);
    assertThat(cut.endA()).isCloseTo(3, offset(0.01));
    assertThat(cut.endB()).isCloseTo(3, offset(0.01));
  }

  /** The longest segment of {@code ref} against its copy with {@code spliced} unrelated clips after its first 3 s. */
  private MatchedSegment longestWithSplice(List<Clip> ref, int spliced, Random rnd) {
    List<Clip> copy = copy(ref, 0, 6, 0, 1);
    copy.addAll(randomClips(spliced, rnd, 3));
    copy.addAll(copy(ref, 6, 16, 3 + spliced * 0.5, 1));
    return matcher.match(fp("ref", ref), fp("copy", copy)).segments().get(0);
  }

  @Test
  void evidence_flatClips_takeNoPartInSegments_butACopyIsFollowedAcrossThem() {
    Random rnd = new Random(43);
    BitCode black = BitCode.of(64, rnd.nextLong());
    BitCode flatCheck = BitCode.of(62, 0); // a flat picture's check code has no bit set
    // two unrelated videos that both open on 1 s of black
    List<Clip> a = new ArrayList<>();
    List<Clip> b = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      a.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, black));
      b.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, black));
    }
    a.addAll(randomClips(10, rnd, 1));
    b.addAll(randomClips(10, rnd, 1));
    List<BitCode> checksA = new ArrayList<>(List.of(flatCheck, flatCheck));
    checksA.addAll(randomChecks(10, rnd));
    List<BitCode> checksB = new ArrayList<>(List.of(flatCheck, flatCheck));
    checksB.addAll(randomChecks(10, rnd));
    VideoFingerprint fa = withChecks(fp("a", a), checksA);
    assertThat(matcher.evidence(fa, withChecks(fp("b", b), checksB)).segments()).as("black is no evidence").isEmpty();
    // a copy of A with the black 1 s moved into its middle: one segment across it
    List<Clip> c = new ArrayList<>(copy(a, 2, 7, 0, 1));
    c.addAll(copy(a, 0, 2, 2.5, 1));
    c.addAll(copy(a, 7, 12, 3.5, 1));
    List<BitCode> checksC = new ArrayList<>(checksA.subList(2, 7));
    checksC.addAll(checksA.subList(0, 2));
    checksC.addAll(checksA.subList(7, 12));
    List<MatchedSegment> segs = matcher.evidence(fa, withChecks(fp("c", c), checksC)).segments();
    assertThat(segs).hasSize(1);
    assertThat(segs.get(0).startB()).isCloseTo(0, offset(0.01));
    assertThat(segs.get(0).endB()).isCloseTo(6, offset(0.01));
  }

  @Test
  void evidence_withDctCodes_aStillShotGetsThePictureSegment_blackGetsNone_learnedCodesGetNone() {
    // 8 s of one still picture (every clip the same code), and a copy of 3 s of it: nothing stands out to align
    Random rnd = new Random(45);
    BitCode still = BitCode.of(62, rnd.nextLong() >>> 2);
    List<Clip> a = new ArrayList<>();
    List<Clip> b = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      a.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, still));
    }
    for (int i = 0; i < 6; i++) { // re-encoded: two bits of each code differ
      long flipped = still.toLongArray()[0] ^ (1L << i) ^ (1L << (i + 20));
      b.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(62, flipped)));
    }
    PipelineSpec dct = new PipelineSpec(Map.of("encoder", new StageSpec("dct", "2", Map.of())));
    TemporalVideoMatcher.Evidence withDct = matcher.evidence(new VideoFingerprint("a", 8, dct, a),
        new VideoFingerprint("b", 3, dct, b));
    assertThat(withDct.raw()).isGreaterThanOrEqualTo(TemporalVideoMatcher.CHECK_SAME_PICTURE);
    assertThat(withDct.segments()).as("the DCT codes find every picture again").hasSize(1);
    MatchedSegment still3 = withDct.segments().get(0);
    assertThat(still3.startA()).isEqualTo(0); // the stretches of each video whose pictures the other holds
    assertThat(still3.endA()).isEqualTo(8);
    assertThat(still3.startB()).isEqualTo(0);
    assertThat(still3.endB()).isEqualTo(3);
    assertThat(matcher.probability(withDct)).isGreaterThan(matcher.threshold());
    // two unrelated dct videos that open on 1 s of black (a flat picture's DCT code has no bit set): no segment
    List<Clip> c = new ArrayList<>();
    List<Clip> d = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      c.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(62, 0)));
      d.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(62, 0)));
    }
    c.addAll(randomClips(10, rnd, 1).stream().map(x -> new Clip(x.start(), x.end(), 1, BitCode.of(62,
        x.code().toLongArray()[0] >>> 2))).toList());
    d.addAll(randomClips(10, rnd, 1).stream().map(x -> new Clip(x.start(), x.end(), 1, BitCode.of(62,
        x.code().toLongArray()[0] >>> 2))).toList());
    assertThat(matcher.evidence(new VideoFingerprint("c", 6, dct, c), new VideoFingerprint("d", 6, dct, d))
        .segments()).as("black is no evidence with dct codes either").isEmpty();
    // learned codes are no picture codes: the pair stays without a segment, below the threshold
    TemporalVideoMatcher.Evidence learned = matcher.evidence(fp("a", a), fp("b", b));
    assertThat(learned.segments()).isEmpty();
    assertThat(matcher.probability(learned)).isLessThan(matcher.threshold());
  }

  @Test
  void match_partialCopyInsideLongerVideo_isLocatedInBoth() {
    Random rnd = new Random(11);
    List<Clip> ref = randomClips(60, rnd, 0); // 30 s
    // The query: 5 s of unrelated footage, then ref 10..18 s, then 4 s unrelated.
    List<Clip> q = new ArrayList<>(randomClips(10, rnd, 0));
    q.addAll(copy(ref, 20, 36, 5, 1));
    q.addAll(randomClips(8, rnd, 13));
    Score s = matcher.match(fp("ref", ref), fp("q", q));
    Score unrelated = matcher.match(fp("ref", ref), fp("u", randomClips(34, rnd, 0)));
    assertThat(s.value()).isGreaterThan(unrelated.value() + 0.2);
    MatchedSegment m = s.segments().get(0);
    assertThat(m.startA()).isCloseTo(10, offset(0.51));
    assertThat(m.endA()).isCloseTo(18, offset(0.51));
    assertThat(m.startB()).isCloseTo(5, offset(0.51));
    assertThat(m.endB()).isCloseTo(13, offset(0.51));
    assertThat(m.similarity()).isEqualTo(1.0);
  }

  @Test
  void match_doubleSpeedCopy_isFollowedAlongTheSlope() {
    Random rnd = new Random(12);
    List<Clip> ref = randomClips(40, rnd, 0);
    List<Clip> fast = copy(ref, 0, 40, 0, 2); // every second clip: 2x speed
    Score s = matcher.match(fp("ref", ref), fp("fast", fast));
    assertThat(s.isMatch()).isTrue();
    MatchedSegment m = s.segments().get(0);
    assertThat(m.durationA()).isCloseTo(2 * m.durationB(), offset(1.01));
    assertThat(m.durationA()).isGreaterThan(15);
  }

  /** The clips of {@code pictures}, each followed by a clip of the same span with {@code other}'s code as {@code view}. */
  private static List<Clip> withView(List<Clip> pictures, List<Clip> other, int view) {
    List<Clip> out = new ArrayList<>();
    for (int i = 0; i < pictures.size(); i++) {
      Clip p = pictures.get(i);
      out.add(p);
      out.add(new Clip(p.start(), p.end(), 1, other.get(i).code(), view));
    }
    return out;
  }

  @Test
  void match_copyInAnInsetView_isFoundThroughThatView() {
    Random rnd = new Random(14);
    List<Clip> ref = randomClips(30, rnd, 0);
    // A reaction video: its own footage as the picture, the reference as an inset (view 1) of the same spans.
    List<Clip> host = randomClips(30, rnd, 0);
    List<Clip> withInset = withView(host, ref, Clip.INSET);
    Score s = matcher.match(fp("ref", ref), fp("reaction", withInset));
    Score hostOnly = matcher.match(fp("ref", ref), fp("host", host));
    assertThat(s.isMatch()).isTrue();
    assertThat(hostOnly.isMatch()).isFalse();
    MatchedSegment m = s.segments().get(0);
    assertThat(m.durationA()).isGreaterThan(12);
    assertThat(m.startB()).isCloseTo(m.startA(), offset(0.51));
    // views of one span count once: the score of a video with itself stays 1, and symmetry holds
    assertThat(matcher.match(fp("reaction", withInset), fp("reaction", withInset)).value()).isEqualTo(1.0);
    assertThat(matcher.match(fp("reaction", withInset), fp("ref", ref)).value()).isEqualTo(s.value());
  }

  @Test
  void match_zoomViews_raiseTheSimilarity_butSegmentsComeFromTheOtherViews() {
    Random rnd = new Random(15);
    List<Clip> ref = randomClips(30, rnd, 0);
    // B's pictures are other footage; its zoom views carry the reference's codes (a copy cropped to its centre)
    List<Clip> host = randomClips(30, rnd, 0);
    List<Clip> withZoom = withView(host, ref, Clip.ZOOM);
    List<Clip> withInset = withView(host, ref, Clip.INSET);
    Score zoom = matcher.match(fp("ref", ref), fp("zoom", withZoom));
    Score hostOnly = matcher.match(fp("ref", ref), fp("host", host));
    Score inset = matcher.match(fp("ref", ref), fp("inset", withInset));
    assertThat(zoom.rawSimilarity()).isGreaterThan(hostOnly.rawSimilarity() + 0.3)
        .isEqualTo(inset.rawSimilarity());
    assertThat(zoom.segments()).as("no segment from zoom views alone").isEmpty();
    assertThat(inset.segments()).isNotEmpty();
    // where the pictures match too, the segment is theirs
    Score copy = matcher.match(fp("ref", ref), fp("both", withView(ref, host, Clip.ZOOM)));
    assertThat(copy.isMatch()).isTrue();
    assertThat(copy.segments().get(0).durationA()).isGreaterThan(12);
    assertThat(matcher.match(fp("zoom", withZoom), fp("zoom", withZoom)).value()).isEqualTo(1.0);
  }

  @Test
  void match_bandViews_meetPicturesOfAnotherShape_neitherBandsNorPicturesOfTheirOwnShape() {
    Random rnd = new Random(16);
    // a landscape reference: its pictures, and its 9:16 bands, whose codes a portrait crop of it has for pictures
    List<Clip> pictures = randomClips(30, rnd, 0);
    List<Clip> middles = randomClips(30, rnd, 0);
    VideoFingerprint ref = fp("ref", withView(pictures, middles, Clip.BAND));
    List<Clip> portraitOwnBands = randomClips(30, rnd, 0);
    Score portrait = matcher.match(ref, fp("portrait", withView(middles, portraitOwnBands, Clip.BAND + 1)));
    Score square = matcher.match(ref, fp("square", middles));
    assertThat(portrait.isMatch()).isTrue();
    assertThat(portrait.segments()).isNotEmpty();
    assertThat(portrait.segments().get(0).durationA()).isGreaterThan(12);
    assertThat(square.isMatch()).isTrue();
    assertThat(matcher.match(fp("portrait", withView(middles, portraitOwnBands, Clip.BAND + 1)), ref).value())
        .isEqualTo(portrait.value());
    // a band counts a little less than the same codes as pictures (it is blurrier and more generic)
    Score asPictures = matcher.match(fp("ref", middles), fp("square", middles));
    assertThat(square.rawSimilarity()).isLessThan(asPictures.rawSimilarity());
    // another landscape video whose pictures are the reference's middles: not compared with its bands
    List<Clip> otherBands = randomClips(30, rnd, 0);
    Score landscape = matcher.match(ref, fp("landscape", withView(middles, otherBands, Clip.BAND)));
    assertThat(landscape.isMatch()).isFalse();
    assertThat(landscape.segments()).isEmpty();
    // a band never meets a band: a portrait video whose own bands hold the reference's middles
    Score bands = matcher.match(ref, fp("bands", withView(randomClips(30, rnd, 0), middles, Clip.BAND + 1)));
    assertThat(bands.isMatch()).isFalse();
    assertThat(bands.rawSimilarity()).isLessThan(0.6);
    // and a video with bands is itself
    assertThat(matcher.match(ref, ref).value()).isEqualTo(1.0);
    // the same rule, as dedup's view labels read it
    int kinds = Clip.bandKinds(ref.clips());
    assertThat(kinds).isEqualTo(1);
    assertThat(Clip.compared(Clip.BAND, kinds, 0, 2)).as("a landscape band, a portrait picture").isTrue();
    assertThat(Clip.compared(Clip.BAND, kinds, 0, 0)).as("a near-square picture").isTrue();
    assertThat(Clip.compared(Clip.BAND, kinds, 0, 1)).as("another landscape picture").isFalse();
    assertThat(Clip.compared(0, 2, Clip.BAND, kinds)).isTrue();
    assertThat(Clip.compared(Clip.BAND, kinds, Clip.BAND + 1, 2)).as("two bands").isFalse();
    assertThat(Clip.compared(0, kinds, Clip.INSET, 1)).isTrue();
  }

  @Test
  void match_unrelatedVideos_haveLowScoreAndNoLongSegment() {
    Random rnd = new Random(13);
    Score s = matcher.match(fp("a", randomClips(50, rnd, 0)), fp("b", randomClips(50, rnd, 0)));
    assertThat(s.value()).isLessThan(0.5);
    assertThat(s.rawSimilarity()).isBetween(0.35, 0.55);
    assertThat(s.isMatch()).isFalse();
    assertThat(s.segments()).allSatisfy(m -> assertThat(m.durationA()).isLessThan(3));
  }

  @Test
  void calibrate_isMonotoneFromZeroToOne() {
    assertThat(matcher.calibrate(0)).isZero();
    assertThat(matcher.calibrate(1)).isEqualTo(1.0);
    double prev = 0;
    for (int i = 1; i < 1000; i++) {
      double p = matcher.calibrate(i / 1000.0);
      assertThat(p).isBetween(prev, 1.0);
      prev = p;
    }
  }

  @Test
  void builder_validates() {
    assertThatThrownBy(() -> TemporalVideoMatcher.builder().cellThreshold(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cellThreshold");
    assertThatThrownBy(() -> TemporalVideoMatcher.builder().calibration(-1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TemporalVideoMatcher.builder().threshold(1)).isInstanceOf(IllegalArgumentException.class);
    TemporalVideoMatcher m = matcher.toBuilder().threshold(0.9).build();
    assertThat(m.threshold()).isEqualTo(0.9);
    assertThat(m.toString()).contains("threshold=0.9");
  }
}
