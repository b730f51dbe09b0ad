package org.videosim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.videosim.internal.BetaCalibration;
import org.videosim.internal.CodeOrientations;
import org.videosim.internal.FusedCalibration;

/**
 * The default {@link VideoMatcher}: Hamming similarities of all clip pairs, a symmetric chamfer score, a temporal
 * alignment for the matched segments, and a calibration into a probability.
 *
 * <ol>
 *   <li><b>Similarity matrix.</b> {@code s(i, j) = 1 - 2 * hamming(a_i, b_j) / bits}, in [-1, 1]: 1 for equal codes,
 *       about 0 for unrelated ones; between time spans with several views (a picture-in-picture inset described on
 *       its own), the best pair of views. Zoom views ({@link Clip#ZOOM}) count in the raw similarity, not in the
 *       alignment; band views ({@link Clip#BAND}) in both, paired with the views of a video of another shape
 *       only, never another band, and {@link #BAND_PENALTY} less similar.
 *   <li><b>Raw similarity</b> (chamfer, corrected for chance): every clip of A takes its best match in B;
 *       that similarity is rescaled so that the level the best of B's {@code m} clips reaches by chance,
 *       {@code e = sqrt(2 ln m / bits)}, maps to 0 and 1 stays 1; the mean over A's time (clips weighted by
 *       duration) and the same from B's side are averaged, each weighted by the other video's duration (so that the
 *       similarity is the one seen from the shorter video: a 6-s excerpt of a 2-minute video counts as found as a
 *       whole copy does, instead of being diluted by the minutes it does not hold; two videos of one length weigh
 *       equally), clamped to [-1, 1] and mapped to [0, 1]: the
 *       {@link Score#rawSimilarity()} is 1 for identical fingerprints, about 0.5 for unrelated videos (chance) and
 *       below 0.5 when even the best matches are worse than chance. A clip and its copy score near 1 whatever the
 *       edits in time (speed changes, inserted frames, intros, re-ordering). Without the correction an unrelated
 *       13-minute video scored as high as the weakest true copies, because the best of more random candidates is
 *       higher.
 *   <li><b>Alignment.</b> Clip pairs with {@code s >= cellThreshold} are chained into monotone paths (each step
 *       advances 1 to {@code maxStep} clips on both sides, so speed changes of up to {@code maxStep}x and gaps from
 *       inserted footage are followed; each step earns, for the time it covers on both sides, what its clip pair's
 *       similarity has over the upper quartile of its row's and column's similarities (so static or look-alike
 *       footage does not stretch a segment), and skipped clips cost {@code gapPenalty}). The best chains that share
 *       at most 30% of their clips with better ones are the {@link MatchedSegment}s, each continued at both ends
 *       while its next clips stay each other's best matches (within 0.05), however alike the footage around them.
 *       When a pair has a segment, B's clips are also aligned in reverse order: a copy played backwards crosses the
 *       forward diagonal in a clip or two, and where the backward chains cover 1.5 times as much of both videos, they
 *       are the segments (with the forward ones they do not repeat).
 *   <li><b>Calibration.</b> {@code p = 1 / (1 + exp(-(c + a ln x - b ln(1 - x))))} for raw similarity {@code x}
 *       (beta calibration, Kull et al. 2017): monotone, {@code p(0) = 0}, {@code p(1) = 1}. Fitted by logistic
 *       regression on pairs made from training videos with the training edits, equal numbers of copies and
 *       non-copies, so {@code p} is the probability of a copy at even prior odds.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class TemporalVideoMatcher implements VideoMatcher {

  /**
   * Calibrated for the default pipeline (dct v2, 62-bit sign codes at 2 fps) on pairs from the project's training
   * videos; see {@code docs/calibration.md} for the command that fits it.
   */
  public static final TemporalVideoMatcher DEFAULT = builder().build();

  /** How far above the row's and column's upper-quartile similarity a cell must be to extend an alignment. */
  private static final double BACKGROUND_MARGIN = 0.05;
  /**
   * How far below the best match of each of its clips a clip pair may be and still continue a found segment. The
   * alignment starts and grows segments only on clip pairs that stand out of their row's and column's look-alikes;
   * once a copy is found, it goes on through footage where nothing stands out (a static shot, a slow pan) as long as
   * its clips stay each other's best matches. Chosen on the evaluation harness's calibration units (localization F1
   * 0.757 without, 0.840 with 0.05; 0.834-0.847 from 0.03 to 0.12, or with either clip's best match instead of both).
   */
  private static final double EXTEND_MARGIN = 0.05;
  /** Share of a chain's clips (on either side) that may belong to segments already reported. */
  private static final double MAX_SHARED = 0.3;
  /**
   * Longest run of clips that match nothing of the other video (frames spliced into a copy) that a found segment is
   * continued over: 8 clips, 8 s of `svrtn`.
   */
  private static final int MAX_FOREIGN_RUN = 8;

  /** Candidate cells kept per clip of A, so that long static videos stay cheap to align. */
  private static final int MAX_CELLS_PER_ROW = 32;

  private final double cellThreshold;
  /** Smallest similarity of a cell that may extend a path (at most {@link #cellThreshold}). */
  private final double extendThreshold;
  private final int maxStep;
  private final double gapPenalty;
  private final int maxSegments;
  /** Whether found segments are continued while their clips stay each other's best matches. */
  private final boolean continueSegments;
  private final boolean splitAtForeignFootage;
  private final double calA;
  private final double calB;
  private final double calC;
  private final BetaCalibration calibration;
  /** Combines the raw similarities of the clip codes and of the check codes; null: the beta calibration alone. */
  private final FusedCalibration fused;
  private final double threshold;
  /** Unrelated footage's codes, against which each clip's chance level is raised; null: none. */
  private final BackgroundSet background;
  /** Whether the fused calibration reads {@link Evidence#normalisedRaw()} instead of {@link Evidence#raw()}. */
  private final boolean normalisedCalibration;
  /**
   * {@link PipelineSpec#codeKey()} of each pipeline the calibration was fitted for; null: any (given by its user).
   */
  private final List<String> calibratedFor;
  /** Whether pairs the codes align nothing of may get their motion's segment ({@link Builder#motionEvidence}). */
  private final boolean motionEvidence;

  private TemporalVideoMatcher(Builder b) {
    this.cellThreshold = b.cellThreshold;
    this.extendThreshold = Double.isNaN(b.extendThreshold) ? b.cellThreshold
        : Math.min(b.extendThreshold, b.cellThreshold);
    this.maxStep = b.maxStep;
    this.gapPenalty = b.gapPenalty;
    this.maxSegments = b.maxSegments;
    this.continueSegments = b.continueSegments;
    this.splitAtForeignFootage = b.splitAtForeignFootage;
    this.calA = b.calA;
    this.calB = b.calB;
    this.calC = b.calC;
    this.calibration = new BetaCalibration(calA, calB, calC);
    this.fused = b.fused;
    this.threshold = b.threshold;
    this.background = b.background;
    this.normalisedCalibration = b.normalisedCalibration;
    this.calibratedFor = b.calibratedFor;
    this.motionEvidence = b.motionEvidence;
  }

  /**
   * A builder with the defaults: see {@link Builder}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this matcher's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cellThreshold = cellThreshold;
    b.extendThreshold = extendThreshold;
    b.maxStep = maxStep;
    b.gapPenalty = gapPenalty;
    b.maxSegments = maxSegments;
    b.continueSegments = continueSegments;
    b.splitAtForeignFootage = splitAtForeignFootage;
    b.calA = calA;
    b.calB = calB;
    b.calC = calC;
    b.fused = fused;
    b.threshold = threshold;
    b.background = background;
    b.normalisedCalibration = normalisedCalibration;
    b.calibratedFor = calibratedFor;
    b.motionEvidence = motionEvidence;
    return b;
  }

  @Override
  public String name() {
    return "temporal";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cellThreshold", Double.toString(cellThreshold));
    m.put("extendThreshold", Double.toString(extendThreshold));
    m.put("maxStep", Integer.toString(maxStep));
    m.put("gapPenalty", Double.toString(gapPenalty));
    m.put("continueSegments", Boolean.toString(continueSegments));
    m.put("splitAtForeignFootage", Boolean.toString(splitAtForeignFootage));
    m.put("calibration", calA + "," + calB + "," + calC);
    if (fused != null) {
      m.put("fusedCalibration", fused.a() + "," + fused.b() + "," + fused.c() + "," + fused.d());
    }
    if (normalisedCalibration) {
      m.put("normalisedCalibration", "true");
    }
    m.put("threshold", Double.toString(threshold));
    if (!motionEvidence) {
      m.put("motionEvidence", "false");
    }
    return m;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  /**
   * Whether the fused calibration reads the raw similarity normalised against the background set ({@link
   * Evidence#normalisedRaw()}) rather than the raw similarity (see {@link Builder#normalisedCalibration}).
   */
  public boolean normalisesCalibration() {
    return normalisedCalibration;
  }

  /**
   * Whether this matcher has a background set that applies to codes of {@code spec} ({@link BackgroundSet#appliesTo}),
   * so that it can normalise their similarities: what a {@link #normalisesCalibration normalising} calibration reads.
   */
  public boolean hasBackgroundFor(PipelineSpec spec) {
    return background != null && background.appliesTo(spec);
  }

  /** Whether found segments are continued while their clips stay each other's best matches (see the builder). */
  public boolean continuesSegments() {
    return continueSegments;
  }

  /** Whether segments are reported in pieces around footage that matches nothing of the other video (see the builder). */
  public boolean splitsAtForeignFootage() {
    return splitAtForeignFootage;
  }

  /**
   * True when the calibration was fitted for {@code spec}'s codes: a pipeline key it records is {@code spec}'s
   * ({@link PipelineSpec#codeKey(boolean)}, with the check encoder when the matcher fuses the check similarity), or
   * it records none (a calibration given by its user).
   */
  @Override
  public boolean isCalibratedFor(PipelineSpec spec) {
    return calibratedFor == null || calibratedFor.contains(spec.codeKey(fused != null));
  }

  /**
   * The beta calibration's map: probability for a raw similarity in [0, 1], before the rules of {@link
   * #probability}.
   */
  public double calibrate(double x) {
    return calibration.apply(x);
  }

  /**
   * The probability for a raw similarity and a check similarity (both in [0, 1]) of a pair without the segment term:
   * the fused calibration when this matcher has one, else the calibration of the raw similarity alone; before the
   * rules of {@link #probability}. When the matcher {@link #normalisesCalibration normalises}, its fused calibration
   * reads the normalised similarity ({@link Evidence#normalisedRaw()}): pass that as {@code raw}.
   */
  public double calibrate(double raw, double check) {
    return fused != null && !Double.isNaN(check) ? fused.apply(raw, check) : calibration.apply(raw);
  }

  @Override
  public Score match(VideoFingerprint a, VideoFingerprint b) {
    Evidence e = evidence(a, b);
    Score s = new Score(probability(e), e.raw(), threshold, e.segments(), e.check());
    // A fingerprint read before this JVM met its pipeline has an unresolved spec: its stages are unknown, and with
    // them whether its check codes turn, whether its clip codes are pictures and whether the background set applies,
    // so this is not the score its pipeline gives (3.3: a svrtn pair read so scored 0.718 instead of 0.723, its check
    // similarity compared in one orientation instead of eight). Build the pipeline first (e.g. Svrtn.pipeline()).
    // And a calibration fitted for another pipeline's codes does not say what these codes' similarities mean
    // (VideoSimilarity checked this, the matcher used on its own did not).
    // A fingerprint of the same pipeline but another frame source (e.g. a keyframe scan against a stored full
    // fingerprint) has the same stages but for the source, so the other one's resolved spec tells them.
    PipelineSpec specA = stagesOf(a, b);
    PipelineSpec specB = stagesOf(b, a);
    boolean unknown = specA == null || specB == null;
    boolean foreign = !unknown && (!isCalibratedFor(specA) || !isCalibratedFor(specB));
    return unknown || foreign || readsNormalised(e) && Double.isNaN(e.normalisedRaw()) ? s.uncalibrated() : s;
  }

  /**
   * The spec whose stages made {@code f}'s codes: its own when resolved; where {@code f} was read before this JVM met
   * its pipeline, {@code other}'s when that is resolved and compatible ({@link PipelineSpec#isCompatibleWith}: every
   * stage but the frame source the same); else null (unknown).
   */
  private static PipelineSpec stagesOf(VideoFingerprint f, VideoFingerprint other) {
    if (f.spec().isResolved()) {
      return f.spec();
    }
    return other.spec().isResolved() && f.spec().isCompatibleWith(other.spec()) ? other.spec() : null;
  }

  /** {@link #stagesOf}, or {@code f}'s own (unresolved: no stages) where unknown. */
  private static PipelineSpec stagesOrOwn(VideoFingerprint f, VideoFingerprint other) {
    PipelineSpec s = stagesOf(f, other);
    return s == null ? f.spec() : s;
  }

  /**
   * True when this matcher's calibration reads the pair's normalised similarity: it {@link #normalisesCalibration
   * normalises} and the pair has the check similarity its fused calibration needs. Where the background set does not
   * apply to the pair's codes ({@link BackgroundSet#appliesTo}: another pipeline's), {@link #match} then says the
   * score is uncalibrated rather than map the raw similarity with a calibration fitted on the normalised one.
   */
  private boolean readsNormalised(Evidence e) {
    return normalisedCalibration && fused != null && !Double.isNaN(e.check());
  }

  /**
   * Log-odds beyond which scores are compressed: {@code z' = S tanh(z / S)}, so that the strongest pairs keep their
   * order instead of all printing, or even being, 1 (the largest probability short of identical fingerprints is
   * {@code 1 / (1 + e^-16)}, 1 - 1.1e-7).
   */
  static final double SATURATION = 16;
  /** How far below the threshold's log-odds a pair without a matched segment stays at most. */
  static final double NO_SEGMENT_MARGIN = 1;
  /**
   * Check similarity from which a pair that nothing aligns gets the segment of the pictures its check codes find
   * again ({@code pictureSegment}): nearly every clip's picture is in the other video. Chosen on the evaluation
   * harness's pairs of the calibration units ({@code evaluation/calibration-units.txt}): no non-copy without a
   * segment reached more than 0.876 there (static footage, where nothing stands out enough to align, is where copies
   * lose their segment). Also the raw similarity from which a pipeline whose clip codes are DCT codes of the picture
   * ({@code dct}: no check codes) gets that segment from its clip codes (there, no non-copy without a segment
   * reached more than 0.754 of raw similarity, 14 copies gained one).
   */
  static final double CHECK_SAME_PICTURE = 0.9;
  /**
   * Least probability, without a segment, of a pair that gets the segment of its motion ({@link
   * Builder#motionEvidence}): the pictures must already say the pair may be a copy (at 0.05, one non-copy of the
   * evaluation harness, a 3-up grid of other footage, was lifted by its motion; at 0.2, none).
   */
  static final double MOTION_FLOOR = 0.2;

  /**
   * The probability of a copy for a pair's evidence: the calibration (the fused calibration when both fingerprints
   * have check codes, of the normalised raw similarity when the matcher {@link #normalisesCalibration normalises},
   * else the beta calibration of the raw similarity), then two rules. A copy verdict needs evidence
   * of where the copy is: a pair without a matched segment stays below the threshold (its log-odds are softly capped
   * {@link #NO_SEGMENT_MARGIN} under the threshold's). And scores do not saturate: log-odds are compressed beyond
   * {@link #SATURATION}, so that only a pair with a segment whose every clip code and check code finds its exact
   * match scores exactly 1 (identical fingerprints; not two blank videos, whose flat clips all match each other but
   * align nothing: they scored 1 before the segment rule could cap them).
   */
  public double probability(Evidence e) {
    boolean segment = !e.segments().isEmpty();
    if (segment && e.raw() >= 1 && (Double.isNaN(e.check()) || e.check() >= 1)) {
      return 1;
    }
    double x = normalisedCalibration && !Double.isNaN(e.normalisedRaw()) ? e.normalisedRaw() : e.raw();
    double z = fused != null && !Double.isNaN(e.check()) ? fused.logOdds(x, e.check(), segment)
        : calibration.logOdds(e.raw());
    if (!segment) {
      double cap = Math.log(threshold / (1 - threshold)) - NO_SEGMENT_MARGIN;
      z = -logSumExp(-z, -cap); // a smooth min(z, cap)
    }
    z = SATURATION * Math.tanh(z / SATURATION);
    return 1 / (1 + Math.exp(-z));
  }

  private static double logSumExp(double x, double y) {
    double m = Math.max(x, y);
    return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
  }

  /**
   * What the matcher measures of a pair before calibration, for fitting and explaining calibrations.
   *
   * @param raw the raw similarity (symmetric chamfer of the clip codes, corrected for chance), in [0, 1]
   * @param check the same on the check codes (best orientation when they are orientable), NaN without
   * @param segments the matched segments, longest first
   * @param coverage the larger of the shares of A's and of B's duration that the segments cover, in [0, 1]
   * @param prominence how far each clip's best match stands above the similarities it reaches with the rest of the
   *     other video (its row's upper quartile), duration-weighted and averaged over both directions, in [-2, 2]:
   *     high for a copy with motion, near 0 for footage that looks alike everywhere (static or look-alike scenes)
   * @param normalisedRaw the raw similarity with each clip's chance level raised to its {@link
   *     BackgroundSet#commonness} (how well unrelated footage matches it), in [0, 1]; NaN without a background set
   */
  public record Evidence(double raw, double check, List<MatchedSegment> segments, double coverage,
      double prominence, double normalisedRaw) {
    /**
     * Copies the segments.
     *
     * @throws NullPointerException if {@code segments} is null
     */
    public Evidence {
      segments = List.copyOf(segments);
    }
  }

  /** The pair's evidence, as {@link #match} calibrates it. */
  public Evidence evidence(VideoFingerprint a, VideoFingerprint b) {
    int bits = a.codeBits();
    if (b.codeBits() != bits) {
      throw new IllegalArgumentException("code lengths differ: " + bits + " vs " + b.codeBits());
    }
    PipelineSpec specA = stagesOrOwn(a, b);
    PipelineSpec specB = stagesOrOwn(b, a);
    Slots sa = Slots.of(a.clips());
    Slots sb = Slots.of(b.clips());
    int n = sa.count();
    int m = sb.count();
    int words = BitCode.wordsFor(bits);
    long[] wa = pack(a.clips(), words);
    long[] wb = pack(b.clips(), words);
    boolean[] flatA = flat(a, specA, sa);
    boolean[] flatB = flat(b, specB, sb);
    // A zoom view (the picture's enlarged centre) adds to the similarity, but segments, the evidence a copy verdict
    // needs, come from the pictures, insets and panels: centres of other moments of footage that follows its subject
    // are more alike than the pictures (harness: 6 non-copy segments instead of 3 when zoom views also aligned;
    // dev: 13 look-alikes over 0.88 instead of 2).
    boolean zoom = sa.hasZoom() || sb.hasZoom();
    boolean normalises = hasBackgroundFor(specA);
    // each clip's distance to its nearest clip of the other video, for the background floors (the raw grid computes
    // every one of these distances)
    int[] nearestA = normalises ? new int[a.clips().size()] : null;
    int[] nearestB = normalises ? new int[b.clips().size()] : null;
    Grid rawGrid = grid(wa, sa, wb, sb, words, bits, extendThreshold, flatA, flatB, true, nearestA, nearestB);
    double raw = chanceCorrected(rawGrid.rowMax, sa, rawGrid.colMax, sb, bits, 1);
    Grid grid = zoom ? grid(wa, sa, wb, sb, words, bits, extendThreshold, flatA, flatB, false, null, null)
        : rawGrid;
    Grid checkGrid = a.checkBits() > 0 && a.checkBits() == b.checkBits()
        ? checkGrid(a, b, specA, sa, sb, flatA, flatB) : null;
    double check = checkGrid == null ? Double.NaN : checkGrid.similarity;
    // A path that does not stand above its look-alike level as a whole (static footage, where the copy's diagonal is
    // hardly above the rest) counts only where the check codes find the same pictures (a check similarity of at least
    // CHECK_TURNED); without check codes there is no second opinion (dct on the evaluation harness: allowed, such a
    // path made a same-shoot look-alike of a 2.4-s query a copy at 0.999; refused, 3 copies of static footage lost
    // their segment and one other gained one)
    boolean weakPaths = checkGrid != null && check >= CHECK_TURNED;
    List<MatchedSegment> segments = align(grid, sa, sb, cellThreshold, weakPaths);
    if (!segments.isEmpty()) {
      // a copy played backwards crosses the forward diagonal in a clip or two: where the backward alignment covers
      // much more, it says where the copy is, with the forward segments it does not repeat. Only for a pair that has
      // a segment, so that its score is the same (it depends on a segment being found): backward chains of
      // look-alike clips would give other pairs one.
      List<MatchedSegment> backwards = alignBackwards(grid, sa, sb, weakPaths);
      if (span(backwards) > REVERSED_GAIN * span(segments)) {
        segments = union(backwards, segments);
      }
    }
    if (checkGrid != null) {
      if (checkGrid.turned && check >= CHECK_TURNED) {
        // a copy turned or flipped: the clip codes cannot align it, its check codes can (in their own orientation
        // only: the 63-bit codes align look-alike footage too readily to add segments beside the clip codes')
        segments = union(segments, align(checkGrid, sa, sb, CHECK_CELL, true));
      }
      if (segments.isEmpty() && check >= CHECK_SAME_PICTURE && mostlyNotEmpty(a.checks())
          && mostlyNotEmpty(b.checks())) {
        // static footage: no clip stands out enough to align, but nearly every clip's picture is found again
        segments = pictureSegment(checkGrid, sa, sb);
      }
    } else if (segments.isEmpty() && raw >= CHECK_SAME_PICTURE && pictureCodes(specA) && pictureCodes(specB)
        && mostlyNotEmpty(a.clips().stream().map(Clip::code).toList())
        && mostlyNotEmpty(b.clips().stream().map(Clip::code).toList())) {
      // the same for a pipeline whose clip codes are themselves the DCT codes of the picture (the training-free one)
      segments = pictureSegment(grid, sa, sb);
    }
    double prominence = 0.5 * (excess(grid.rowMax, grid.rowBackground, sa)
        + excess(grid.colMax, grid.colBackground, sb));
    double normalised = Double.NaN;
    if (normalises) {
      double[] floorA = floors(a.commonness(background, wa), sa, nearestA, nullMax(sb.candidatesFor(sa), bits));
      double[] floorB = floors(b.commonness(background, wb), sb, nearestB, nullMax(sa.candidatesFor(sb), bits));
      normalised = combined(weightedMean(grid.rowMax, sa, floorA), sa, weightedMean(grid.colMax, sb, floorB), sb);
    }
    if (segments.isEmpty() && motionEvidence && !a.motion().isEmpty() && !b.motion().isEmpty()
        && probability(new Evidence(raw, check, List.of(), 0, prominence, normalised)) >= MOTION_FLOOR) {
      // footage that looks alike everywhere (a fixed camera): the codes align nothing, but a copy changes when its
      // original does
      MotionAlignment.Result moved = MotionAlignment.align(a.motion(), b.motion());
      if (moved != null && moved.isEvidence()) {
        segments = List.of(moved.segment(a.duration(), b.duration(), raw));
      }
    }
    double coverage = Math.max(covered(segments, true) / Math.max(1e-9, a.duration()),
        covered(segments, false) / Math.max(1e-9, b.duration()));
    return new Evidence(raw, check, segments, Math.min(1, coverage), prominence, normalised);
  }

  /**
   * The similarities of every pair of time spans: each row's and column's best and upper quartile (the level that
   * footage which merely looks alike reaches, which an alignment must beat), and the candidate cells of at least
   * {@code extend}; {@code similarity} is the raw similarity when the caller sets it (an orientation's), else NaN;
   * {@code flatA} and {@code flatB} the flat time spans, which have no cells.
   */
  private record Grid(double[] rowMax, double[] colMax, double[] rowBackground, double[] colBackground,
      List<int[]> cells, List<Double> sims, double similarity, boolean turned, double extend, boolean[] flatA,
      boolean[] flatB) {
    Grid withSimilarity(double s, boolean turned) {
      return new Grid(rowMax, colMax, rowBackground, colBackground, cells, sims, s, turned, extend, flatA, flatB);
    }
  }

  /**
   * The time spans of {@code f} whose pictures are flat (black, one colour: every clip's check code, or with {@code
   * dct} its clip code, has no bit set), which cannot take part in a matched segment: a black frame matches every
   * black frame and dark footage's codes alike, and is no evidence of a copy. None for other codes without checks.
   */
  private static boolean[] flat(VideoFingerprint f, PipelineSpec spec, Slots slots) {
    boolean[] out = new boolean[slots.count()];
    boolean checks = f.checkBits() > 0;
    if (!checks && !pictureCodes(spec)) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      boolean all = true;
      for (int c = slots.first[i]; c < slots.first[i + 1] && all; c++) {
        all = (checks ? f.checks().get(c) : f.clips().get(c).code()).cardinality() == 0;
      }
      out[i] = all;
    }
    return out;
  }

  /**
   * The clip-pair grid: best matches and look-alike levels per row and column, and the candidate cells (at least
   * {@code extend}, neither of its spans flat) an alignment may chain; between time spans the best pair of their
   * views, zoom views ({@link Clip#ZOOM}) only {@code withZoom}. Unless null, {@code nearestA} and {@code nearestB}
   * receive each clip's distance to its nearest clip of the other video (of those the grid compares).
   */
  private static Grid grid(long[] wa, Slots sa, long[] wb, Slots sb, int words, int bits, double extend,
      boolean[] flatA, boolean[] flatB, boolean withZoom, int[] nearestA, int[] nearestB) {
    int n = sa.count();
    int m = sb.count();
    double[] rowMax = new double[n];
    double[] colMax = new double[m];
    Arrays.fill(colMax, -1);
    List<int[]> cells = new ArrayList<>();
    List<Double> cellSims = new ArrayList<>();
    double scale = 2.0 / bits;
    int[] rowCells = new int[m];
    double[] rowSims = new double[m];
    int rowCount = 0;
    // Distance histograms per row and per column: their upper quartile is the similarity a clip reaches with
    // footage that merely looks alike (static scenes), which an alignment must beat to count.
    int[] rowHist = new int[bits + 1];
    int[][] colHist = new int[m][bits + 1];
    double[] rowBackground = new double[n];
    int[] clipDist = new int[wb.length / words];
    int[] spanDist = new int[m];
    if (nearestB != null) {
      Arrays.fill(nearestB, Integer.MAX_VALUE);
    }
    for (int i = 0; i < n; i++) {
      spanDistances(wa, sa, i, wb, sb, words, bits, clipDist, spanDist, withZoom, nearestA);
      if (nearestB != null) {
        for (int c = 0; c < clipDist.length; c++) {
          nearestB[c] = Math.min(nearestB[c], clipDist[c]);
        }
      }
      double best = -1;
      Arrays.fill(rowHist, 0);
      for (int j = 0; j < m; j++) {
        int d = spanDist[j];
        rowHist[d]++;
        colHist[j][d]++;
        double s = 1 - d * scale;
        if (s > best) {
          best = s;
        }
        if (s > colMax[j]) {
          colMax[j] = s;
        }
        if (s >= extend && !flatA[i] && !flatB[j]) {
          rowCells[rowCount] = j;
          rowSims[rowCount++] = s;
        }
      }
      rowMax[i] = best;
      rowBackground[i] = 1 - upperQuartile(rowHist, m) * scale;
      keepBestCells(i, rowCells, rowSims, rowCount, cells, cellSims);
      rowCount = 0;
    }
    double[] colBackground = new double[m];
    for (int j = 0; j < m; j++) {
      colBackground[j] = 1 - upperQuartile(colHist[j], n) * scale;
    }
    return new Grid(rowMax, colMax, rowBackground, colBackground, cells, cellSims, Double.NaN, false, extend, flatA,
        flatB);
  }

  /**
   * Clip-pair similarities of the check codes that start (two of them) and extend a segment of a turned or flipped
   * copy: 63-bit codes scatter more than the 256-bit clip codes, so the thresholds stand as far above chance (a
   * standard deviation of {@code 1 / sqrt(bits)}): extending at 4.8 of them, as the clip codes' 0.3 does, is 0.6.
   */
  private static final double CHECK_CELL = 0.7;
  /**
   * Check similarity (in the best orientation) from which a turned or flipped orientation's check codes may align
   * segments: the evaluation harness's turned, flipped and transposed copies reach 0.77-1.0 (36 copies, 0.98 or more
   * for 34), while a mirrored 6-s excerpt against 2 minutes of other footage reached 0.55 and two of its clips aligned
   * by chance (8 orientations of 63-bit codes against 144 clips; README, "Long references"). The harness and dev gave
   * the same scores to the last digit with it.
   */
  private static final double CHECK_TURNED = 0.6;
  private static final double CHECK_EXTEND = 0.6;

  /**
   * The stretch of A whose pictures the check codes find again in B (best matches of at least {@link #CHECK_CELL}),
   * and the stretch of B whose pictures they find again in A, where each finds one or more and one of them two or more
   * (or both videos are a single clip): the segment of a copy of static footage, whose time order nothing shows. The
   * rule is symmetric, so a one-clip video gets the same segment as the first video or the second (it asked two of
   * A's pictures and one of B's: a 0.3-s excerpt was a copy of its source, and its source no copy of it).
   */
  private static List<MatchedSegment> pictureSegment(Grid g, Slots sa, Slots sb) {
    double[] rowBest = new double[sa.count()];
    double[] colBest = new double[sb.count()];
    Arrays.fill(rowBest, -1);
    Arrays.fill(colBest, -1);
    for (int c = 0; c < g.cells().size(); c++) {
      int i = g.cells().get(c)[0];
      int j = g.cells().get(c)[1];
      double s = g.sims().get(c);
      rowBest[i] = Math.max(rowBest[i], s);
      colBest[j] = Math.max(colBest[j], s);
    }
    int[] rows = foundAgain(rowBest);
    int[] cols = foundAgain(colBest);
    // two pictures found again on one side at least (one may stand for all the other's: a still shot), the same rule
    // whichever video comes first; two videos of one clip each have one picture to show
    boolean single = sa.count() == 1 && sb.count() == 1;
    if (rows[2] < 1 || cols[2] < 1 || Math.max(rows[2], cols[2]) < 2 && !single) {
      return List.of();
    }
    double sum = 0; // the mean similarity of the pictures found again, on both sides (the same in either order)
    for (double[] best : new double[][] {rowBest, colBest}) {
      for (double s : best) {
        sum += s >= CHECK_CELL ? s : 0;
      }
    }
    return List.of(new MatchedSegment(sa.start[rows[0]], sa.end[rows[1]], sb.start[cols[0]], sb.end[cols[1]],
        Math.min(1, sum / (rows[2] + cols[2]))));
  }

  /** The first and last index whose best match is at least {@link #CHECK_CELL}, and how many are. */
  private static int[] foundAgain(double[] best) {
    int first = -1;
    int last = -1;
    int count = 0;
    for (int i = 0; i < best.length; i++) {
      if (best[i] >= CHECK_CELL) {
        first = first < 0 ? i : first;
        last = i;
        count++;
      }
    }
    return new int[] {first, last, count};
  }

  /** True when {@code spec}'s clip codes are DCT codes of the picture, as check codes are (the training-free encoder). */
  private static boolean pictureCodes(PipelineSpec spec) {
    StageSpec encoder = spec.stages().get("encoder");
    return encoder != null && "dct".equals(encoder.name());
  }

  /** True when more than half of {@code codes} have a bit set (a flat frame's check code has none). */
  private static boolean mostlyNotEmpty(List<BitCode> codes) {
    long set = codes.stream().filter(c -> c.cardinality() > 0).count();
    return 2 * set > codes.size();
  }

  /** Segments of {@code extra} that overlap none of {@code first} by more than {@link #MAX_SHARED}, added. */
  private List<MatchedSegment> union(List<MatchedSegment> first, List<MatchedSegment> extra) {
    List<MatchedSegment> out = new ArrayList<>(first);
    for (MatchedSegment e : extra) {
      boolean repeats = out.stream().anyMatch(o -> overlap(o.startA(), o.endA(), e.startA(), e.endA())
          > MAX_SHARED * (e.endA() - e.startA()) && overlap(o.startB(), o.endB(), e.startB(), e.endB())
          > MAX_SHARED * (e.endB() - e.startB()));
      if (!repeats && out.size() < maxSegments) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparingDouble((MatchedSegment x) -> -(x.durationA() + x.durationB())));
    return out;
  }

  private static double overlap(double a0, double a1, double b0, double b1) {
    return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  }

  /**
   * Per span: the chance level, or the commonness of its view that comes closest to the other video's clips when that
   * is higher (a span of one view: that view); {@code nearest} is each clip's distance to its nearest clip of the
   * other video.
   */
  private static double[] floors(double[] commonness, Slots slots, int[] nearest, double chance) {
    double[] f = new double[slots.count()];
    for (int i = 0; i < f.length; i++) {
      // a span of several views (an inset, panels) is matched by one of them: its commonness is that view's (the
      // first of the nearest)
      int pick = slots.first[i];
      for (int c = pick + 1; c < slots.first[i + 1]; c++) {
        if (nearest[c] < nearest[pick]) {
          pick = c;
        }
      }
      f[i] = Math.min(0.95, Math.max(chance, commonness[pick]));
    }
    return f;
  }

  /** Duration-weighted mean of {@code best - background} over the spans. */
  private static double excess(double[] best, double[] background, Slots slots) {
    double s = 0;
    double w = 0;
    for (int i = 0; i < best.length; i++) {
      double d = Math.max(slots.duration(i), 1e-3);
      s += (best[i] - background[i]) * d;
      w += d;
    }
    return w == 0 ? 0 : s / w;
  }

  /**
   * How many times more of both videos a backward alignment must cover than the forward one to be reported instead
   * (set before measuring; on the evaluation harness only the segments of reversed copies changed: their localization
   * F1 0.42 -> 0.87).
   */
  private static final double REVERSED_GAIN = 1.5;

  /** What segments cover of both videos together, seconds. */
  private static double span(List<MatchedSegment> segments) {
    return covered(segments, true) + covered(segments, false);
  }

  /**
   * The segments of an alignment in which B runs backwards: the grid with B's spans in reverse order, aligned as
   * forward, and its segments' times in B mapped back.
   */
  private List<MatchedSegment> alignBackwards(Grid g, Slots sa, Slots sb, boolean weakPaths) {
    int m = sb.count();
    List<int[]> cells = new ArrayList<>(g.cells().size());
    for (int[] c : g.cells()) {
      cells.add(new int[] {c[0], m - 1 - c[1]});
    }
    Grid r = new Grid(g.rowMax(), reversed(g.colMax()), g.rowBackground(), reversed(g.colBackground()), cells,
        g.sims(), g.similarity(), g.turned(), g.extend(), g.flatA(), reversed(g.flatB()));
    double t = sb.end[m - 1];
    double[] start = new double[m];
    double[] end = new double[m];
    for (int j = 0; j < m; j++) {
      start[j] = Math.max(0, t - sb.end[m - 1 - j]);
      end[j] = Math.max(0, t - sb.start[m - 1 - j]);
    }
    List<MatchedSegment> out = new ArrayList<>();
    Slots reversed = new Slots(sb.first(), start, end, sb.zoom(), sb.band(), sb.bandKinds());
    for (MatchedSegment s : align(r, sa, reversed, cellThreshold, weakPaths)) {
      out.add(new MatchedSegment(s.startA(), s.endA(), Math.max(0, t - s.endB()), Math.max(0, t - s.startB()),
          s.similarity()));
    }
    return out;
  }

  private static double[] reversed(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  private static boolean[] reversed(boolean[] a) {
    boolean[] r = new boolean[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  /** Length of the union of the segments' spans in A ({@code inA}) or in B. */
  private static double covered(List<MatchedSegment> segments, boolean inA) {
    List<double[]> iv = new ArrayList<>();
    for (MatchedSegment m : segments) {
      iv.add(inA ? new double[] {m.startA(), m.endA()} : new double[] {m.startB(), m.endB()});
    }
    iv.sort(Comparator.comparingDouble(x -> x[0]));
    double total = 0;
    double end = Double.NEGATIVE_INFINITY;
    for (double[] x : iv) {
      if (x[1] > end) {
        total += x[1] - Math.max(x[0], end);
        end = x[1];
      }
    }
    return total;
  }

  /**
   * The raw similarity (chamfer, corrected for chance) from each time span's best similarity on the other side: chance
   * is the best of all of the other side's clips (every view is a candidate). The two directions weigh as the other
   * video's duration: the similarity seen from the shorter video. With equal weights (as before 2026-12-06) a 6-s
   * excerpt of a 2-minute video was averaged with the 2 minutes that it does not hold: 40 of 64 mildly edited
   * excerpts of four such videos scored 0.88 or more, 56 with these weights (README, "Long references").
   */
  private static double chanceCorrected(double[] rowMax, Slots sa, double[] colMax, Slots sb, int bits, int tries) {
    return combined(weightedMean(rowMax, sa, nullMax(sb.candidatesFor(sa) * tries, bits)), sa,
        weightedMean(colMax, sb, nullMax(sa.candidatesFor(sb) * tries, bits)), sb);
  }

  /**
   * The similarity of the pair in [0, 1] from A's clips' chance-corrected best matches in B ({@code ab}) and B's in A
   * ({@code ba}): each direction weighed by the other video's duration, so that an excerpt of a long video is
   * measured mostly by how well its own clips are found.
   */
  private static double combined(double ab, Slots sa, double ba, Slots sb) {
    double da = sa.span();
    double db = sb.span();
    double corrected = da + db > 0 ? (db * ab + da * ba) / (da + db) : 0.5 * (ab + ba);
    return (Math.max(-1, Math.min(1, corrected)) + 1) / 2;
  }

  /**
   * The similarity grid of the two fingerprints' check codes, with their raw similarity computed as that of the clip
   * codes. When the check codes are orientable (the DCT descriptor's signs as they are, {@link
   * FrameEncoder#dctOrientable()}), B's codes are also tried flipped, turned and transposed: the best orientation's
   * grid, its raw similarity corrected for the chance of the best of eight.
   */
  private Grid checkGrid(VideoFingerprint a, VideoFingerprint b, PipelineSpec specA, Slots sa, Slots sb,
      boolean[] flatA, boolean[] flatB) {
    int bits = a.checkBits();
    int words = BitCode.wordsFor(bits);
    long[] wa = packCodes(a.checks(), words);
    long[] wb = packCodes(b.checks(), words);
    CodeOrientations orientations = CodeOrientations.of(specA.stages().get("check"), null);
    // every view, zoom views included: these codes find a picture again only where it is nearly the same (a static
    // copy's picture segment needs a check similarity of 0.9), unlike the clip codes, whose zoom views make no cells
    if (orientations == null || orientations.bits() != bits) {
      return grid(wa, sa, wb, sb, words, bits, CHECK_EXTEND, flatA, flatB, true, null, null)
          .withSimilarity(rawSimilarity(wa, sa, wb, sb, words, bits, 1), false);
    }
    double best = -1;
    int bestG = 0;
    long[] bestCodes = wb;
    for (int g = 0; g < orientations.count(); g++) {
      long[] turned = g == 0 ? wb : orientations.apply(g, wb, words);
      double s = rawSimilarity(wa, sa, turned, sb, words, bits, orientations.count());
      if (s > best) {
        best = s;
        bestG = g;
        bestCodes = turned;
      }
    }
    return grid(wa, sa, bestCodes, sb, words, bits, CHECK_EXTEND, flatA, flatB, true, null, null)
        .withSimilarity(best, bestG != 0);
  }

  /**
   * The raw similarity (symmetric chamfer, corrected for chance) of two sets of packed codes; {@code tries} is the
   * number of ways the caller tries to match them (orientations), which multiplies the candidates chance picks from.
   */
  private static double rawSimilarity(long[] wa, Slots sa, long[] wb, Slots sb, int words, int bits, int tries) {
    double scale = 2.0 / bits;
    double[] rowMax = new double[sa.count()];
    double[] colMax = new double[sb.count()];
    Arrays.fill(rowMax, -1);
    Arrays.fill(colMax, -1);
    int[] clipDist = new int[wb.length / words];
    int[] spanDist = new int[sb.count()];
    for (int i = 0; i < sa.count(); i++) {
      spanDistances(wa, sa, i, wb, sb, words, bits, clipDist, spanDist, true, null);
      for (int j = 0; j < sb.count(); j++) {
        double s = 1 - spanDist[j] * scale;
        rowMax[i] = Math.max(rowMax[i], s);
        colMax[j] = Math.max(colMax[j], s);
      }
    }
    return chanceCorrected(rowMax, sa, colMax, sb, bits, tries);
  }

  /**
   * The Hamming distance from time span {@code i} of A to each time span of B, of their nearest pair of views (zoom
   * views only {@code withZoom}; band views as {@link #bandsMeet} allows, {@link #BAND_PENALTY} farther), into {@code
   * spanDist}; into {@code clipDist} (one entry per clip of B) each clip's distance to the span's nearest view, and
   * unless null into {@code nearestA} each view's distance to its nearest clip of B.
   */
  private static void spanDistances(long[] wa, Slots sa, int i, long[] wb, Slots sb, int words, int bits,
      int[] clipDist, int[] spanDist, boolean withZoom, int[] nearestA) {
    // the nearest view of this time span of A to each clip of B
    Arrays.fill(clipDist, Integer.MAX_VALUE);
    int bandPenalty = (int) Math.round(BAND_PENALTY * bits / 2);
    for (int va = sa.first[i]; va < sa.first[i + 1]; va++) {
      if (!withZoom && sa.zoom()[va]) {
        continue;
      }
      int oa = va * words;
      int nearest = Integer.MAX_VALUE;
      int bandA = sa.band()[va];
      for (int c = 0; c < clipDist.length; c++) {
        int bandB = sb.band()[c];
        boolean band = (bandA | bandB) != 0;
        if (!withZoom && sb.zoom()[c] || band && !bandsMeet(bandA, sa, bandB, sb)) {
          continue;
        }
        int d = BitCode.distance(wa, oa, wb, c * words, words);
        if (band) {
          d = Math.min(bits, d + bandPenalty);
        }
        clipDist[c] = Math.min(clipDist[c], d);
        nearest = Math.min(nearest, d);
      }
      if (nearestA != null) {
        nearestA[va] = nearest;
      }
    }
    for (int j = 0; j < sb.count(); j++) {
      int d = Integer.MAX_VALUE;
      for (int vb = sb.first[j]; vb < sb.first[j + 1]; vb++) {
        d = Math.min(d, clipDist[vb]);
      }
      spanDist[j] = d;
    }
  }

  /**
   * How much less a pair of views counts when one of them is a band view ({@link Clip#BAND}), in similarity (a share
   * of the bits, halved): a band (a third of a 16:9 picture, enlarged) is blurrier and more generic than a picture, and
   * two unrelated videos of other shapes (a portrait cake on a table, a landscape stage) aligned segments through
   * bands of 0.3-0.4 similarity. Chosen on the evaluation harness's pairs of the calibration units
   * (evaluation/calibration-units.txt, both draws, cross-fitted micro-AP / R@P99): 0: 0.9850 / 0.972, 0.05: 0.9861 /
   * 0.972, 0.1: 0.9871 / 0.972, 0.15: 0.9871 / 0.967 (without band views 0.9854 / 0.962).
   */
  static final double BAND_PENALTY = 0.1;

  /**
   * Whether a pair of views where one or both are band views ({@link Clip#BAND}; {@code bandA} and {@code bandB} are
   * {@link Slots#band} kinds, 0 for another view) is compared: a band only with a view of a video whose picture has
   * another shape than the band's own video (portrait against landscape, or either against a near-square picture or a
   * frame split into panels), never with another band. A band is there to meet a copy cropped to the other
   * orientation (a landscape video cropped to a portrait frame, a portrait one filling a landscape frame or panel);
   * between two landscape videos it would triple the view pairs the matcher compares for nothing it measurably finds
   * (evaluation harness, both draws, cross-fitted: calibration units' pairs micro-AP 0.9876 / R@P99 0.972 when bands
   * meet every view but bands, 0.9871 / 0.972 with this rule; the other units' 0.9947 / 0.948 and 0.9944 / 0.948). Two
   * bands are never compared: the middles of two moments of footage that follows its subject are more alike than the
   * pictures.
   */
  private static boolean bandsMeet(int bandA, Slots sa, int bandB, Slots sb) {
    return Clip.bandsMeet(bandA, sa.bandKinds(), bandB, sb.bandKinds());
  }

  /**
   * The time spans of a fingerprint: clips with the same start and end (the views of one span) form one slot.
   *
   * @param first index of each slot's first clip; {@code first[count]} is the number of clips
   * @param zoom per clip, whether it is a zoom view ({@link Clip#ZOOM})
   * @param band per clip, 0, or the bit of its band view's kind: 1 for a landscape picture's 9:16 band ({@link
   *     Clip#BAND}), 2 for a portrait picture's 16:9 band
   * @param bandKinds the bits of every band kind the video has: 1 when its picture is landscape, 2 when portrait
   */
  private record Slots(int[] first, double[] start, double[] end, boolean[] zoom, int[] band, int bandKinds) {
    static Slots of(List<Clip> clips) {
      List<Integer> firsts = new ArrayList<>();
      for (int c = 0; c < clips.size(); c++) {
        if (VideoFingerprint.startsSpan(clips, c)) {
          firsts.add(c);
        }
      }
      int k = firsts.size();
      int[] first = new int[k + 1];
      double[] start = new double[k];
      double[] end = new double[k];
      for (int i = 0; i < k; i++) {
        first[i] = firsts.get(i);
        start[i] = clips.get(first[i]).start();
        end[i] = clips.get(first[i]).end();
      }
      first[k] = clips.size();
      boolean[] zoom = new boolean[clips.size()];
      int[] band = new int[clips.size()];
      int kinds = 0;
      for (int c = 0; c < zoom.length; c++) {
        int view = clips.get(c).view();
        zoom[c] = view == Clip.ZOOM;
        band[c] = Clip.bandKind(view);
        kinds |= band[c];
      }
      return new Slots(first, start, end, zoom, band, kinds);
    }

    int count() {
      return start.length;
    }

    /**
     * How many of these clips the clips of {@code other} are compared with ({@link #bandsMeet}): all but the band
     * views of a kind {@code other} has too. Chance picks a best match among these.
     */
    int candidatesFor(Slots other) {
      int n = first[count()];
      if ((bandKinds & other.bandKinds) != 0) { // else every band of these meets other's views that are not bands
        for (int b : band) {
          if (b != 0 && !Clip.bandsMeet(b, bandKinds, 0, other.bandKinds)) {
            n--;
          }
        }
      }
      return n;
    }

    /** Whether any clip is a zoom view ({@link Clip#ZOOM}). */
    boolean hasZoom() {
      for (boolean z : zoom) {
        if (z) {
          return true;
        }
      }
      return false;
    }

    double duration(int i) {
      return end[i] - start[i];
    }

    /** From the first span's start to the last one's end, seconds (0 without spans). */
    double span() {
      return count() == 0 ? 0 : end[count() - 1] - start[0];
    }
  }

  /**
   * The distance below which a quarter of the {@code count} counted distances lie (the similarity's upper quartile),
   * at most the second-best similarity, and from 4 distances on at most the third best: the look-alike level of a
   * clip, which an alignment must beat.
   */
  private static int upperQuartile(int[] hist, int count) {
    // At least the second best: a clip's best match is never its own look-alike level (with fewer than 4 clips on the
    // other side the quartile was the best itself, so a video of 1-3 clips could never be aligned). And at most the
    // third best from 4 clips on: a copy's best match has its two neighbours in time next to it, as alike as the
    // sampling phase and the motion allow, and a video of 4-7 clips (a short excerpt, a short reference) has hardly
    // anything else; with the second best as its level, 11 copies of 4-7 s in the evaluation harness's two draws had no
    // segment (so no copy verdict), and partial copies of 3-5 s were localised in 6 of 12 (partial localization F1
    // 0.773 and 0.790; with the third best 0.825 and 0.848).
    int target = count < 4 ? 1 : Math.max(2, count / 4);
    int seen = 0;
    for (int d = 0; d < hist.length; d++) {
      seen += hist[d];
      if (seen > target) {
        return d;
      }
    }
    return hist.length - 1;
  }

  /** Keeps a row's {@link #MAX_CELLS_PER_ROW} most similar candidate cells, in column order. */
  private static void keepBestCells(int row, int[] cols, double[] sims, int count, List<int[]> cells,
      List<Double> cellSims) {
    if (count > MAX_CELLS_PER_ROW) {
      double[] sorted = Arrays.copyOf(sims, count);
      Arrays.sort(sorted);
      double cut = sorted[count - MAX_CELLS_PER_ROW];
      int kept = 0;
      for (int c = 0; c < count && kept < MAX_CELLS_PER_ROW; c++) {
        if (sims[c] >= cut) {
          cells.add(new int[] {row, cols[c]});
          cellSims.add(sims[c]);
          kept++;
        }
      }
      return;
    }
    for (int c = 0; c < count; c++) {
      cells.add(new int[] {row, cols[c]});
      cellSims.add(sims[c]);
    }
  }

  private static long[] pack(List<Clip> clips, int words) {
    return packCodes(clips.stream().map(Clip::code).toList(), words);
  }

  private static long[] packCodes(List<BitCode> codes, int words) {
    long[] w = new long[codes.size() * words];
    for (int i = 0; i < codes.size(); i++) {
      codes.get(i).copyTo(w, i * words);
    }
    return w;
  }

  /**
   * The similarity that the best of {@code candidates} unrelated codes reaches by chance: for independent fair bits,
   * {@code s} has standard deviation {@code 1 / sqrt(bits)} and the maximum of {@code n} draws lies near
   * {@code sqrt(2 ln n)} standard deviations.
   */
  static double nullMax(int candidates, int bits) {
    return Math.min(0.9, Math.sqrt(2 * Math.log(Math.max(candidates, 2)) / bits));
  }

  /**
   * How far the best-match similarities rise above their spans' floors, as a share of how far they could ({@code 1 -
   * floor}), both duration-weighted: with one floor, the mean of each similarity rescaled so that the floor maps to 0
   * and 1 to 1; a span whose floor is near 1 (a black frame, which unrelated footage matches exactly) carries
   * nearly no weight instead of pulling the mean down by up to {@code (1 + floor) / (1 - floor)}.
   */
  private static double weightedMean(double[] v, Slots slots, double[] floor) {
    double s = 0;
    double w = 0;
    for (int i = 0; i < v.length; i++) {
      double d = Math.max(slots.duration(i), 1e-3);
      s += (v[i] - floor[i]) * d;
      w += (1 - floor[i]) * d;
    }
    return s / w;
  }

  /** Duration-weighted mean of best-match similarities, rescaled so that {@code floor} maps to 0 and 1 to 1. */
  private static double weightedMean(double[] v, Slots slots, double floor) {
    double s = 0;
    double w = 0;
    for (int i = 0; i < v.length; i++) {
      double d = Math.max(slots.duration(i), 1e-3);
      s += (v[i] - floor) / (1 - floor) * d;
      w += d;
    }
    return s / w;
  }

  /**
   * Chains candidate cells (row-major order) into monotone paths by dynamic programming and returns the best
   * non-overlapping ones: {@code strongCell} is the similarity of the clear clip pairs that a path needs two of, and a
   * path whose cells do not stand above their look-alike levels as a whole counts only with {@code weakPaths}.
   */
  private List<MatchedSegment> align(Grid grid, Slots ca, Slots cb, double strongCell, boolean weakPaths) {
    List<int[]> cells = grid.cells();
    List<Double> sims = grid.sims();
    double[] rowBackground = grid.rowBackground();
    double[] colBackground = grid.colBackground();
    int k = cells.size();
    if (k == 0) {
      return List.of();
    }
    double bias = strongCell / 2;
    double[] score = new double[k];
    int[] back = new int[k];
    int[] rowStart = new int[ca.count() + 1]; // first cell of each row
    Arrays.fill(rowStart, -1);
    for (int c = k - 1; c >= 0; c--) {
      rowStart[cells.get(c)[0]] = c;
    }
    rowStart[ca.count()] = k;
    for (int r = ca.count() - 1; r >= 0; r--) {
      if (rowStart[r] < 0) {
        rowStart[r] = rowStart[r + 1];
      }
    }
    for (int c = 0; c < k; c++) {
      int i = cells.get(c)[0];
      int j = cells.get(c)[1];
      // A cell earns what it has over the threshold and over what look-alike footage reaches in its row and column.
      double floor = Math.max(bias, Math.max(rowBackground[i], colBackground[j]) + BACKGROUND_MARGIN);
      double gain = sims.get(c) - floor;
      double best = gain; // a path may start here
      int from = -1;
      for (int di = 1; di <= maxStep && i - di >= 0; di++) {
        for (int p = rowStart[i - di]; p < rowStart[i - di + 1]; p++) {
          int pj = cells.get(p)[1];
          int dj = j - pj;
          if (dj < 1 || dj > maxStep) {
            continue;
          }
          // A step earns its cell's gain for the time it covers on both sides, so a copy played faster or
          // slower is followed along its true slope rather than a 1:1 drift through look-alike neighbours.
          double v = score[p] + gain * (di + dj) / 2.0 - gapPenalty * ((di - 1) + (dj - 1));
          if (v > best) {
            best = v;
            from = p;
          }
        }
      }
      score[c] = best;
      back[c] = from;
    }
    Integer[] order = new Integer[k];
    for (int c = 0; c < k; c++) {
      order[c] = c;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -score[c]));
    boolean[] usedA = new boolean[ca.count()];
    boolean[] usedB = new boolean[cb.count()];
    boolean[] colHasCell = new boolean[cb.count()];
    for (int[] cell : cells) {
      colHasCell[cell[1]] = true;
    }
    List<MatchedSegment> out = new ArrayList<>();
    int found = 0;
    // footage is foreign where it matches nothing at the level that extends a segment: only a level below the one
    // that starts segments tells it from a copy's weaker clips
    boolean splits = splitAtForeignFootage && grid.extend() < strongCell;
    for (int end : order) {
      if (found >= maxSegments) {
        break;
      }
      List<Integer> path = new ArrayList<>();
      int strong = 0;
      for (int c = end; c >= 0; c = back[c]) {
        path.add(c);
        strong += sims.get(c) >= strongCell ? 1 : 0;
      }
      if (strong < 2 || score[end] <= 0 && !weakPaths) {
        // weaker cells only extend a path of clear matches; and unless the pictures agree, the path as a whole must
        // stand above what look-alike footage reaches: on a nearly uniform grid of look-alike footage, one cell a
        // little above its level and then cells below theirs made a segment, and a copy verdict
        continue;
      }
      int first = path.get(path.size() - 1);
      int i0 = cells.get(first)[0];
      int j0 = cells.get(first)[1];
      int i1 = cells.get(end)[0];
      int j1 = cells.get(end)[1];
      // A chain that mostly repeats a reported segment is a variant of it; one that only touches one (a copy cut
      // and re-ordered joins its pieces at one clip) is a segment of its own.
      int sharedA = 0;
      for (int i = i0; i <= i1; i++) {
        sharedA += usedA[i] ? 1 : 0;
      }
      int sharedB = 0;
      for (int j = j0; j <= j1; j++) {
        sharedB += usedB[j] ? 1 : 0;
      }
      if (sharedA > MAX_SHARED * (i1 - i0 + 1) || sharedB > MAX_SHARED * (j1 - j0 + 1)) {
        continue;
      }
      int last = end;
      if (continueSegments) {
        // the copy goes on where its clips stay each other's best match, however alike the footage around them
        for (int c = extend(grid, rowStart, colHasCell, first, -1, usedA, usedB); c >= 0;
            c = extend(grid, rowStart, colHasCell, c, -1, usedA, usedB)) {
          path.add(c);
          first = c;
        }
        for (int c = extend(grid, rowStart, colHasCell, last, 1, usedA, usedB); c >= 0;
            c = extend(grid, rowStart, colHasCell, c, 1, usedA, usedB)) {
          path.add(c);
          last = c;
        }
      }
      i0 = cells.get(first)[0];
      j0 = cells.get(first)[1];
      i1 = cells.get(last)[0];
      j1 = cells.get(last)[1];
      for (int i = i0; i <= i1; i++) {
        usedA[i] = true;
      }
      for (int j = j0; j <= j1; j++) {
        usedB[j] = true;
      }
      found++;
      path.sort(null); // cells are in row-major order: the path's cells in time order
      int from = 0;
      for (int t = 1; t <= path.size(); t++) {
        if (t == path.size() || splits && foreignBetween(grid, rowStart, path.get(t - 1), path.get(t))) {
          out.add(piece(grid, path.subList(from, t), ca, cb));
          from = t;
        }
      }
    }
    out.sort(Comparator.comparingDouble((MatchedSegment s) -> -(s.durationA() + s.durationB())));
    return out;
  }

  /** The segment of a run of path cells in time order: from its first clips to its last, its mean similarity. */
  private static MatchedSegment piece(Grid grid, List<Integer> run, Slots ca, Slots cb) {
    int[] first = grid.cells().get(run.get(0));
    int[] last = grid.cells().get(run.get(run.size() - 1));
    double mean = 0;
    for (int c : run) {
      mean += grid.sims().get(c);
    }
    mean = Math.max(0, Math.min(1, mean / run.size()));
    return new MatchedSegment(ca.start[first[0]], ca.end[last[0]], cb.start[first[1]], cb.end[last[1]], mean);
  }

  /**
   * True when the path's step from cell {@code p} to cell {@code q} passes over a time span of either video, not
   * flat, that has no candidate cell (nothing at the grid's extend level) with the spans of the other video that the
   * step covers: footage that is not the copy's, such as frames spliced in or a piece of another video that the
   * alignment bridged. A span passed over by a speed change still looks like its neighbours; a flat one shows
   * nothing either way.
   */
  private static boolean foreignBetween(Grid grid, int[] rowStart, int p, int q) {
    List<int[]> cells = grid.cells();
    int i0 = cells.get(p)[0];
    int j0 = cells.get(p)[1];
    int i1 = cells.get(q)[0];
    int j1 = cells.get(q)[1];
    for (int r = i0 + 1; r < i1; r++) {
      if (!grid.flatA()[r] && !hasCell(cells, rowStart, r, r, j0, j1)) {
        return true;
      }
    }
    for (int c = j0 + 1; c < j1; c++) {
      if (!grid.flatB()[c] && !hasCell(cells, rowStart, i0, i1, c, c)) {
        return true;
      }
    }
    return false;
  }

  /** True when a candidate cell lies in rows {@code r0..r1} and columns {@code c0..c1}. */
  private static boolean hasCell(List<int[]> cells, int[] rowStart, int r0, int r1, int c0, int c1) {
    for (int r = r0; r <= r1; r++) {
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
        int c = cells.get(p)[1];
        if (c >= c0 && c <= c1) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The cell one step past {@code from} ({@code dir} 1: later on both sides, -1: earlier) that continues a found
   * segment: a candidate cell (at least the extend threshold) within {@link #EXTEND_MARGIN} of the best match of both
   * its clips (so the copy goes on here, not elsewhere), on clips no other segment holds; of several, the most
   * similar less the gap penalty of the clips skipped. A step counts only the clips that match something of the
   * other video (have a candidate cell): a run of frames spliced into one of the videos, which match nothing, is
   * stepped over (up to {@link #MAX_FOREIGN_RUN} clips), so the copy is found again behind it; a stretch that both
   * videos replace is not. -1 when none.
   */
  private int extend(Grid grid, int[] rowStart, boolean[] colHasCell, int from, int dir, boolean[] usedA,
      boolean[] usedB) {
    List<int[]> cells = grid.cells();
    int i = cells.get(from)[0];
    int j = cells.get(from)[1];
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    int di = 0; // rows with candidate cells passed, this one included
    for (int r = i + dir; r >= 0 && r < usedA.length && Math.abs(r - i) <= maxStep + MAX_FOREIGN_RUN; r += dir) {
      if (rowStart[r] == rowStart[r + 1]) {
        continue; // matches nothing of the other video: stepped over
      }
      if (++di > maxStep) {
        break;
      }
      if (usedA[r]) {
        continue;
      }
      boolean rowsSkipped = Math.abs(r - i) > di;
      for (int p = rowStart[r]; p < rowStart[r + 1]; p++) {
        int c = cells.get(p)[1];
        int djAll = (c - j) * dir;
        if (djAll < 1 || usedB[c] || djAll > maxStep + MAX_FOREIGN_RUN) {
          continue;
        }
        // footage spliced into one of the videos, not both: a stretch that both replace is no copy
        int dj = rowsSkipped ? djAll : matchingBetween(colHasCell, j, c) + 1;
        if (dj > maxStep) {
          continue;
        }
        double s = grid.sims().get(p);
        if (s < grid.rowMax()[r] - EXTEND_MARGIN || s < grid.colMax()[c] - EXTEND_MARGIN) {
          continue; // one of its clips matches other footage clearly better: the copy does not go on here
        }
        double v = s - gapPenalty * ((di - 1) + (dj - 1));
        if (v > bestValue) {
          bestValue = v;
          best = p;
        }
      }
    }
    return best;
  }

  /** How many of the clips strictly between {@code a} and {@code b} have a candidate cell. */
  private static int matchingBetween(boolean[] hasCell, int a, int b) {
    int n = 0;
    for (int x = Math.min(a, b) + 1; x < Math.max(a, b); x++) {
      n += hasCell[x] ? 1 : 0;
    }
    return n;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "TemporalVideoMatcher(cellThreshold=%s, maxStep=%d, gapPenalty=%s, calibration=(%s, %s, %s), threshold=%s)",
        cellThreshold, maxStep, gapPenalty, calA, calB, calC, threshold);
  }

  /** Builder of {@link TemporalVideoMatcher}; not thread-safe. */
  public static final class Builder {
    private double cellThreshold = 0.5;
    private double extendThreshold = Double.NaN;
    private int maxStep = 4;
    private double gapPenalty = 0.02;
    private int maxSegments = 5;
    private boolean continueSegments = true;
    private boolean splitAtForeignFootage;
    private double calA = DefaultCalibration.A;
    private double calB = DefaultCalibration.B;
    private double calC = DefaultCalibration.C;
    private double threshold = DefaultCalibration.THRESHOLD;
    private FusedCalibration fused;
    private BackgroundSet background;
    private boolean normalisedCalibration;
    private List<String> calibratedFor = List.of(DefaultCalibration.PIPELINE);
    private boolean motionEvidence = true;

    private Builder() {}

    /**
     * Whether a pair that the codes align nothing of gets the segment where the two videos' {@link
     * VideoFingerprint#motion() motion} rises and falls together, when that alignment is evidence of shared footage
     * ({@link MotionAlignment}) and the pair's probability without a segment is at least {@link
     * TemporalVideoMatcher#MOTION_FLOOR} (default true; only fingerprints that carry motion have it).
     */
    public Builder motionEvidence(boolean on) {
      this.motionEvidence = on;
      return this;
    }

    /**
     * The pipeline the calibration was fitted for, as its {@link PipelineSpec#codeKey(boolean)} (with the check
     * encoder when the matcher has a fused calibration; default: the default pipeline's, whose calibration the
     * builder starts with); {@code null}: any pipeline (a calibration the user fitted for theirs). Setting a
     * calibration ({@link #calibration}, {@link #fusedCalibration}) sets it to null; call this afterwards to tie the
     * calibration to a pipeline.
     */
    public Builder calibratedFor(String pipelineKey) {
      this.calibratedFor = pipelineKey == null ? null : List.of(pipelineKey);
      return this;
    }

    /**
     * The pipelines the calibration holds for, as {@link #calibratedFor(String)}: several, whose scores one
     * calibration maps alike (e.g. a pipeline with and without views that were measured to rank as well with it).
     *
     * @throws NullPointerException if a key is null
     */
    public Builder calibratedFor(String pipelineKey, String... others) {
      List<String> keys = new ArrayList<>();
      keys.add(Objects.requireNonNull(pipelineKey, "pipelineKey"));
      for (String k : others) {
        keys.add(Objects.requireNonNull(k, "pipelineKey"));
      }
      this.calibratedFor = List.copyOf(keys);
      return this;
    }

    /** Ties the calibration to {@code spec}'s pipeline: {@link #calibratedFor(String)} with its key. */
    public Builder calibratedFor(PipelineSpec spec) {
      this.calibratedFor = List.of(spec.codeKey(fused != null));
      return this;
    }

    /**
     * Unrelated footage's codes (default: none): each clip's chance level is raised to how well that footage matches
     * it, for {@link Evidence#normalisedRaw()}. Used only for fingerprints whose codes it {@link
     * BackgroundSet#appliesTo applies to}; {@code null} removes it. A {@link #normalisedCalibration normalised}
     * calibration holds for the set it was fitted with only: with another set, fit it again.
     */
    public Builder background(BackgroundSet background) {
      this.background = background;
      return this;
    }

    /**
     * Whether the fused calibration reads the raw similarity normalised against the {@link #background} set ({@link
     * Evidence#normalisedRaw()}: each clip's chance level raised to how well unrelated footage matches it) instead
     * of the raw similarity (default false). A video whose clips resemble everything (a static room, a generic
     * scene) then needs more than its usual similarity to score as a copy. Needs a background set and a fused
     * calibration fitted this way ({@code videosim evaluate --refit-calibration} fits it so when the matcher
     * normalises). Where the background set does not apply to a pair's codes (another pipeline's), {@link
     * #probability} reads the raw similarity and {@link TemporalVideoMatcher#match} marks the score uncalibrated.
     */
    public Builder normalisedCalibration(boolean normalised) {
      this.normalisedCalibration = normalised;
      return this;
    }

    /** Smallest clip similarity in [-1, 1] that can be part of a matched segment (default 0.5). */
    public Builder cellThreshold(double t) {
      if (!(t > -1 && t < 1)) {
        throw new IllegalArgumentException("cellThreshold must be within (-1, 1): " + t);
      }
      this.cellThreshold = t;
      return this;
    }

    /**
     * Smallest clip similarity that may extend a matched segment which a clip pair of at least the cell threshold
     * holds (default: the cell threshold; higher values are lowered to it). Lower, it follows a copy through its more
     * heavily edited stretches without starting segments in unrelated footage.
     */
    public Builder extendThreshold(double t) {
      if (!(t > -1 && t < 1)) {
        throw new IllegalArgumentException("extendThreshold must be within (-1, 1): " + t);
      }
      this.extendThreshold = t;
      return this;
    }

    /** Largest step, in clips, between aligned clips on either side (default 4). */
    public Builder maxStep(int s) {
      if (s < 1 || s > 64) {
        throw new IllegalArgumentException("maxStep must be within [1, 64]: " + s);
      }
      this.maxStep = s;
      return this;
    }

    /** Cost of each skipped clip in an alignment (default 0.02). */
    public Builder gapPenalty(double p) {
      if (!(p >= 0) || !Double.isFinite(p)) {
        throw new IllegalArgumentException("gapPenalty must be finite and not negative: " + p);
      }
      this.gapPenalty = p;
      return this;
    }

    /** Most segments reported (default 5). */
    public Builder maxSegments(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxSegments must not be negative: " + n);
      }
      this.maxSegments = n;
      return this;
    }

    /**
     * Whether a found segment is continued at both ends while its next clips stay each other's best matches (within
     * 0.05), however alike the footage around them (default true): the segment then says where the copy most likely
     * goes on through a static shot or a slow pan. Off, a segment holds only clip pairs that stand out of their rows'
     * and columns' look-alikes: what grouping by shared pieces needs, where a segment continued into the next piece
     * of a video would join that piece's group (the dedup module scores pairs so).
     */
    public Builder continueSegments(boolean on) {
      this.continueSegments = on;
      return this;
    }

    /**
     * Whether a segment is reported in pieces where its alignment passes over a time span of one video, not flat,
     * that resembles none of the other video's clips the step covers (nothing at the {@linkplain #extendThreshold
     * extend threshold}): frames spliced into a copy, or a stretch of other footage between two pieces that the
     * alignment bridged (default false). Needs an extend threshold below the cell threshold (as {@code svrtn}'s 0.3
     * against 0.5): where only clip pairs that start segments may extend them, a copy's weaker clips look foreign, so
     * such a matcher does not split (measured with the {@code dct} pipeline's default matcher, whose levels are one:
     * splitting cost dedup a tenth of its recall on the evaluation harness, 0.612 -> 0.560). Scores are the same either
     * way (a pair's pieces are found exactly when its segment is). On, each piece holds only footage the two videos
     * share: what grouping by shared pieces needs, where a segment bridged over other footage would join two pieces of
     * a video that belong to different groups (the dedup module scores pairs so). Off, localization of copies with
     * inserted frames is a little better at one clip a second (the evaluation harness's {@code insertion} F1 0.773
     * against 0.763 with {@code svrtn}): most inserted bursts are shorter than a clip, and a piece ends on whole clips.
     */
    public Builder splitAtForeignFootage(boolean on) {
      this.splitAtForeignFootage = on;
      return this;
    }

    /** Beta-calibration coefficients: {@code a} and {@code b} must be positive. */
    public Builder calibration(double a, double b, double c) {
      if (!(a > 0) || !(b > 0) || !Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("calibration needs finite a > 0, b > 0, c: " + a + ", " + b + ", " + c);
      }
      this.calA = a;
      this.calB = b;
      this.calC = c;
      this.calibratedFor = null;
      return this;
    }

    /**
     * The calibration of pairs of fingerprints with check codes ({@link VideoSimilarity.Builder#checkEncoder}):
     * {@code p = 1 / (1 + exp(-(c + a logit(raw) + b logit(check))))}, {@code a} and {@code b} positive. Pairs
     * without check codes keep the beta calibration.
     */
    public Builder fusedCalibration(double a, double b, double c) {
      return fusedCalibration(a, b, c, 0);
    }

    /**
     * The fused calibration with a segment term: {@code p = 1 / (1 + exp(-(c + a logit(raw) + b logit(check) + d
     * s)))}, {@code s} 1 when the pair has a matched segment; {@code d} not negative.
     */
    public Builder fusedCalibration(double a, double b, double c, double d) {
      this.fused = new FusedCalibration(a, b, c, d);
      this.calibratedFor = null;
      return this;
    }

    /** Decision threshold on the calibrated score, in (0, 1). */
    public Builder threshold(double t) {
      if (!(t > 0 && t < 1)) {
        throw new IllegalArgumentException("threshold must be within (0, 1): " + t);
      }
      this.threshold = t;
      return this;
    }

    /**
     * Builds an immutable matcher; can be called again.
     *
     * @return the matcher
     */
    public TemporalVideoMatcher build() {
      if (normalisedCalibration && (background == null || fused == null)) {
        throw new IllegalStateException("a normalised calibration needs a background set and a fused calibration");
      }
      return new TemporalVideoMatcher(this);
    }
  }
}
