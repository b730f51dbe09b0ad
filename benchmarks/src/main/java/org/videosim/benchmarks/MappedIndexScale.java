package org.videosim.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.FingerprintIndex;
import org.videosim.hashing.Indexes;
import org.videosim.hashing.internal.MappedIndex;

/**
 * Scale of the memory-mapped index ({@code Indexes.writeMapped}, {@code Indexes.openMapped}) on synthetic 256-bit
 * codes: writes {@code clips} clips in videos of {@code perVideo} (uniformly random codes), opens the index in a fresh
 * state of this JVM, and answers radius-{@code radius} queries: {@code queries} codes made from stored clips with
 * {@code radius} bits flipped (each must find its clip) and as many random codes. Prints the write time, the files'
 * bytes per clip, the open time, the heap in use after opening, and the query latencies (median, 99th percentile,
 * maximum) with the page cache warm (a first pass) and again (a second pass), and the hits found.
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.MappedIndexScale clips=100000000
 *     [dir=/tmp/mapped-100M] [perVideo=60] [radius=10] [queries=1000] [seed=1] [keep=false]
 * </pre>
 */
public final class MappedIndexScale {
  private MappedIndexScale() {}

  static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("synthetic", "1", Map.of())));
  static final int BITS = 256;

  /** Video {@code v}'s fingerprint: its clips' codes drawn from a generator seeded by the video number. */
  static VideoFingerprint video(long seed, int v, int clips) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + v);
    List<Clip> list = new ArrayList<>(clips);
    for (int i = 0; i < clips; i++) {
      list.add(new Clip(i, i + 1, 1, BitCode.of(BITS, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
          rnd.nextLong())));
    }
    return new VideoFingerprint(String.format(Locale.ROOT, "v%09d", v), clips, SPEC, list);
  }

  public static void main(String[] args) throws Exception {
    long clips = 10_000_000;
    int perVideo = 60;
    int radius = 10;
    int queries = 1000;
    long seed = 1;
    boolean keep = false;
    Path dir = null;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "clips" -> clips = Long.parseLong(kv[1]);
        case "perVideo" -> perVideo = Integer.parseInt(kv[1]);
        case "radius" -> radius = Integer.parseInt(kv[1]);
        case "queries" -> queries = Integer.parseInt(kv[1]);
        case "seed" -> seed = Long.parseLong(kv[1]);
        case "dir" -> dir = Path.of(kv[1]);
        case "keep" -> keep = Boolean.parseBoolean(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (dir == null) {
      dir = Path.of(System.getProperty("java.io.tmpdir"), "videosim-mapped-" + clips);
    }
    int videos = (int) ((clips + perVideo - 1) / perVideo);
    final long s = seed;
    final int per = perVideo;
    final long total = clips;
    if (!Files.exists(dir)) {
      long t0 = System.nanoTime();
      Indexes.writeMapped(dir, new Iterator<VideoFingerprint>() {
        int next;

        @Override
        public boolean hasNext() {
          return next < videos;
        }

        @Override
        public VideoFingerprint next() {
          if (next >= videos) {
            throw new NoSuchElementException();
          }
          int v = next++;
          long left = total - (long) v * per;
          return video(s, v, (int) Math.min(per, left));
        }
      });
      System.out.printf(Locale.ROOT, "write     %,d clips in %,d videos: %.1f s%n", clips, videos,
          (System.nanoTime() - t0) / 1e9);
    } else {
      System.out.printf(Locale.ROOT, "write     skipped: %s exists (delete it to write again)%n", dir);
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t1 = System.nanoTime();
    try (FingerprintIndex index = Indexes.openMapped(dir)) {
      double openS = (System.nanoTime() - t1) / 1e9;
      System.gc();
      long heapAfter = rt.totalMemory() - rt.freeMemory();
      long[] bytes = ((MappedIndex) index).bytes();
      System.out.printf(Locale.ROOT, "open      %.2f s; heap in use +%,d MB (%.1f B per clip, %.0f B per video)%n",
          openS, (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / (double) clips,
          (heapAfter - heapBefore) / (double) videos);
      System.out.printf(Locale.ROOT, "files     search structures %,d MB (%.2f B per clip), fingerprints %,d MB "
          + "(%.2f B per clip); %d substrings%n", bytes[0] >> 20, bytes[0] / (double) clips, bytes[1] >> 20,
          bytes[1] / (double) clips, ((MappedIndex) index).substrings());
      SplittableRandom rnd = new SplittableRandom(seed + 17);
      BitCode[] planted = new BitCode[queries];
      String[] source = new String[queries];
      int[] sourceClip = new int[queries];
      for (int q = 0; q < queries; q++) {
        int v = rnd.nextInt(videos);
        VideoFingerprint f = video(seed, v, (int) Math.min(perVideo, clips - (long) v * perVideo));
        int c = rnd.nextInt(f.clips().size());
        long[] w = f.clips().get(c).code().toLongArray();
        for (int k = 0; k < radius; ) { // exactly radius distinct bits flipped
          int b = rnd.nextInt(BITS);
          long m = 1L << (b & 63);
          if ((w[b >>> 6] & m) == ((f.clips().get(c).code().toLongArray()[b >>> 6]) & m)) {
            w[b >>> 6] ^= m;
            k++;
          }
        }
        planted[q] = BitCode.of(BITS, w);
        source[q] = f.videoId();
        sourceClip[q] = c;
      }
      BitCode[] random = new BitCode[queries];
      for (int q = 0; q < queries; q++) {
        random[q] = BitCode.of(BITS, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
      }
      for (int pass = 1; pass <= 2; pass++) {
        double[] ms = new double[queries];
        int found = 0;
        long hits = 0;
        for (int q = 0; q < queries; q++) {
          long t = System.nanoTime();
          List<IndexHit> h = index.search(planted[q], radius);
          ms[q] = (System.nanoTime() - t) / 1e6;
          hits += h.size();
          final int qq = q;
          found += h.stream().anyMatch(x -> x.videoId().equals(source[qq]) && x.clipIndex() == sourceClip[qq]) ? 1
              : 0;
        }
        double[] msRandom = new double[queries];
        long randomHits = 0;
        for (int q = 0; q < queries; q++) {
          long t = System.nanoTime();
          randomHits += index.search(random[q], radius).size();
          msRandom[q] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf(Locale.ROOT, "pass %d    radius %d: planted queries %s ms (median / p99 / max), %d/%d found "
            + "their clip, %d hits; random queries %s ms, %d hits%n", pass, radius, percentiles(ms), found, queries,
            hits, percentiles(msRandom), randomHits);
      }
    } finally {
      if (!keep) {
        try (var walk = Files.walk(dir)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private static String percentiles(double[] ms) {
    double[] v = ms.clone();
    Arrays.sort(v);
    return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", v[v.length / 2], v[(int) (v.length * 0.99)],
        v[v.length - 1]);
  }
}
