package org.videosim.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.videosim.FrameSource;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegFrameSource;
import org.videosim.ffmpeg.HumbleFrameSource;

/**
 * The decode fuzz: mutations of real videos (truncated, bits flipped, container header words overwritten) fingerprinted
 * and scored against their original by each frame source, counting how each ends: a clean error (a
 * {@link VideoSimilarityException}), scored with a decode warning, scored clean, anything else (a bug), or a hang (no
 * answer within 60 s). Prints the counts and the slowest file per source.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.DecodeFuzz ../shared/videos/train [FILES] [SEED]
 * </pre>
 *
 * <p>From the videos in the folder it makes 8 seeds: 4-second, 320-pixel copies of 2 clips in mp4 (H.264), mkv
 * (H.264), webm (VP9) and avi (MPEG-4); then FILES mutations (default 1000), a third of each kind, each read by both
 * sources (Humble only when it is on the class path). {@code -Dsources=ffmpeg} or {@code humble} reads with one,
 * {@code -Dsources=ffmpeg,keyframes} adds FFmpeg reading keyframes only;
 * {@code -Dkeep=true} keeps the mutated files (to reproduce a finding).
 */
public final class DecodeFuzz {
  private DecodeFuzz() {}

  enum Outcome { CLEAN_ERROR, SCORED_WITH_WARNING, SCORED_CLEAN, OTHER_FAILURE, HANG }

  public static void main(String[] args) throws Exception {
    Path src = Path.of(args[0]);
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 16;
    Path work = Files.createTempDirectory("videosim-decode-fuzz-");
    List<Path> seeds = seeds(src, work);
    Map<String, FrameSource> sources = new java.util.LinkedHashMap<>();
    String only = System.getProperty("sources", "ffmpeg,humble");
    if (only.contains("ffmpeg")) {
      sources.put("ffmpeg", FfmpegFrameSource.create());
    }
    if (only.contains("keyframes")) {
      sources.put("ffmpeg-keyframes", FfmpegFrameSource.builder().keyframesOnly(true).build());
    }
    try {
      if (only.contains("humble")) {
        sources.put("humble", HumbleFrameSource.create());
      }
    } catch (IllegalStateException e) {
      System.out.println("humble: not on the class path, skipped");
    }
    Random rnd = new Random(seed);
    List<Path> mutants = new ArrayList<>();
    String[] kindNames = {"truncated", "bits flipped", "headers overwritten"};
    int[] kinds = new int[3];
    for (int i = 0; i < files; i++) {
      Path s = seeds.get(i % seeds.size());
      byte[] b = Files.readAllBytes(s);
      int kind = i % 3;
      kinds[kind]++;
      byte[] m = switch (kind) {
        case 0 -> Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
        case 1 -> flipBits(b, 1 + rnd.nextInt(64), rnd);
        default -> editHeaders(b, 1 + rnd.nextInt(8), rnd);
      };
      String name = s.getFileName().toString();
      mutants.add(Files.write(work.resolve(String.format(Locale.ROOT, "m%04d-%s", i, name)), m));
    }
    System.out.printf(Locale.ROOT, "decode fuzz: %d files from %d seeds (seed %d): %d truncated, %d with bits "
        + "flipped, %d with container header words overwritten%n", files, seeds.size(), seed, kinds[0], kinds[1],
        kinds[2]);
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "decode-fuzz");
      t.setDaemon(true);
      return t;
    });
    for (Map.Entry<String, FrameSource> e : sources.entrySet()) {
      VideoSimilarity sim = VideoSimilarity.builder().frameSource(e.getValue()).build();
      Map<Path, VideoFingerprint> originals = new java.util.HashMap<>();
      for (Path s : seeds) {
        originals.put(s, sim.fingerprint(s));
      }
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      List<Map<Outcome, Integer>> byKind = List.of(new EnumMap<>(Outcome.class), new EnumMap<>(Outcome.class),
          new EnumMap<>(Outcome.class));
      double worst = 0;
      String worstFile = "";
      int copies = 0;
      List<String> bugs = new ArrayList<>();
      for (int i = 0; i < mutants.size(); i++) {
        Path m = mutants.get(i);
        VideoFingerprint original = originals.get(seeds.get(i % seeds.size()));
        long t0 = System.nanoTime();
        Future<Score> f = pool.submit(() -> sim.score(original, sim.fingerprint(m)));
        Outcome o;
        Score score = null;
        try {
          score = f.get(60, TimeUnit.SECONDS);
          o = score.warnings().isEmpty() ? Outcome.SCORED_CLEAN : Outcome.SCORED_WITH_WARNING;
        } catch (TimeoutException ex) {
          o = Outcome.HANG;
          f.cancel(true);
          bugs.add(m.getFileName() + ": no answer in 60 s");
          pool.shutdownNow();
          pool = Executors.newSingleThreadExecutor();
        } catch (java.util.concurrent.ExecutionException ex) {
          if (ex.getCause() instanceof VideoSimilarityException) {
            o = Outcome.CLEAN_ERROR;
          } else {
            o = Outcome.OTHER_FAILURE;
            bugs.add(m.getFileName() + ": " + ex.getCause());
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (secs > worst) {
          worst = secs;
          worstFile = m.getFileName().toString();
        }
        if (score != null && score.isMatch()) {
          copies++;
        }
        counts.merge(o, 1, Integer::sum);
        byKind.get(i % 3).merge(o, 1, Integer::sum);
      }
      System.out.printf(Locale.ROOT, "%s: %d files: %d clean errors, %d scored with a warning, %d scored clean "
          + "(%d of the scored still a copy of their original), %d other failures, %d hangs; worst time %.2f s (%s)%n",
          e.getKey(), mutants.size(), counts.getOrDefault(Outcome.CLEAN_ERROR, 0),
          counts.getOrDefault(Outcome.SCORED_WITH_WARNING, 0), counts.getOrDefault(Outcome.SCORED_CLEAN, 0), copies,
          counts.getOrDefault(Outcome.OTHER_FAILURE, 0), counts.getOrDefault(Outcome.HANG, 0), worst, worstFile);
      for (int k = 0; k < 3; k++) {
        Map<Outcome, Integer> c = byKind.get(k);
        System.out.printf(Locale.ROOT, "  %s, %s: %d clean errors, %d scored with a warning, %d scored clean%n",
            e.getKey(), kindNames[k], c.getOrDefault(Outcome.CLEAN_ERROR, 0),
            c.getOrDefault(Outcome.SCORED_WITH_WARNING, 0), c.getOrDefault(Outcome.SCORED_CLEAN, 0));
      }
      for (String b : bugs) {
        System.out.println("  " + e.getKey() + " BUG " + b);
      }
    }
    if (Boolean.getBoolean("keep")) {
      System.out.println("kept the files in " + work);
    } else {
      try (Stream<Path> s = Files.list(work)) {
        s.forEach(p -> p.toFile().delete());
      }
      Files.deleteIfExists(work);
    }
    System.exit(0);
  }

  /** 4-second, 320-pixel copies of 2 videos of {@code src} in 4 containers. */
  private static List<Path> seeds(Path src, Path work) throws IOException {
    List<Path> videos;
    try (Stream<Path> s = Files.list(src)) {
      videos = s.filter(p -> p.toString().matches(".*\\.(mp4|mkv|webm|avi|mov)$")).sorted().toList();
    }
    if (videos.size() < 2) {
      throw new IllegalArgumentException("need at least 2 videos in " + src);
    }
    List<Path> seeds = new ArrayList<>();
    for (Path v : List.of(videos.get(0), videos.get(videos.size() / 2))) {
      for (String ext : new String[] {"mp4", "mkv", "webm", "avi"}) {
        Path out = work.resolve("seed-" + seeds.size() + "." + ext);
        EditedCopy.of(v).trim(0, 4).maxSide(320).writeTo(out);
        seeds.add(out);
      }
    }
    return seeds;
  }

  private static byte[] flipBits(byte[] b, int n, Random rnd) {
    byte[] m = b.clone();
    for (int k = 0; k < n; k++) {
      m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    return m;
  }

  /** Overwrites {@code n} 4-byte words in the first or last 8 kB (where containers keep their headers and index). */
  private static byte[] editHeaders(byte[] b, int n, Random rnd) {
    byte[] m = b.clone();
    ByteBuffer bb = ByteBuffer.wrap(m);
    int span = Math.min(8192, m.length - 4);
    int[] extremes = {0, 1, 0x7fffffff, 0xffffffff, 0x80000000};
    for (int k = 0; k < n; k++) {
      int at = rnd.nextBoolean() ? rnd.nextInt(span) : m.length - 4 - rnd.nextInt(span);
      bb.putInt(at, rnd.nextBoolean() ? extremes[rnd.nextInt(extremes.length)] : rnd.nextInt());
    }
    return m;
  }
}
