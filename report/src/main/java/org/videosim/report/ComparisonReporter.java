package org.videosim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.PipelineSpec;
import org.videosim.Score;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.report.internal.EmbeddedImage;
import org.videosim.report.internal.FrameGrabber;
import org.videosim.report.internal.ReportData;
import org.videosim.report.internal.SimilarityGrid;

/**
 * Makes {@link ComparisonReport}s, the visual check of a comparison that lets a person verify a match at a glance.
 *
 * <pre>{@code
 * VideoSimilarity similarity = VideoSimilarity.builder().build();
 * ComparisonReporter reporter = ComparisonReporter.builder(similarity).build();
 * ComparisonReport report = reporter.report(Path.of("original.mp4"), Path.of("upload.mp4"));
 * report.writeHtml(Path.of("report.html"));
 * report.writePng(Path.of("report.png"));
 * }</pre>
 *
 * <p>The similarity matrix is computed from the fingerprints' clip codes as the default matcher does,
 * {@code 1 - 2 * hamming / bits} (reduced by maximum to at most 560 x 560 cells for long videos). For each matched
 * segment, {@link Builder#pairsPerSegment} clip pairs spread evenly along the best monotone alignment path through the
 * segment's box of the matrix are shown side by side, each clip by its middle sampled frame. The frames are decoded with the pipeline's frame source, reading each video once straight through at the pipeline's sample
 * rate (the frames that were fingerprinted), at thumbnail size.
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class ComparisonReporter {
  private static final Logger LOG = LoggerFactory.getLogger(ComparisonReporter.class);
  private static final int MAX_CELLS = 560;
  private static final int MAX_STEP = 4;
  private static final double BIAS = 0.25;
  private static final double GAP = 0.02;
  private static final long MAX_PATH_CELLS = 4_000_000;

  private final VideoSimilarity similarity;
  private final int pairsPerSegment;
  private final int thumbnailWidth;

  private ComparisonReporter(Builder b) {
    this.similarity = b.similarity;
    this.pairsPerSegment = b.pairsPerSegment;
    this.thumbnailWidth = b.thumbnailWidth;
  }

  /** A builder for reports of comparisons made with {@code similarity} (its frame source decodes the frames). */
  public static Builder builder(VideoSimilarity similarity) {
    return new Builder(Objects.requireNonNull(similarity, "similarity"));
  }

  /**
   * Fingerprints both videos, scores them, and makes the report.
   *
   * @throws org.videosim.VideoDecodeException if a video cannot be read
   */
  public ComparisonReport report(Path a, Path b) {
    VideoInput ia = VideoInput.of(Objects.requireNonNull(a, "a"));
    VideoInput ib = VideoInput.of(Objects.requireNonNull(b, "b"));
    VideoFingerprint fa = similarity.fingerprint(ia);
    VideoFingerprint fb = similarity.fingerprint(ib);
    return report(ia, fa, ib, fb, similarity.score(fa, fb));
  }

  /**
   * Makes the report of a comparison already made: {@code score} must be {@code similarity.score(fa, fb)} for the
   * fingerprints of {@code a} and {@code b}. Decodes the frames it shows from the videos.
   *
   * @throws org.videosim.IncompatibleFingerprintException if a fingerprint comes from another pipeline than the
   *     reporter's
   * @throws org.videosim.VideoDecodeException if a video cannot be read
   */
  public ComparisonReport report(VideoInput a, VideoFingerprint fa, VideoInput b, VideoFingerprint fb, Score score) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(fa, "fa");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(fb, "fb");
    Objects.requireNonNull(score, "score");
    similarity.spec().checkCompatibleWith(fa.spec(), "the reporter's pipeline", "fingerprint '" + fa.videoId() + "'");
    similarity.spec().checkCompatibleWith(fb.spec(), "the reporter's pipeline", "fingerprint '" + fb.videoId() + "'");
    long t0 = System.nanoTime();
    List<Clip> ca = fa.clips();
    List<Clip> cb = fb.clips();
    SimilarityGrid grid = new SimilarityGrid(ca, cb, MAX_CELLS, MAX_CELLS);
    List<int[]> chosen = new ArrayList<>(); // {segment, i, j}
    List<MatchedSegment> segments = score.segments();
    for (int k = 0; k < segments.size(); k++) {
      for (int[] ij : pairsOf(segments.get(k), ca, cb, pairsPerSegment)) {
        chosen.add(new int[] {k, ij[0], ij[1]});
      }
    }
    if (segments.isEmpty()) {
      chosen.add(new int[] {-1, grid.bestI(), grid.bestJ()});
    }
    double rate = similarity.sampleRate();
    double[] timesA = chosen.stream().mapToDouble(c -> middleFrame(ca.get(c[1]), rate)).toArray();
    double[] timesB = chosen.stream().mapToDouble(c -> middleFrame(cb.get(c[2]), rate)).toArray();
    int side = thumbnailWidth * 2; // twice the shown size: sharp on high-density screens
    FrameGrabber.Grabbed[] framesA = FrameGrabber.grab(similarity.frameSource(), a, rate, side, timesA);
    FrameGrabber.Grabbed[] framesB = FrameGrabber.grab(similarity.frameSource(), b, rate, side, timesB);
    List<ReportData.Pair> pairs = new ArrayList<>();
    for (int q = 0; q < chosen.size(); q++) {
      int[] c = chosen.get(q);
      FrameGrabber.Grabbed fa2 = framesA[q];
      FrameGrabber.Grabbed fb2 = framesB[q];
      pairs.add(new ReportData.Pair(c[0], c[1], c[2], fa2 == null ? timesA[q] : fa2.time(),
          fb2 == null ? timesB[q] : fb2.time(), SimilarityGrid.similarity(ca.get(c[1]), cb.get(c[2])),
          fa2 == null ? null : new EmbeddedImage(fa2.image(), false),
          fb2 == null ? null : new EmbeddedImage(fb2.image(), false)));
    }
    ReportData data = new ReportData(
        new ReportData.Side(a.description(), fa.duration(), ca),
        new ReportData.Side(b.description(), fb.duration(), cb),
        score, summary(fa.spec(), fa.codeBits()), fa.spec().toString(), fa.codeBits(), grid, pairs);
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format(Locale.ROOT, "report data for %s vs %s: %d x %d clips, %d frame pairs in %.1f ms",
          a.description(), b.description(), ca.size(), cb.size(), pairs.size(), (System.nanoTime() - t0) / 1e6));
    }
    return new ComparisonReport(data, thumbnailWidth);
  }

  /** Time of a clip's middle sampled frame (the later of two): the frame that best stands for the clip. */
  static double middleFrame(Clip c, double sampleRate) {
    return c.start() + Math.ceil((c.frameCount() - 1) / 2.0) / sampleRate;
  }

  /**
   * Up to {@code count} clip pairs (i in A, j in B) of a segment, spread evenly along the best monotone alignment
   * path through the segment's box of the similarity matrix (found much as the matcher does: steps of 1 to
   * {@value #MAX_STEP} clips on each side, each earning its clip similarity above a level for the time it covers,
   * {@value #GAP} per skipped clip). Boxes of more than {@value #MAX_PATH_CELLS} cells fall back to the
   * segment's linear time mapping, each clip of A with the most similar clip of B within a few clips of where the
   * mapping puts it. Package-private for tests.
   */
  static List<int[]> pairsOf(MatchedSegment s, List<Clip> ca, List<Clip> cb, int count) {
    return pairsOf(s, ca, cb, count, MAX_PATH_CELLS);
  }

  static List<int[]> pairsOf(MatchedSegment s, List<Clip> ca, List<Clip> cb, int count, long maxPathCells) {
    int i0 = firstClipAt(ca, s.startA());
    int i1 = lastClipEndingBy(ca, s.endA());
    int j0 = firstClipAt(cb, s.startB());
    int j1 = lastClipEndingBy(cb, s.endB());
    List<int[]> out = new ArrayList<>();
    if (i0 < 0 || i1 < i0 || j0 < 0 || j1 < j0) {
      return out;
    }
    int na = i1 - i0 + 1;
    int nb = j1 - j0 + 1;
    if ((long) na * nb <= maxPathCells) {
      List<int[]> path = bestPath(ca, cb, i0, na, j0, nb, Math.min(count, na));
      int k = Math.min(count, path.size());
      for (int q = 0; q < k; q++) {
        out.add(path.get((int) Math.floor((q + 0.5) * path.size() / k)));
      }
      return out;
    }
    int k = Math.min(count, na);
    int window = Math.max(2, (int) Math.ceil(2.0 * nb / na));
    for (int q = 0; q < k; q++) {
      int i = i0 + (int) Math.floor((q + 0.5) * na / k);
      Clip c = ca.get(i);
      double mid = (c.start() + c.end()) / 2;
      double f = s.durationA() <= 0 ? 0.5 : (mid - s.startA()) / s.durationA();
      double tb = s.startB() + Math.max(0, Math.min(1, f)) * s.durationB();
      int expected = j0;
      for (int j = j0; j <= j1; j++) {
        if (cb.get(j).start() <= tb) {
          expected = j;
        }
      }
      int best = expected;
      double bestSim = -2;
      for (int j = Math.max(j0, expected - window); j <= Math.min(j1, expected + window); j++) {
        double sim = SimilarityGrid.similarity(c, cb.get(j));
        if (sim > bestSim || (sim == bestSim && Math.abs(j - expected) < Math.abs(best - expected))) {
          bestSim = sim;
          best = j;
        }
      }
      out.add(new int[] {i, best});
    }
    return out;
  }

  /**
   * The highest-scoring monotone path of clip pairs within a box of the matrix, in time order. Each step earns its
   * similarity minus a level: the upper quartile of the box's similarities, at least {@value #BIAS}, so that in a
   * video whose scenes all look alike the path keeps to the copy's diagonal instead of wandering over look-alike
   * cells; when that leaves a path shorter than {@code want} clips (a box that is bright all over), the level is
   * {@value #BIAS}, the matcher's.
   */
  private static List<int[]> bestPath(List<Clip> ca, List<Clip> cb, int i0, int na, int j0, int nb, int want) {
    int bits = ca.get(0).code().bits();
    float[] sims = new float[na * nb];
    int[] histogram = new int[bits + 1];
    for (int i = 0; i < na; i++) {
      Clip c = ca.get(i0 + i);
      for (int j = 0; j < nb; j++) {
        int d = c.code().hammingDistance(cb.get(j0 + j).code());
        histogram[d]++;
        sims[i * nb + j] = 1 - 2f * d / bits;
      }
    }
    int d = 0;
    for (long seen = histogram[0]; seen < sims.length / 4; seen += histogram[++d]) {
      // the distance below which a quarter of the box lies
    }
    double upperQuartile = 1 - 2.0 * d / bits;
    List<int[]> path = bestPath(sims, i0, na, j0, nb, Math.max(BIAS, upperQuartile));
    if (path.size() < want && upperQuartile > BIAS) {
      path = bestPath(sims, i0, na, j0, nb, BIAS);
    }
    return path;
  }

  private static List<int[]> bestPath(float[] sims, int i0, int na, int j0, int nb, double bias) {
    float[] score = new float[na * nb];
    int[] back = new int[na * nb];
    int bestCell = 0;
    for (int i = 0; i < na; i++) {
      for (int j = 0; j < nb; j++) {
        int cell = i * nb + j;
        double gain = sims[cell] - bias;
        double best = gain;
        int from = -1;
        for (int di = 1; di <= MAX_STEP && di <= i; di++) {
          for (int dj = 1; dj <= MAX_STEP && dj <= j; dj++) {
            int p = (i - di) * nb + (j - dj);
            double v = score[p] + gain * (di + dj) / 2.0 - GAP * ((di - 1) + (dj - 1));
            if (v > best) {
              best = v;
              from = p;
            }
          }
        }
        score[cell] = (float) best;
        back[cell] = from;
        if (best > score[bestCell]) {
          bestCell = cell;
        }
      }
    }
    List<int[]> path = new ArrayList<>();
    for (int cell = bestCell; cell >= 0; cell = back[cell]) {
      path.add(new int[] {i0 + cell / nb, j0 + cell % nb});
    }
    java.util.Collections.reverse(path);
    return path;
  }

  private static int firstClipAt(List<Clip> clips, double t) {
    for (int i = 0; i < clips.size(); i++) {
      if (clips.get(i).end() > t + 1e-6) {
        return i;
      }
    }
    return -1;
  }

  private static int lastClipEndingBy(List<Clip> clips, double t) {
    for (int i = clips.size() - 1; i >= 0; i--) {
      if (clips.get(i).start() < t - 1e-6) {
        return i;
      }
    }
    return -1;
  }

  /** One line on the pipeline, from its spec: sampling, clips, encoder, aggregator, binarizer, shots, source. */
  static String summary(PipelineSpec spec, int bits) {
    Map<String, StageSpec> st = spec.stages();
    StringBuilder sb = new StringBuilder();
    StageSpec sampling = st.get("sampling");
    if (sampling != null && sampling.parameters().containsKey("rate")) {
      sb.append(sampling.parameters().get("rate")).append(" frames/s, ");
    }
    StageSpec clips = st.get("clips");
    if (clips != null && clips.parameters().containsKey("seconds")) {
      sb.append("clips of at most ").append(clips.parameters().get("seconds")).append(" s, ");
    }
    for (String role : new String[] {"encoder", "aggregator", "binarizer"}) {
      StageSpec s = st.get(role);
      if (s != null) {
        sb.append(role).append(' ').append(s.name()).append('@').append(s.version()).append(", ");
      }
    }
    sb.append(bits).append("-bit codes");
    StageSpec shots = st.get("shots");
    if (shots != null) {
      sb.append(", shots ").append(shots.name()).append('@').append(shots.version());
    }
    StageSpec source = st.get(PipelineSpec.SOURCE_ROLE);
    if (source != null) {
      sb.append(", frames from ").append(source.name()).append('@').append(source.version());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "ComparisonReporter(pairsPerSegment=" + pairsPerSegment + ", thumbnailWidth=" + thumbnailWidth + ")";
  }

  /** Builder of {@link ComparisonReporter}; not thread-safe. */
  public static final class Builder {
    private final VideoSimilarity similarity;
    private int pairsPerSegment = 3;
    private int thumbnailWidth = 176;

    private Builder(VideoSimilarity similarity) {
      this.similarity = similarity;
    }

    /** Frame pairs shown per matched segment, in [1, 32] (default 3; fewer when a segment has fewer clips). */
    public Builder pairsPerSegment(int n) {
      if (n < 1 || n > 32) {
        throw new IllegalArgumentException("pairsPerSegment must be within [1, 32]: " + n);
      }
      this.pairsPerSegment = n;
      return this;
    }

    /** Width of a thumbnail in the report, pixels, in [64, 512] (default 176). */
    public Builder thumbnailWidth(int px) {
      if (px < 64 || px > 512) {
        throw new IllegalArgumentException("thumbnailWidth must be within [64, 512]: " + px);
      }
      this.thumbnailWidth = px;
      return this;
    }

    /**
     * Builds an immutable, thread-safe reporter; can be called again.
     *
     * @return the reporter
     */
    public ComparisonReporter build() {
      return new ComparisonReporter(this);
    }
  }
}
