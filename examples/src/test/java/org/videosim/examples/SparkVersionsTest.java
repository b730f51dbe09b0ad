package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Spark example as spark-submit would, in {@code local[2]}. */
class SparkVersionsTest {
  @TempDir Path dir;

  @Test
  void main_folderWithACopy_writesGroupsThatJoinTheCopyToItsSource() throws Exception {
    Path videos = ExampleVideos.versionsFolder(dir);
    Path out = dir.resolve("out");
    Map<String, String> settings = Map.of("spark.master", "local[2]", "spark.ui.enabled", "false",
        "spark.sql.shuffle.partitions", "2");
    settings.forEach(System::setProperty);
    try {
      SparkVersions.main(new String[] {videos.toString() + "/*.mp4", out.toString()});
    } finally {
      settings.keySet().forEach(System::clearProperty);
    }
    assertThat(out.resolve("groups.parquet")).isDirectory();
    Map<String, String> groupOf = new HashMap<>();
    try (Stream<Path> parts = Files.list(out.resolve("groups.tsv"))) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          List<String> f = List.of(line.split("\t"));
          if (!f.get(0).equals("video")) {
            groupOf.put(f.get(0), f.get(1));
          }
        }
      }
    }
    assertThat(groupOf).containsOnlyKeys("video1", "video2", "upload");
    assertThat(groupOf.get("upload")).isEqualTo(groupOf.get("video1")).isNotEqualTo(groupOf.get("video2"));
  }
}
