package org.videosim.examples;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.videosim.spark.SparkDedup;

/**
 * The same on Apache Spark, stage by stage ({@code videosim-spark}): fingerprints of the files that Spark's
 * {@code binaryFile} source reads at a path or glob, candidate pairs from the substring-key join, verification, and
 * the version groups as Parquet and as the {@code groups.tsv} table.
 *
 * <pre>
 * spark-submit --class org.videosim.examples.SparkVersions --master 'local[*]' \
 *     --jars spark/target/videosim-spark-job.jar examples/target/videosim-examples-*.jar 'videos/*.mp4' out
 * </pre>
 */
public final class SparkVersions {
  private SparkVersions() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("videosim versions").getOrCreate();
    try {
      SparkDedup job = SparkDedup.builder().pipeline("dct").build();   // one pipeline per executor, built lazily
      Dataset<Row> fingerprints = job.fingerprintBinaryFiles(spark, args[0]).persist();
      SparkDedup.Candidates candidates = job.candidates(fingerprints);
      Dataset<Row> links = job.verify(fingerprints, candidates.pairs());
      Dataset<Row> groups = job.groups(fingerprints, links);
      groups.write().mode("overwrite").parquet(args[1] + "/groups.parquet");
      SparkDedup.tsvLines(spark, groups).coalesce(1).write().mode("overwrite").text(args[1] + "/groups.tsv");
      System.out.println("capped keys: " + candidates.cappedKeys().count());
    } finally {
      spark.stop();
    }
  }
}
