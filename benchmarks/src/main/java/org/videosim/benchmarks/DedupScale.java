package org.videosim.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Deduplicator;
import org.videosim.dedup.FingerprintStore;

/**
 * Scale of the single-machine dedup on synthetic fingerprints: {@code videos} fingerprints of {@code clips} clips of
 * 256-bit codes, made of originals with random codes and {@code copies} versions of each whose code bits are flipped
 * with probability {@code flip}; grouped at radius {@code radius}. Prints the time of each stage, the heap in use
 * after grouping, and checks that every original's group holds exactly its copies.
 *
 * <pre>
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.DedupScale [videos=100000] [clips=15]
 *     [copies=3] [flip=0.05] [radius=40] [threads=2] [checks=false]
 * </pre>
 */
public final class DedupScale {
  private DedupScale() {}

  public static void main(String[] args) {
    int videos = 100_000;
    int clips = 15;
    int copies = 3;
    double flip = 0.05;
    int radius = 40;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean checks = false;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "videos" -> videos = Integer.parseInt(kv[1]);
        case "clips" -> clips = Integer.parseInt(kv[1]);
        case "copies" -> copies = Integer.parseInt(kv[1]);
        case "flip" -> flip = Double.parseDouble(kv[1]);
        case "radius" -> radius = Integer.parseInt(kv[1]);
        case "threads" -> threads = Integer.parseInt(kv[1]);
        case "checks" -> checks = Boolean.parseBoolean(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    // with checks: 63-bit check codes (orientable DCT signs, as svrtn's) flipped like the codes, found through
    // CheckKeys in every orientation; a fused calibration that trusts them, as svrtn's matcher does
    VideoSimilarity sim = checks ? VideoSimilarity.builder().checkEncoder(org.videosim.FrameEncoder.dctOrientable())
        .matcher(org.videosim.TemporalVideoMatcher.builder().fusedCalibration(1, 6, 0).build()).build()
        : VideoSimilarity.builder().build();
    List<FingerprintStore.Entry> entries = make(sim, videos, clips, copies, flip, 20261125L, checks);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    DedupResult r = Deduplicator.builder(sim).radius(radius).threads(threads).build().group(entries);
    double secs = (System.nanoTime() - t0) / 1e9;
    long peakish = rt.totalMemory() - rt.freeMemory();
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    int wrong = 0;
    for (var g : r.groups()) {
      String base = g.representative().split("-")[0];
      for (var m : g.members()) {
        wrong += m.videoId().split("-")[0].equals(base) ? 0 : 1;
      }
      wrong += g.size() == copies + 1 ? 0 : 1;
    }
    DedupResult.Stats s = r.stats();
    System.out.printf(Locale.ROOT, "%d videos, %d clips of 256 bits%s, radius %d, %d threads: grouped in %.1f s "
        + "(candidates %.1f s, verify %.1f s, groups %.1f s); %d candidate pairs, %d matched, %d groups, %d wrong "
        + "memberships or sizes; heap: fingerprints %.0f MB, %.0f MB in use at the end before GC, %.0f MB after%n",
        s.videos(), s.clips(), checks ? " with check codes" : "", s.radius(), threads, secs, s.candidateSeconds(), s.verifySeconds(), s.groupSeconds(),
        s.candidatePairs(), s.matchedPairs(), r.groups().size(), wrong, before / 1e6, peakish / 1e6, after / 1e6);
  }

  /** Originals {@code o-K} with random codes (and check codes) and copies {@code o-K-c} with flipped bits. */
  static List<FingerprintStore.Entry> make(VideoSimilarity sim, int videos, int clips, int copies, double flip,
      long seed, boolean checks) {
    Random rnd = new Random(seed);
    List<FingerprintStore.Entry> out = new ArrayList<>(videos);
    int originals = videos / (copies + 1);
    for (int o = 0; o < originals; o++) {
      long[][] codes = new long[clips][4];
      for (long[] c : codes) {
        for (int w = 0; w < 4; w++) {
          c[w] = rnd.nextLong();
        }
      }
      long[] checkCodes = new long[clips];
      for (int k = 0; k < clips; k++) {
        checkCodes[k] = rnd.nextLong() >>> 1;
      }
      for (int c = 0; c <= copies; c++) {
        List<Clip> cl = new ArrayList<>(clips);
        List<BitCode> ch = new ArrayList<>(clips);
        for (int k = 0; k < clips; k++) {
          long[] code = codes[k].clone();
          if (c > 0) {
            for (int bit = 0; bit < 256; bit++) {
              if (rnd.nextDouble() < flip) {
                code[bit >>> 6] ^= 1L << (bit & 63);
              }
            }
          }
          cl.add(new Clip(k, k + 1, 2, BitCode.of(256, code)));
          long check = checkCodes[k];
          for (int bit = 0; c > 0 && bit < 63; bit++) {
            if (rnd.nextDouble() < flip) {
              check ^= 1L << bit;
            }
          }
          ch.add(BitCode.of(63, check));
        }
        String id = c == 0 ? "o" + o : "o" + o + "-" + c;
        VideoFingerprint f = checks ? new VideoFingerprint(id, clips, sim.spec(), cl, ch)
            : new VideoFingerprint(id, clips, sim.spec(), cl);
        out.add(new FingerprintStore.Entry(f, 640, 360));
      }
    }
    return out;
  }
}
