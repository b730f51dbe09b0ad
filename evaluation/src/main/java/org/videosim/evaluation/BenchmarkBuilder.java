package org.videosim.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.ShotDetector;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.FfmpegFrameSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a benchmark from a folder of source videos: cuts them into stretches, makes some stretches references,
 * and writes for each transformation kind a number of transformed copies of references, plus distractors (other
 * moments of the references' own shoots, footage of other units, flat and low-content clips) that get the same
 * transformations. Everything is drawn from one seed before anything is rendered, so a benchmark is rebuilt byte for
 * byte from its seed and the same sources, whatever the number of threads.
 *
 * <p>Content units are the part of a file name before {@code __} (the whole name without extension if there is
 * none). {@link #units} restricts the benchmark to some units, so that it holds out whole units from whatever was
 * fitted on the others. Not thread-safe (a builder).
 */
public final class BenchmarkBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkBuilder.class);
  /**
   * Stretches of a long source: 5-12 s with gaps of 1-2 s, so that a shoot of half a minute gives several: other
   * moments of the same shoot are the hardest negatives.
   */
  private static final double MIN_STRETCH = 5;
  private static final double MAX_STRETCH = 12;
  /** Shortest source stretch that can be a reference. */
  private static final double MIN_REFERENCE = 3;
  /** Bit rate of the references (bits per second): better than the queries', as originals are. */
  private static final int REFERENCE_BIT_RATE = 1_000_000;
  /** Longer side of the footage that queries are made from. */
  private static final int WORK_SIDE = 480;

  private final Path videos;
  private long seed = 20261205;
  private Set<String> units;
  private int perKind = 6;
  private int maxStretchesPerVideo = 4;
  private double distractorUnitShare = 0.1;
  private Set<String> distractorOnly = Set.of();
  private int flatDistractors = 12;
  private int threads = Runtime.getRuntime().availableProcessors();
  private List<Transforms.Kind> kinds = Transforms.all();
  private FrameSource frameSource = FfmpegFrameSource.create();
  private volatile int planned;

  private BenchmarkBuilder(Path videos) {
    this.videos = videos;
  }

  /** A builder over the videos of a folder. */
  public static BenchmarkBuilder from(Path videos) {
    return new BenchmarkBuilder(Objects.requireNonNull(videos, "videos"));
  }

  /** The seed everything is drawn from (default 20261205). */
  public BenchmarkBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Only the videos of these content units (default: all). */
  public BenchmarkBuilder units(Collection<String> units) {
    this.units = Set.copyOf(Objects.requireNonNull(units, "units"));
    return this;
  }

  /** Copies made for each transformation kind (default 6). */
  public BenchmarkBuilder perKind(int n) {
    if (n < 1 || n > 1000) {
      throw new IllegalArgumentException("perKind must be within [1, 1000]: " + n);
    }
    this.perKind = n;
    return this;
  }

  /** The transformation kinds to use (default: all of {@link Transforms#all()}). */
  public BenchmarkBuilder kinds(List<Transforms.Kind> kinds) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no transformation kinds");
    }
    this.kinds = List.copyOf(kinds);
    return this;
  }

  /**
   * Units whose footage only makes distractors and fillers, never references: e.g. static cameras (surveillance,
   * traffic), whose other moments look the same and would make ill-posed negatives.
   */
  public BenchmarkBuilder distractorOnly(Collection<String> units) {
    this.distractorOnly = Set.copyOf(Objects.requireNonNull(units, "units"));
    return this;
  }

  /** Stretches taken from one long source video, at most (default 4). */
  public BenchmarkBuilder maxStretchesPerVideo(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxStretchesPerVideo must be positive: " + n);
    }
    this.maxStretchesPerVideo = n;
    return this;
  }

  /**
   * Share of the other units drawn to make only distractors and fillers, never references (default 0.1): footage
   * that no reference shares anything with.
   */
  public BenchmarkBuilder distractorUnitShare(double share) {
    if (!(share >= 0 && share < 1)) {
      throw new IllegalArgumentException("distractorUnitShare must be within [0, 1): " + share);
    }
    this.distractorUnitShare = share;
    return this;
  }

  /** Flat and low-content distractor clips (black, solid colour, slides; default 12). */
  public BenchmarkBuilder flatDistractors(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("flatDistractors must not be negative: " + n);
    }
    this.flatDistractors = n;
    return this;
  }

  /** Videos rendered at once (default: one per core). */
  public BenchmarkBuilder threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be positive: " + n);
    }
    this.threads = n;
    return this;
  }

  /** Where source frames are read (default {@link FfmpegFrameSource#create()}). */
  public BenchmarkBuilder frameSource(FrameSource source) {
    this.frameSource = Objects.requireNonNull(source, "source");
    return this;
  }

  /** Videos the running (or last) {@link #build} writes: known once the draw is done, before the first is written. */
  public int plannedVideos() {
    return planned;
  }

  /** The content unit of a video file: the part of its name before {@code __}, or its name without extension. */
  public static String unitOf(Path video) {
    String name = video.getFileName().toString();
    int sep = name.indexOf("__");
    if (sep > 0) {
      return name.substring(0, sep);
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** A stretch of a source video. */
  private record Stretch(Path video, String unit, double start, double end) {
    double duration() {
      return end - start;
    }

    String label() {
      return String.format(Locale.ROOT, "%s[%.2f-%.2f]", video.getFileName(), start, end);
    }
  }

  /** One video to write: a reference (transform null) or a query. */
  private record Job(String id, Path file, Stretch source, String flatKind, Transform transform, String reference,
      String negative, List<Stretch> others, long seed) {}

  /**
   * Draws and writes the benchmark into {@code out} ({@code refs/}, {@code queries/}, {@code manifest.json},
   * {@code gt.tsv}).
   *
   * @param progress told the number of videos written so far (from worker threads), may be null
   * @return the benchmark's manifest
   */
  public Benchmark build(Path out, IntConsumer progress) {
    Objects.requireNonNull(out, "out");
    Random rnd = new Random(seed);
    Map<String, List<Stretch>> byUnit = stretches(rnd);
    if (byUnit.size() < 2) {
      throw new IllegalArgumentException("need videos of at least two content units in " + videos + ", found "
          + byUnit.keySet());
    }
    // Units whose footage only makes distractors and fillers: those named so, then a share of the others drawn.
    List<String> drawable = new ArrayList<>(byUnit.keySet());
    drawable.removeAll(distractorOnly);
    Collections.shuffle(drawable, rnd);
    List<String> unitNames = new ArrayList<>(byUnit.keySet().stream().filter(distractorOnly::contains).toList());
    int distractorUnits = unitNames.size() + (int) Math.round(distractorUnitShare * drawable.size());
    unitNames.addAll(drawable);
    Set<String> refUnits = new HashSet<>();
    List<Stretch> refs = new ArrayList<>();
    List<Stretch> moments = new ArrayList<>(); // other moments of reference units: same-shoot distractors
    List<Stretch> unrelated = new ArrayList<>(); // footage of units without references
    for (int i = 0; i < unitNames.size(); i++) {
      List<Stretch> s = new ArrayList<>(byUnit.get(unitNames.get(i)));
      Collections.shuffle(s, rnd);
      List<Stretch> usable = s.stream().filter(x -> x.duration() >= MIN_REFERENCE).toList();
      if (i < distractorUnits || usable.isEmpty()) {
        unrelated.addAll(s);
        continue;
      }
      int n = Math.min(3, Math.max(1, (usable.size() + 1) / 2));
      List<Stretch> chosen = usable.subList(0, n);
      refs.addAll(chosen);
      refUnits.add(unitNames.get(i));
      for (Stretch x : s) {
        if (!chosen.contains(x)) {
          moments.add(x);
        }
      }
    }
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("no source stretch of at least " + MIN_REFERENCE + " s in " + videos);
    }
    List<Stretch> fillers = new ArrayList<>(moments);
    fillers.addAll(unrelated);
    if (fillers.isEmpty()) {
      throw new IllegalArgumentException("every source stretch became a reference: nothing left for fillers and "
          + "distractors in " + videos);
    }

    List<Job> refJobs = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      String id = String.format(Locale.ROOT, "R%03d", i + 1);
      refJobs.add(new Job(id, out.resolve("refs").resolve(id + ".mp4"), refs.get(i), null, null, null, null,
          List.of(), 0));
    }
    // Queries: each kind copies perKind references, cycling through them so that all are used about equally.
    List<Job> queryPlan = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (Transforms.Kind kind : kinds) {
      for (int k = 0; k < perKind; k++) {
        if (order.isEmpty()) {
          for (int i = 0; i < refs.size(); i++) {
            order.add(i);
          }
          Collections.shuffle(order, rnd);
        }
        int r = order.remove(order.size() - 1);
        Transform t = kind.draw(rnd);
        queryPlan.add(new Job(null, null, refs.get(r), null, t, refJobs.get(r).id(), null,
            others(rnd, fillers, refs.get(r).unit()), rnd.nextLong()));
      }
    }
    // Distractors, transformed like the copies so that "looks edited" is no signal.
    for (Stretch m : moments) {
      Transform t = kinds.get(rnd.nextInt(kinds.size())).draw(rnd);
      queryPlan.add(new Job(null, null, m, null, t, null, "same_unit", others(rnd, fillers, m.unit()),
          rnd.nextLong()));
    }
    for (Stretch u : unrelated) {
      Transform t = kinds.get(rnd.nextInt(kinds.size())).draw(rnd);
      queryPlan.add(new Job(null, null, u, null, t, null, "other_unit", others(rnd, fillers, u.unit()),
          rnd.nextLong()));
    }
    for (int i = 0; i < flatDistractors; i++) {
      String kind = Footage.FLAT_KINDS.get(i % Footage.FLAT_KINDS.size());
      Transform t = kinds.get(rnd.nextInt(kinds.size())).draw(rnd);
      Stretch flat = new Stretch(Path.of(kind), "flat", 0, Transforms.uniform(rnd, 6, 15));
      queryPlan.add(new Job(null, null, flat, kind, t, null, "flat", others(rnd, fillers, "flat"), rnd.nextLong()));
    }
    Collections.shuffle(queryPlan, rnd);
    List<Job> queryJobs = new ArrayList<>();
    for (int i = 0; i < queryPlan.size(); i++) {
      Job j = queryPlan.get(i);
      String id = String.format(Locale.ROOT, "Q%04d", i + 1);
      queryJobs.add(new Job(id, out.resolve("queries").resolve(id + ".mp4"), j.source(), j.flatKind(), j.transform(),
          j.reference(), j.negative(), j.others(), j.seed()));
    }
    LOG.info("benchmark of {} units: {} references, {} queries ({} kinds x {} copies, {} same-unit, {} other-unit, "
        + "{} flat distractors)", byUnit.size(), refJobs.size(), queryJobs.size(), kinds.size(), perKind,
        moments.size(), unrelated.size(), flatDistractors);

    planned = refJobs.size() + queryJobs.size();
    List<Object> results = render(out, refJobs, queryJobs, progress);
    List<Benchmark.Reference> references = new ArrayList<>();
    List<Benchmark.Query> queries = new ArrayList<>();
    for (Object o : results) {
      if (o instanceof Benchmark.Reference r) {
        references.add(r);
      } else {
        queries.add((Benchmark.Query) o);
      }
    }
    Benchmark b = new Benchmark(Benchmark.FORMAT, seed, List.copyOf(new TreeMap<>(byUnit).keySet()), references,
        queries);
    b.write(out);
    return b;
  }

  /** Three stretches of unrelated footage (other units than {@code unit}, different ones where possible). */
  private static List<Stretch> others(Random rnd, List<Stretch> fillers, String unit) {
    List<Stretch> pool = fillers.stream().filter(s -> !s.unit().equals(unit)).toList();
    if (pool.isEmpty()) {
      pool = fillers;
    }
    List<Stretch> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int k = 0; k < Transform.OTHERS; k++) {
      Stretch pick = pool.get(rnd.nextInt(pool.size()));
      for (int tries = 0; tries < 8 && used.contains(pick.unit()); tries++) {
        pick = pool.get(rnd.nextInt(pool.size()));
      }
      used.add(pick.unit());
      out.add(pick);
    }
    return out;
  }

  /** The source videos cut into stretches, by unit (sorted by file name, so the draw does not depend on listing). */
  private Map<String, List<Stretch>> stretches(Random rnd) {
    List<Path> files;
    try (Stream<Path> s = Files.list(videos)) {
      files = s.filter(Files::isRegularFile).filter(p -> isVideo(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + videos, e);
    }
    Map<String, List<Stretch>> byUnit = new TreeMap<>();
    for (Path f : files) {
      String unit = unitOf(f);
      if (units != null && !units.contains(unit)) {
        continue;
      }
      double duration;
      try (FrameReader r = frameSource.open(VideoInput.of(f), new FrameRequest(1, 64))) {
        duration = r.info().durationSeconds();
      }
      if (!(duration >= 1) || duration > 24 * 3600) {
        LOG.warn("skipping {}: implausible duration {}", f, duration);
        continue;
      }
      List<Stretch> cut = new ArrayList<>();
      if (duration <= MAX_STRETCH) {
        cut.add(new Stretch(f, unit, 0, duration));
      } else {
        double t = Transforms.uniform(rnd, 0, 2);
        while (t + MIN_STRETCH <= duration) {
          double len = Math.min(duration - t, Transforms.uniform(rnd, MIN_STRETCH, MAX_STRETCH));
          cut.add(new Stretch(f, unit, t, t + len));
          t += len + Transforms.uniform(rnd, 1.5, 3);
        }
        Collections.shuffle(cut, rnd);
        cut = new ArrayList<>(cut.subList(0, Math.min(maxStretchesPerVideo, cut.size())));
      }
      byUnit.computeIfAbsent(unit, u -> new ArrayList<>()).addAll(cut);
    }
    if (units != null && !byUnit.keySet().containsAll(units)) {
      Set<String> missing = new HashSet<>(units);
      missing.removeAll(byUnit.keySet());
      throw new IllegalArgumentException("no usable video of the units " + new java.util.TreeSet<>(missing) + " in "
          + videos);
    }
    return byUnit;
  }

  static boolean isVideo(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Stream.of(".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v", ".mpg", ".mpeg", ".ts").anyMatch(n::endsWith);
  }

  /** Renders every job on {@link #threads} threads; returns references and queries in the jobs' order. */
  private List<Object> render(Path out, List<Job> refJobs, List<Job> queryJobs, IntConsumer progress) {
    try {
      Files.createDirectories(out.resolve("refs"));
      Files.createDirectories(out.resolve("queries"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    List<Job> all = new ArrayList<>(refJobs);
    all.addAll(queryJobs);
    return Parallel.map(all, threads, progress,
        j -> j.transform() == null ? renderReference(out, j) : renderQuery(out, j));
  }

  private Footage load(Stretch s, double fps) {
    return Footage.load(frameSource, s.video(), s.start(), s.end(), fps, WORK_SIDE);
  }

  private Benchmark.Reference renderReference(Path out, Job j) {
    Footage f = load(j.source(), QueryRenderer.FRAME_RATE);
    Transform identity = Transform.encoding("reference", Group.OTHERS, "reference", 0, REFERENCE_BIT_RATE, 0);
    List<Footage> none = List.of(f, f, f);
    QueryRenderer.Rendered r = QueryRenderer.render(identity, f, none, j.seed(), j.file());
    ShotDetector.Session shots = ShotDetector.histogram().newSession();
    for (double t = 0; t < f.duration(); t += 0.5) {
      Frame fr = f.at(t);
      shots.accept(new Frame((int) Math.round(t * 2), t, fr.width(), fr.height(), fr.rgb()));
    }
    return new Benchmark.Reference(j.id(), out.relativize(j.file()).toString(), j.source().video().getFileName()
        .toString(), j.source().unit(), j.source().start(), r.duration(), shots.boundaries().size() + 1);
  }

  private Benchmark.Query renderQuery(Path out, Job j) {
    Footage copy = j.flatKind() != null
        ? Footage.flat(j.flatKind(), j.source().duration(), 480, 270, j.seed())
        : load(j.source(), QueryRenderer.FRAME_RATE);
    List<Footage> others = new ArrayList<>();
    boolean used = j.transform().usesOthers(copy.duration());
    for (Stretch o : j.others()) {
      // at most 20 s of each, at 12 frames per second: they loop; decoded only when the transformation shows them
      others.add(used ? Footage.load(frameSource, o.video(), o.start(), Math.min(o.end(), o.start() + 20), 12,
          WORK_SIDE) : copy);
    }
    QueryRenderer.Rendered r = QueryRenderer.render(j.transform(), copy, others, j.seed(), j.file());
    Transform t = j.transform();
    return new Benchmark.Query(j.id(), out.relativize(j.file()).toString(), t.kind(), t.group().label(),
        t.description(), j.reference(), j.negative(), j.flatKind() != null ? j.flatKind()
            : j.source().video().getFileName().toString(), j.source().unit(), j.source().start(),
        used ? j.others().stream().map(Stretch::label).toList() : List.of(), j.reference() != null ? r.segments() : List.of(),
        r.duration());
  }
}
