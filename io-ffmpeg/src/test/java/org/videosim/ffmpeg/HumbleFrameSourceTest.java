package org.videosim.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInput;
import org.videosim.ffmpeg.internal.HumbleFrameReader;

/**
 * {@link HumbleFrameSource}: the whole {@link DecodingContract} (AV1 must fail as unsupported), then Humble-specific
 * behaviour: agreement with {@link FfmpegFrameSource}, the container white list, damaged packets counted, that a JVM
 * which decoded a damaged file still exits, and opening many videos at once. Test videos are written with the bundled
 * FFmpeg 8.1 ({@link TestVideos}) and read back with Humble.
 */
class HumbleFrameSourceTest extends DecodingContract {
  private final HumbleFrameSource source = HumbleFrameSource.create();

  @Override
  protected FrameSource source() {
    return source;
  }

  @Override
  protected FrameSource sourceWithMaxPixels(long maxPixels) {
    return HumbleFrameSource.builder().maxPixels(maxPixels).build();
  }

  @Override
  protected FrameSource sourceWithMinSide(int minSide) {
    return HumbleFrameSource.builder().minSide(minSide).build();
  }

  @Override
  protected FrameSource sourceWithMaxDecodedBytes(long maxDecodedBytes) {
    return HumbleFrameSource.builder().maxDecodedBytes(maxDecodedBytes).build();
  }

  @Override
  protected String expectedStage() {
    return "HumbleFrameSource";
  }

  @Override
  protected boolean decodes(FfmpegVideoWriter.Codec codec) {
    return codec != FfmpegVideoWriter.Codec.AV1; // FFmpeg 2.8 predates AV1: the stream's codec is unknown
  }

  @Test
  void identity_nameVersionAndToString() {
    assertThat(source.name()).isEqualTo("humble");
    assertThat(source.version()).isEqualTo("0.3.0");
    assertThat(source.spec().name()).isEqualTo("humble");
    assertThat(source.toString()).contains("minSide=16").contains("maxPixels=" + 8192L * 4352);
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
      if (!Arrays.equals(x.get(i).rgb(), y.get(i).rgb()) || x.get(i).timestamp() != y.get(i).timestamp()) {
        return false;
      }
    }
    return true;
  }
}

