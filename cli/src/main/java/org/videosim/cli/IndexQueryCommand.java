package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.IndexHit;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.CheckKeys;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Indexes;
import org.videosim.internal.Tsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videosim index query}: the indexed clips near each clip of a video, then the videos they belong to. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Fingerprints VIDEO and searches the index for each of its clips (clip hits within the radius),",
        "then ranks the indexed videos by how many of the query's clips they match and scores the best ones",
        "against the query with the pipeline's matcher (probability of a copy, matched segments).",
        "With --out, VIDEO may be a directory: every video in it is looked up and the scores are written as a table.",
        "Exit status: 0 done, 1 --exact found a difference, 2 bad usage, 3 the video or the index could not be read."})
final class IndexQueryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "VIDEO", description = "The video to look up, or an image (PNG, JPEG: a "
      + "thumbnail or screenshot, looked up frame to clip; the hits say where in the videos it comes from); with "
      + "--out also a directory of videos.")
  Path video;

  @Option(names = "--out", paramLabel = "FILE.tsv", description = "Write 'query<TAB>reference<TAB>score' for every "
      + "candidate scored (the table 'videosim scores' writes; a pair not written was not found by the index) and "
      + "print one line per query instead of the hits.")
  Path table;

  @Option(names = "--threads", paramLabel = "N", description = "With --out: videos fingerprinted at once (default: "
      + "one per core).")
  Integer threads;

  @Option(names = "--index", required = true, paramLabel = "DIR",
      description = "Index directory: a persistent index (index build) or a mapped one (index publish).")
  Path indexDir;

  @Option(names = "--radius", paramLabel = "R",
      description = "Hamming radius of a clip hit, in bits (default: 24%% of the code length: 15 of the dct "
          + "pipeline's 62 bits, 61 of svrtn's 256; a wider radius finds harder copies and costs search time).")
  Integer radiusOption;

  @Option(names = "--top", defaultValue = "10", paramLabel = "K",
      description = "Clip hits shown per query clip, and candidate videos scored (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--only", split = ",", paramLabel = "ID", description = "Search only these indexed videos (ids "
      + "separated by commas, or the option repeated): the search is filtered by a bitmap "
      + "of their ordinals. Ids the index does not hold are named on stderr.")
  List<String> only;

  /** The ordinals of the --only videos, or null to search every video. */
  private org.roaringbitmap.RoaringBitmap onlyOrdinals;

  @Option(names = "--exact", description = "Also search by a scan of every clip and check that the hits are equal.")
  boolean exact;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Clip hits of one indexed video. */
  private static final class Candidate {
    final String id;
    final Set<Integer> queryClips = new HashSet<>();
    int hits;
    int best = Integer.MAX_VALUE;
    /** Found through the check codes ({@link CheckKeys}), not the clip codes: distances in check-code bits. */
    boolean byChecks;

    Candidate(String id) {
      this.id = id;
    }

    void hit(int queryClip, int distance) {
      queryClips.add(queryClip);
      hits++;
      best = Math.min(best, distance);
    }
  }

  /** Most matched query clips first, then the nearest hit, then the id. */
  private static final Comparator<Candidate> RANK = Comparator.comparingInt((Candidate k) -> -k.queryClips.size())
      .thenComparingInt(k -> k.best).thenComparing(k -> k.id);

  /** A candidate scored against the query. */
  private record Scored(Candidate candidate, VideoFingerprint stored, Score score) {}

  /**
   * The clip hits of a query within the radius, its candidate videos ranked by matched clips, and the best ones
   * scored.
   */
  private record Lookup(int radius, List<List<IndexHit>> hits, int hitCount, List<Candidate> ranked,
      List<Candidate> byChecks, List<Scored> scored, double searchMs) {}

  private Lookup lookUp(FingerprintIndex index, VideoSimilarity sim, VideoFingerprint query) {
    int radius = radiusOption != null ? radiusOption : defaultRadius(query.codeBits());
    long t0 = System.nanoTime();
    List<List<IndexHit>> hits = new ArrayList<>();
    for (Clip c : query.clips()) {
      hits.add(onlyOrdinals == null ? index.search(c.code(), radius)
          : index.search(c.code(), radius, onlyOrdinals));
    }
    List<Candidate> byChecks = checkCandidates(index, query);
    double searchMs = (System.nanoTime() - t0) / 1e6;
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    int total = 0;
    for (int i = 0; i < hits.size(); i++) {
      total += hits.get(i).size();
      for (IndexHit h : hits.get(i)) {
        candidates.computeIfAbsent(h.videoId(), Candidate::new).hit(i, h.distance());
      }
    }
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    ranked.sort(RANK);
    // the --top best of the clip hits, and as many of the check-code hits that those do not hold
    List<Candidate> chosen = new ArrayList<>(ranked.subList(0, Math.min(top, ranked.size())));
    Set<String> ids = new HashSet<>();
    chosen.forEach(k -> ids.add(k.id));
    byChecks.stream().filter(k -> !ids.contains(k.id)).limit(top).forEach(chosen::add);
    List<Scored> scored = new ArrayList<>();
    for (Candidate k : chosen) {
      VideoFingerprint stored = index.fingerprint(k.id).orElseThrow();
      scored.add(new Scored(k, stored, sim.score(stored, query)));
    }
    scored.sort(Comparator.comparingDouble((Scored o) -> -o.score().value()));
    return new Lookup(radius, hits, total, ranked, byChecks, scored, searchMs);
  }

  /**
   * The indexed videos whose check codes match the query's ({@link CheckKeys}), in every orientation: a turned,
   * flipped or hard-compressed copy whose clip codes hit nothing. Ranked as the clip-code candidates; none when the
   * pipeline has no check codes.
   */
  private List<Candidate> checkCandidates(FingerprintIndex index, VideoFingerprint query) {
    if (query.checkBits() == 0) {
      return List.of();
    }
    int bits = query.checkBits();
    int words = BitCode.wordsFor(bits);
    int r = CheckKeys.radiusFor(bits);
    long[][] turned = CheckKeys.orientations(query);
    Map<String, Candidate> found = new LinkedHashMap<>();
    for (int c = 0; c < query.clips().size(); c++) {
      if (CheckKeys.flat(turned[0], c, words)) {
        continue; // a flat frame's code, turned, is no flat frame's
      }
      for (long[] o : turned) {
        for (IndexHit h : index.searchChecks(BitCode.of(bits, Arrays.copyOfRange(o, c * words, (c + 1) * words)), r)) {
          if (onlyOrdinals == null || onlyOrdinals.contains(index.ordinal(h.videoId()))) {
            Candidate k = found.computeIfAbsent(h.videoId(), Candidate::new);
            k.byChecks = true;
            k.hit(c, h.distance());
          }
        }
      }
    }
    List<Candidate> ranked = new ArrayList<>(found.values());
    ranked.sort(RANK);
    return ranked;
  }

  @Override
  public Integer call() throws Exception {
    if (radiusOption != null && radiusOption < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--radius must not be negative: "
          + radiusOption);
    }
    if (top < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--top must be positive: " + top);
    }
    if (table == null && java.nio.file.Files.isDirectory(video)) {
      throw new CommandLine.ParameterException(spec.commandLine(), video + " is a directory: look up its videos "
          + "with --out FILE.tsv");
    }
    if (table != null && exact) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--exact checks the hits of one video: "
          + "leave out --out");
    }
    PrintWriter out = spec.commandLine().getOut();
    VideoSimilarity sim = pipeline.build();
    // shared: a writer may be adding meanwhile; a mapped index (index publish) is read-only anyway
    try (FingerprintIndex index = Indexes.isMapped(indexDir) ? Indexes.openMapped(indexDir)
        : Indexes.openReadOnly(indexDir)) {
      index.spec().ifPresent(s -> s.checkCompatibleWith(sim.spec(), "index '" + indexDir + "'", "this pipeline"));
      if (only != null) {
        onlyOrdinals = index.ordinals(only);
        for (String id : only) {
          if (!index.contains(id)) {
            spec.commandLine().getErr().printf(Locale.ROOT, "--only: the index holds no video '%s'%n", id);
          }
        }
      }
      if (table != null) {
        return lookUpAll(index, sim, out);
      }
      java.awt.image.BufferedImage image = readImage(video, sim.frameSource()
          instanceof org.videosim.ffmpeg.FfmpegFrameSource f ? f.minSide()
          : org.videosim.ffmpeg.FfmpegFrameSource.DEFAULT_MIN_SIDE);
      VideoFingerprint query = image != null
          ? sim.fingerprintFrames(VideoFiles.id(video), List.of(org.videosim.edit.FrameEdits.fromImage(0, 0, image)))
          : sim.fingerprint(video).withVideoId(VideoFiles.id(video));
      Warnings.check(video.toString(), query.warnings(), pipeline.strict);
      spec.commandLine().getErr().print(Warnings.lines(video.toString(), query.warnings()));
      Lookup found = lookUp(index, sim, query);
      out.printf(Locale.ROOT, "query     %s (%.2f s, %s of %d bits)%n", video, query.duration(),
          query.clipsText(), query.codeBits());
      out.printf(Locale.ROOT, "index     %s (%d videos, %d clips), radius %d%n", indexDir, index.videoCount(),
          index.size(), found.radius());
      for (int i = 0; i < found.hits().size(); i++) {
        List<IndexHit> list = found.hits().get(i);
        if (list.isEmpty()) {
          continue;
        }
        Clip c = query.clips().get(i);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "clip %4d %7.2f-%7.2fs  %3d hit(s):", i,
            c.start(), c.end(), list.size()));
        for (int h = 0; h < Math.min(top, list.size()); h++) {
          line.append(h == 0 ? " " : ", ").append(list.get(h));
        }
        out.println(line.append(list.size() > top ? ", ..." : ""));
      }
      out.printf(Locale.ROOT, "clip hits %d in %d videos (%.1f ms for %d searches)%n", found.hitCount(),
          found.ranked().size(), found.searchMs(), query.clips().size());
      if (query.checkBits() > 0) {
        out.printf(Locale.ROOT, "check-code hits (in any orientation) in %d videos%n", found.byChecks().size());
      }
      out.println("videos    (ranked by score; matched = query clips with a hit)");
      for (Scored o : found.scored()) {
        Candidate k = o.candidate();
        Score s = o.score();
        out.printf(Locale.ROOT, "video     %-24s score %s %-12s matched %d/%d clips%s, %d hits, best d=%d%n", k.id,
            Score.digits(s.value()), s.verdict().equals("copy") ? "COPY" : s.verdict(), k.queryClips.size(),
            query.clips().size(), k.byChecks ? " by check codes" : "", k.hits, k.best);
        for (MatchedSegment m : s.segments()) {
          out.printf(Locale.ROOT, "  segment %s %7.2f - %7.2f s  <->  query %7.2f - %7.2f s  similarity %.3f%n",
              o.stored().videoId(), m.startA(), m.endA(), m.startB(), m.endB(), m.similarity());
        }
      }
      if (found.ranked().size() > top) {
        out.printf(Locale.ROOT, "          %d more candidate video(s) not scored (--top %d)%n",
            found.ranked().size() - top, top);
      }
      int status = 0;
      if (exact) {
        status = checkExact(index, only, query, found, out);
      }
      out.flush();
      return status;
    }
  }

  /**
   * The default radius: 24% of the code length. On copies of held-out training videos made with the training edits,
   * searched among the 32 videos they were made from, the source was among the first 10 candidates for 67.6% of
   * the copies at 16% of svrtn's 256 bits, 88.7% at 24% and 93.4% at 28% (4.7 and 9.2 candidates per query at the
   * last two); with the dct pipeline's 62 bits 83.6% at 16% and 90.6% at 24%.
   */
  static int defaultRadius(int bits) {
    return (int) Math.round(0.24 * bits);
  }

  /**
   * Looks up every video of {@link #video} (a directory, or one file) and writes the scored candidates to
   * {@link #table}.
   */
  private int lookUpAll(FingerprintIndex index, VideoSimilarity sim, PrintWriter out) throws Exception {
    OutputFiles.prepare(table);
    PrintWriter err = spec.commandLine().getErr();
    VideoFiles.Unique<Path> unique = VideoFiles.withUniqueIds(
        java.nio.file.Files.isDirectory(video) ? VideoFiles.list(video) : List.of(video), f -> f, err);
    List<Path> files = unique.kept();
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Map<Path, VideoFingerprint> fps = Fingerprinter.fingerprintAll(sim, files, n, err, pipeline.strict);
    double searchMs = 0;
    int radius = 0;
    try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(table,
        java.nio.charset.StandardCharsets.UTF_8)) {
      w.write("query\treference\tscore\n");
      for (Path f : files) {
        VideoFingerprint query = fps.get(f);
        if (query == null) {
          continue; // reported by the fingerprinter
        }
        query = query.withVideoId(VideoFiles.id(f));
        Lookup found = lookUp(index, sim, query);
        radius = found.radius();
        searchMs += found.searchMs();
        for (Scored o : found.scored()) {
          w.write(String.format(Locale.ROOT, "%s\t%s\t%.9f%n", Tsv.field(query.videoId()),
              Tsv.field(o.candidate().id), o.score().value()));
        }
        Scored best = found.scored().isEmpty() ? null : found.scored().get(0);
        out.printf(Locale.ROOT, "%-24s %d candidate(s)%s%n", query.videoId(), found.ranked().size(),
            best == null ? "" : String.format(Locale.ROOT, ", best %s %s%s", best.candidate().id,
                Score.digits(best.score().value()), best.score().verdict().equals("copy") ? " COPY" : ""));
      }
    }
    int failed = files.size() - fps.size();
    out.printf(Locale.ROOT, "wrote %s: %d queries against %d indexed videos (radius %d, %.2f ms of search per "
        + "query)%s%s%n", table, fps.size(), index.videoCount(), radius, fps.isEmpty() ? 0 : searchMs / fps.size(),
        failed > 0 ? "; " + failed + " file(s) failed" : "",
        unique.duplicates() > 0 ? "; " + unique.duplicates() + " duplicate id(s) skipped" : "");
    return failed > 0 || unique.duplicates() > 0 ? Main.EXIT_INPUT : 0;
  }

  /**
   * The file as an image if it is one ImageIO reads (PNG, JPEG, BMP), else null (a video). A GIF is a video here, as
   * for every other command: an animated one read as an image was its first frame alone.
   */
  /** {@code minSide}: the pipeline's frame source's smallest side of a video, which an image query must also have. */
  private static java.awt.image.BufferedImage readImage(Path file, int minSide) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.matches(".*\\.(png|jpe?g|bmp)$")) {
      return null;
    }
    try {
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(file.toFile());
      if (img == null) {
        throw new org.videosim.VideoDecodeException(file.toString(), "imageio", "not a readable image", null);
      }
      if (Math.min(img.getWidth(), img.getHeight()) < minSide) { // as the frame source refuses videos
        throw new org.videosim.VideoDecodeException(file.toString(), "imageio", img.getWidth() + "x"
            + img.getHeight() + " pixels is too small (each side must be at least " + minSide + " pixels)",
            null);
      }
      return img;
    } catch (java.io.IOException e) {
      throw new org.videosim.VideoDecodeException(file.toString(), "imageio", e.getMessage(), e);
    }
  }

  /** Searches an exact scan of the same fingerprints; 0 if every clip's hits are equal, 1 otherwise. */
  private static int checkExact(FingerprintIndex index, List<String> only, VideoFingerprint query, Lookup found,
      PrintWriter out) {
    List<List<IndexHit>> hits = found.hits();
    try (FingerprintIndex scan = Indexes.exact()) {
      for (String id : index.videoIds()) {
        if (only == null || only.contains(id)) {
          scan.add(index.fingerprint(id).orElseThrow());
        }
      }
      int differ = 0;
      int total = 0;
      for (int i = 0; i < query.clips().size(); i++) {
        List<IndexHit> expected = scan.search(query.clips().get(i).code(), found.radius());
        total += expected.size();
        if (!expected.equals(hits.get(i))) {
          differ++;
          out.printf(Locale.ROOT, "exact     clip %d differs: index %s, scan %s%n", i, hits.get(i), expected);
        }
      }
      out.printf(Locale.ROOT, "exact     %s: %d clip hits of %d query clips against a scan of %d clips%n",
          differ == 0 ? "identical" : differ + " clip(s) DIFFER", total, query.clips().size(), scan.size());
      return differ == 0 ? 0 : 1;
    }
  }
}
