package org.videosim.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.videosim.DecodeWarning;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.testkit.FrameSourceContract;
import org.videosim.testkit.TestFrames;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarityException;

/**
 * The behaviour of every FFmpeg-based {@link FrameSource} of this module, on top of the {@link FrameSourceContract}:
 * containers and codecs, variable frame rate, rotation, size limits, absurd timestamps, damaged and mutated files,
 * staged in-memory inputs and the stage named in exceptions. Test videos are written with the bundled FFmpeg
 * ({@link TestVideos}). A subclass supplies the source, the same source with other pixel limits and the stage name;
 * it overrides {@link #decodes} for codecs its FFmpeg cannot decode.
 */
abstract class DecodingContract extends FrameSourceContract {

  /** The source under test with {@code maxPixels} and otherwise the default settings. */
  protected abstract FrameSource sourceWithMaxPixels(long maxPixels);

  /** The source under test with {@code minSide} and otherwise the default settings. */
  protected abstract FrameSource sourceWithMinSide(int minSide);

  /** The source under test with {@code maxDecodedBytes} and otherwise the default settings. */
  protected abstract FrameSource sourceWithMaxDecodedBytes(long maxDecodedBytes);

  /** The {@link VideoDecodeException#stage()} of the source's exceptions. */
  protected abstract String expectedStage();

  /**
   * Whether the source decodes videos in {@code codec}; if not, such videos must fail as an
   * {@link UnsupportedVideoException} naming the codec. All codecs by default.
   */
  protected boolean decodes(FfmpegVideoWriter.Codec codec) {
    return true;
  }

  @Override
  protected void writeVideo(Path file, List<Frame> frames, double fps) {
    TestVideos.write(file, frames, fps);
  }

  protected List<Frame> read(Path f, double rate, int side) {
    return readAll(source(), f, new FrameRequest(rate, side));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
      "clip.mp4, H264, h264", "clip.mov, H264, h264", "clip.mkv, H264, h264", "clip.webm, VP9, vp9",
      "clip8.webm, VP8, vp8", "clip.avi, MPEG4, mpeg4", "clip.mpg, MPEG2, mpeg2video", "clip-av1.mp4, AV1, av1",
      "clip-av1.mkv, AV1, av1", "clip-mjpeg.avi, MJPEG, mjpeg"})
  void open_containerAndCodec_decodesEveryFrameInOrder(String name, FfmpegVideoWriter.Codec codec, String decoder) {
    Path f = TestVideos.write(dir.resolve(name), TestFrames.clip(3, 25, 25, 128, 72), 25, codec);
    if (!decodes(codec)) {
      assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
          .hasMessageContaining(name).hasMessageContaining("no video stream").hasMessageContaining(codec.name());
      return;
    }
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(25, 64))) {
      VideoInfo info = r.info();
      assertThat(info.codec()).isEqualTo(decoder);
      assertThat(info.width()).isEqualTo(128);
      assertThat(info.height()).isEqualTo(72);
    }
    List<Frame> frames = new ArrayList<>();
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(25, 64))) {
      r.forEachRemaining(frames::add);
      assertThat(r.warnings()).as("a clean %s decodes without warnings", name).isEmpty();
    }
    assertThat(frames).hasSize(25);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).timestamp()).isCloseTo(i / 25.0, offset(0.011));
      assertThat(TestFrames.marker(frames.get(i))).isCloseTo(i * 255.0 / 24, offset(14.0));
    }
  }

  /** The reader's end time after reading every frame at 1 fps (NaN before the end is asserted on the way). */
  protected static double endTime(FrameSource source, Path video) {
    try (FrameReader r = source.open(VideoInput.of(video), new FrameRequest(1, 160))) {
      assertThat(r.next()).isNotNull();
      assertThat(r.endTime()).isNaN();
      while (r.next() != null) {
        // read to the end
      }
      return r.endTime();
    }
  }

  @Test
  void endTime_isWhereTheLastFrameEnds_andTheFingerprintsLastClipEndsThere() {
    // 6.1 s: its last sample at 1 fps is at 6 s, one period later would be 7 s
    Path h264 = TestVideos.write(dir.resolve("end.mp4"), TestFrames.clip(3, 183, 30, 160, 96), 30);
    assertThat(endTime(source(), h264)).isCloseTo(6.1, offset(0.001));
    try (org.videosim.VideoSimilarity sim = org.videosim.VideoSimilarity.builder().frameSource(source()).build()) {
      org.videosim.VideoFingerprint fp = sim.fingerprint(h264);
      assertThat(fp.duration()).isCloseTo(6.1, offset(0.001));
      assertThat(fp.clips().get(fp.clips().size() - 1).end()).isCloseTo(6.1, offset(0.001));
    }
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
    // one frame per half second of video time, not one per 12.5 frames
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
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(10, 64))) {
      assertThat(r.info().rotation()).isEqualTo(rotation);
      boolean swap = rotation != 180;
      assertThat(r.info().width()).isEqualTo(swap ? 32 : 64);
      Frame fr = r.next();
      assertThat(fr.width()).isEqualTo(swap ? 32 : 64);
      assertThat(fr.height()).isEqualTo(swap ? 64 : 32);
      // Rotating clockwise by 90 moves the white top rows to the right side, by 180 to the bottom, by 270 left.
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
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
    Arrays.fill(grey, (byte) 90);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(f, 8000, 8000, 1, FfmpegVideoWriter.Codec.MJPEG, 0, 0)) {
      w.write(grey, 8000, 8000);
    }
    assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining("huge.avi").hasMessageContaining("8000x8000").hasMessageContaining("too large");
  }

  @Test
  void open_pixelLimits_areConfigurable() {
    Path f = TestVideos.write(dir.resolve("small.mp4"), TestFrames.clip(6, 5, 25, 96, 64), 25);
    FrameSource strict = sourceWithMaxPixels(96 * 64 - 1);
    assertThatThrownBy(() -> strict.open(VideoInput.of(f), new FrameRequest(2, 64)).close())
        .isInstanceOf(UnsupportedVideoException.class).hasMessageContaining("96x64").hasMessageContaining("too large");
    FrameSource picky = sourceWithMinSide(65);
    assertThatThrownBy(() -> picky.open(VideoInput.of(f), new FrameRequest(2, 64)).close())
        .isInstanceOf(UnsupportedVideoException.class).hasMessageContaining("96x64").hasMessageContaining("too small");
  }

  /**
   * A 50-frame mp4 whose time-to-sample table ('stts', (count, delta) pairs) gives every frame {@code delta}, without
   * its edit list (renamed 'free'), which would otherwise cut the presentation at the original 2 s.
   */
  Path withFrameDelta(String name, int delta) throws IOException {
    Path f = TestVideos.write(dir.resolve(name), TestFrames.clip(4, 50, 25, 96, 64), 25);
    byte[] b = Files.readAllBytes(f);
    int at = indexOf(b, "stts", 0);
    assertThat(at).isPositive();
    int entries = readInt(b, at + 8);
    for (int e = 0; e < entries; e++) {
      java.nio.ByteBuffer.wrap(b).putInt(at + 12 + e * 8 + 4, delta);
    }
    int edts = indexOf(b, "edts", 0);
    assertThat(edts).isPositive();
    System.arraycopy("free".getBytes(StandardCharsets.US_ASCII), 0, b, edts, 4);
    Files.write(f, b);
    return f;
  }

  @Test
  void next_absurdTimestampsAndDuration_areBoundedByWhatIsDecoded() throws Exception {
    // Make every frame last ~1 day
    Path f = withFrameDelta("liar.mp4", 0x7fff0000);
    byte[] b = Files.readAllBytes(f);
    // ... declare it in the movie, track and media headers (version-0 boxes: 32-bit durations) ...
    for (String box : new String[] {"mvhd", "mdhd", "tkhd"}) {
      int i = indexOf(b, box, 0);
      assertThat(b[i + 4]).isZero();
      int durationAt = i + (box.equals("tkhd") ? 24 : 20);
      b[durationAt] = 0x7f;
      b[durationAt + 1] = (byte) 0xff;
      b[durationAt + 2] = 0;
      b[durationAt + 3] = 0;
    }
    Files.write(f, b);
    List<Frame> frames = new ArrayList<>();
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(2, 64))) {
      assertThat(r.info().durationSeconds()).isGreaterThan(36000.0);
      for (Frame fr = r.next(); fr != null; fr = r.next()) {
        frames.add(fr);
      }
    }
    // at most one sampled frame per decoded frame, however far apart the timestamps claim to be
    assertThat(frames).hasSizeBetween(45, 50);
    assertThat(frames.get(frames.size() - 1).timestamp()).isGreaterThan(36000.0);
  }

  @Test
  void warnings_absurdFrameDurations_sayTheTimestampsAreImplausible() throws Exception {
    Path f = withFrameDelta("day-per-frame.mp4", 0x7fff0000);
    assertThat(warningsOf(f)).extracting(DecodeWarning::kind).contains(DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS);
  }

  @Test
  void warnings_zeroFrameDurations_sayTheTimestampsAreImplausible() throws Exception {
    Path f = withFrameDelta("zero-fps.mp4", 0);
    List<DecodeWarning> w;
    try {
      w = warningsOf(f);
    } catch (VideoDecodeException e) {
      assertThat(e).hasMessageContaining("zero-fps.mp4");
      return; // refusing it is fine too
    }
    assertThat(w).as("a 0 fps file must not decode silently").isNotEmpty();
  }

  /** Reads every frame of {@code f} at 2 fps and returns the reader's warnings. */
  protected List<DecodeWarning> warningsOf(Path f) {
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(2, 64))) {
      r.forEachRemaining(x -> { });
      return r.warnings();
    }
  }

  @Test
  void warnings_truncatedMp4WithIndexAtFront_sayWhatIsMissing() throws Exception {
    // 4 s, index ('moov') moved before the media data as a streaming-ready file has it, then the data cut to 25%
    Path full = TestVideos.write(dir.resolve("full.mp4"), TestFrames.clip(2, 100, 25, 96, 64), 25);
    byte[] fast = TestVideos.moovFirst(Files.readAllBytes(full));
    int mdat = indexOf(fast, "mdat", 0);
    int cut = mdat + (fast.length - mdat) / 4;
    Path f = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(fast, cut));
    assertThat(warningsOf(Files.write(dir.resolve("fast.mp4"), fast))).as("the whole moved file").isEmpty();
    List<DecodeWarning> w = warningsOf(f);
    assertThat(w).extracting(DecodeWarning::kind).contains(DecodeWarning.Kind.SHORT_DURATION,
        DecodeWarning.Kind.MISSING_FRAMES);
    assertThat(w.stream().filter(x -> x.kind() == DecodeWarning.Kind.SHORT_DURATION).findFirst().orElseThrow()
        .detail()).contains("of the declared 4.00 s");
  }

  @Test
  void warnings_oneFrameVideo_sayItIsAStillImage() {
    Path f = TestVideos.write(dir.resolve("one.mp4"), TestFrames.clip(2, 1, 25, 96, 64), 25);
    assertThat(warningsOf(f)).extracting(DecodeWarning::kind).containsExactly(DecodeWarning.Kind.STILL_IMAGE);
  }

  @Test
  void open_pngRenamedMp4_isRefused() throws IOException {
    Path f = dir.resolve("picture.mp4");
    javax.imageio.ImageIO.write(org.videosim.edit.FrameEdits.toImage(TestFrames.clip(3, 1, 25, 96, 64).get(0)),
        "png", f.toFile());
    assertRejected(f);
  }

  @Test
  void open_hlsPlaylistNamingAFileElsewhere_isRefused() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path secret = TestVideos.write(elsewhere.resolve("secret.ts"), TestFrames.clip(4, 10, 25, 96, 64), 25,
        FfmpegVideoWriter.Codec.MPEG2);
    String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:0.4,\n"
        + secret.toAbsolutePath() + "\n#EXT-X-ENDLIST\n";
    for (String name : new String[] {"playlist.m3u8", "playlist.mp4"}) {
      Path p = Files.writeString(dir.resolve(name), playlist);
      assertRejected(p);
    }
  }

  @Test
  void open_concatListNamingAnotherFile_isRefused() throws IOException {
    TestVideos.write(dir.resolve("other.mp4"), TestFrames.clip(4, 10, 25, 96, 64), 25);
    Path list = Files.writeString(dir.resolve("list.mp4"), "ffconcat version 1.0\nfile other.mp4\n");
    assertRejected(list);
  }

  @Test
  void open_8704x64Video_failsAsTooLargeASide() {
    Path f = dir.resolve("wide.avi");
    byte[] grey = new byte[8704 * 64 * 3];
    Arrays.fill(grey, (byte) 90);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(f, 8704, 64, 1, FfmpegVideoWriter.Codec.MJPEG, 0, 0)) {
      w.write(grey, 8704, 64);
    }
    assertThatThrownBy(() -> read(f, 2, 64)).isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining("wide.avi").hasMessageContaining("8704x64").hasMessageContaining("each side");
  }

  @Test
  void open_decodedMemoryEstimate_isLimited() {
    Path f = TestVideos.write(dir.resolve("mem.mp4"), TestFrames.clip(6, 5, 25, 96, 64), 25);
    // 96x64 yuv420p: 9216 bytes a picture, 16 references + thread + 1: about 166 kB
    FrameSource tight = sourceWithMaxDecodedBytes(100_000);
    assertThatThrownBy(() -> tight.open(VideoInput.of(f), new FrameRequest(2, 64)).close())
        .isInstanceOf(UnsupportedVideoException.class).hasMessageContaining("96x64")
        .hasMessageContaining("MB of pictures");
    assertThat(readAll(sourceWithMaxDecodedBytes(1_000_000), f, new FrameRequest(2, 64))).isNotEmpty();
  }

  /** Where the four-character {@code box} type first occurs in {@code b} at or after {@code from}, or -1. */
  protected static int indexOf(byte[] b, String box, int from) {
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
    readsMutatedFiles(source(), "fuzz", 25, 20261125, 40);
  }

  /**
   * Fuzz: flips random bytes of a valid file of {@code frames} frames at 25 fps, {@code rounds} times; every outcome
   * of reading it with {@code source} at 5 fps must be frames (at most the file's seconds times 5, plus one) or a
   * {@link VideoSimilarityException} that names the file, and not every round may fail.
   */
  void readsMutatedFiles(FrameSource source, String name, int frames, long seed, int rounds) throws Exception {
    byte[] valid = Files.readAllBytes(TestVideos.write(dir.resolve(name + "-base.mp4"),
        TestFrames.clip(5, frames, 25, 96, 64), 25));
    Random rnd = new Random(seed);
    int failures = 0;
    for (int round = 0; round < rounds; round++) {
      byte[] b = valid.clone();
      int flips = 1 + rnd.nextInt(50);
      for (int k = 0; k < flips; k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
      }
      Path f = Files.write(dir.resolve(name + round + ".mp4"), b);
      try {
        List<Frame> read = readAll(source, f, new FrameRequest(5, 64));
        assertThat(read.size()).as("seed %d round %d", seed, round).isLessThanOrEqualTo(frames / 5 + 1);
      } catch (VideoSimilarityException e) {
        failures++;
        assertThat(e).hasMessageContaining(name + round + ".mp4");
      }
    }
    assertThat(failures).isLessThan(rounds);
  }

  @Test
  void open_inMemoryBytes_deletesTheStagedFileOnClose() throws IOException {
    Path video = TestVideos.write(dir.resolve("staged.mp4"), TestFrames.clip(5, 5, 25, 64, 48), 25);
    String name = "upload-" + System.nanoTime() + ".mp4";
    try (FrameReader r = source().open(VideoInput.of(name, Files.readAllBytes(video)), new FrameRequest(2, 64))) {
      assertThat(r.next()).isNotNull();
      assertThat(stagedFiles(name)).hasSize(1);
    }
    assertThat(stagedFiles(name)).isEmpty();
    // ... and also when opening fails
    String bad = "bad-" + System.nanoTime() + ".mp4";
    assertThatThrownBy(() -> source().open(VideoInput.of(bad, new byte[] {1, 2, 3}), new FrameRequest(2, 64)))
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
  void open_nonRegularFile_failsWithoutBlocking() {
    Path devNull = Path.of(File.separator, "dev", "null");
    Assumptions.assumeTrue(Files.exists(devNull));
    assertThatThrownBy(() -> read(devNull, 2, 64)).isInstanceOf(VideoDecodeException.class)
        .hasMessageContaining("null");
  }

  @Test
  void open_missingFile_exceptionCarriesStage() {
    assertThatThrownBy(() -> read(dir.resolve("nope.mp4"), 2, 64)).isInstanceOfSatisfying(
        VideoDecodeException.class, e -> {
          assertThat(e.stage()).isEqualTo(expectedStage());
          assertThat(e.video()).endsWith("nope.mp4");
          assertThat(e.frameIndex()).isEqualTo(-1);
        });
  }
}
