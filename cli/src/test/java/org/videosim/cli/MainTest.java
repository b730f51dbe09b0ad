package org.videosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;

/** The command line end to end on videos it makes itself. */
class MainTest {
  @TempDir static Path dir;
  static Path original;
  static Path copy;
  static Path other;

  record Result(int status, String out, String err) {}

  /** Runs the command line; commands that fingerprint get {@code --encoder dct} unless they name an encoder. */
  static Result run(String... args) {
    return runAsIs(MainTest.withEncoder(args));
  }

  static Result runAsIs(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(status, out.toString(), err.toString());
  }

  /**
   * The command line's mechanics are tested on the fast training-free pipeline; {@link
   * #compare_byDefault_usesTheTrainedModel} covers the default (svrtn).
   */
  static String[] withEncoder(String... args) {
    java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(args));
    boolean fingerprints = !a.isEmpty() && (java.util.Set.of("compare", "scores", "fingerprint", "calibrate")
        .contains(a.get(0)) || a.get(0).equals("index") && a.size() > 1
        && java.util.Set.of("build", "query").contains(a.get(1)));
    if (fingerprints && !a.contains("--encoder") && !a.contains("--help")) {
      a.add("--encoder");
      a.add("dct");
    }
    return a.toArray(new String[0]);
  }

  @Test
  void evaluate_refitWithoutCheckCodes_failsBeforeAnyWork() {
    Result r = runAsIs("evaluate", "--benchmark", dir.resolve("no-benchmark").toString(), "--encoder", "dct",
        "--refit-calibration");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("this pipeline has no check codes").doesNotContain("Exception");
    assertThat(dir.resolve("no-benchmark")).doesNotExist();
  }

  @Test
  void evaluate_refitWhereTheBackgroundSetDoesNotApply_failsBeforeAnyWork() {
    // mirror-invariant codes are not those of svrtn's bundled background set: the fit had no normalised similarity
    // and ended, after fingerprinting the whole benchmark, in an IllegalArgumentException's stack trace
    Result r = runAsIs("evaluate", "--benchmark", dir.resolve("no-benchmark-2").toString(), "--encoder", "svrtn",
        "--mirror-invariant", "--refit-calibration");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("background set does not apply").contains("--background FILE")
        .doesNotContain("Exception");
    assertThat(dir.resolve("no-benchmark-2")).doesNotExist();
  }

  @Test
  void svrtn_inputSizeColourAndPooling_reachTheEncoder() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "svrtn";
    o.inputSize = 128;
    o.colour = true;
    o.pooling = "avg";
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.encoder().parameters()).containsEntry("input", "128").containsEntry("colour", "rgb")
          .containsEntry("pooling", "avg");
    }
    PipelineOptions plain = new PipelineOptions();
    plain.encoder = "svrtn";
    try (org.videosim.VideoSimilarity sim = plain.build()) {
      assertThat(sim.encoder().parameters()).containsEntry("input", "160").containsEntry("colour", "grey")
          .containsEntry("pooling", "regional").containsEntry("contrast", "as-is");
      assertThat(sim.checkEncoder().orElseThrow().dimension()).isEqualTo(63);
    }
    PipelineOptions contrast = new PipelineOptions();
    contrast.encoder = "svrtn";
    contrast.contrast = true;
    try (org.videosim.VideoSimilarity sim = contrast.build()) {
      assertThat(sim.encoder().parameters()).containsEntry("contrast", "normalised");
    }
  }

  @Test
  void checkCoefficients_setTheLengthOfSvrtnsCheckCodes_andAreRefusedWithoutOrientableOnes() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "svrtn";
    o.checkCoefficients = 7;
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.checkEncoder().orElseThrow().dimension()).isEqualTo(48);
      assertThat(sim.checkEncoder().orElseThrow().parameters()).containsEntry("coefficients", "7")
          .containsEntry("mirror", "none");
    }
    for (String[] bad : new String[][] {{"--encoder", "dct", "--check-coefficients", "7"},
        {"--encoder", "dct", "--check", "dct", "--check-coefficients", "7"},
        {"--encoder", "dct", "--check", "dct-oriented", "--check-coefficients", "12"},
        {"--encoder", "svrtn", "--check", "none", "--check-coefficients", "7"},
        {"--encoder", "svrtn", "--cut", "block_13_expand_relu"}}) {
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("compare"));
      a.addAll(java.util.List.of(bad));
      a.addAll(java.util.List.of(original.toString(), copy.toString()));
      Result r = runAsIs(a.toArray(new String[0]));
      assertThat(r.status()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", bad)).doesNotContain("Exception").contains("Usage: videosim compare")
          .startsWith(bad[bad.length - 2]);
    }
  }

  @Test
  void zoomView_svrtnsPresetIsCalibrated_anotherSideIsNot() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "svrtn";
    o.zoomView = true;
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.zoomView()).isEqualTo(0.7);
      assertThat(sim.isCalibrated()).isTrue();
    }
    o.zoomSide = 0.6;
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.zoomView()).isEqualTo(0.6);
      assertThat(sim.isCalibrated()).as("no calibration was fitted for this side").isFalse();
    }
    PipelineOptions plain = new PipelineOptions();
    plain.encoder = "svrtn";
    try (org.videosim.VideoSimilarity sim = plain.build()) {
      assertThat(sim.zoomView()).isZero();
      assertThat(sim.isCalibrated()).isTrue();
    }
    // a flag: the files after it are not taken for its value
    Result ok = runAsIs("compare", "--encoder", "dct", "--zoom-view", original.toString(), copy.toString());
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("score");
    Result r = runAsIs("compare", "--encoder", "dct", "--zoom-side", "1.5", original.toString(), copy.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("--zoom-side must be within (0, 1)").contains("Usage: videosim compare")
        .doesNotContain("Exception");
  }

  @Test
  void bandView_isOnInSvrtnsCalibratedPipeline_andOffElsewhereUnlessAskedFor() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "svrtn";
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.bandView()).isTrue();
      assertThat(sim.isCalibrated()).isTrue();
    }
    o.bandView = false;
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.bandView()).isFalse();
      assertThat(sim.isCalibrated()).as("3.4's pipeline, whose calibration is the same").isTrue();
    }
    PipelineOptions dct = new PipelineOptions();
    dct.encoder = "dct";
    try (org.videosim.VideoSimilarity sim = dct.build()) {
      assertThat(sim.bandView()).isFalse();
    }
    dct.bandView = true;
    try (org.videosim.VideoSimilarity sim = dct.build()) {
      assertThat(sim.bandView()).isTrue();
    }
    Result ok = runAsIs("compare", "--encoder", "dct", "--band-view", original.toString(), copy.toString());
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("score").containsPattern("clips, \\d+ codes");
  }

  /**
   * svrtn's pipeline measures motion (a byte every eighth of a second of the 8-s video) and records it in its spec;
   * dct's does neither.
   */
  @Test
  void motion_isMeasuredBySvrtnsPipeline_andNotByDcts() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "svrtn";
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.motion()).isTrue();
      assertThat(sim.spec().stages()).containsKey("motion");
      org.videosim.VideoFingerprint fp = sim.fingerprint(original);
      assertThat(fp.motion().size()).isEqualTo(63); // 200 frames at 25 fps: steps 0 to 63
      assertThat(org.videosim.VideoFingerprint.fromBytes(fp.toBytes()).motion()).isEqualTo(fp.motion());
    }
    PipelineOptions dct = new PipelineOptions();
    dct.encoder = "dct";
    try (org.videosim.VideoSimilarity sim = dct.build()) {
      assertThat(sim.motion()).isFalse();
      assertThat(sim.spec().stages()).doesNotContainKey("motion");
      assertThat(sim.fingerprint(original).motion().isEmpty()).isTrue();
    }
  }

  @Test
  void keyframesOnly_reachesTheFrameSource_andItsFingerprintsCompareWithFullOnes() {
    PipelineOptions o = new PipelineOptions();
    o.encoder = "dct";
    o.keyframesOnly = true;
    try (org.videosim.VideoSimilarity sim = o.build()) {
      assertThat(sim.spec().stages().get("source").parameters()).containsEntry("frames", "key");
    }
    Result r = runAsIs("fingerprint", "--encoder", "dct", "--keyframes-only", original.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("ffmpeg@8.1(frames=key)");
    Result c = runAsIs("compare", "--encoder", "dct", "--keyframes-only", original.toString(), copy.toString());
    assertThat(c.status()).as(c.err()).isZero();
    assertThat(c.out()).contains("score");
  }

  @Test
  void pipelineOptions_refusedValues_areUsageErrorsWithoutAStackTrace() {
    for (String[] bad : new String[][] {{"--layout", "bad"}, {"--input-size", "3"}, {"--pooling", "max"},
        {"--fused-calibration", "1,2"}}) {
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("compare", "--encoder", "dct"));
      a.addAll(java.util.List.of(bad));
      a.addAll(java.util.List.of(original.toString(), copy.toString()));
      Result r = runAsIs(a.toArray(new String[0]));
      assertThat(r.status()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", bad)).doesNotContain("Exception").contains("Usage: videosim compare");
    }
    assertThat(runAsIs("compare", "--encoder", "dct", "--layout", "bad", original.toString(), copy.toString()).err())
        .startsWith("--layout must be none or auto: bad");
    Result calibrate = runAsIs("calibrate", "--encoder", "dct", "--videos", dir.toString(), "--segment-seconds", "1");
    assertThat(calibrate.status()).isEqualTo(2);
    assertThat(calibrate.err()).startsWith("--segment-seconds must be at least 2").doesNotContain("Exception");
  }

  @Test
  void fitHead_maxSeconds_leavesOutLongerVideos() throws Exception {
    Path videos = java.nio.file.Files.createDirectories(dir.resolve("fit-head-videos"));
    write(videos.resolve("short.mp4"), 3, 75); // 3 s
    java.nio.file.Files.copy(original, videos.resolve("long.mp4")); // 8 s
    Result all = runAsIs("fit-head", "--videos", videos.toString(), "--method", "projection", "--dimension", "16",
        "--out", dir.resolve("all.vsw").toString());
    assertThat(all.status()).as(all.err()).isZero();
    assertThat(all.out()).contains("from 11 frames");
    Result shortOnly = runAsIs("fit-head", "--videos", videos.toString(), "--method", "projection", "--dimension",
        "16", "--max-seconds", "5", "--out", dir.resolve("short.vsw").toString());
    assertThat(shortOnly.status()).as(shortOnly.err()).isZero();
    assertThat(shortOnly.out()).contains("from 3 frames");
    assertThat(shortOnly.err()).contains("left out 1 videos longer than 5.0 s");
  }

  @Test
  void fusedCalibration_calibratesAPipelineOfOnesOwn() {
    Result plain = runAsIs("compare", "--encoder", "mobilenet", "--check", "dct", original.toString(),
        copy.toString());
    assertThat(plain.status()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("uncalibrated");
    Result fitted = runAsIs("compare", "--encoder", "mobilenet", "--check", "dct", "--fused-calibration",
        "3.48,1.27,-2.69,3.6", original.toString(), copy.toString());
    assertThat(fitted.status()).as(fitted.err()).isZero();
    assertThat(fitted.out()).doesNotContain("uncalibrated").contains("at threshold 0.88");
  }

  @Test
  void background_ofOnesOwn_leavesTheTrainedModelUncalibratedUntilItsCalibrationIsGiven() throws Exception {
    Path footage = java.nio.file.Files.createDirectories(dir.resolve("background"));
    java.nio.file.Files.copy(original, footage.resolve("a__original.mp4"));
    java.nio.file.Files.copy(other, footage.resolve("b__other.mp4"));
    Path set = dir.resolve("background.bin");
    Result fit = runAsIs("fit-background", "--videos", footage.toString(), "--out", set.toString());
    assertThat(fit.status()).as(fit.err()).isZero();
    Result bundled = runAsIs("compare", original.toString(), copy.toString());
    assertThat(bundled.status()).as(bundled.err()).isZero();
    assertThat(bundled.out()).doesNotContain("uncalibrated").contains("at threshold 0.88");
    Result own = runAsIs("compare", "--background", set.toString(), original.toString(), copy.toString());
    assertThat(own.status()).as(own.err()).isZero();
    assertThat(own.out()).as("svrtn's calibration belongs to its bundled background set").contains("uncalibrated");
    Result given = runAsIs("compare", "--background", set.toString(), "--fused-calibration", "5.8,2.1,-1.3,1.3",
        original.toString(), copy.toString());
    assertThat(given.status()).as(given.err()).isZero();
    assertThat(given.out()).doesNotContain("uncalibrated").contains("at threshold 0.88");
  }

  static Path write(Path file, int scene, int frames) {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 192, 108, 25)) {
      for (var f : TestFrames.clip(scene, frames, 25, 192, 108)) {
        w.write(f);
      }
    }
    return file;
  }

  @BeforeAll
  static void videos() {
    original = write(dir.resolve("original.mp4"), 1, 200);
    other = write(dir.resolve("other.mp4"), 2, 200);
    copy = dir.resolve("copy.mp4");
    EditedCopy.of(original).edit(FrameEdits.crop(0.05, 0.05, 0.95, 0.95).andThen(FrameEdits.gray())).speed(1.25)
        .writeTo(copy);
  }

  @Test
  void edit_rotateOnACanvas_fillsTheCornersWithItsColour_andABadColourIsAUsageError() throws Exception {
    Path turned = dir.resolve("turned-on-white.mp4");
    Result r = runAsIs("edit", original.toString(), turned.toString(), "--rotate", "20", "--canvas", "ffffff",
        "--trim", "0,1");
    assertThat(r.status).as(r.err).isZero();
    try (var reader = org.videosim.ffmpeg.FfmpegFrameSource.create()
        .open(org.videosim.VideoInput.of(turned), new org.videosim.FrameRequest(2, 192))) {
      org.videosim.Frame f = reader.next();
      int corner = f.rgbAt(0, 0);
      assertThat(corner >>> 16 & 0xff).isGreaterThan(230);
      assertThat(corner & 0xff).isGreaterThan(230);
    }
    Result bad = runAsIs("edit", original.toString(), dir.resolve("x.mp4").toString(), "--rotate", "20",
        "--canvas", "white");
    assertThat(bad.status).isEqualTo(2);
    assertThat(bad.err).contains("--canvas needs a colour as six hex digits");
  }

  @Test
  void compare_byDefault_usesTheTrainedModel() {
    Result r = runAsIs("compare", "--json", original.toString(), copy.toString());
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out).contains("\"match\" : true").contains("\"checkSimilarity\"")
        .contains("\"normalisedSimilarity\"");
    Result help = runAsIs("compare", "--help");
    assertThat(help.out).contains("Default: svrtn");
  }

  @Test
  void help_ofEveryCommand_printsWithoutPicocliWarnings() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      for (String[] c : new String[][] {{"compare"}, {"scores"}, {"edit"}, {"calibrate"}, {"index"},
          {"index", "build"}, {"index", "query"}, {"index", "verify"}, {"index", "repair"}, {"fit-head"}, {"fit-binarizer"}, {"fingerprint"}, {"train"}}) {
        String[] args = java.util.Arrays.copyOf(c, c.length + 1);
        args[c.length] = "--help";
        Result r = runAsIs(args);
        assertThat(r.status).as(String.join(" ", c)).isZero();
        assertThat(r.out).as(String.join(" ", c)).startsWith("Usage: videosim");
      }
    } finally {
      System.setErr(stderr);
    }
    // a '%' in a description that is not written '%%' makes picocli warn on every help
    assertThat(captured.toString()).doesNotContain("WARN");
  }

  @Test
  void commandLine_buildsOnlyTheNamedCommand_andEveryOneForHelpOrNone() {
    java.util.List<String> all = java.util.List.of("compare", "scores", "edit", "calibrate", "evaluate", "index",
        "dedup", "fit-head", "fit-binarizer", "fit-background", "fingerprint", "train", "help");
    for (String[] args : new String[][] {{}, {"help"}, {"--help"}, {"-V"}, {"fingerprnt", "a.mp4"}}) {
      assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
          .containsExactlyElementsOf(all);
    }
    for (String name : all.subList(0, all.size() - 1)) {
      assertThat(Main.commandLine(name, "x").getSubcommands().keySet()).as(name).containsExactly(name);
    }
    assertThat(Main.commandLine("index", "query").getSubcommands().get("index").getSubcommands()).isNotEmpty();
    // the full list still reaches the user: in the top-level help and for a misspelt command
    assertThat(runAsIs("--help").out).contains("fit-background", "fingerprint", "train");
    Result typo = runAsIs("fingerprnt", "a.mp4");
    assertThat(typo.status).isEqualTo(2);
    assertThat(typo.err).contains("fingerprint");
  }

  @Test
  void compare_copy_isReportedAsCopyWithItsSegment() {
    Result r = run("compare", original.toString(), copy.toString());
    assertThat(r.status).isZero();
    assertThat(r.out).contains("(copy at threshold").contains("segment   A").doesNotContain("check ");
    Result checked = run("compare", original.toString(), copy.toString(), "--check", "dct");
    // the dct pipeline checked by dct again: the same similarity twice
    assertThat(checked.out).containsPattern("raw       (0\\.\\d{4})\ncheck     \\1");
  }

  @Test
  void compare_unrelated_isNotACopy() {
    Result r = run("compare", original.toString(), other.toString());
    assertThat(r.status).isZero();
    assertThat(r.out).contains("(not a copy at threshold");
  }

  @Test
  void compare_json_hasScoreAndSegments() throws Exception {
    Result r = run("compare", "--json", original.toString(), copy.toString());
    JsonNode n = new ObjectMapper().readTree(r.out);
    assertThat(n.get("score").asDouble()).isBetween(0.85, 1.0);
    assertThat(n.get("match").asBoolean()).isTrue();
    JsonNode seg = n.get("segments").get(0);
    // the copy plays 1.25x faster: 8 s of the original in 6.4 s
    assertThat(seg.get("endA").asDouble() - seg.get("startA").asDouble()).isGreaterThan(5);
    assertThat(seg.get("endB").asDouble() - seg.get("startB").asDouble()).isGreaterThan(4);
  }

  @Test
  void compare_report_writesHtmlAndPngAndKeepsTheTextOutput() throws Exception {
    Path html = dir.resolve("report.html");
    Path png = dir.resolve("report.png");
    Result r = run("compare", original.toString(), copy.toString(), "--report", html.toString(), "--report-png",
        png.toString(), "--report-pairs", "2");
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out).startsWith("score     ").contains("(copy at threshold").contains("segment   A");
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("id=\"matrix\"").contains("id=\"timelines\"")
        .contains("copy.mp4");
    assertThat(page.split("<g class=\"pair\"", -1).length - 1).isEqualTo(2); // one segment, two pairs
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1200);
    assertThat(img.getHeight()).isGreaterThan(800);
  }

  @Test
  void compare_reportWithJson_printsTheSameJson() throws Exception {
    Path html = dir.resolve("report-json.html");
    Result r = run("compare", "--json", original.toString(), copy.toString(), "--report", html.toString());
    assertThat(r.status).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out);
    assertThat(n.get("match").asBoolean()).isTrue();
    assertThat(html).exists();
  }

  @Test
  void compare_reportInAMissingFolder_makesIt_aFileInTheWayExitsWithStatus3NamingIt() throws Exception {
    Path html = dir.resolve("no-such-folder").resolve("report.html");
    assertThat(run("compare", original.toString(), copy.toString(), "--report", html.toString()).status).isZero();
    assertThat(html).isNotEmptyFile();
    Path inTheWay = Files.writeString(dir.resolve("in-the-way"), "x");
    Path blocked = inTheWay.resolve("report.html");
    Result r = run("compare", original.toString(), copy.toString(), "--report", blocked.toString());
    assertThat(r.status).isEqualTo(3);
    assertThat(r.err).contains("cannot write " + blocked).contains(inTheWay + " is a file, not a folder");
  }

  @Test
  void compare_badReportPairs_exitsWithStatus2() {
    assertThat(run("compare", original.toString(), copy.toString(), "--report-pairs", "0").status).isEqualTo(2);
  }

  @Test
  void compare_missingFile_exitsWithStatus3NamingIt() {
    Result r = run("compare", original.toString(), dir.resolve("nope.mp4").toString());
    assertThat(r.status).isEqualTo(3);
    assertThat(r.err).contains("nope.mp4").contains("not found");
  }

  @Test
  void compare_badUsage_exitsWithStatus2() {
    assertThat(run("compare", original.toString()).status).isEqualTo(2);
    assertThat(run("frobnicate").status).isEqualTo(2);
  }

  @Test
  void scores_writesOneRowPerPairWithIds() throws Exception {
    Path queries = Files.createDirectories(dir.resolve("q"));
    Path refs = Files.createDirectories(dir.resolve("r"));
    Files.copy(copy, queries.resolve("Q1.mp4"));
    Files.write(queries.resolve("Q2-broken.mp4"), new byte[] {1, 2, 3});
    Files.copy(original, refs.resolve("R1.mp4"));
    Files.copy(other, refs.resolve("R2.mp4"));
    Path out = dir.resolve("scores.tsv");
    Result r = run("scores", "--queries", queries.toString(), "--refs", refs.toString(), "--out", out.toString(),
        "--threads", "2");
    assertThat(r.status).isEqualTo(3); // one query could not be read
    assertThat(r.err).contains("Q2-broken.mp4").contains("1 file(s) failed");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).startsWith("query\treference\tscore");
    assertThat(lines).hasSize(5);
    double q1r1 = Double.parseDouble(lines.get(1).split("\t")[2]);
    double q1r2 = Double.parseDouble(lines.get(2).split("\t")[2]);
    assertThat(lines.get(1)).startsWith("Q1\tR1\t");
    assertThat(q1r1).isGreaterThan(q1r2);
    assertThat(lines.get(3)).startsWith("Q2-broken\tR1\tNA");
    // without check codes (dct pipeline) their similarity, the last column, is NA
    assertThat(lines.get(0)).isEqualTo("query\treference\tscore\traw\tcheck\tnote");
    assertThat(lines.get(1)).endsWith("\tNA\t");
    assertThat(lines.get(3)).contains("query: ").contains("Q2-broken.mp4");
  }

  @Test
  void scores_queriesThatAreTheReferences_fingerprintsEachFileOnce() throws Exception {
    Path both = Files.createDirectories(dir.resolve("both"));
    Files.copy(original, both.resolve("A.mp4"));
    Files.copy(other, both.resolve("B.mp4"));
    Path out = dir.resolve("self.tsv");
    Result r = run("scores", "--queries", both.toString(), "--refs", both.toString(), "--out", out.toString(),
        "--encoder", "dct", "--check", "dct");
    assertThat(r.status).isEqualTo(0);
    assertThat(r.err).contains("fingerprinted 2 files").doesNotContain("failed");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).isEqualTo("A\tA\t1.0\t1.000000\t1.000000\t");
    assertThat(Double.parseDouble(lines.get(2).split("\t")[4])).isLessThan(0.9);
  }

  @Test
  void scores_fileNamesWithNewlineOrTab_stayOneRowEach() throws Exception {
    Path queries = Files.createDirectories(dir.resolve("odd-names"));
    Path refs = Files.createDirectories(dir.resolve("odd-refs"));
    Files.copy(copy, queries.resolve("two\nlines.mp4"));
    Files.copy(copy, queries.resolve("tab\there.mp4"));
    Files.copy(original, refs.resolve("back\\slash.mp4"));
    Path out = dir.resolve("odd.tsv");
    Result r = run("scores", "--queries", queries.toString(), "--refs", refs.toString(), "--out", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(6));
    assertThat(lines.get(1)).startsWith("tab\\there\tback\\\\slash\t");
    assertThat(lines.get(2)).startsWith("two\\nlines\tback\\\\slash\t");
  }

  @Test
  void scores_twoFilesOfOneId_scoresTheFirst_skipsTheOtherSayingWhy_andExitsWithStatus3() throws Exception {
    Path queries = Files.createDirectories(dir.resolve("same-id-queries"));
    Path refs = Files.createDirectories(dir.resolve("same-id-refs"));
    Files.copy(copy, queries.resolve("clip.mkv"));
    Files.copy(other, queries.resolve("clip.mp4"));
    Files.copy(original, refs.resolve("R1.mp4"));
    Path out = dir.resolve("same-id.tsv");
    Result r = run("scores", "--queries", queries.toString(), "--refs", refs.toString(), "--out", out.toString());
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("skipping " + queries.resolve("clip.mp4") + ": its id 'clip' is also that of "
        + queries.resolve("clip.mkv")).contains("1 duplicate id(s) skipped");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2); // one row for 'clip': the copy's (clip.mkv comes first by name)
    assertThat(Double.parseDouble(lines.get(1).split("\t")[2])).isGreaterThan(0.88);
    Result self = run("scores", "--queries", queries.toString(), "--refs", queries.toString(), "--out",
        out.toString());
    assertThat(self.status()).isEqualTo(3);
    assertThat(self.err()).as("a folder against itself: said once").containsOnlyOnce("skipping")
        .contains("1 duplicate id(s) skipped");
    assertThat(Files.readAllLines(out)).hasSize(2);
  }

  @Test
  void outputFiles_folderMadeOrRefusedBeforeAnyVideoIsRead_namingThePathAndWhy() throws Exception {
    Path fp = dir.resolve("new-folder/deeper/fp.bin");
    assertThat(run("fingerprint", original.toString(), "--out", fp.toString()).status()).isZero();
    assertThat(fp).isNotEmptyFile();
    Path aFile = Files.writeString(dir.resolve("a-file"), "x");
    Result blocked = run("fingerprint", dir.resolve("no-such-video.mp4").toString(), "--out",
        aFile.resolve("fp.bin").toString());
    assertThat(blocked.status()).isEqualTo(3);
    assertThat(blocked.err()).as("the output is checked before the video is read")
        .contains(aFile + " is a file, not a folder").doesNotContain("no-such-video");
    Result segments = run("scores", "--queries", dir.toString(), "--refs", dir.toString(), "--out",
        dir.resolve("s.tsv").toString(), "--segments", aFile.resolve("seg.tsv").toString());
    assertThat(segments.status()).isEqualTo(3);
    assertThat(segments.err()).contains(aFile + " is a file, not a folder").doesNotContain("fingerprinted");
    assertThat(run("fingerprint", original.toString(), "--repeat", "0").status()).isEqualTo(2);
    assertThat(run("dedup", dir.toString(), "--out", dir.resolve("g.tsv").toString(), "--store",
        dir.resolve("st").toString(), "--no-store").status()).isEqualTo(2);
  }

  @Test
  void fingerprint_encodingThreads_giveTheSameFile_andABadCountIsAUsageError() throws Exception {
    Path one = dir.resolve("threads-1.bin");
    Path three = dir.resolve("threads-3.bin");
    assertThat(run("fingerprint", original.toString(), "--layout", "auto", "--encoding-threads", "1", "--out",
        one.toString()).status()).isZero();
    assertThat(run("fingerprint", original.toString(), "--layout", "auto", "--encoding-threads", "3", "--out",
        three.toString()).status()).isZero();
    assertThat(Files.readAllBytes(three)).isEqualTo(Files.readAllBytes(one));
    Result bad = run("fingerprint", original.toString(), "--encoding-threads", "0");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("encodingThreads must be within [1, 64]: 0");
  }

  @Test
  void message_ofAFileSystemException_namesThePathAndWhatWentWrong() {
    assertThat(Main.message(new java.nio.file.NoSuchFileException("out/fp.bin")))
        .isEqualTo("out/fp.bin: no such file or folder");
    assertThat(Main.message(new java.io.UncheckedIOException("cannot write t.tsv",
        new java.nio.file.AccessDeniedException("t.tsv")))).isEqualTo("cannot write t.tsv: permission denied");
    assertThat(Main.message(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("x"))))
        .isEqualTo("x: no such file or folder");
  }

  @Test
  void scores_directoryFifoSymlinkLoopAndOtherFiles_getNaRowsSayingWhy() throws Exception {
    Path queries = Files.createDirectories(dir.resolve("mixed-queries"));
    Path refs = Files.createDirectories(dir.resolve("mixed-refs"));
    Files.copy(copy, queries.resolve("Q1.mp4"));
    Files.createDirectories(queries.resolve("folder.mp4"));
    Files.createSymbolicLink(queries.resolve("loop.mp4"), queries.resolve("loop.mp4"));
    Files.createSymbolicLink(queries.resolve("gone.mp4"), queries.resolve("nothing-here.mp4"));
    Files.writeString(queries.resolve("notes.txt"), "not a video");
    Process mkfifo = new ProcessBuilder("mkfifo", queries.resolve("pipe.mp4").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Files.copy(original, refs.resolve("R1.mp4"));
    Path out = dir.resolve("mixed.tsv");
    Result r = run("scores", "--queries", queries.toString(), "--refs", refs.toString(), "--out", out.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(3);
    java.util.Map<String, String> rows = new java.util.HashMap<>();
    for (String l : Files.readAllLines(out).subList(1, 7)) {
      rows.put(l.split("\t")[0], l);
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrder("Q1", "folder", "loop", "gone", "notes", "pipe");
    assertThat(rows.get("Q1")).doesNotContain("R1\tNA\t");
    assertThat(rows.get("folder")).contains("\tNA\t").contains("a directory");
    assertThat(rows.get("loop")).contains("\tNA\t").contains("symbolic link loop");
    assertThat(rows.get("gone")).contains("\tNA\t").contains("symbolic link to a missing file");
    assertThat(rows.get("notes")).contains("\tNA\t").contains("extension");
    assertThat(rows.get("pipe")).contains("\tNA\t").contains("FIFO");
  }

  @Test
  void compareAndScores_oneFrameVideo_printTheWarning_andStrictRefusesIt() throws Exception {
    Path still = write(dir.resolve("still.mp4"), 1, 1);
    Result r = run("compare", original.toString(), still.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("warning   STILL_IMAGE: 'still': a single frame was decoded");
    Result json = run("compare", "--json", original.toString(), still.toString());
    JsonNode n = new ObjectMapper().readTree(json.out());
    assertThat(n.get("warnings").get(0).get("kind").asText()).isEqualTo("STILL_IMAGE");
    Result strict = run("compare", original.toString(), still.toString(), "--strict");
    assertThat(strict.status()).isEqualTo(3);
    assertThat(strict.err()).contains("still.mp4").contains("refused under --strict").contains("STILL_IMAGE");

    Path queries = Files.createDirectories(dir.resolve("warned"));
    Files.copy(still, queries.resolve("S.mp4"));
    Files.copy(copy, queries.resolve("C.mp4"));
    Path out = dir.resolve("warned.tsv");
    Result scores = run("scores", "--queries", queries.toString(), "--refs", queries.toString(), "--out",
        out.toString());
    assertThat(scores.status()).isZero();
    assertThat(scores.err()).contains("videosim: warning: ").contains("S.mp4: STILL_IMAGE");
    assertThat(Files.readAllLines(out).get(2)).startsWith("C\tS\t").contains("\twarning: STILL_IMAGE: 'S': ");
    Result strictScores = run("scores", "--queries", queries.toString(), "--refs", queries.toString(), "--out",
        out.toString(), "--strict");
    assertThat(strictScores.status()).isEqualTo(3);
    assertThat(Files.readAllLines(out).get(2)).startsWith("C\tS\tNA\t").contains("refused under --strict");
  }
}
