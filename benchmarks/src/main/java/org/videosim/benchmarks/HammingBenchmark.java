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
 * Distance of one code to many codes stored contiguously: the kernel of exact search, against a naive loop over
 * {@link BitCode} objects and against summing the same array (the memory-bandwidth baseline).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HammingBenchmark -p codes=1000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HammingBenchmark {
  @Param({"1000000"})
  public int codes;

  @Param({"64", "256"})
  public int bits;

  long[] store;
  long[] query;
  int[] out;
  BitCode[] objects;
  BitCode queryCode;
  int words;

  @Setup(Level.Trial)
  public void setUp() {
    words = BitCode.wordsFor(bits);
    Random rnd = new Random(42);
    store = new long[codes * words];
    for (int i = 0; i < store.length; i++) {
      store[i] = rnd.nextLong();
    }
    query = new long[words];
    for (int i = 0; i < words; i++) {
      query[i] = rnd.nextLong();
    }
    out = new int[codes];
    objects = new BitCode[Math.min(codes, 1_000_000)];
    for (int i = 0; i < objects.length; i++) {
      long[] w = new long[words];
      System.arraycopy(store, i * words, w, 0, words);
      objects[i] = BitCode.of(bits, w);
    }
    queryCode = BitCode.of(bits, query);
  }

  /** The kernel; returns the sum of distances so that the work cannot be skipped. */
  @Benchmark
  public long kernel() {
    Hamming.distances(query, store, words, codes, out);
    long s = 0;
    for (int i = 0; i < codes; i++) {
      s += out[i];
    }
    return s;
  }

  /** One {@link BitCode#hammingDistance} call per stored object. */
  @Benchmark
  public long naive() {
    long s = 0;
    for (BitCode c : objects) {
      s += c.hammingDistance(queryCode);
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
}
