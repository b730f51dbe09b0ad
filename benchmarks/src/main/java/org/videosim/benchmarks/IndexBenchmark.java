package org.videosim.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.Index;
import org.videosim.IndexHit;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;
import org.videosim.hashing.Indexes;

/**
 * Latency of one radius search on one thread in an index of {@code clips} random 256-bit codes (videos of 100
 * clips), for the multi-index-hashing index ({@code mih}) and the exact scan ({@code exact}). Queries are stored
 * codes with 0 to {@code radius} bits flipped, so each finds at least its source clip. The set-up prints the heap
 * the index takes per clip (used heap after a full GC, with and without the index).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IndexBenchmark
 * java -jar benchmarks/target/benchmarks.jar IndexBenchmark -p clips=1000000 -p index=mih
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms8g", "-Xmx8g"})
public class IndexBenchmark {
  static final int BITS = 256;
  static final int CLIPS_PER_VIDEO = 100;
  static final PipelineSpec SPEC = new PipelineSpec(Map.of("binarizer", new StageSpec("bench", "1", Map.of())));

  @Param({"1000000", "10000000"})
  public int clips;

  @Param({"5", "10", "20"})
  public int radius;

  @Param({"mih", "exact"})
  public String index;

  Index idx;
  BitCode[] queries;
  int next;
  /** Heap bytes per clip taken by the index, measured in the set-up. */
  double bytesPerClip;

  static Index create(String kind) {
    switch (kind) {
      case "mih":
        return Indexes.multiIndexHashing();
      case "exact":
        return Indexes.exact();
      default:
        throw new IllegalArgumentException("index must be mih or exact: " + kind);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    long before = usedHeap();
    idx = create(index);
    Random rnd = new Random(42);
    List<BitCode> sample = new ArrayList<>();
    for (int v = 0; v * CLIPS_PER_VIDEO < clips; v++) {
      int n = Math.min(CLIPS_PER_VIDEO, clips - v * CLIPS_PER_VIDEO);
      List<Clip> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        BitCode c = BitCode.of(BITS, rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
        list.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, c));
        if (rnd.nextInt(clips / 1024 + 1) == 0) {
          sample.add(c);
        }
      }
      idx.add(new VideoFingerprint("video" + v, n * 0.5, SPEC, list));
    }
    bytesPerClip = (double) (usedHeap() - before) / clips;
    System.out.printf("%n%s index of %d clips: %.1f heap bytes per clip%n", index, clips, bytesPerClip);
    queries = new BitCode[1024];
    for (int i = 0; i < queries.length; i++) {
      long[] w = sample.get(rnd.nextInt(sample.size())).toLongArray();
      for (int f = rnd.nextInt(radius + 1); f > 0; f--) {
        int b = rnd.nextInt(BITS);
        w[b >>> 6] ^= 1L << b;
      }
      queries[i] = BitCode.of(BITS, w);
    }
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    idx.close();
  }

  /** One radius search with the next query. */
  @Benchmark
  public List<IndexHit> search() {
    BitCode q = queries[next++ & (queries.length - 1)];
    return idx.search(q, radius);
  }
}
