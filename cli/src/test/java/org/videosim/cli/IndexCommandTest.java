package org.videosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.videosim.cli.MainTest.run;
import static org.videosim.cli.MainTest.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.testkit.TestFrames;
import org.videosim.cli.MainTest.Result;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.hashing.Indexes;
import org.videosim.hashing.PersistentIndex;

/** {@code videosim index build} and {@code index query} end to end on videos the test makes. */
class IndexCommandTest {
  @TempDir static Path dir;
  static Path refs;
  static Path copy;

  @BeforeAll
  static void videos() throws Exception {
    refs = Files.createDirectories(dir.resolve("refs"));
    Path original = write(refs.resolve("original.mp4"), 1, 150);
    write(refs.resolve("other.mp4"), 2, 150);
    write(refs.resolve("third.mkv"), 3, 100);
    copy = dir.resolve("upload.mp4");
    EditedCopy.of(original).edit(FrameEdits.gray().andThen(FrameEdits.crop(0.03, 0.03, 0.97, 0.97))).speed(1.25)
        .writeTo(copy);
  }

  @Test
  void buildThenQuery_findsTheCopiedVideo_scoresIt_andEqualsTheExactScan() {
    Path index = dir.resolve("index1");
    Result build = run("index", "build", "--videos", refs.toString(), "--index", index.toString(), "--threads", "2");
    assertThat(build.status()).as(build.err()).isZero();
    assertThat(build.err()).contains("added 3 videos").contains("0 already indexed").contains("now 3 videos");

    Result q = run("index", "query", "--index", index.toString(), copy.toString(), "--radius", "12", "--exact");
    assertThat(q.status()).as(q.out() + q.err()).isZero();
    assertThat(q.out()).contains("query     " + copy).contains("clip hits")
        .contains("exact     identical");
    String firstVideo = q.out().lines().filter(l -> l.startsWith("video     ")).findFirst().orElseThrow();
    assertThat(firstVideo).contains("original").contains("COPY");
    assertThat(q.out()).contains("  segment original");
    assertThat(q.out()).containsPattern("clip +\\d+ .* hit\\(s\\): original#\\d+");
    // the default radius: 24% of the dct pipeline's 62 bits
    Result byDefault = run("index", "query", "--index", index.toString(), copy.toString());
    assertThat(byDefault.out()).contains("radius 15");
    assertThat(byDefault.out().lines().filter(l -> l.startsWith("video     ")).findFirst().orElseThrow())
        .contains("original").contains("COPY");
    // --only: the search sees only the named videos; an id the index does not hold is named
    Result others = run("index", "query", "--index", index.toString(), copy.toString(), "--only", "other,third");
    assertThat(others.status()).as(others.err()).isZero();
    assertThat(others.out().lines().filter(l -> l.startsWith("video     ") || l.contains("hit(s)")))
        .noneMatch(l -> l.contains("original"));
    Result onlyOriginal = run("index", "query", "--index", index.toString(), copy.toString(), "--only",
        "original,nope");
    assertThat(onlyOriginal.err()).contains("--only: the index holds no video 'nope'");
    assertThat(onlyOriginal.out().lines().filter(l -> l.startsWith("video     ")).findFirst().orElseThrow())
        .contains("original").contains("COPY");
  }

  @Test
  void query_turnedCopy_isFoundThroughTheCheckCodesInAnotherOrientation() throws Exception {
    Path index = dir.resolve("index-checks");
    Path turned = dir.resolve("turned.mp4");
    EditedCopy.of(refs.resolve("original.mp4")).edit(FrameEdits.rotate90(1)).writeTo(turned);
    String[] pipeline = {"--encoder", "dct", "--check", "dct-oriented"};
    Result build = run(concat(new String[] {"index", "build", "--videos", refs.toString(), "--index",
        index.toString()}, pipeline));
    assertThat(build.status()).as(build.err()).isZero();
    Result q = run(concat(new String[] {"index", "query", "--index", index.toString(), turned.toString()}, pipeline));
    assertThat(q.status()).as(q.out() + q.err()).isZero();
    assertThat(q.out()).contains("check-code hits (in any orientation) in 1 videos");
    assertThat(q.out().lines().filter(l -> l.startsWith("video     original"))).singleElement()
        .asString().contains("by check codes");
    // without check codes (the tests' default pipeline, dct) the turned copy's clip codes find nothing to score
    Result plainBuild = run("index", "build", "--videos", refs.toString(), "--index",
        dir.resolve("index-plain").toString());
    assertThat(plainBuild.status()).as(plainBuild.err()).isZero();
    Result plainQuery = run("index", "query", "--index", dir.resolve("index-plain").toString(), turned.toString());
    assertThat(plainQuery.out()).doesNotContain("check-code hits")
        .doesNotContainPattern("(?m)^video +original");
  }

  @Test
  void publish_aMappedCopy_answersQueriesAsTheIndexDoes_verifiesAndIsNotRepaired() {
    Path index = dir.resolve("index-to-publish");
    Result build = run("index", "build", "--videos", refs.toString(), "--index", index.toString());
    assertThat(build.status()).as(build.err()).isZero();
    Path mapped = dir.resolve("published");
    Result pub = run("index", "publish", "--index", index.toString(), "--out", mapped.toString());
    assertThat(pub.status()).as(pub.err()).isZero();
    assertThat(pub.out()).contains("published " + mapped + ": 3 videos");
    Result q = run("index", "query", "--index", mapped.toString(), copy.toString(), "--radius", "12");
    Result same = run("index", "query", "--index", index.toString(), copy.toString(), "--radius", "12");
    assertThat(q.status()).as(q.err()).isZero();
    assertThat(q.out().replace(mapped.toString(), "IDX").replaceAll("\\(\\d+\\.\\d ms", "(ms"))
        .isEqualTo(same.out().replace(index.toString(), "IDX").replaceAll("\\(\\d+\\.\\d ms", "(ms"));
    Result verify = run("index", "verify", "--index", mapped.toString());
    assertThat(verify.status()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("intact");
    Result repair = run("index", "repair", "--index", mapped.toString());
    assertThat(repair.status()).isEqualTo(3);
    assertThat(repair.err()).contains("is a mapped index");
    Result again = run("index", "publish", "--index", index.toString(), "--out", mapped.toString());
    assertThat(again.status()).isEqualTo(3);
    assertThat(again.err()).contains("exists");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void queryWithOut_looksUpEveryVideoOfADirectory_andWritesTheScores() throws Exception {
    Path index = dir.resolve("index6");
    assertThat(run("index", "build", "--videos", refs.toString(), "--index", index.toString()).status()).isZero();
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.copy(copy, uploads.resolve("U1.mp4"));
    Files.write(uploads.resolve("U2-broken.mp4"), new byte[] {1, 2, 3});
    Path table = dir.resolve("out/lookups.tsv");
    Result r = run("index", "query", "--index", index.toString(), uploads.toString(), "--out", table.toString());
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(3); // one upload could not be read
    assertThat(r.out()).containsPattern("U1 +\\d+ candidate\\(s\\), best original (0\\.9\\d+|1\\.0000) COPY")
        .contains("1 file(s) failed");
    List<String> lines = Files.readAllLines(table);
    assertThat(lines.get(0)).isEqualTo("query\treference\tscore");
    assertThat(lines.get(1)).startsWith("U1\toriginal\t");
    assertThat(lines.stream().skip(1)).allMatch(l -> l.startsWith("U1\t"));
    // two uploads of one id: the first is looked up, the other skipped, saying so (rows are keyed by id)
    Files.copy(copy, uploads.resolve("U1.mkv"));
    Result twice = run("index", "query", "--index", index.toString(), uploads.toString(), "--out", table.toString());
    assertThat(twice.status()).isEqualTo(3);
    assertThat(twice.err()).contains("skipping " + uploads.resolve("U1.mp4") + ": its id 'U1' is also that of "
        + uploads.resolve("U1.mkv"));
    assertThat(twice.out()).contains("1 duplicate id(s) skipped");
    assertThat(Files.readAllLines(table).stream().skip(1).filter(l -> l.startsWith("U1\toriginal\t"))).hasSize(1);
    // a directory needs --out; --exact checks one video
    assertThat(run("index", "query", "--index", index.toString(), uploads.toString()).status()).isEqualTo(2);
    assertThat(run("index", "query", "--index", index.toString(), copy.toString(), "--out", table.toString(),
        "--exact").status()).isEqualTo(2);
  }

  @Test
  void query_withAnImage_findsTheVideoAndTimeItComesFrom() throws Exception {
    Path index = dir.resolve("index5");
    assertThat(run("index", "build", "--videos", refs.toString(), "--index", index.toString()).status()).isZero();
    // frame 100 of scene 1 (4.0 s into original.mp4), as a larger screenshot
    Path png = dir.resolve("screenshot.png");
    javax.imageio.ImageIO.write(FrameEdits.toImage(FrameEdits.resize(640, 360).apply(
        TestFrames.clip(1, 150, 25, 192, 108).get(100))), "png", png.toFile());
    Result q = run("index", "query", "--index", index.toString(), png.toString(), "--radius", "12");
    assertThat(q.status()).as(q.out() + q.err()).isZero();
    String hits = q.out().lines().filter(l -> l.startsWith("clip ")).findFirst().orElseThrow();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(": (\\w+)#\\d+ \\(([\\d.]+)-([\\d.]+)s\\)")
        .matcher(hits);
    assertThat(m.find()).as(hits).isTrue();
    assertThat(m.group(1)).isEqualTo("original");
    assertThat(Double.parseDouble(m.group(2))).isBetween(3.2, 4.3);
    Path notImage = Files.write(dir.resolve("fake.png"), new byte[] {1, 2, 3});
    Result bad = run("index", "query", "--index", index.toString(), notImage.toString());
    assertThat(bad.status()).isEqualTo(3);
    assertThat(bad.err()).contains("fake.png");
    Path tiny = dir.resolve("tiny.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", tiny.toFile());
    Result small = run("index", "query", "--index", index.toString(), tiny.toString());
    assertThat(small.status()).isEqualTo(3);
    assertThat(small.err()).contains("4x4 pixels is too small (each side must be at least 16 pixels)");
  }

  @Test
  void build_again_addsOnlyNewFiles() throws Exception {
    Path videos = Files.createDirectories(dir.resolve("some"));
    Files.copy(refs.resolve("original.mp4"), videos.resolve("a.mp4"));
    Path index = dir.resolve("index2");
    assertThat(run("index", "build", "--videos", videos.toString(), "--index", index.toString()).status()).isZero();
    Files.copy(refs.resolve("other.mp4"), videos.resolve("b.mp4"));
    Result again = run("index", "build", "--videos", videos.toString(), "--index", index.toString());
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.err()).contains("added 1 videos").contains("1 already indexed").contains("now 2 videos");
    try (PersistentIndex opened = Indexes.open(index)) {
      assertThat(opened.videoIds()).containsExactly("a", "b");
    }
  }

  @Test
  void build_brokenFileAndDuplicateId_areReportedWithStatus3_theRestIsIndexed() throws Exception {
    Path videos = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(refs.resolve("third.mkv"), videos.resolve("good.mkv"));
    Files.copy(refs.resolve("third.mkv"), videos.resolve("good.mp4"));
    Files.write(videos.resolve("broken.mp4"), new byte[] {1, 2, 3});
    Path index = dir.resolve("index3");
    Result r = run("index", "build", "--videos", videos.toString(), "--index", index.toString());
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("broken.mp4").contains("1 failed").contains("duplicate").contains("now 1 videos");
  }

  @Test
  void query_otherPipelineOrMissingIndex_exitsWithStatus3() {
    Path index = dir.resolve("index4");
    Path videos = refs;
    assertThat(run("index", "build", "--videos", videos.toString(), "--index", index.toString()).status()).isZero();
    Result other = run("index", "query", "--index", index.toString(), copy.toString(), "--sample-rate", "1");
    assertThat(other.status()).isEqualTo(3);
    assertThat(other.err()).contains("different pipelines");
    Result missing = run("index", "query", "--index", dir.resolve("nope").toString(), copy.toString());
    assertThat(missing.status()).isEqualTo(3);
    assertThat(missing.err()).contains("no videosim index");
    assertThat(run("index", "query", "--index", index.toString(), copy.toString(), "--radius", "-1").status())
        .isEqualTo(2);
    assertThat(run("index").status()).isEqualTo(2);
  }

  @Test
  void query_whileABuildHoldsTheIndex_readsItInsteadOfBeingRefused() {
    Path index = dir.resolve("index7");
    assertThat(run("index", "build", "--videos", refs.toString(), "--index", index.toString()).status()).isZero();
    try (PersistentIndex writer = Indexes.open(index)) {
      Result q = run("index", "query", "--index", index.toString(), copy.toString());
      assertThat(q.status()).as(q.out() + q.err()).isZero();
      assertThat(q.out()).contains("(3 videos");
      Result second = run("index", "build", "--videos", refs.toString(), "--index", index.toString());
      assertThat(second.status()).isEqualTo(3);
      assertThat(second.err()).contains("open for writing by process " + ProcessHandle.current().pid());
      assertThat(writer.videoCount()).isEqualTo(3);
    }
  }

  @Test
  void verifyAndRepair_damagedLog_reportTheDamage_thenRecoverTheIntactVideos() throws Exception {
    Path index = dir.resolve("index8");
    assertThat(run("index", "build", "--videos", refs.toString(), "--index", index.toString(), "--threads", "1")
        .status()).isZero();
    assertThat(run("index", "verify", "--index", index.toString()).out()).contains("result    intact");
    Path log = index.resolve("log-0.vsl");
    byte[] b = Files.readAllBytes(log);
    int second = 0;
    for (int i = 0, seen = 0; i + 4 <= b.length; i++) {
      if (b[i] == 'V' && b[i + 1] == 'S' && b[i + 2] == 'F' && b[i + 3] == 'P' && ++seen == 2) {
        second = i;
        break;
      }
    }
    b[second + 60] ^= 0x20; // the second video's record
    Files.write(log, b);
    Result verify = run("index", "verify", "--index", index.toString());
    assertThat(verify.status()).as(verify.out() + verify.err()).isEqualTo(1);
    assertThat(verify.out()).contains("DAMAGE").contains("log-0.vsl").contains("at byte " + (second - 21));
    Result query = run("index", "query", "--index", index.toString(), copy.toString());
    assertThat(query.status()).isEqualTo(3);
    assertThat(query.err()).contains("corrupt index log").contains("log-0.vsl");
    Result repair = run("index", "repair", "--index", index.toString());
    assertThat(repair.status()).as(repair.out() + repair.err()).isZero();
    assertThat(repair.out()).contains("1 acknowledged record(s) lost").contains("holds     2 videos")
        .contains("kept      the replaced files in");
    assertThat(run("index", "verify", "--index", index.toString()).status()).isZero();
    Result again = run("index", "build", "--videos", refs.toString(), "--index", index.toString());
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.err()).contains("added 1 videos").contains("now 3 videos");
  }

  /**
   * A child JVM runs {@code index build} over 10 videos on one thread and is killed with SIGKILL once its progress
   * says 3 are done: the index keeps every video finished before the kill, and the next build adds only the rest.
   */
  @Test
  void build_killedPartWay_keepsEveryFinishedVideo_andTheNextRunGoesOn() throws Exception {
    Path videos = Files.createDirectories(dir.resolve("many"));
    for (int i = 0; i < 10; i++) {
      write(videos.resolve("m" + i + ".mp4"), 1 + i % 5, 40 + 5 * i);
    }
    Path index = dir.resolve("index9");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "index", "build", "--videos", videos.toString(), "--index", index.toString(),
        "--threads", "1", "--encoder", "dct").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int done = 0;
    StringBuilder seen = new StringBuilder();
    try (java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(
        child.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      java.util.regex.Pattern progress = java.util.regex.Pattern.compile("fingerprinting \\[.*\\] (\\d+)/10");
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        seen.append(line).append('\n');
        java.util.regex.Matcher m = progress.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) >= 3) {
          done = Integer.parseInt(m.group(1));
          child.toHandle().destroyForcibly();
          break;
        }
      }
    }
    assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(done).as(seen.toString()).isGreaterThanOrEqualTo(3);
    int kept;
    try (PersistentIndex opened = Indexes.openReadOnly(index)) {
      kept = opened.videoCount();
      assertThat(kept).as("videos finished before the kill").isGreaterThanOrEqualTo(done);
    }
    Result again = run("index", "build", "--videos", videos.toString(), "--index", index.toString());
    assertThat(again.status()).as(again.err()).isZero();
    // A reader counts only acknowledged videos; the writer's open also keeps a whole record written after the last
    // acknowledgement (the kill may fall between the two), so one more video may already be there.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("added (\\d+) videos .*, (\\d+) already indexed")
        .matcher(again.err());
    assertThat(m.find()).as(again.err()).isTrue();
    int already = Integer.parseInt(m.group(2));
    assertThat(already).as(again.err()).isBetween(kept, kept + 1);
    assertThat(Integer.parseInt(m.group(1))).as(again.err()).isEqualTo(10 - already);
    assertThat(again.err()).contains("now 10 videos");
  }
}
