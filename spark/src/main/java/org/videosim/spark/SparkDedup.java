package org.videosim.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.Score;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.videosim.dedup.ContentGraph;
import org.videosim.dedup.ContentKey;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.DedupSettings;
import org.videosim.dedup.Link;
import org.videosim.dedup.Links;
import org.videosim.dedup.Relation;
import org.videosim.dedup.Span;
import org.videosim.dedup.VersionGroup;
import org.videosim.hashing.CheckKeys;

/**
 * The dedup job on Apache Spark: the stages of {@code videosim-dedup}'s {@code Deduplicator} as DataFrame
 * operations, each callable alone, {@code Dataset<Row>} in and out.
 *
 * <ol>
 *   <li>{@link #fingerprint} / {@link #fingerprintBinaryFiles}: one row per video ({@link #FINGERPRINTS}), the
 *       pipeline built once per executor ({@link Pipelines}); a file that cannot be read is a row with an
 *       {@code error}, never a failed job.
 *   <li>{@link #candidates}: multi-index-hashing substring keys (each code cut into {@link Builder#substrings}
 *       substrings; key = substring number and value): explode, cap keys held by more than
 *       {@link Builder#keyCap} clips (static or black frames; their number is reported), join on the key, keep clip
 *       pairs within {@link Builder#radius} by the full Hamming distance, at most {@link Builder#maxCandidates} per
 *       video. A pair within radius {@code r < substrings} shares a key (pigeonhole), so the pairs are then exactly
 *       those of the single-machine index search; wider radii find the pairs that share a key.
 *   <li>{@link #verify}: the matcher on each candidate pair, the {@link Links} of the pairs it calls copies.
 *   <li>{@link #groups}: the spans cut as {@link ContentGraph} does (a few rounds of per-video work), nodes per video
 *       and view, connected components by iterative min-label propagation in DataFrames, then per group the
 *       representative and relations ({@link VersionGroup#of}); the {@code groups.tsv} rows of
 *       {@link DedupResult#writeTsv}.
 * </ol>
 *
 * <p>Nothing that grows with the corpus is collected to the driver. Immutable; the stages may run concurrently.
 */
public final class SparkDedup implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The fingerprints table: one row per video. */
  public static final StructType FINGERPRINTS = new StructType(new StructField[] {
    DataTypes.createStructField("video_id", DataTypes.StringType, false),
    DataTypes.createStructField("path", DataTypes.StringType, false),
    DataTypes.createStructField("size", DataTypes.LongType, true),
    DataTypes.createStructField("sha256", DataTypes.StringType, true),
    DataTypes.createStructField("width", DataTypes.IntegerType, true),
    DataTypes.createStructField("height", DataTypes.IntegerType, true),
    DataTypes.createStructField("duration", DataTypes.DoubleType, true),
    DataTypes.createStructField("spec", DataTypes.StringType, true),
    DataTypes.createStructField("codes", DataTypes.createArrayType(DataTypes.BinaryType), true),
    DataTypes.createStructField("fingerprint", DataTypes.BinaryType, true),
    DataTypes.createStructField("error", DataTypes.StringType, true)});

  /** The links table: one row per verified shared segment. */
  public static final StructType LINKS = new StructType(new StructField[] {
    DataTypes.createStructField("a", DataTypes.StringType, false),
    DataTypes.createStructField("a_view", DataTypes.IntegerType, false),
    DataTypes.createStructField("a_start", DataTypes.DoubleType, false),
    DataTypes.createStructField("a_end", DataTypes.DoubleType, false),
    DataTypes.createStructField("b", DataTypes.StringType, false),
    DataTypes.createStructField("b_view", DataTypes.IntegerType, false),
    DataTypes.createStructField("b_start", DataTypes.DoubleType, false),
    DataTypes.createStructField("b_end", DataTypes.DoubleType, false),
    DataTypes.createStructField("similarity", DataTypes.DoubleType, false)});

  /** The groups table: one row per (video, group) membership, as in {@code groups.tsv}, and the row's text. */
  public static final StructType GROUPS = new StructType(new StructField[] {
    DataTypes.createStructField("video", DataTypes.StringType, false),
    DataTypes.createStructField("group", DataTypes.StringType, false),
    DataTypes.createStructField("versions", DataTypes.IntegerType, false),
    DataTypes.createStructField("relation", DataTypes.StringType, false),
    DataTypes.createStructField("score", DataTypes.DoubleType, false),
    DataTypes.createStructField("rank", DataTypes.IntegerType, false),
    DataTypes.createStructField("line", DataTypes.StringType, false)});

  private static final StructType ENDS = new StructType(new StructField[] {
    DataTypes.createStructField("link", DataTypes.LongType, false),
    DataTypes.createStructField("side", DataTypes.IntegerType, false),
    DataTypes.createStructField("video", DataTypes.StringType, false),
    DataTypes.createStructField("view", DataTypes.IntegerType, false),
    DataTypes.createStructField("start", DataTypes.DoubleType, false),
    DataTypes.createStructField("end", DataTypes.DoubleType, false)});

  private static final StructType CUTS = new StructType(new StructField[] {
    DataTypes.createStructField("link", DataTypes.LongType, false),
    DataTypes.createStructField("side", DataTypes.IntegerType, false),
    DataTypes.createStructField("cuts", DataTypes.createArrayType(DataTypes.DoubleType), false)});

  private static final StructType NODES = new StructType(new StructField[] {
    DataTypes.createStructField("link", DataTypes.LongType, false),
    DataTypes.createStructField("side", DataTypes.IntegerType, false),
    DataTypes.createStructField("node", DataTypes.StringType, false),
    DataTypes.createStructField("video", DataTypes.StringType, false),
    DataTypes.createStructField("view", DataTypes.IntegerType, false),
    DataTypes.createStructField("start", DataTypes.DoubleType, false),
    DataTypes.createStructField("end", DataTypes.DoubleType, false)});

  private final String pipeline;
  private final DedupSettings settings;
  private final long keyCap;

  private SparkDedup(Builder b) {
    this.pipeline = b.pipeline;
    this.settings = b.settings;
    this.keyCap = b.keyCap;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------- 1. fingerprints

  /** Fingerprints the files named in a one-column table of paths (local or shared file systems the executors see). */
  public Dataset<Row> fingerprint(Dataset<String> paths) {
    String name = pipeline;
    return paths.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<String, Row>) it -> {
      VideoSimilarity sim = Pipelines.get(name);
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        String p = it.next();
        java.nio.file.Path file = java.nio.file.Path.of(p);
        VideoInput in = VideoInput.of(file);
        out.add(fingerprintRow(sim, in, p, () -> ContentKey.of(file)));
      }
      return out.iterator();
    }, Encoders.row(FINGERPRINTS));
  }

  /**
   * Fingerprints every file that Spark's {@code binaryFile} source reads at {@code path} (a directory or a glob,
   * on any file system Spark reads); bytes travel to the executors in the rows.
   */
  public Dataset<Row> fingerprintBinaryFiles(SparkSession spark, String path) {
    String name = pipeline;
    return spark.read().format("binaryFile").load(path).select("path", "content")
        .mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) it -> {
          VideoSimilarity sim = Pipelines.get(name);
          List<Row> out = new ArrayList<>();
          while (it.hasNext()) {
            Row r = it.next();
            String p = r.getString(0);
            byte[] bytes = r.getAs(1);
            String fileName = p.substring(p.lastIndexOf('/') + 1);
            VideoInput in = VideoInput.of(fileName, bytes);
            out.add(fingerprintRow(sim, in, p, () -> keyOf(bytes)));
          }
          return out.iterator();
        }, Encoders.row(FINGERPRINTS));
  }

  private interface KeySupplier {
    ContentKey get();
  }

  private static ContentKey keyOf(byte[] bytes) {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new ContentKey(bytes.length, java.util.HexFormat.of().formatHex(sha.digest(bytes)));
  }

  private static Row fingerprintRow(VideoSimilarity sim, VideoInput in, String path, KeySupplier key) {
    try {
      ContentKey k = key.get();
      VideoFingerprint fp = sim.fingerprint(in).withVideoId(in.id());
      int w = 0;
      int h = 0;
      try (FrameReader r = sim.frameSource().open(in, new FrameRequest(sim.sampleRate(), 64))) {
        VideoInfo info = r.info();
        w = info.width();
        h = info.height();
      } catch (VideoSimilarityException e) {
        // no picture size: it only breaks ties between representatives
      }
      List<byte[]> codes = new ArrayList<>(fp.clips().size());
      for (Clip c : fp.clips()) {
        codes.add(bytes(c.code()));
      }
      return RowFactory.create(in.id(), path, k.size(), k.sha256(), w, h, fp.duration(), fp.spec().toString(),
          codes.toArray(new byte[0][]), fp.toBytes(), null);
    } catch (VideoSimilarityException | java.io.UncheckedIOException e) {
      return RowFactory.create(in.id(), path, null, null, null, null, null, null, null, null,
          String.valueOf(e.getMessage()));
    }
  }

  /** A code as bytes: its 64-bit words, big-endian. */
  static byte[] bytes(BitCode code) {
    long[] w = code.toLongArray();
    ByteBuffer b = ByteBuffer.allocate(w.length * 8);
    for (long x : w) {
      b.putLong(x);
    }
    return b.array();
  }

  // ---------------------------------------------------------------------------------------------- 2. candidates

  /**
   * Candidate pairs and the keys that were capped.
   *
   * @param pairs columns {@code a}, {@code b} (video ids, {@code a < b}) and {@code clips} (clip pairs within the
   *     radius)
   * @param cappedKeys columns {@code key} and {@code clips}: the substring keys held by more than the cap, left out
   *     of the join
   * @param cappedCheckKeys the same for the check codes' keys ({@link CheckKeys}); empty when the pipeline has none
   * @param radius the radius used
   */
  public record Candidates(Dataset<Row> pairs, Dataset<Row> cappedKeys, Dataset<Row> cappedCheckKeys, int radius) {}

  /** One clip's check code in one orientation, once per key: the rows of the check-code key join. */
  private static final StructType CHECK_KEYS = new StructType(new StructField[] {
    DataTypes.createStructField("video", DataTypes.StringType, false),
    DataTypes.createStructField("clip", DataTypes.IntegerType, false),
    DataTypes.createStructField("turned", DataTypes.IntegerType, false),
    DataTypes.createStructField("code", DataTypes.BinaryType, false),
    DataTypes.createStructField("key", DataTypes.IntegerType, false)});

  /** Candidate pairs of the fingerprints table (rows with an error are left out). */
  public Candidates candidates(Dataset<Row> fingerprints) {
    Dataset<Row> ok = fingerprints.filter(col("error").isNull());
    // codes are stored in whole words: the code length comes from one fingerprint
    List<Row> first = ok.select("fingerprint").takeAsList(1);
    VideoFingerprint sample = first.isEmpty() ? null : VideoFingerprint.fromBytes((byte[]) first.get(0).get(0));
    int bits = sample == null ? 0 : sample.codeBits();
    int r = settings.radiusFor(bits);
    int m = settings.substringsFor(bits);
    final int codeBits = bits;
    UserDefinedFunction keys = org.apache.spark.sql.functions.udf((UDF1<byte[], int[]>) code -> {
      int[] out = new int[m];
      for (int j = 0, start = 0; j < m; j++) {
        int len = codeBits / m + (j < codeBits % m ? 1 : 0);
        out[j] = j << 16 | substring(code, start, len);
        start += len;
      }
      return out;
    }, DataTypes.createArrayType(DataTypes.IntegerType));
    UserDefinedFunction hamming = org.apache.spark.sql.functions.udf((UDF2<byte[], byte[], Integer>) (x, y) -> {
      int d = 0;
      for (int i = 0; i < x.length; i++) {
        d += Integer.bitCount((x[i] ^ y[i]) & 0xff);
      }
      return d;
    }, DataTypes.IntegerType);
    Dataset<Row> clips = ok.select(col("video_id").as("video"), posexplode(col("codes")).as(new String[] {"clip",
        "code"}));
    Dataset<Row> keyed = clips.select(col("video"), col("clip"), col("code"),
        org.apache.spark.sql.functions.explode(keys.apply(col("code"))).as("key"));
    Dataset<Row> keyCounts = keyed.groupBy("key").agg(count(lit(1)).as("clips"));
    Dataset<Row> capped = keyCounts.filter(col("clips").gt(keyCap));
    Dataset<Row> usable = keyed.join(capped.select("key"), keyed.col("key").equalTo(capped.col("key")), "left_anti");
    Dataset<Row> l = usable.select(col("key"), col("video").as("a"), col("clip").as("clip_a"), col("code").as("code_a"));
    Dataset<Row> rr = usable.select(col("key").as("key_b"), col("video").as("b"), col("clip").as("clip_b"),
        col("code").as("code_b"));
    Dataset<Row> clipPairs = l.join(rr, l.col("key").equalTo(rr.col("key_b")).and(l.col("a").lt(rr.col("b"))))
        // the full distance first (a narrow step beside the join): only pairs within the radius are shuffled to
        // drop the repeats of pairs that share several keys
        .filter(hamming.apply(col("code_a"), col("code_b")).leq(r))
        .select("a", "clip_a", "b", "clip_b")
        .dropDuplicates(new String[] {"a", "clip_a", "b", "clip_b"});
    Dataset<Row> pairs = clipPairs.groupBy("a", "b").agg(countDistinct("clip_a").as("hits_a"),
        countDistinct("clip_b").as("hits_b"), count(lit(1)).as("clips"));
    // at most maxCandidates per video, those hit by most of its clips (ties: the other id), from either side
    Dataset<Row> ranked = pairs
        .withColumn("rank_a", row_number().over(Window.partitionBy("a").orderBy(col("hits_a").desc(), col("b"))))
        .withColumn("rank_b", row_number().over(Window.partitionBy("b").orderBy(col("hits_b").desc(), col("a"))));
    Dataset<Row> kept = ranked.filter(least(col("rank_a"), col("rank_b")).leq(settings.maxCandidates()))
        .select("a", "b", "clips");
    int checkBits = sample == null ? 0 : sample.checkBits();
    if (checkBits == 0) {
      return new Candidates(kept, capped, capped.limit(0), r);
    }
    Dataset<Row> checkKeys = ok.select("video_id", "fingerprint").flatMap((FlatMapFunction<Row, Row>) row -> {
      String id = row.getAs("video_id");
      VideoFingerprint fp = VideoFingerprint.fromBytes(row.getAs("fingerprint"));
      long[][] turned = CheckKeys.orientations(fp);
      List<Row> out = new ArrayList<>();
      int words = BitCode.wordsFor(fp.checkBits());
      for (int c = 0; turned.length > 0 && c < turned[0].length / words; c++) {
        if (CheckKeys.flat(turned[0], c, words)) {
          continue;
        }
        for (int g = 0; g < turned.length; g++) {
          ByteBuffer code = ByteBuffer.allocate(words * 8);
          for (int w = 0; w < words; w++) {
            code.putLong(turned[g][c * words + w]);
          }
          for (int key : CheckKeys.keys(turned[g], c, words, fp.checkBits())) {
            out.add(RowFactory.create(id, c, g, code.array(), key));
          }
        }
      }
      return out.iterator();
    }, Encoders.row(CHECK_KEYS));
    // the clips' codes as they are are the index side, every orientation the query side (as the single-machine dedup)
    Dataset<Row> indexSide = checkKeys.filter(col("turned").equalTo(0));
    Dataset<Row> checkCapped = indexSide.groupBy("key").agg(count(lit(1)).as("clips")).filter(col("clips").gt(keyCap));
    Dataset<Row> held = indexSide.join(checkCapped.select("key"),
        indexSide.col("key").equalTo(checkCapped.col("key")), "left_anti")
        .select(col("key").as("key_v"), col("video").as("v"), col("clip").as("clip_v"), col("code").as("code_v"));
    Dataset<Row> asked = checkKeys.select(col("key").as("key_q"), col("video").as("q"), col("clip").as("clip_q"),
        col("code").as("code_q"));
    int checkRadius = CheckKeys.radiusFor(checkBits);
    Dataset<Row> hits = asked.join(held, col("key_q").equalTo(col("key_v")).and(col("q").notEqual(col("v"))))
        .filter(hamming.apply(col("code_q"), col("code_v")).leq(checkRadius))
        .select("q", "clip_q", "v").dropDuplicates(new String[] {"q", "clip_q", "v"})
        .groupBy("q", "v").agg(count(lit(1)).as("hits"));
    Dataset<Row> checkPairs = hits
        .withColumn("rank", row_number().over(Window.partitionBy("q").orderBy(col("hits").desc(), col("v"))))
        .filter(col("rank").leq(settings.maxCandidates()))
        .select(least(col("q"), col("v")).as("a"), org.apache.spark.sql.functions.greatest(col("q"), col("v")).as("b"),
            lit(0L).as("clips"));
    Dataset<Row> all = kept.unionByName(checkPairs).groupBy("a", "b")
        .agg(org.apache.spark.sql.functions.max("clips").as("clips"));
    return new Candidates(all, capped, checkCapped, r);
  }

  /** Bits {@code start .. start + len} of a code stored as big-endian 64-bit words, as BitCode numbers them. */
  static int substring(byte[] code, int start, int len) {
    int v = 0;
    for (int i = 0; i < len; i++) {
      int bit = start + i;
      int word = bit >>> 6;
      int inWord = bit & 63;
      int byteIndex = word * 8 + 7 - (inWord >>> 3);
      if ((code[byteIndex] >>> (inWord & 7) & 1) != 0) {
        v |= 1 << i;
      }
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------- 3. verify

  /**
   * Checks on the driver, before any task runs, that this job's pipeline has a calibration, which {@link #verify}
   * and {@link #groups} need (they call it too; {@code DedupJob} calls it before its first stage).
   *
   * @throws IllegalArgumentException if it has none ({@link Links#requireCalibrated})
   */
  public void requireCalibrated() {
    Pipelines.requireCalibrated(pipeline);
  }

  /** The matcher on each candidate pair ({@code a}, {@code b}); the links ({@link #LINKS}) of the pairs it calls copies. */
  public Dataset<Row> verify(Dataset<Row> fingerprints, Dataset<Row> pairs) {
    requireCalibrated();
    String name = pipeline;
    DedupSettings linking = settings;
    Dataset<Row> fa = fingerprints.filter(col("error").isNull()).select(col("video_id").as("fa_id"),
        col("fingerprint").as("fa"));
    Dataset<Row> fb = fingerprints.filter(col("error").isNull()).select(col("video_id").as("fb_id"),
        col("fingerprint").as("fb"));
    Dataset<Row> joined = pairs.select("a", "b").join(fa, col("a").equalTo(col("fa_id")))
        .join(fb, col("b").equalTo(col("fb_id")));
    return joined.flatMap((FlatMapFunction<Row, Row>) row -> {
      VideoSimilarity sim = Pipelines.grouping(name);
      VideoFingerprint a = VideoFingerprint.fromBytes(row.getAs("fa")).withVideoId(row.getAs("a"));
      VideoFingerprint b = VideoFingerprint.fromBytes(row.getAs("fb")).withVideoId(row.getAs("b"));
      Score s = sim.score(a, b);
      List<Row> out = new ArrayList<>();
      for (Link l : Links.of(a, b, s, linking)) {
        out.add(linkRow(l));
      }
      return out.iterator();
    }, Encoders.row(LINKS));
  }

  private static Row linkRow(Link l) {
    return RowFactory.create(l.a().videoId(), l.a().view(), l.a().start(), l.a().end(), l.b().videoId(), l.b().view(),
        l.b().start(), l.b().end(), l.similarity());
  }

  private static Link link(Row r) {
    return new Link(new Span(r.getString(0), r.getInt(1), r.getDouble(2), r.getDouble(3)),
        new Span(r.getString(4), r.getInt(5), r.getDouble(6), r.getDouble(7)), r.getDouble(8));
  }

  // ---------------------------------------------------------------------------------------------- 4. groups

  /**
   * The version groups ({@link #GROUPS}): memberships of every fingerprinted video, those without a link in a group
   * of their own. Runs a few Spark jobs (one per round of cutting and of label propagation).
   */
  public Dataset<Row> groups(Dataset<Row> fingerprints, Dataset<Row> links) {
    requireCalibrated();
    // ids must not change between the jobs below (monotonically_increasing_id is recomputed otherwise), and each
    // round's plan must not grow with the rounds before it (Catalyst plans the whole lineage): checkpointed
    Dataset<Row> current = withIds(links).localCheckpoint();
    for (int round = 0; round < ContentGraph.MAX_ROUNDS; round++) {
      Dataset<Row> cuts = ends(current).groupByKey((MapFunction<Row, String>) SparkDedup::viewKey, Encoders.STRING())
          .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, it) -> {
            List<Row> rows = list(it);
            double[][] c = ContentGraph.cuts(spans(rows));
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
              if (c[i].length > 0) {
                out.add(RowFactory.create(rows.get(i).getLong(0), rows.get(i).getInt(1), boxed(c[i])));
              }
            }
            return out.iterator();
          }, Encoders.row(CUTS)).localCheckpoint();
      if (cuts.isEmpty()) {
        break;
      }
      Dataset<Row> ca = cuts.filter(col("side").equalTo(0)).select(col("link").as("la"), col("cuts").as("cuts_a"));
      Dataset<Row> cb = cuts.filter(col("side").equalTo(1)).select(col("link").as("lb"), col("cuts").as("cuts_b"));
      Dataset<Row> next = current.join(ca, col("id").equalTo(col("la")), "left")
          .join(cb, col("id").equalTo(col("lb")), "left")
          .flatMap((FlatMapFunction<Row, Row>) row -> {
            Link l = link(row);
            List<Double> a = row.isNullAt(row.fieldIndex("cuts_a")) ? List.of() : row.getList(row.fieldIndex("cuts_a"));
            List<Double> b = row.isNullAt(row.fieldIndex("cuts_b")) ? List.of() : row.getList(row.fieldIndex("cuts_b"));
            List<Row> out = new ArrayList<>();
            for (Link p : ContentGraph.cut(l, toArray(a), toArray(b))) {
              out.add(linkRow(p));
            }
            return out.iterator();
          }, Encoders.row(LINKS));
      current = withIds(next).localCheckpoint();
    }
    // nodes: clusters of one video and view
    Dataset<Row> nodes = ends(current).groupByKey((MapFunction<Row, String>) SparkDedup::viewKey, Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, it) -> {
          List<Row> rows = list(it);
          List<Span> spans = spans(rows);
          int[] cl = ContentGraph.clusters(spans);
          Map<Integer, double[]> ext = new HashMap<>();
          for (int i = 0; i < rows.size(); i++) {
            double[] e = ext.computeIfAbsent(cl[i], x -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
            e[0] = Math.min(e[0], spans.get(i).start());
            e[1] = Math.max(e[1], spans.get(i).end());
          }
          List<Row> out = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            Span s = spans.get(i);
            double[] e = ext.get(cl[i]);
            out.add(RowFactory.create(rows.get(i).getLong(0), rows.get(i).getInt(1), k + "\u0000" + cl[i],
                s.videoId(), s.view(), e[0], e[1]));
          }
          return out.iterator();
        }, Encoders.row(NODES)).localCheckpoint();
    Dataset<Row> na = nodes.filter(col("side").equalTo(0)).select(col("link"), col("node").as("x"));
    Dataset<Row> nb = nodes.filter(col("side").equalTo(1)).select(col("link").as("link_b"), col("node").as("y"));
    Dataset<Row> edges = na.join(nb, col("link").equalTo(col("link_b"))).select("x", "y");
    Dataset<Row> both = edges.union(edges.select(col("y").as("x"), col("x").as("y"))).distinct().localCheckpoint();
    Dataset<Row> component = components(nodes.select(col("node")).distinct(), both);
    // per group: nodes, links and the members' fingerprints, in one row each
    Dataset<Row> nodeRows = nodes.join(component, "node").select(col("label"), col("video"), col("view"),
        col("start"), col("end")).distinct();
    Dataset<Row> linkRows = current.join(nodes.filter(col("side").equalTo(0)).select(col("link"), col("node")),
        col("id").equalTo(col("link"))).join(component, "node");
    Dataset<Row> members = nodeRows.select("label", "video").distinct()
        .join(fingerprints.select(col("video_id").as("video"), col("fingerprint"), col("width"), col("height")),
            "video");
    Dataset<Row> perGroup = nodeRows.groupBy("label").agg(org.apache.spark.sql.functions.collect_list(
            org.apache.spark.sql.functions.struct("video", "view", "start", "end")).as("nodes"))
        .join(linkRows.groupBy("label").agg(org.apache.spark.sql.functions.collect_list(
            org.apache.spark.sql.functions.struct("a", "a_view", "a_start", "a_end", "b", "b_view", "b_start",
                "b_end", "similarity")).as("links")), "label")
        .join(members.groupBy("label").agg(org.apache.spark.sql.functions.collect_list(
            org.apache.spark.sql.functions.struct("video", "fingerprint", "width", "height")).as("members")),
            "label");
    String name = pipeline;
    double cov = settings.coverage();
    Dataset<Row> grouped = perGroup.flatMap((FlatMapFunction<Row, Row>) row -> {
      VideoSimilarity sim = Pipelines.grouping(name);
      List<Span> spans = new ArrayList<>();
      for (Row n : row.<Row>getList(row.fieldIndex("nodes"))) {
        spans.add(new Span(n.getString(0), n.getInt(1), n.getDouble(2), n.getDouble(3)));
      }
      spans.sort(ContentGraph.SPAN_ORDER);
      List<Link> ls = new ArrayList<>();
      for (Row l : row.<Row>getList(row.fieldIndex("links"))) {
        ls.add(link(l));
      }
      Map<String, VideoFingerprint> fps = new HashMap<>();
      Map<String, VersionGroup.VideoFacts> facts = new HashMap<>();
      for (Row m : row.<Row>getList(row.fieldIndex("members"))) {
        VideoFingerprint f = VideoFingerprint.fromBytes(m.getAs("fingerprint")).withVideoId(m.getString(0));
        fps.put(f.videoId(), f);
        facts.put(f.videoId(), new VersionGroup.VideoFacts(f.videoId(), f.duration(),
            m.isNullAt(2) ? 0 : m.getInt(2), m.isNullAt(3) ? 0 : m.getInt(3)));
      }
      VersionGroup g = VersionGroup.of(new ContentGraph.Group(spans, ls), facts::get,
          (rep, member) -> VersionGroup.score(sim, fps.get(rep), fps.get(member)), cov);
      return membershipRows(g).iterator();
    }, Encoders.row(GROUPS)).localCheckpoint();
    Dataset<Row> single = fingerprints.filter(col("error").isNull())
        .join(grouped.select("video").distinct(), fingerprints.col("video_id").equalTo(grouped.col("video")),
            "left_anti")
        .map((MapFunction<Row, Row>) r -> membershipRows(VersionGroup.single(new VersionGroup.VideoFacts(
            r.getAs("video_id"), r.getAs("duration"), 0, 0))).get(0), Encoders.row(GROUPS));
    return grouped.union(single);
  }

  /** The rows of a group, as the single-machine table has them. */
  static List<Row> membershipRows(VersionGroup g) {
    List<Row> out = new ArrayList<>();
    for (VersionGroup.Member m : g.members()) {
      double score = m.score().value();
      out.add(RowFactory.create(m.videoId(), g.id(), g.size(), m.relation().label(), score,
          m.relation() == Relation.REPRESENTATIVE ? 0 : 1,
          DedupResult.tsvRow(m.videoId(), g.id(), g.size(), m.relation(), score).stripTrailing()));
    }
    return out;
  }

  /**
   * Connected components by iterative min-label propagation: every node starts with its own id as label and takes
   * the smallest label among itself and its neighbours until no label changes (as many rounds as the longest
   * shortest path in a component).
   *
   * @param nodes column {@code node}
   * @param edges columns {@code x}, {@code y}, both directions
   * @return columns {@code node}, {@code label} (the smallest node id of its component)
   */
  public static Dataset<Row> components(Dataset<Row> nodes, Dataset<Row> edges) {
    Dataset<Row> labels = nodes.select(col("node"), col("node").as("label")).localCheckpoint();
    for (int round = 0; round < 10_000; round++) {
      Dataset<Row> proposed = edges.join(labels, edges.col("y").equalTo(labels.col("node")))
          .select(col("x").as("node"), col("label"))
          .union(labels)
          .groupBy("node").agg(org.apache.spark.sql.functions.min("label").as("label"));
      // checkpointed: the plan of each round stays one round long
      Dataset<Row> next = proposed.localCheckpoint();
      long changed = next.join(labels.withColumnRenamed("label", "old"), "node")
          .filter(col("label").notEqual(col("old"))).count();
      labels = next;
      if (changed == 0) {
        break;
      }
    }
    return labels;
  }

  private static Dataset<Row> withIds(Dataset<Row> links) {
    return links.withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id());
  }

  private static Dataset<Row> ends(Dataset<Row> links) {
    Column[] a = {col("id").as("link"), lit(0).as("side"), col("a").as("video"), col("a_view").as("view"),
      col("a_start").as("start"), col("a_end").as("end")};
    Column[] b = {col("id").as("link"), lit(1).as("side"), col("b").as("video"), col("b_view").as("view"),
      col("b_start").as("start"), col("b_end").as("end")};
    return links.select(a).union(links.select(b));
  }

  private static String viewKey(Row end) {
    return end.getString(2) + "\u0000" + end.getInt(3);
  }

  private static List<Row> list(Iterator<Row> it) {
    List<Row> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    // a deterministic order whatever the shuffle gave (the cutting rules do not depend on it, the numbering does)
    rows.sort(java.util.Comparator.comparingDouble((Row r) -> r.getDouble(4)).thenComparingDouble(r -> r.getDouble(5))
        .thenComparingLong(r -> r.getLong(0)).thenComparingInt(r -> r.getInt(1)));
    return rows;
  }

  private static List<Span> spans(List<Row> ends) {
    List<Span> s = new ArrayList<>(ends.size());
    for (Row r : ends) {
      s.add(new Span(r.getString(2), r.getInt(3), r.getDouble(4), r.getDouble(5)));
    }
    return s;
  }

  private static Double[] boxed(double[] v) {
    Double[] b = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }

  private static double[] toArray(List<Double> l) {
    double[] v = new double[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = l.get(i);
    }
    return v;
  }

  /** The {@code groups.tsv} lines of a groups table in order (header first), for writing as text. */
  public static Dataset<String> tsvLines(SparkSession spark, Dataset<Row> groups) {
    Dataset<Row> header = spark.createDataFrame(List.of(RowFactory.create("", "", 0, "", 0.0, -1,
        DedupResult.TSV_HEADER)), GROUPS);
    return header.union(groups).orderBy(col("group"), col("rank"), col("video")).select("line")
        .as(Encoders.STRING());
  }

  @Override
  public String toString() {
    return "SparkDedup(pipeline=" + pipeline + ", " + settings + ", keyCap=" + keyCap + ")";
  }

  /** Builder of {@link SparkDedup}; not thread-safe. */
  public static final class Builder {
    private String pipeline = "svrtn";
    private DedupSettings settings = DedupSettings.defaults();
    private long keyCap = 10_000;

    private Builder() {}

    /** The pipeline of every executor: {@code svrtn} (default), {@code dct} or a class name ({@link Pipelines}). */
    public Builder pipeline(String name) {
      this.pipeline = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Hamming radius of a clip pair (default: 24% of the code length, as the single-machine dedup). */
    public Builder radius(int r) {
      settings = settings.withRadius(r);
      return this;
    }

    /** Substrings per code, each a join key (default: one per 16 bits); radii below it are searched exactly. */
    public Builder substrings(int m) {
      if (m > 64) { // the key holds the substring's number in its upper bits
        throw new IllegalArgumentException("substrings must be within [1, 64]: " + m);
      }
      settings = settings.withSubstrings(m);
      return this;
    }

    /** Keys held by more clips than this are left out of the join and reported (default 10,000). */
    public Builder keyCap(long cap) {
      if (cap < 2) {
        throw new IllegalArgumentException("keyCap must be at least 2: " + cap);
      }
      this.keyCap = cap;
      return this;
    }

    /** Most candidates per video (default 50), as the single-machine dedup. */
    public Builder maxCandidates(int k) {
      settings = settings.withMaxCandidates(k);
      return this;
    }

    /** Shortest shared segment that joins two pieces of content, seconds (default 2). */
    public Builder minSharedSeconds(double s) {
      settings = settings.withMinSharedSeconds(s);
      return this;
    }

    /** Least score of a pair whose segments link (default 0.95), as the single-machine dedup. */
    public Builder minLinkScore(double p) {
      settings = settings.withMinLinkScore(p);
      return this;
    }

    /** See {@link Relation#of} (default 0.8). */
    public Builder coverage(double c) {
      settings = settings.withCoverage(c);
      return this;
    }

    /**
     * All the settings shared with the single-machine dedup at once (replacing radius, substrings, ... set before):
     * {@code settings(deduplicator.settings())} runs the same job as that deduplicator.
     *
     * @throws IllegalArgumentException if it has more than 64 substrings
     */
    public Builder settings(DedupSettings settings) {
      java.util.Objects.requireNonNull(settings, "settings");
      if (settings.substrings() > 64) {
        throw new IllegalArgumentException("substrings must be within [1, 64]: " + settings.substrings());
      }
      this.settings = settings;
      return this;
    }

    /** The job with these settings. */
    public SparkDedup build() {
      return new SparkDedup(this);
    }
  }
}
