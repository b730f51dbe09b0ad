package org.videosim.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.dedup.CheckCandidatesTest;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Deduplicator;
import org.videosim.dedup.TestCorpus;

/** The Spark job against the single-machine dedup on the same generated corpus, in one local[2] session. */
class SparkDedupTest {
  /** Radius below the number of substrings: the key join then finds exactly the index's pairs. */
  static final int RADIUS = 7;
  static final int SUBSTRINGS = 8;

  @TempDir static Path dir;
  static SparkSession spark;
  static List<Path> files;
  static Dataset<Row> fingerprints;
  /** The candidates of {@link #JOB}, computed once for the tests that need them. */
  static SparkDedup.Candidates candidates;
  static Dataset<Row> pairs;
  static final SparkDedup JOB = SparkDedup.builder().pipeline("dct").radius(RADIUS).substrings(SUBSTRINGS).build();

  @BeforeAll
  static void start() throws Exception {
    files = TestCorpus.write(dir.resolve("videos"));
    Files.write(dir.resolve("videos").resolve("broken.mp4"), new byte[] {1, 2, 3, 4});
    spark = SparkSession.builder().master("local[2]").appName("videosim-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.adaptive.enabled", "false").config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN").getOrCreate();
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.toString()));
    paths.add(dir.resolve("videos").resolve("broken.mp4").toString());
    fingerprints = JOB.fingerprint(spark.createDataset(paths, Encoders.STRING()).repartition(2)).persist();
    fingerprints.write().parquet(dir.resolve("fingerprints.parquet").toString());
    candidates = JOB.candidates(fingerprints);
    pairs = candidates.pairs().persist();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void fingerprint_unreadableFile_isARowWithAnErrorNotAFailedJob() {
    List<Row> bad = fingerprints.filter("error is not null").collectAsList();
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0).<String>getAs("video_id")).isEqualTo("broken");
    assertThat(fingerprints.filter("error is null").count()).isEqualTo(files.size());
  }

  @Test
  void fingerprintBinaryFiles_sameFiles_giveTheSameFingerprints() {
    Dataset<Row> viaBytes = JOB.fingerprintBinaryFiles(spark, dir.resolve("videos").resolve("s1*.mp4").toString());
    List<Row> rows = viaBytes.filter("error is null").orderBy("video_id").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("video_id")).containsExactly("s1", "s1-copy", "s1-part");
    for (Row r : rows) {
      Row same = fingerprints.filter(fingerprints.col("video_id").equalTo(r.<String>getAs("video_id"))).first();
      assertThat(VideoFingerprint.fromBytes(r.getAs("fingerprint")))
          .isEqualTo(VideoFingerprint.fromBytes(same.getAs("fingerprint")));
      assertThat(r.<String>getAs("sha256")).isEqualTo(same.<String>getAs("sha256"));
    }
  }

  @Test
  void candidates_keyHeldByMoreClipsThanTheCap_isLeftOutAndReported() {
    SparkDedup capped = SparkDedup.builder().pipeline("dct").radius(RADIUS).substrings(SUBSTRINGS).keyCap(2).build();
    SparkDedup.Candidates c = capped.candidates(fingerprints);
    long cappedKeys = c.cappedKeys().count();
    assertThat(cappedKeys).isPositive();
    assertThat(c.cappedKeys().filter("clips <= 2").count()).isZero();
    assertThat(c.pairs().count()).isLessThan(pairs.count());
  }

  @Test
  void groups_generatedCorpus_equalTheSingleMachineGroups() throws Exception {
    assertThat(candidates.radius()).isEqualTo(RADIUS);
    Dataset<Row> links = JOB.verify(fingerprints, pairs).persist();
    Dataset<Row> groups = JOB.groups(fingerprints, links);
    Path tsvDir = dir.resolve("groups-tsv");
    SparkDedup.tsvLines(spark, groups).coalesce(1).write().text(tsvDir.toString());
    Path part;
    try (var s = Files.list(tsvDir)) {
      part = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    List<String> sparkLines = Files.readAllLines(part);

    // the single-machine dedup on the same files, same radius and substrings
    VideoSimilarity sim = VideoSimilarity.builder().build();
    DedupResult local = Deduplicator.builder(sim).radius(RADIUS).substrings(SUBSTRINGS).threads(2).build()
        .run(files);
    StringWriter w = new StringWriter();
    local.writeTsv(w);
    List<String> localLines = w.toString().lines().toList();
    assertThat(sparkLines).isEqualTo(localLines);
    Set<Set<String>> multi = local.groups().stream().filter(g -> g.size() > 1)
        .map(g -> g.members().stream().map(m -> m.videoId()).collect(Collectors.toSet())).collect(Collectors.toSet());
    assertThat(multi).isEqualTo(TestCorpus.EXPECTED);
    assertThat(pairs.count()).isEqualTo(local.stats().candidatePairs());
    assertThat(links.count()).isEqualTo(local.stats().links());
  }


  /** The check-code test pipeline, by class name as executors build it ({@link Pipelines}). */
  public static final class CheckPipeline implements java.util.function.Supplier<VideoSimilarity> {
    @Override
    public VideoSimilarity get() {
      return CheckCandidatesTest.SIM;
    }
  }

  /** A pipeline of one's own without a calibration: another encoder with the default matcher. */
  public static final class UncalibratedPipeline implements java.util.function.Supplier<VideoSimilarity> {
    @Override
    public VideoSimilarity get() {
      return VideoSimilarity.builder().encoder(org.videosim.FrameEncoder.dct(16, 6)).build();
    }
  }

  @Test
  void verify_pipelineWithoutCalibration_isRefusedOnTheDriver() {
    SparkDedup job = SparkDedup.builder().pipeline(UncalibratedPipeline.class.getName()).build();
    Dataset<Row> empty = spark.createDataFrame(List.of(), SparkDedup.FINGERPRINTS);
    assertThatThrownBy(() -> job.verify(empty, empty.select(col("video_id").as("a"), col("video_id").as("b"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrated pipeline");
    // the whole job is refused before its fingerprint stage writes anything
    Path out = dir.resolve("uncalibrated-job");
    assertThatThrownBy(() -> DedupJob.run(spark, job, dir.resolve("no-paths.txt").toString(), out.toString(), "all",
        false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrated pipeline");
    assertThat(out).doesNotExist();
    Pipelines.requireCalibrated("dct");
    Pipelines.requireCalibrated(CheckPipeline.class.getName());
  }

  @Test
  void candidatesAndGroups_turnedCopyFoundOnlyByItsCheckCodes_equalTheSingleMachineOnes() throws Exception {
    List<VideoFingerprint> fps = CheckCandidatesTest.corpus(CheckCandidatesTest.SIM.spec(), true);
    List<Row> rows = new ArrayList<>();
    for (VideoFingerprint f : fps) {
      rows.add(RowFactory.create(f.videoId(), f.videoId() + ".mp4", 1L, "0", 640, 360, f.duration(),
          f.spec().toString(), f.clips().stream().map(c -> SparkDedup.bytes(c.code())).toArray(byte[][]::new),
          f.toBytes(), null));
    }
    Dataset<Row> table = spark.createDataFrame(rows, SparkDedup.FINGERPRINTS);
    SparkDedup job = SparkDedup.builder().pipeline(CheckPipeline.class.getName()).build();
    SparkDedup.Candidates c = job.candidates(table);
    assertThat(c.pairs().collectAsList()).extracting(r -> r.getString(0) + "-" + r.getString(1))
        .containsExactly("a-b");
    assertThat(c.cappedCheckKeys().count()).isZero();
    List<String> sparkLines = SparkDedup.tsvLines(spark, job.groups(table, job.verify(table, c.pairs())))
        .collectAsList();
    DedupResult local = Deduplicator.builder(CheckCandidatesTest.SIM).threads(2).build()
        .group(CheckCandidatesTest.entries(fps));
    StringWriter w = new StringWriter();
    local.writeTsv(w);
    assertThat(local.stats().candidatePairs()).isEqualTo(1);
    assertThat(sparkLines).isEqualTo(w.toString().lines().toList());
  }
}
