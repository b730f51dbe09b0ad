package org.videosim.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;
import org.videosim.BitCode;
import org.videosim.hashing.Hamming;

/**
 * Distance of one code to many codes stored contiguously, on one thread: the {@link Hamming} kernels (radius, top-k,
 * all distances into an array; and the radius and distances scans split over the cores) against a naive loop over {@link BitCode} objects and against summing the same
 * {@code long[]} (the memory-bandwidth baseline, measured in the same run). Codes per second = {@code codes} / time;
 * the bandwidth ratio is the baseline's time over the kernel's.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HammingBenchmark
 * java -jar benchmarks/target/benchmarks.jar HammingBenchmark -p codes=1000000 -p bits=256
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class HammingBenchmark {
  @Param({"1000000", "10000000"})
  public int codes;

  @Param({"64", "128", "256", "512"})
  public int bits;

  /** Radius of {@link #radius()}: an eighth of the code length (random codes are 1/2 apart, so almost no hits). */
  int radius;

  long[] store;
  long[] query;
  int[] out;
  int words;

  @Setup(Level.Trial)
  public void setUp() {
    words = BitCode.wordsFor(bits);
    radius = bits / 8;
    Random rnd = new Random(42);
    store = new long[codes * words];
    for (int i = 0; i < store.length; i++) {
      store[i] = rnd.nextLong();
    }
    query = new long[words];
    for (int i = 0; i < words; i++) {
      query[i] = rnd.nextLong();
    }
    System.arraycopy(query, 0, store, (codes / 2) * words, words); // one exact hit in the middle
  }

  /** The radius kernel: codes within {@code bits / 8}, as packed hits. */
  @Benchmark
  public long[] radius() {
    return Hamming.withinRadius(query, store, words, codes, radius);
  }

  /** The radius kernel split over the cores ({@link Hamming#withinRadiusParallel}). */
  @Benchmark
  public long[] radiusParallel() {
    return Hamming.withinRadiusParallel(query, store, words, codes, radius);
  }

  /** The top-k kernel, k = 10. */
  @Benchmark
  public long[] topK() {
    return Hamming.nearest(query, store, words, codes, 10);
  }

  /** Every distance written to an {@code int[]}, then summed (so that the work cannot be skipped). */
  @Benchmark
  public long distances() {
    if (out == null) {
      out = new int[codes];
    }
    Hamming.distances(query, store, words, codes, out);
    long s = 0;
    for (int i = 0; i < codes; i++) {
      s += out[i];
    }
    return s;
  }

  /** As {@link #distances()}, split over the cores ({@link Hamming#distancesParallel}). */
  @Benchmark
  public long distancesParallel() {
    if (out == null) {
      out = new int[codes];
    }
    Hamming.distancesParallel(query, store, words, codes, out);
    long s = 0;
    for (int i = 0; i < codes; i++) {
      s += out[i];
    }
    return s;
  }

  /** Reads the same memory once: the bandwidth baseline. */
  @Benchmark
  public long bandwidth() {
    long s = 0;
    for (long w : store) {
      s += w;
    }
    return s;
  }

  /** The naive reference: one {@link BitCode#hammingDistance} per object, keeping those within the radius. */
  @Benchmark
  public int naive(Objects objects) {
    int n = 0;
    for (BitCode c : objects.codes) {
      if (c.hammingDistance(objects.query) <= radius) {
        n++;
      }
    }
    return n;
  }

  /** The same codes as {@link BitCode} objects, made only for {@link #naive}. */
  @State(Scope.Benchmark)
  public static class Objects {
    BitCode[] codes;
    BitCode query;

    @Setup(Level.Trial)
    public void setUp(HammingBenchmark b) {
      codes = new BitCode[b.codes];
      long[] w = new long[b.words];
      for (int i = 0; i < codes.length; i++) {
        System.arraycopy(b.store, i * b.words, w, 0, b.words);
        codes[i] = BitCode.of(b.bits, w);
      }
      query = BitCode.of(b.bits, b.query);
    }
  }
}
