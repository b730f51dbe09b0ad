package org.videosim.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.PipelineSpec;
import org.videosim.StageSpec;
import org.videosim.VideoFingerprint;

/**
 * Scale run of the Spark candidate join ({@link SparkDedup#candidates}) on synthetic clip codes, not a test: videos
 * of {@code clipsPerVideo} random {@code bits}-bit codes in families of {@code copies + 1} (an original and copies
 * with a fraction {@code flip} of the bits flipped), in {@code local[N]}. Prints the wall time of the join (up to
 * the candidate pairs counted), the shuffle bytes written and read (a listener sums every task's metrics), the
 * candidate video pairs and clip pairs within the radius, per clip, and how many of the true copy pairs were found.
 *
 * <p>Run it with {@code benchmarks/scripts/spark_candidate_join.sh clips=1000000} (it builds the class path); the
 * README's "How many versions exist" has the figures. After the timed join it also counts the clip pairs that share
 * a substring key (the join's rows before the Hamming filter; not timed).
 */
public final class CandidateJoinScale {
  private CandidateJoinScale() {}

  /** The synthetic pipeline, with orientable DCT check codes when {@code checks}. */
  static PipelineSpec spec(boolean checks) {
    return checks ? new PipelineSpec(Map.of("encoder", new StageSpec("synthetic", "1", Map.of()),
        "check", new StageSpec("dct", "2", Map.of("grid", "32", "coefficients", "8", "mirror", "none"))))
        : new PipelineSpec(Map.of("encoder", new StageSpec("synthetic", "1", Map.of())));
  }

  /**
   * Runs one scale measurement.
   *
   * @param args {@code key=value}: clips (1000000), clipsPerVideo (15), bits (256), copies (3), flip (0.04), radius
   *     (15), substrings (16), master (local[2]), partitions (shuffle partitions, 64), seed (1), broadcastBytes
   *     (Spark's autoBroadcastJoinThreshold, default -1: no broadcast joins), checks (false: true adds 63-bit check
   *     codes and their join)
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    long clips = Long.parseLong(a.getOrDefault("clips", "1000000"));
    int perVideo = Integer.parseInt(a.getOrDefault("clipsPerVideo", "15"));
    int bits = Integer.parseInt(a.getOrDefault("bits", "256"));
    int copies = Integer.parseInt(a.getOrDefault("copies", "3"));
    double flip = Double.parseDouble(a.getOrDefault("flip", "0.04"));
    int radius = Integer.parseInt(a.getOrDefault("radius", "15"));
    int substrings = Integer.parseInt(a.getOrDefault("substrings", "16"));
    String master = a.getOrDefault("master", "local[2]");
    String partitions = a.getOrDefault("partitions", "64");
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    // checks=true: each video also has 63-bit check codes (flipped like the codes), so the join also runs the check
    // codes' key join in all eight orientations, as with the default svrtn pipeline
    boolean checks = Boolean.parseBoolean(a.getOrDefault("checks", "false"));
    long videos = clips / perVideo;

    SparkSession spark = SparkSession.builder().master(master).appName("videosim-candidate-join-scale")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", partitions)
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        // the generated table's size estimate is tiny, so Spark would broadcast the 16-keys-per-clip side of the
        // join from the driver; with real Parquet input at scale the joins shuffle: measure that
        .config("spark.sql.autoBroadcastJoinThreshold", a.getOrDefault("broadcastBytes", "-1"))
        .getOrCreate();
    AtomicLong written = new AtomicLong();
    AtomicLong read = new AtomicLong();
    AtomicLong spilled = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          written.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
          read.addAndGet(end.taskMetrics().shuffleReadMetrics().totalBytesRead());
          spilled.addAndGet(end.taskMetrics().diskBytesSpilled());
        }
      }
    });
    try {
      // every row carries one tiny real fingerprint: the join reads the code length from the first
      PipelineSpec spec = spec(checks);
      byte[] header = new VideoFingerprint("x", 1, spec, List.of(new Clip(0, 1, 1, BitCode.of(bits,
          new long[BitCode.wordsFor(bits)]))), List.of()).toBytes();
      int words = BitCode.wordsFor(bits);
      Dataset<Row> fingerprints = spark.range(videos).map((MapFunction<Long, Row>) v -> {
        long family = v / (copies + 1);
        Random base = new Random(seed * 1_000_003L + family);
        Random edit = new Random(seed * 7_919L + v);
        boolean copy = v % (copies + 1) != 0;
        List<byte[]> codes = new ArrayList<>(perVideo);
        List<Clip> clipList = new ArrayList<>(perVideo);
        List<BitCode> checkList = new ArrayList<>(perVideo);
        for (int c = 0; c < perVideo; c++) {
          long check = checks ? base.nextLong() >>> 1 : 0; // drawn only with checks: the codes stay as before
          for (int b = 0; checks && copy && b < 63; b++) {
            if (edit.nextDouble() < flip) {
              check ^= 1L << b;
            }
          }
          checkList.add(BitCode.of(63, check));
          long[] w = new long[words];
          for (int i = 0; i < words; i++) {
            w[i] = base.nextLong();
          }
          if (bits % 64 != 0) {
            w[words - 1] &= -1L >>> (64 - bits % 64);
          }
          if (copy) {
            for (int b = 0; b < bits; b++) {
              if (edit.nextDouble() < flip) {
                w[b >>> 6] ^= 1L << (b & 63);
              }
            }
          }
          ByteBuffer buf = ByteBuffer.allocate(words * 8);
          for (long x : w) {
            buf.putLong(x);
          }
          codes.add(buf.array());
          clipList.add(new Clip(c, c + 1, 1, BitCode.of(bits, w)));
        }
        byte[] fp = checks ? new VideoFingerprint("v" + v, perVideo, spec(true), clipList, checkList).toBytes()
            : header; // the spec is made on the executor: it is not serializable
        return RowFactory.create("v" + v, "", null, null, null, null, (double) perVideo, null,
            scala.jdk.javaapi.CollectionConverters.asScala(codes).toSeq(), fp, null);
      }, Encoders.row(SparkDedup.FINGERPRINTS));
      SparkDedup job = SparkDedup.builder().radius(radius).substrings(substrings).build();
      long t0 = System.nanoTime();
      SparkDedup.Candidates c = job.candidates(fingerprints);
      Row totals = c.pairs().agg(count(lit(1)).as("pairs"), sum(col("clips")).as("clip_pairs"),
          sum(org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.expr(
              "floor(cast(substring(a, 2) as bigint) / " + (copies + 1) + ") = floor(cast(substring(b, 2) as bigint) / "
              + (copies + 1) + ") and (cast(substring(a, 2) as bigint) % " + (copies + 1) + " = 0 or "
              + "cast(substring(b, 2) as bigint) % " + (copies + 1) + " = 0)"), 1).otherwise(0)).as("true_pairs"))
          .first();
      double seconds = (System.nanoTime() - t0) / 1e9;
      long pairs = totals.getLong(0);
      long clipPairs = totals.isNullAt(1) ? 0 : totals.getLong(1);
      long truePairs = totals.isNullAt(2) ? 0 : totals.getLong(2);
      // original-copy pairs (two copies of one original differ by about twice the flips: not always a candidate)
      long expectedTrue = (videos / (copies + 1)) * copies + Math.max(0, videos % (copies + 1) - 1);
      // the join's rows before the Hamming filter: per key value, n (n - 1) / 2 clip pairs (not timed)
      int m = substrings;
      int codeBits = bits;
      Dataset<Row> keys = fingerprints.select(org.apache.spark.sql.functions.explode(col("codes")).as("code"))
          .flatMap((org.apache.spark.api.java.function.FlatMapFunction<Row, Integer>) r -> {
            byte[] code = r.getAs(0);
            List<Integer> out = new ArrayList<>(m);
            for (int j = 0, start = 0; j < m; j++) {
              int len = codeBits / m + (j < codeBits % m ? 1 : 0);
              out.add(j << 16 | SparkDedup.substring(code, start, len));
              start += len;
            }
            return out.iterator();
          }, Encoders.INT()).toDF("key");
      Row keyPairs = keys.groupBy("key").agg(count(lit(1)).as("n"))
          .agg(sum(org.apache.spark.sql.functions.expr("n * (n - 1) / 2")).as("pairs")).first();
      double joinRows = keyPairs.isNullAt(0) ? 0 : ((Number) keyPairs.get(0)).doubleValue();
      System.out.printf(Locale.ROOT, "clips %d (%d videos x %d, %d bits%s, families of %d, flip %.3f), radius %d, "
          + "%d substrings, %s, %s shuffle partitions%n", videos * perVideo, videos, perVideo, bits,
          checks ? " with check codes" : "", copies + 1, flip, radius, substrings, master, partitions);
      System.out.printf(Locale.ROOT, "time %.1f s; shuffle written %.1f MB, read %.1f MB, spilled %.1f MB%n", seconds,
          written.get() / 1e6, read.get() / 1e6, spilled.get() / 1e6);
      System.out.printf(Locale.ROOT, "candidate video pairs %d (%.2f per video), original-copy pairs found %d of %d; "
          + "clip pairs within the radius %d (%.3f per clip)%n", pairs, 2.0 * pairs / videos, truePairs,
          expectedTrue, clipPairs, 2.0 * clipPairs / (videos * perVideo));
      System.out.printf(Locale.ROOT, "clip pairs sharing a substring key (the join's rows before the Hamming filter, "
          + "with repeats) %.0f (%.1f per clip)%n", joinRows, 2.0 * joinRows / (videos * perVideo));
    } finally {
      spark.stop();
    }
  }
}
