package org.videosim.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point of the job jar ({@code spark/target/videosim-spark-job.jar}): runs the
 * stages of {@link SparkDedup} and writes every table as Parquet under {@code --out}, and the groups as
 * {@code groups.tsv/} (one text part, the single-machine table's format).
 *
 * <pre>
 * spark-submit --class org.videosim.spark.DedupJob videosim-spark-job.jar \
 *     --input PATHS.txt|DIR|GLOB --out DIR [--binary-files] [--pipeline svrtn|dct|CLASS] [--radius R]
 *     [--substrings M] [--key-cap N] [--max-candidates K] [--min-shared S] [--min-link-score P]
 *     [--stage all|fingerprint|candidates|verify|groups]
 * </pre>
 *
 * {@code --input} is a text file of paths (one per line) unless {@code --binary-files}, which reads a directory or
 * glob with Spark's {@code binaryFile} source. A later stage alone reads the Parquet tables of the earlier ones from
 * {@code --out}. Exit status 0, or 2 for bad usage.
 */
public final class DedupJob {
  private DedupJob() {}

  /**
   * Runs the job: see the class comment for the arguments.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    String input = null;
    String out = null;
    String stage = "all";
    boolean binary = false;
    SparkDedup.Builder b = SparkDedup.builder();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--input" -> input = args[++i];
          case "--out" -> out = args[++i];
          case "--stage" -> stage = args[++i];
          case "--binary-files" -> binary = true;
          case "--pipeline" -> b.pipeline(args[++i]);
          case "--radius" -> b.radius(Integer.parseInt(args[++i]));
          case "--substrings" -> b.substrings(Integer.parseInt(args[++i]));
          case "--key-cap" -> b.keyCap(Long.parseLong(args[++i]));
          case "--max-candidates" -> b.maxCandidates(Integer.parseInt(args[++i]));
          case "--min-shared" -> b.minSharedSeconds(Double.parseDouble(args[++i]));
          case "--min-link-score" -> b.minLinkScore(Double.parseDouble(args[++i]));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (out == null || (input == null && (stage.equals("all") || stage.equals("fingerprint")))) {
        throw new IllegalArgumentException("need --out, and --input for the fingerprint stage");
      }
      if (!List.of("all", "fingerprint", "candidates", "verify", "groups").contains(stage)) {
        throw new IllegalArgumentException("--stage must be all, fingerprint, candidates, verify or groups: " + stage);
      }
    } catch (RuntimeException e) {
      System.err.println("videosim-spark: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("videosim dedup").getOrCreate();
    try {
      run(spark, b.build(), input, out, stage, binary);
    } finally {
      spark.stop();
    }
  }

  /** Runs one stage or all of them; tables are read from and written to {@code out}. */
  public static void run(SparkSession spark, SparkDedup job, String input, String out, String stage, boolean binary) {
    String fpPath = out + "/fingerprints.parquet";
    String pairsPath = out + "/candidates.parquet";
    String linksPath = out + "/links.parquet";
    boolean all = stage.equals("all");
    if (all || stage.equals("verify") || stage.equals("groups")) {
      job.requireCalibrated(); // before the fingerprint stage, not after it
    }
    if (all || stage.equals("fingerprint")) {
      Dataset<Row> fps = binary ? job.fingerprintBinaryFiles(spark, input)
          : job.fingerprint(spark.read().textFile(input).filter((org.apache.spark.api.java.function.FilterFunction<String>)
              s -> !s.isBlank()).map((org.apache.spark.api.java.function.MapFunction<String, String>) String::strip,
              Encoders.STRING()));
      fps.write().mode(SaveMode.Overwrite).parquet(fpPath);
    }
    Dataset<Row> fps = spark.read().parquet(fpPath);
    if (all || stage.equals("candidates")) {
      SparkDedup.Candidates c = job.candidates(fps);
      c.pairs().write().mode(SaveMode.Overwrite).parquet(pairsPath);
      c.cappedKeys().write().mode(SaveMode.Overwrite).parquet(out + "/capped-keys.parquet");
      Dataset<Row> capped = spark.read().parquet(out + "/capped-keys.parquet");
      List<Row> summary = capped.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          org.apache.spark.sql.functions.sum("clips")).collectAsList();
      System.err.printf(Locale.ROOT, "videosim-spark: candidates at radius %d; %d key(s) capped, held by %s clip(s)%n",
          c.radius(), summary.get(0).getLong(0), summary.get(0).isNullAt(1) ? "0" : summary.get(0).get(1));
      c.cappedCheckKeys().write().mode(SaveMode.Overwrite).parquet(out + "/capped-check-keys.parquet");
      long cappedChecks = spark.read().parquet(out + "/capped-check-keys.parquet").count();
      if (cappedChecks > 0) {
        System.err.printf(Locale.ROOT, "videosim-spark: %d check-code key(s) capped%n", cappedChecks);
      }
    }
    if (all || stage.equals("verify")) {
      job.verify(fps, spark.read().parquet(pairsPath)).write().mode(SaveMode.Overwrite).parquet(linksPath);
    }
    if (all || stage.equals("groups")) {
      Dataset<Row> groups = job.groups(fps, spark.read().parquet(linksPath));
      groups.write().mode(SaveMode.Overwrite).parquet(out + "/groups.parquet");
      Dataset<Row> saved = spark.read().parquet(out + "/groups.parquet");
      SparkDedup.tsvLines(spark, saved).coalesce(1).write().mode(SaveMode.Overwrite).text(out + "/groups.tsv");
      List<Row> failed = fps.filter("error is not null").select("path", "error").limit(20).collectAsList();
      List<String> lines = new ArrayList<>();
      failed.forEach(r -> lines.add(r.getString(0) + ": " + r.getString(1)));
      lines.forEach(l -> System.err.println("videosim-spark: not fingerprinted: " + l));
    }
  }
}
