package org.videosim.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.FrameSourceContract;
import org.videosim.TestFrames;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarityException;
import org.videosim.ffmpeg.internal.HumbleFrameReader;

/**
 * {@link HumbleFrameSource}: the whole {@link FrameSourceContract}, then Humble-specific behaviour (containers and
 * codecs of FFmpeg 2.8, no AV1, rotation, limits, damaged files, and that a JVM which decoded a damaged file still
 * exits). Test videos are written with the bundled FFmpeg 8.1 ({@link TestVideos}) and read back with Humble.
 */
class HumbleFrameSourceTest extends FrameSourceContract {
  private final HumbleFrameSource source = HumbleFrameSource.create();

  @Override
  protected FrameSource source() {
    return source;
  }

  @Override
  protected void writeVideo(Path file, List<Frame> frames, double fps) {
    TestVideos.write(file, frames, fps);
  }

  private List<Frame> read(Path f, double rate, int side) {
    return readAll(source, f, new FrameRequest(rate, side));
  }

  @Test
  void identity_nameVersionAndToString() {
    assertThat(source.name()).isEqualTo("humble");
    assertThat(source.version()).isEqualTo("0.3.0");
    assertThat(source.spec().name()).isEqualTo("humble");
    assertThat(source.toString()).contains("minSide=16").contains("maxPixels=" + 8192L * 4352);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
      "clip.mp4, H264, h264", "clip.mov, H264, h264", "clip.mkv, H264, h264", "clip.webm, VP9, vp9",
      "clip8.webm, VP8, vp8", "clip.avi, MPEG4, mpeg4", "clip.mpg, MPEG2, mpeg2video",
      "clip-mjpeg.avi, MJPEG, mjpeg"})
  void open_containerAndCodec_decodesEveryFrameInOrder(String name, FfmpegVideoWriter.Codec codec, String decoder) {
    Path f = TestVideos.write(dir.resolve(name), TestFrames.clip(3, 25, 25, 128, 72), 25, codec);
    try (FrameReader r = source.open(VideoInput.of(f), new FrameRequest(25, 64))) {
      VideoInfo info = r.info();
      assertThat(info.codec()).isEqualTo(decoder);
      assertThat(info.width()).isEqualTo(128);
      assertThat(info.height()).isEqualTo(72);
    }
    List<Frame> frames = read(f, 25, 64);
    assertThat(frames).hasSize(25);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).timestamp()).isCloseTo(i / 25.0, offset(0.011));
      assertThat(TestFrames.marker(frames.get(i))).isCloseTo(i * 255.0 / 24, offset(14.0));
    }
  }

  @Test
  void next_sameVideo_matchesTheFfmpegSourceWithinRounding() {
    // Same sampling and sizes as the default source; pixels differ only by the scalers' rounding.
    Path f = TestVideos.write(dir.resolve("same.mp4"), TestFrames.clip(8, 50, 25, 160, 96), 25);
    List<Frame> humble = read(f, 4, 80);
    List<Frame> ffmpeg = readAll(FfmpegFrameSource.create(), f, new FrameRequest(4, 80));
    assertThat(humble).hasSameSizeAs(ffmpeg);
    for (int i = 0; i < humble.size(); i++) {
      Frame a = humble.get(i);
      Frame b = ffmpeg.get(i);
      assertThat(a.timestamp()).isEqualTo(b.timestamp());
      assertThat(a.width()).isEqualTo(b.width());
      assertThat(a.height()).isEqualTo(b.height());
      long sum = 0;
      for (int k = 0; k < a.rgb().length; k++) {
        sum += Math.abs((a.rgb()[k] & 0xff) - (b.rgb()[k] & 0xff));
      }
      assertThat((double) sum / a.rgb().length).as("mean absolute difference of frame %d", i).isLessThan(6.0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"clip-av1.mp4", "clip-av1.mkv"})
  void open_av1_failsAsUnsupported(String name) {
    // FFmpeg 2.8 predates AV1: the stream's codec is unknown.
    Path f = TestVideos.write(dir.resolve(name), TestFrames.clip(3, 5, 25, 64, 48), 25, FfmpegVideoWriter.Codec.AV1);
    assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining(name).hasMessageContaining("no video stream").hasMessageContaining("AV1");
  }

  @Test
  void next_variableFrameRate_samplesByTimestampNotFrameCount() {
    // 40 frames: the first 20 at 50 fps (0.4 s), then 20 at 5 fps (4 s).
    Path f = dir.resolve("vfr.mkv");
    List<Double> times = new ArrayList<>();
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(f, 96, 64, 100, FfmpegVideoWriter.Codec.H264, 0, 0)) {
      for (int i = 0; i < 40; i++) {
        double t = i < 20 ? i * 0.02 : 0.38 + (i - 19) * 0.2;
        times.add(t);
        w.writeAt(TestFrames.scene(2, i, t, 96, 64, i * 6), t);
      }
    }
    List<Frame> frames = read(f, 2, 64);
    double end = times.get(39);
    assertThat(frames.size()).isBetween((int) Math.floor(end * 2), (int) Math.ceil(end * 2) + 1);
    for (int k = 0; k < frames.size(); k++) {
      double t = frames.get(k).timestamp();
      assertThat(t).isGreaterThanOrEqualTo(k * 0.5 - 1e-6).isLessThan(k * 0.5 + 0.2 + 1e-6);
    }
  }

  @ParameterizedTest(name = "rotation {0}")
  @CsvSource({"90", "180", "270"})
  void next_rotationMetadata_turnsFramesUpright(int rotation) {
    // A frame whose left half is red and right half blue, top rows white.
    int w = 64;
    int h = 32;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        boolean top = y < 6;
        rgb[i] = (byte) (top || x < w / 2 ? 255 : 0);
        rgb[i + 1] = (byte) (top ? 255 : 0);
        rgb[i + 2] = (byte) (top || x >= w / 2 ? 255 : 0);
      }
    }
    Path f = dir.resolve("rot" + rotation + ".mp4");
    try (FfmpegVideoWriter wr = FfmpegVideoWriter.create(f, w, h, 10, FfmpegVideoWriter.Codec.H264, 0, rotation)) {
      for (int i = 0; i < 5; i++) {
        wr.write(rgb, w, h);
      }
    }
    try (FrameReader r = source.open(VideoInput.of(f), new FrameRequest(10, 64))) {
      assertThat(r.info().rotation()).isEqualTo(rotation);
      boolean swap = rotation != 180;
      assertThat(r.info().width()).isEqualTo(swap ? 32 : 64);
      Frame fr = r.next();
      assertThat(fr.width()).isEqualTo(swap ? 32 : 64);
      assertThat(fr.height()).isEqualTo(swap ? 64 : 32);
      int white = 0xffffff;
      switch (rotation) {
        case 90:
          assertThat(near(fr.rgbAt(fr.width() - 2, fr.height() / 2), white)).isTrue();
          assertThat(near(fr.rgbAt(1, fr.height() / 2), white)).isFalse();
          break;
        case 180:
          assertThat(near(fr.rgbAt(fr.width() / 2, fr.height() - 2), white)).isTrue();
          assertThat(near(fr.rgbAt(fr.width() / 2, 1), white)).isFalse();
          break;
        default:
          assertThat(near(fr.rgbAt(1, fr.height() / 2), white)).isTrue();
          assertThat(near(fr.rgbAt(fr.width() - 2, fr.height() / 2), white)).isFalse();
      }
    }
  }

  private static boolean near(int rgb, int expected) {
    for (int s = 0; s < 24; s += 8) {
      if (Math.abs(((rgb >> s) & 0xff) - ((expected >> s) & 0xff)) > 60) {
        return false;
      }
    }
    return true;
  }

  @Test
  void open_onePixelVideo_failsAsTooSmall() throws Exception {
    // A 1x1 raw YUV4MPEG2 file: 25 frames of one grey pixel.
    Path f = dir.resolve("tiny.y4m");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write("YUV4MPEG2 W1 H1 F25:1 Ip A1:1 C444\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 25; i++) {
      out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {(byte) 128, (byte) 128, (byte) 128});
    }
    Files.write(f, out.toByteArray());
    assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining("tiny.y4m").hasMessageContaining("1x1").hasMessageContaining("too small");
  }

  @Test
  void open_8000x8000Video_failsAsTooLarge() {
    Path f = dir.resolve("huge.avi");
    byte[] grey = new byte[8000 * 8000 * 3];
    java.util.Arrays.fill(grey, (byte) 90);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(f, 8000, 8000, 1, FfmpegVideoWriter.Codec.MJPEG, 0, 0)) {
      w.write(grey, 8000, 8000);
    }
    assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining("huge.avi").hasMessageContaining("8000x8000").hasMessageContaining("too large");
  }

  @Test
  void open_pixelLimits_areConfigurable() {
    Path f = TestVideos.write(dir.resolve("small.mp4"), TestFrames.clip(6, 5, 25, 96, 64), 25);
    HumbleFrameSource strict = HumbleFrameSource.builder().maxPixels(96 * 64 - 1).build();
    assertThatThrownBy(() -> strict.open(VideoInput.of(f), new FrameRequest(2, 64)).close())
        .isInstanceOf(UnsupportedVideoException.class).hasMessageContaining("96x64").hasMessageContaining("too large");
    HumbleFrameSource picky = HumbleFrameSource.builder().minSide(65).build();
    assertThatThrownBy(() -> picky.open(VideoInput.of(f), new FrameRequest(2, 64)).close())
        .isInstanceOf(UnsupportedVideoException.class).hasMessageContaining("96x64").hasMessageContaining("too small");
  }

  @Test
  void builder_badValues_failAtTheSetter() {
    assertThatThrownBy(() -> HumbleFrameSource.builder().minSide(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSide");
    assertThatThrownBy(() -> HumbleFrameSource.builder().maxPixels(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> HumbleFrameSource.builder().maxConsecutiveErrors(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConsecutiveErrors");
    assertThatThrownBy(() -> HumbleFrameSource.builder().allowedContainers(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HumbleFrameSource.builder().allowedContainers(List.of("mov,hls")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mov,hls");
    assertThatThrownBy(() -> HumbleFrameSource.builder().allowedContainers(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("demuxerNames");
  }

  @Test
  void open_localPlaylist_isRefusedUnlessItsFormatIsAllowed() throws IOException {
    // An HLS playlist named .mp4 that points at another file: FFmpeg 2.8 would follow it (and URLs, too).
    TestVideos.write(dir.resolve("segment.ts"), TestFrames.clip(4, 10, 25, 96, 64), 25,
        FfmpegVideoWriter.Codec.MPEG2);
    Path playlist = Files.writeString(dir.resolve("playlist.mp4"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:0.4,\nsegment.ts\n#EXT-X-ENDLIST\n");
    assertThatThrownBy(() -> read(playlist, 2, 64)).isInstanceOf(VideoDecodeException.class)
        .hasMessageContaining("playlist.mp4").hasMessageContaining("allowed list");
    // the format_whitelist is what refuses it: allowing hls (never do this for untrusted files) opens it
    HumbleFrameSource withHls = HumbleFrameSource.builder().allowedContainers(List.of("hls", "mpegts")).build();
    assertThat(readAll(withHls, playlist, new FrameRequest(25, 64))).hasSize(10);
  }

  @Test
  void open_inMemoryBytes_deletesTheStagedFileOnClose() throws IOException {
    Path video = TestVideos.write(dir.resolve("staged.mp4"), TestFrames.clip(5, 5, 25, 64, 48), 25);
    String name = "upload-" + System.nanoTime() + ".mp4";
    try (FrameReader r = source.open(VideoInput.of(name, Files.readAllBytes(video)), new FrameRequest(2, 64))) {
      assertThat(r.next()).isNotNull();
      assertThat(stagedFiles(name)).hasSize(1);
    }
    assertThat(stagedFiles(name)).isEmpty();
    // ... and also when opening fails
    String bad = "bad-" + System.nanoTime() + ".mp4";
    assertThatThrownBy(() -> source.open(VideoInput.of(bad, new byte[] {1, 2, 3}), new FrameRequest(2, 64)))
        .isInstanceOf(VideoDecodeException.class).hasMessageContaining(bad);
    assertThat(stagedFiles(bad)).isEmpty();
  }

  private static List<Path> stagedFiles(String name) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
        "videosim-*-" + name)) {
      ds.forEach(out::add);
    }
    return out;
  }

  @Test
  void next_absurdTimestampsAndDuration_areBoundedByWhatIsDecoded() throws Exception {
    Path f = TestVideos.write(dir.resolve("liar.mp4"), TestFrames.clip(4, 50, 25, 96, 64), 25);
    byte[] b = Files.readAllBytes(f);
    // Make every frame last ~1 day: the time-to-sample table ('stts') holds (count, delta) pairs.
    int at = indexOf(b, "stts", 0);
    assertThat(at).isPositive();
    int entries = readInt(b, at + 8);
    for (int e = 0; e < entries; e++) {
      int deltaAt = at + 12 + e * 8 + 4;
      b[deltaAt] = 0x7f;
      b[deltaAt + 1] = (byte) 0xff;
      b[deltaAt + 2] = 0;
      b[deltaAt + 3] = 0;
    }
    for (String box : new String[] {"mvhd", "mdhd", "tkhd"}) {
      int i = indexOf(b, box, 0);
      assertThat(b[i + 4]).isZero();
      int durationAt = i + (box.equals("tkhd") ? 24 : 20);
      b[durationAt] = 0x7f;
      b[durationAt + 1] = (byte) 0xff;
      b[durationAt + 2] = 0;
      b[durationAt + 3] = 0;
    }
    int edts = indexOf(b, "edts", 0);
    assertThat(edts).isPositive();
    System.arraycopy("free".getBytes(StandardCharsets.US_ASCII), 0, b, edts, 4);
    Files.write(f, b);
    List<Frame> frames = new ArrayList<>();
    try (FrameReader r = source.open(VideoInput.of(f), new FrameRequest(2, 64))) {
      assertThat(r.info().durationSeconds()).isGreaterThan(36000.0);
      for (Frame fr = r.next(); fr != null; fr = r.next()) {
        frames.add(fr);
      }
    }
    // at most one sampled frame per decoded frame, however far apart the timestamps claim to be
    assertThat(frames).hasSizeBetween(45, 50);
    assertThat(frames.get(frames.size() - 1).timestamp()).isGreaterThan(36000.0);
  }

  private static int indexOf(byte[] b, String box, int from) {
    for (int i = from; i + 4 <= b.length; i++) {
      if (b[i] == box.charAt(0) && b[i + 1] == box.charAt(1) && b[i + 2] == box.charAt(2)
          && b[i + 3] == box.charAt(3)) {
        return i;
      }
    }
    return -1;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  @Test
  void open_mutatedFiles_neverCrashOrHang() throws Exception {
    // Fuzz: flip random bytes of a valid file; every outcome must be frames or a VideoSimilarityException.
    byte[] valid = Files.readAllBytes(TestVideos.write(dir.resolve("base.mp4"), TestFrames.clip(5, 25, 25, 96, 64),
        25));
    long seed = 20261125;
    Random rnd = new Random(seed);
    int failures = 0;
    for (int round = 0; round < 40; round++) {
      byte[] b = valid.clone();
      int flips = 1 + rnd.nextInt(50);
      for (int k = 0; k < flips; k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
      }
      Path f = Files.write(dir.resolve("fuzz" + round + ".mp4"), b);
      try {
        List<Frame> frames = read(f, 5, 64);
        assertThat(frames.size()).as("seed %d round %d", seed, round).isLessThanOrEqualTo(6);
      } catch (VideoSimilarityException e) {
        failures++;
        assertThat(e).hasMessageContaining("fuzz" + round + ".mp4");
      }
    }
    assertThat(failures).isLessThan(40);
  }

  /** An mp4 whose media data (not its index) is sprinkled with random bytes: it opens, then decoding fails. */
  private Path damagedMediaData() throws IOException {
    byte[] b = Files.readAllBytes(TestVideos.write(dir.resolve("clean.mp4"), TestFrames.clip(9, 50, 25, 160, 96),
        25));
    int mdat = indexOf(b, "mdat", 0);
    int moov = indexOf(b, "moov", mdat);
    assertThat(mdat).isPositive();
    assertThat(moov).isGreaterThan(mdat); // the writer puts the index last
    Random rnd = new Random(7);
    for (int i = mdat + 64; i < moov - 4; i++) {
      if (rnd.nextInt(50) == 0) {
        b[i] = (byte) rnd.nextInt();
      }
    }
    return Files.write(dir.resolve("damaged.mp4"), b);
  }

  @Test
  void next_damagedMediaData_skipsBadPacketsAndCountsThem() throws IOException {
    Path f = damagedMediaData();
    try (FrameReader r = source.open(VideoInput.of(f), new FrameRequest(25, 64))) {
      int n = 0;
      for (Frame fr = r.next(); fr != null; fr = r.next()) {
        n++;
      }
      assertThat(n).isBetween(1, 50);
      assertThat(((HumbleFrameReader) r).decodingErrors()).isPositive();
    }
  }

  @Test
  void decodeError_jvmStillExits() throws Exception {
    // With FFmpeg's decoder threads, an error logged from a worker thread leaves a non-daemon thread attached to the
    // JVM for ever. The source decodes single-threaded; check that a JVM that hit decoding errors ends by itself.
    Path f = damagedMediaData();
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DecodeInChildJvm.class.getName(), f.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(exited).as("child JVM exited within 60 s; its output:%n%s", output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    // the child really hit decoding errors (else this test would prove nothing)
    assertThat(output).containsPattern("decodingErrors=[1-9]");
  }

  /** Main class of the child JVM: decodes the damaged file given as argument, then returns without System.exit. */
  static final class DecodeInChildJvm {
    public static void main(String[] args) {
      long start = System.nanoTime();
      try (FrameReader r = HumbleFrameSource.create().open(VideoInput.of(Path.of(args[0])),
          new FrameRequest(25, 64))) {
        int n = 0;
        for (Frame fr = r.next(); fr != null; fr = r.next()) {
          n++;
        }
        System.out.println("frames=" + n + " decodingErrors=" + ((HumbleFrameReader) r).decodingErrors()
            + " ms=" + (System.nanoTime() - start) / 1_000_000);
      } catch (VideoDecodeException e) {
        System.out.println("failed: " + e.getMessage());
      }
    }
  }

  @Test
  void open_manyThreadsAtOnce_neitherAbortsNorDiffers() throws Exception {
    // Humble has no FFmpeg lock manager: concurrent codec opening aborts the JVM unless the source serialises it.
    Path a = TestVideos.write(dir.resolve("a.mp4"), TestFrames.clip(10, 10, 25, 96, 64), 25);
    Path b = TestVideos.write(dir.resolve("b.webm"), TestFrames.clip(11, 10, 25, 96, 64), 25);
    List<Frame> expectA = read(a, 25, 64);
    List<Frame> expectB = read(b, 25, 64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Path f = i % 2 == 0 ? a : b;
        List<Frame> expected = i % 2 == 0 ? expectA : expectB;
        results.add(pool.submit(() -> sameFrames(read(f, 25, 64), expected)));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean sameFrames(List<Frame> x, List<Frame> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!java.util.Arrays.equals(x.get(i).rgb(), y.get(i).rgb()) || x.get(i).timestamp() != y.get(i).timestamp()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void open_missingFile_exceptionCarriesStage() {
    assertThatThrownBy(() -> read(dir.resolve("nope.mp4"), 2, 64)).isInstanceOfSatisfying(
        VideoDecodeException.class, e -> {
          assertThat(e.stage()).isEqualTo("HumbleFrameSource");
          assertThat(e.video()).endsWith("nope.mp4");
          assertThat(e.frameIndex()).isEqualTo(-1);
        });
  }

  @Test
  void open_nonRegularFile_failsWithoutBlocking() {
    Path devNull = Path.of(File.separator, "dev", "null");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull));
    assertThatThrownBy(() -> read(devNull, 2, 64)).isInstanceOf(VideoDecodeException.class)
        .hasMessageContaining("null");
  }
}
