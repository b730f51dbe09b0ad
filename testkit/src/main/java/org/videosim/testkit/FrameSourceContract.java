package org.videosim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.DecodeWarning;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;

/**
 * The behaviour every {@link FrameSource} must have. Extend it with a test class that supplies the source and a way
 * to write test videos (e.g. with {@code FfmpegVideoWriter}); the tests then check metadata, sampling by time,
 * scaling, thread safety and the handling of missing, empty, random, truncated and audio-only files.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class FrameSourceContract {

  /** A fresh folder per test, for the generated videos. */
  @TempDir protected Path dir;

  /** The source under test. */
  protected abstract FrameSource source();

  /**
   * Writes {@code frames} as a video at {@code fps} to {@code file}, in the container its extension names
   * ({@code .mp4} with H.264 at least).
   */
  protected abstract void writeVideo(Path file, List<Frame> frames, double fps) throws IOException;

  /** A 2-second, 25 fps, 160x96 H.264 mp4 of a moving test scene with markers 0..255. */
  protected Path sampleVideo() throws IOException {
    Path f = dir.resolve("sample.mp4");
    if (!Files.exists(f)) {
      writeVideo(f, TestFrames.clip(1, 50, 25, 160, 96), 25);
    }
    return f;
  }

  /**
   * Every frame a source returns for a file.
   *
   * @param source the source
   * @param file the video
   * @param request the sampling
   * @return the frames, in order
   */
  protected static List<Frame> readAll(FrameSource source, Path file, FrameRequest request) {
    List<Frame> out = new ArrayList<>();
    try (FrameReader r = source.open(VideoInput.of(file), request)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void open_validVideo_reportsSizeRateAndDuration() throws IOException {
    try (FrameReader r = source().open(VideoInput.of(sampleVideo()), new FrameRequest(2, 64))) {
      VideoInfo info = r.info();
      assertThat(info.width()).isEqualTo(160);
      assertThat(info.height()).isEqualTo(96);
      assertThat(info.frameRate()).isCloseTo(25, org.assertj.core.data.Offset.offset(0.5));
      assertThat(info.durationSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.15));
      assertThat(info.rotation()).isZero();
    }
  }

  @Test
  void next_sampleRate_keepsFirstFrameAtEachPeriodOfVideoTime() throws IOException {
    List<Frame> frames = readAll(source(), sampleVideo(), new FrameRequest(2, 64));
    assertThat(frames).hasSize(4);
    for (int k = 0; k < frames.size(); k++) {
      Frame f = frames.get(k);
      assertThat(f.index()).isEqualTo(k);
      // the first frame at or after k * 0.5 s: at most one frame period (0.04 s) late
      assertThat(f.timestamp()).isBetween(k * 0.5 - 1e-6, k * 0.5 + 0.04 + 1e-6);
      // the content is the frame shown at that time (marker = frame number * 255 / 49)
      assertThat(TestFrames.marker(f)).isCloseTo(Math.round(f.timestamp() * 25) * 255.0 / 49,
          org.assertj.core.data.Offset.offset(12.0));
    }
  }

  @Test
  void next_highSampleRate_returnsEveryFrameOnce() throws IOException {
    List<Frame> frames = readAll(source(), sampleVideo(), new FrameRequest(50, 64));
    assertThat(frames).hasSize(50);
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).timestamp()).isGreaterThan(frames.get(i - 1).timestamp());
    }
  }

  @Test
  void next_maxSide_scalesKeepingAspectRatio() throws IOException {
    List<Frame> frames = readAll(source(), sampleVideo(), new FrameRequest(1, 80));
    assertThat(frames).isNotEmpty().allSatisfy(f -> {
      assertThat(f.width()).isEqualTo(80);
      assertThat(f.height()).isEqualTo(48);
    });
  }

  @Test
  void open_twoThreads_readIdenticalFrames() throws Exception {
    Path video = sampleVideo();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Frame>> a = pool.submit(() -> readAll(source(), video, new FrameRequest(5, 64)));
      Future<List<Frame>> b = pool.submit(() -> readAll(source(), video, new FrameRequest(5, 64)));
      List<Frame> fa = a.get();
      List<Frame> fb = b.get();
      assertThat(fa).hasSameSizeAs(fb);
      for (int i = 0; i < fa.size(); i++) {
        assertThat(fa.get(i).rgb()).isEqualTo(fb.get(i).rgb());
        assertThat(fa.get(i).timestamp()).isEqualTo(fb.get(i).timestamp());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void close_twice_isHarmlessAndNextFails() throws IOException {
    FrameReader r = source().open(VideoInput.of(sampleVideo()), new FrameRequest(2, 64));
    assertThat(r.next()).isNotNull();
    r.close();
    r.close();
    assertThatThrownBy(r::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_inMemoryBytes_readsLikeTheFile() throws IOException {
    Path video = sampleVideo();
    List<Frame> fromFile = readAll(source(), video, new FrameRequest(2, 64));
    List<Frame> fromBytes = new ArrayList<>();
    try (FrameReader r = source().open(VideoInput.of("upload.mp4", Files.readAllBytes(video)),
        new FrameRequest(2, 64))) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        fromBytes.add(f);
      }
    }
    assertThat(fromBytes).hasSameSizeAs(fromFile);
    assertThat(fromBytes.get(1).rgb()).isEqualTo(fromFile.get(1).rgb());
  }

  // ---- bad input: each must be a VideoDecodeException naming the file, never a crash, a hang or frames

  /**
   * Asserts that opening and reading {@code file} fails with a {@code VideoDecodeException} whose message
   * names the file and contains each of {@code expectedWords}.
   *
   * @param file the file that must be refused
   * @param expectedWords words the message must contain
   */
  protected void assertRejected(Path file, String... expectedWords) {
    assertThatThrownBy(() -> readAll(source(), file, new FrameRequest(2, 64)))
        .isInstanceOf(VideoDecodeException.class)
        .hasMessageContaining(file.getFileName().toString())
        .satisfies(e -> {
          for (String w : expectedWords) {
            assertThat(e.getMessage()).containsIgnoringCase(w);
          }
        });
  }

  @Test
  void open_missingFile_failsNamingIt() {
    assertRejected(dir.resolve("does-not-exist.mp4"), "not found");
  }

  @Test
  void open_emptyFile_failsNamingIt() throws IOException {
    Path f = Files.createFile(dir.resolve("empty.mp4"));
    assertRejected(f, "empty");
  }

  @Test
  void open_directory_fails() throws IOException {
    Path d = Files.createDirectory(dir.resolve("folder.mp4"));
    assertRejected(d);
  }

  @Test
  void open_randomBytes_fails() throws IOException {
    byte[] junk = new byte[64 * 1024];
    new Random(1).nextBytes(junk);
    Path f = Files.write(dir.resolve("random.mp4"), junk);
    assertRejected(f);
  }

  /** A file cut in half must fail, or decode with a warning: never pass for a whole video. */
  @Test
  void open_truncatedMp4_failsOrWarns() throws IOException {
    byte[] full = Files.readAllBytes(sampleVideo());
    Path f = Files.write(dir.resolve("truncated.mp4"), java.util.Arrays.copyOf(full, full.length / 2));
    List<DecodeWarning> warnings;
    try (FrameReader r = source().open(VideoInput.of(f), new FrameRequest(2, 64))) {
      r.forEachRemaining(x -> { });
      warnings = r.warnings();
    } catch (VideoDecodeException e) {
      assertThat(e).hasMessageContaining("truncated.mp4");
      return;
    }
    assertThat(warnings).as("a truncated file that decodes must say so").isNotEmpty();
  }

  @Test
  void open_audioOnlyWav_failsAsUnsupported() throws IOException {
    Path f = dir.resolve("audio-only.wav");
    Files.write(f, wav(8000, 16000));
    assertThatThrownBy(() -> readAll(source(), f, new FrameRequest(2, 64)))
        .isInstanceOf(UnsupportedVideoException.class)
        .hasMessageContaining("audio-only.wav")
        .hasMessageContaining("no video stream");
  }

  /** A mono 16-bit PCM WAV file with a sine tone. */
  protected static byte[] wav(int sampleRate, int samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
    }
    return b.array();
  }

  @Test
  void open_noDecodableFrame_fails() throws IOException {
    // Keep the container intact but replace every byte of the media data ('mdat' box) with random bytes.
    byte[] bytes = Files.readAllBytes(sampleVideo());
    int mdat = -1;
    for (int i = 4; i + 4 <= bytes.length && mdat < 0; i++) {
      if (bytes[i] == 'm' && bytes[i + 1] == 'd' && bytes[i + 2] == 'a' && bytes[i + 3] == 't') {
        mdat = i;
      }
    }
    assertThat(mdat).as("an mp4 with an 'mdat' box").isPositive();
    long size = ByteBuffer.wrap(bytes, mdat - 4, 4).getInt() & 0xffffffffL;
    Random rnd = new Random(11);
    for (long i = mdat + 4; i < Math.min(bytes.length, mdat - 4 + size); i++) {
      bytes[(int) i] = (byte) rnd.nextInt();
    }
    Path f = Files.write(dir.resolve("no-frames.mp4"), bytes);
    assertRejected(f);
  }

  @Test
  void open_corruptedMediaData_failsOrSkipsButNeverReturnsGarbageSilently() throws IOException {
    // Overwrite everything after the first 16 KiB with random bytes: headers survive, pictures do not.
    byte[] bytes = Files.readAllBytes(sampleVideo());
    Random rnd = new Random(7);
    for (int i = 2048; i < bytes.length; i++) {
      bytes[i] = (byte) rnd.nextInt();
    }
    Path f = Files.write(dir.resolve("corrupt.mp4"), bytes);
    try {
      List<Frame> frames = readAll(source(), f, new FrameRequest(2, 64));
      // A decoder may conceal damage; it must still stay within the file's real length.
      assertThat(frames.size()).isLessThanOrEqualTo(5);
    } catch (VideoDecodeException e) {
      assertThat(e).hasMessageContaining("corrupt.mp4");
    }
  }
}
