package org.videosim.benchmarks;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
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
import org.roaringbitmap.RoaringBitmap;

/**
 * Sets of video ordinals, the way videosim uses them (search filters, tombstones, candidate sets, group
 * membership): {@link RoaringBitmap} against what it replaces, a {@code HashSet<Integer>}, a sorted {@code int[]}
 * (binary search) and a {@link BitSet}. {@code contains}: 4,096 membership tests of random ordinals (what a filtered
 * search or a tombstone check does per candidate clip); {@code build}: a set made from {@code size} ordinals in
 * random order (a candidate set, a filter); {@code union}: two such sets joined (group membership of a video in
 * several groups). Bytes per set: {@link #bytes} (printed by {@code main}).
 *
 * <p>Shapes over a universe of {@code universe} ordinals: {@code sparse} (uniformly random), {@code clustered} (runs
 * of 64 consecutive ordinals: one upload batch, one day) and {@code dense} (one range, as the tombstones of a
 * deleted import).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BitmapBenchmark
 * java -cp benchmarks/target/benchmarks.jar org.videosim.benchmarks.BitmapBenchmark   # bytes per set
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class BitmapBenchmark {
  /** Probes per {@link #contains()} call. */
  static final int PROBES = 4096;

  @Param({"roaring", "hashSet", "sortedArray", "bitSet"})
  public String impl;

  @Param({"1000", "100000"})
  public int size;

  @Param({"sparse", "clustered", "dense"})
  public String shape;

  /** Ordinals given out: a collection of ten million videos. */
  @Param({"10000000"})
  public int universe;

  int[] values; // in random order, distinct
  int[] others; // a second set of the same shape, for the union
  int[] probes;
  OrdinalSet set;
  OrdinalSet other;

  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(42);
    values = make(rnd);
    others = make(rnd);
    probes = new int[PROBES];
    for (int i = 0; i < PROBES; i++) { // half of them members, half random ordinals
      probes[i] = i % 2 == 0 ? values[rnd.nextInt(values.length)] : rnd.nextInt(universe);
    }
    set = build();
    other = OrdinalSet.of(impl, others, universe);
  }

  private int[] make(Random rnd) {
    int[] out;
    switch (shape) {
      case "dense" -> {
        int from = rnd.nextInt(universe - size);
        out = new int[size];
        for (int i = 0; i < size; i++) {
          out[i] = from + i;
        }
      }
      case "clustered" -> {
        Set<Integer> s = new HashSet<>();
        while (s.size() < size) {
          int from = rnd.nextInt(universe - 64);
          for (int i = 0; i < 64 && s.size() < size; i++) {
            s.add(from + i);
          }
        }
        out = s.stream().mapToInt(Integer::intValue).toArray();
      }
      case "sparse" -> {
        Set<Integer> s = new HashSet<>();
        while (s.size() < size) {
          s.add(rnd.nextInt(universe));
        }
        out = s.stream().mapToInt(Integer::intValue).toArray();
      }
      default -> throw new IllegalArgumentException("unknown shape " + shape);
    }
    for (int i = out.length - 1; i > 0; i--) { // random order
      int j = rnd.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** How many of the probes the set holds. */
  @Benchmark
  public int contains() {
    int n = 0;
    for (int p : probes) {
      if (set.contains(p)) {
        n++;
      }
    }
    return n;
  }

  /** The set made from the ordinals in random order. */
  @Benchmark
  public OrdinalSet build() {
    return OrdinalSet.of(impl, values, universe);
  }

  /** The union of two sets, as a new set; returns its size. */
  @Benchmark
  public int union() {
    return set.union(other).size();
  }

  /** Heap bytes of a set of the benchmark's values (estimated for {@code HashSet}, see {@link OrdinalSet}). */
  public long bytes() {
    return set.bytes();
  }

  /**
   * Prints the bytes per set for every implementation and shape.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("impl\tsize\tshape\tbytes\tbytes/ordinal");
    for (int size : new int[] {1000, 100_000}) {
      for (String shape : new String[] {"sparse", "clustered", "dense"}) {
        for (String impl : new String[] {"roaring", "hashSet", "sortedArray", "bitSet"}) {
          BitmapBenchmark b = new BitmapBenchmark();
          b.impl = impl;
          b.size = size;
          b.shape = shape;
          b.universe = 10_000_000;
          b.setUp();
          System.out.printf(java.util.Locale.ROOT, "%s\t%d\t%s\t%d\t%.2f%n", impl, size, shape, b.bytes(),
              b.bytes() / (double) size);
        }
      }
    }
  }

  /** The four implementations behind one interface (the benchmark calls through it for all four alike). */
  public abstract static class OrdinalSet {
    abstract boolean contains(int ordinal);

    abstract OrdinalSet union(OrdinalSet other);

    abstract int size();

    abstract long bytes();

    /** The members, sorted. */
    abstract int[] toArray();

    static OrdinalSet of(String impl, int[] values, int universe) {
      return switch (impl) {
        case "roaring" -> {
          RoaringBitmap r = RoaringBitmap.bitmapOf(values);
          r.runOptimize(); // runs of consecutive ordinals as runs, as the index's tombstones
          yield new Roaring(r);
        }
        case "hashSet" -> {
          HashSet<Integer> s = new HashSet<>();
          for (int v : values) {
            s.add(v);
          }
          yield new Hashed(s);
        }
        case "sortedArray" -> {
          int[] a = values.clone();
          Arrays.sort(a);
          yield new Sorted(a);
        }
        case "bitSet" -> {
          BitSet s = new BitSet();
          for (int v : values) {
            s.set(v);
          }
          yield new Bits(s);
        }
        default -> throw new IllegalArgumentException("unknown implementation " + impl);
      };
    }
  }

  static final class Roaring extends OrdinalSet {
    final RoaringBitmap r;

    Roaring(RoaringBitmap r) {
      this.r = r;
    }

    @Override
    boolean contains(int o) {
      return r.contains(o);
    }

    @Override
    OrdinalSet union(OrdinalSet other) {
      RoaringBitmap u = RoaringBitmap.or(r, ((Roaring) other).r);
      u.runOptimize();
      return new Roaring(u);
    }

    @Override
    int size() {
      return r.getCardinality();
    }

    @Override
    long bytes() {
      return r.getLongSizeInBytes();
    }

    @Override
    int[] toArray() {
      return r.toArray();
    }
  }

  static final class Hashed extends OrdinalSet {
    final HashSet<Integer> s;

    Hashed(HashSet<Integer> s) {
      this.s = s;
    }

    @Override
    boolean contains(int o) {
      return s.contains(o);
    }

    @Override
    OrdinalSet union(OrdinalSet other) {
      HashSet<Integer> u = new HashSet<>(s);
      u.addAll(((Hashed) other).s);
      return new Hashed(u);
    }

    @Override
    int size() {
      return s.size();
    }

    /**
     * Estimated with compressed references: a table slot (4 bytes, table at most twice the entries at load factor
     * 0.75), a {@code HashMap.Node} (32 bytes) and an {@code Integer} (16 bytes) per member.
     */
    @Override
    long bytes() {
      int table = Integer.highestOneBit(Math.max(1, (int) (s.size() / 0.75f)) * 2 - 1);
      return 16L + 4L * table + 48L * s.size();
    }

    @Override
    int[] toArray() {
      return s.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
  }

  static final class Sorted extends OrdinalSet {
    final int[] a;

    Sorted(int[] a) {
      this.a = a;
    }

    @Override
    boolean contains(int o) {
      return Arrays.binarySearch(a, o) >= 0;
    }

    @Override
    OrdinalSet union(OrdinalSet other) {
      int[] b = ((Sorted) other).a;
      int[] out = new int[a.length + b.length];
      int i = 0;
      int j = 0;
      int n = 0;
      while (i < a.length || j < b.length) {
        int v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
        out[n++] = v;
        while (i < a.length && a[i] == v) {
          i++;
        }
        while (j < b.length && b[j] == v) {
          j++;
        }
      }
      return new Sorted(Arrays.copyOf(out, n));
    }

    @Override
    int size() {
      return a.length;
    }

    @Override
    long bytes() {
      return 16L + 4L * a.length;
    }

    @Override
    int[] toArray() {
      return a.clone();
    }
  }

  static final class Bits extends OrdinalSet {
    final BitSet s;

    Bits(BitSet s) {
      this.s = s;
    }

    @Override
    boolean contains(int o) {
      return s.get(o);
    }

    @Override
    OrdinalSet union(OrdinalSet other) {
      BitSet u = (BitSet) s.clone();
      u.or(((Bits) other).s);
      return new Bits(u);
    }

    @Override
    int size() {
      return s.cardinality();
    }

    @Override
    long bytes() {
      return 16L + 24L + s.size() / 8; // the long[] words, its header, the BitSet object
    }

    @Override
    int[] toArray() {
      return s.stream().toArray();
    }
  }
}
