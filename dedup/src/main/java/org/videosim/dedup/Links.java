package org.videosim.dedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.TemporalVideoMatcher;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.CheckKeys;

/**
 * The {@link Link}s of a verified pair: its matched segments, with the view that matched on each side, pieces of one
 * continuous copy chained into one, shorter than the minimum shared duration left out. Stateless and thread-safe.
 */
public final class Links {
  /**
   * Segments of one pair, in the same order on both sides, closer than this (seconds) on both sides and contiguous
   * on one ({@link #CONTIGUOUS}) are one copy.
   */
  public static final double CHAIN_GAP = 3.0;

  /**
   * How close (seconds) two segments must follow each other on at least one side to chain, besides {@link
   * #CHAIN_GAP} on both: they must continue each other there (clips tile a video, so the gap is 0 unless a clip lies
   * between them). A burst spliced into one video leaves the pieces of a copy contiguous in the other and they chain;
   * pieces with other footage between them on both sides (the grouping matcher {@linkplain
   * TemporalVideoMatcher.Builder#splitAtForeignFootage splits} a segment bridged over footage that matches nothing of
   * the other video) stay apart.
   */
  static final double CONTIGUOUS = 0.1;

  private Links() {}

  /**
   * The pipeline with which dedup scores pairs: {@code similarity} itself, except that a {@link TemporalVideoMatcher}
   * does not {@linkplain TemporalVideoMatcher.Builder#continueSegments continue its segments} through footage where
   * no clip pair stands out, and {@linkplain TemporalVideoMatcher.Builder#splitAtForeignFootage splits} a segment
   * where its alignment passed over footage of one video that matches nothing of the other. Dedup joins the matched
   * pieces of videos transitively: a segment continued through a static shot into the next piece of a video, or
   * bridged from an intro that two videos share over into the one's other footage, would join that piece's group
   * (measured: with continued segments, dedup precision on the evaluation harness 0.956 -> 0.950 and on dev 0.947 ->
   * 0.908; without the split, 0.960 -> 0.951 and 0.953 -> 0.947 at the same recall). Scores are the same. Shares
   * {@code similarity}'s encoders: fingerprint with {@code similarity}, whose life it does not extend.
   */
  public static VideoSimilarity grouping(VideoSimilarity similarity) {
    if (similarity.matcher() instanceof TemporalVideoMatcher t && (t.continuesSegments()
        || !t.splitsAtForeignFootage())) {
      return similarity.toBuilder().matcher(t.toBuilder().continueSegments(false).splitAtForeignFootage(true)
          .build()).build();
    }
    return similarity;
  }

  /**
   * {@code similarity}, when it has a calibration: links are decided by the scores' verdict ({@link
   * Score#isMatch()}), which a pipeline without one (a custom encoder, head, aggregator or binarizer) does not give.
   *
   * @throws IllegalArgumentException if it has none, saying how to get one
   */
  public static VideoSimilarity requireCalibrated(VideoSimilarity similarity) {
    Objects.requireNonNull(similarity, "similarity");
    if (!similarity.isCalibrated()) {
      throw new IllegalArgumentException("dedup needs a calibrated pipeline (a pair links on its score's verdict), "
          + "and this one (a custom encoder, head, aggregator or binarizer) has no calibration: use a shipped "
          + "pipeline (svrtn, dct), or fit a calibration with 'videosim calibrate' (a trained svrtn head: "
          + "--fused-calibration) and set it on the matcher");
    }
    return similarity;
  }

  /**
   * The links of a pair scored by the matcher: none unless {@code score.isMatch()} and its value reaches {@link
   * DedupSettings#minLinkScore}, and none for a pair that the matcher calls a copy without locating it (no matched
   * segment). Linking those whole to whole was measured on the dev benchmark: recall of the groups 0.92 -> 0.98,
   * precision 1.00 -> 0.85, because other scenes of the same film or shoot also pass the score without a segment and
   * then join whole groups.
   *
   * @param score {@code matcher.match(a, b)}
   * @param settings the shortest segment (on both sides) that counts and the least score that links
   */
  public static List<Link> of(VideoFingerprint a, VideoFingerprint b, Score score, DedupSettings settings) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(score, "score");
    double minSharedSeconds = settings.minSharedSeconds();
    if (!score.isMatch() || score.value() < settings.minLinkScore()) {
      return List.of();
    }
    List<double[]> segs = new ArrayList<>(); // startA, endA, startB, endB, similarity, viewA, viewB
    for (MatchedSegment m : score.segments()) {
      int[] v = views(a, b, m);
      segs.add(new double[] {m.startA(), m.endA(), m.startB(), m.endB(), m.similarity(), v[0], v[1]});
    }
    segs.sort(Comparator.comparingDouble((double[] s) -> s[0]).thenComparingDouble(s -> s[2]));
    List<double[]> chained = new ArrayList<>();
    for (double[] s : segs) {
      double[] last = chained.isEmpty() ? null : chained.get(chained.size() - 1);
      if (last != null && last[5] == s[5] && last[6] == s[6] && s[0] >= last[1] - 1 && s[2] >= last[3] - 1
          && s[0] - last[1] <= CHAIN_GAP && s[2] - last[3] <= CHAIN_GAP
          && Math.min(s[0] - last[1], s[2] - last[3]) <= CONTIGUOUS) {
        double wl = last[1] - last[0];
        double ws = s[1] - s[0];
        last[4] = wl + ws > 0 ? (last[4] * wl + s[4] * ws) / (wl + ws) : Math.max(last[4], s[4]);
        last[1] = Math.max(last[1], s[1]);
        last[3] = Math.max(last[3], s[3]);
      } else {
        chained.add(s.clone());
      }
    }
    List<Link> out = new ArrayList<>();
    for (double[] s : chained) {
      if (Math.min(s[1] - s[0], s[3] - s[2]) >= minSharedSeconds) {
        out.add(new Link(new Span(a.videoId(), (int) s[5], s[0], s[1]), new Span(b.videoId(), (int) s[6], s[2], s[3]),
            Math.max(0, Math.min(1, s[4]))));
      }
    }
    return out;
  }

  /**
   * The view a match on clip view {@code v} is reported as: the picture for a zoom or band view, a panel for its
   * widening.
   */
  static int reported(int v) {
    return Clip.ofPicture(v) ? 0 : v > Clip.WIDENED && v < Clip.ZOOM ? v - Clip.WIDENED : v;
  }

  /**
   * The views of A and B that a segment matched: the pair whose clips within the segment agree best (the mean over
   * A's clips of the best similarity among B's), of the pairs the matcher compares ({@link Clip#compared}: no two
   * band views). {0, 0} when neither fingerprint has views beyond the picture. A zoom or band view ({@link Clip#ZOOM},
   * {@link Clip#BAND}) is part of the picture: a match on it is reported as view 0; a widened panel ({@link
   * Clip#WIDENED} plus the panel's view) as its panel.
   */
  static int[] views(VideoFingerprint a, VideoFingerprint b, MatchedSegment m) {
    List<Integer> ca = within(a.clips(), m.startA(), m.endA());
    List<Integer> cb = within(b.clips(), m.startB(), m.endB());
    int[] viewsA = ca.stream().mapToInt(i -> a.clips().get(i).view()).distinct().sorted().toArray();
    int[] viewsB = cb.stream().mapToInt(i -> b.clips().get(i).view()).distinct().sorted().toArray();
    if (viewsA.length <= 1 && viewsB.length <= 1) {
      return new int[] {0, 0};
    }
    long[] codesA = CheckKeys.pack(a.clips().stream().map(Clip::code).toList());
    long[] codesB = CheckKeys.pack(b.clips().stream().map(Clip::code).toList());
    // the check codes too (B's in each orientation they have): a copy the matcher found on them, turned or
    // compressed hard, can have learned codes that agree on no view, or on the wrong one
    boolean checks = a.checkBits() > 0 && a.checkBits() == b.checkBits();
    long[] checkA = checks ? CheckKeys.pack(a.checks()) : null;
    long[][] checkB = checks ? CheckKeys.orientations(b) : new long[0][];
    int[] best = {0, 0};
    double bestSim = Double.NEGATIVE_INFINITY;
    int kindsA = Clip.bandKinds(a.clips());
    int kindsB = Clip.bandKinds(b.clips());
    for (int va : viewsA.length == 0 ? new int[] {0} : viewsA) {
      for (int vb : viewsB.length == 0 ? new int[] {0} : viewsB) {
        if (!Clip.compared(va, kindsA, vb, kindsB)) {
          continue;
        }
        double s = agreement(a, codesA, ca, va, b, codesB, cb, vb, a.codeBits());
        double check = Double.NEGATIVE_INFINITY;
        for (long[] turned : checkB) {
          check = Math.max(check, agreement(a, checkA, ca, va, b, turned, cb, vb, a.checkBits()));
        }
        if (check > Double.NEGATIVE_INFINITY) {
          s += check;
        }
        if (s > bestSim) {
          bestSim = s;
          best = new int[] {reported(va), reported(vb)};
        }
      }
    }
    return best;
  }

  /** The indices of the clips within {@code start .. end}. */
  private static List<Integer> within(List<Clip> clips, double start, double end) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < clips.size(); i++) {
      Clip c = clips.get(i);
      if (c.start() >= start - 1e-6 && c.end() <= end + 1e-6) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The mean over A's clips of view {@code va} (among {@code ca}) of their best similarity (1 - 2 d / bits) among B's
   * of view {@code vb} (among {@code cb}), on packed codes of {@code bits} bits ({@code x} A's, {@code y} B's, one per
   * clip): the learned codes or the check codes.
   */
  private static double agreement(VideoFingerprint a, long[] x, List<Integer> ca, int va, VideoFingerprint b,
      long[] y, List<Integer> cb, int vb, int bits) {
    int words = BitCode.wordsFor(bits);
    double sum = 0;
    int n = 0;
    for (int i : ca) {
      if (a.clips().get(i).view() != va) {
        continue;
      }
      int best = Integer.MAX_VALUE;
      for (int j : cb) {
        if (b.clips().get(j).view() == vb) {
          best = Math.min(best, CheckKeys.distance(x, i, y, j, words));
        }
      }
      if (best != Integer.MAX_VALUE) {
        sum += 1 - 2.0 * best / bits;
        n++;
      }
    }
    return n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
  }
}
