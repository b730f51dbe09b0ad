package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videosim.testkit.VideoMatcherContract;

class VideoFingerprintTest {
  private static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("dct", "1",
      Map.of("grid", "32")), "binarizer", new StageSpec("sign", "1", Map.of())));

  private static VideoFingerprint sample(int bits) {
    return VideoMatcherContract.random("clip-7", 12, bits, new Random(bits)).withVideoId("clip-7");
  }

  @Test
  void toBytes_fromBytes_roundTrips() {
    for (int bits : new int[] {63, 64, 256, 1000}) {
      VideoFingerprint fp = new VideoFingerprint("clip-7", 6.0, SPEC, sample(bits).clips());
      VideoFingerprint back = VideoFingerprint.fromBytes(fp.toBytes());
      assertThat(back).isEqualTo(fp);
      assertThat(back.spec().isCompatibleWith(SPEC)).isTrue();
    }
  }

  @Test
  void toBytes_fromBytes_keepsViews() {
    List<Clip> base = sample(64).clips();
    List<Clip> withInsets = new java.util.ArrayList<>();
    for (Clip c : base) {
      withInsets.add(c);
      withInsets.add(new Clip(c.start(), c.end(), c.frameCount(), c.code(), Clip.INSET));
    }
    VideoFingerprint fp = new VideoFingerprint("v", 12, SPEC, withInsets);
    VideoFingerprint back = VideoFingerprint.fromBytes(fp.toBytes());
    assertThat(back).isEqualTo(fp);
    assertThat(back.clips().stream().filter(c -> c.view() == Clip.INSET)).hasSize(base.size());
  }

  @Test
  void toBytes_fromBytes_keepsCheckCodes() {
    List<Clip> clips = sample(256).clips();
    Random rnd = new Random(3);
    List<BitCode> checks = clips.stream().map(c -> BitCode.of(62, rnd.nextLong() >>> 2)).toList();
    VideoFingerprint fp = new VideoFingerprint("v", 6, SPEC, clips, checks);
    VideoFingerprint back = VideoFingerprint.fromBytes(fp.toBytes());
    assertThat(back).isEqualTo(fp);
    assertThat(back.checks()).isEqualTo(checks);
    assertThat(back.checkBits()).isEqualTo(62);
    assertThat(back.withVideoId("w").checks()).isEqualTo(checks);
    assertThat(back).isNotEqualTo(new VideoFingerprint("v", 6, SPEC, clips));
  }

  @ParameterizedTest(name = "format version {0}")
  @ValueSource(ints = {1, 2, 3})
  void fromBytes_readsOlderFormats(int version) {
    VideoFingerprint fp = new VideoFingerprint("v", 6, SPEC, sample(64).clips());
    assertThat(VideoFingerprint.fromBytes(olderFormat(fp, version))).isEqualTo(fp);
  }

  /**
   * The form an older version wrote, made from this version's serialisation of view-0 clips without check codes or
   * warnings: version 3 had no warning count after the check codes, version 2 also no check-code length after the
   * clips, version 1 also no view byte per clip.
   */
  private static byte[] olderFormat(VideoFingerprint fp, int version) {
    byte[] v4 = fp.toBytes();
    assertThat(java.nio.ByteBuffer.wrap(v4).getInt(4)).isEqualTo(4);
    byte[] v3 = Arrays.copyOf(v4, v4.length - 4); // without the CRC ...
    v3 = Arrays.copyOf(v3, v3.length - 4); // ... and the warning count (0)
    int clipBytes = 8 + 8 + 4 + 1 + 8;
    int clipsEnd = v3.length - 4; // then the check-code length (0)
    int clipsStart = clipsEnd - fp.clips().size() * clipBytes;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(v3, 0, version >= 3 ? v3.length : clipsStart);
    for (int i = 0; version < 3 && i < fp.clips().size(); i++) {
      int at = clipsStart + i * clipBytes;
      if (version >= 2) {
        out.write(v3, at, clipBytes);
      } else {
        out.write(v3, at, 20);
        out.write(v3, at + 21, 8);
      }
    }
    byte[] body = out.toByteArray();
    java.nio.ByteBuffer.wrap(body).putInt(4, version);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    byte[] withCrc = Arrays.copyOf(body, body.length + 4);
    java.nio.ByteBuffer.wrap(withCrc).putInt(body.length, (int) crc.getValue());
    return withCrc;
  }

  @Test
  void toBytes_fromBytes_keepsDecodeWarnings() {
    VideoFingerprint plain = sample(64);
    List<DecodeWarning> warnings = List.of(new DecodeWarning(DecodeWarning.Kind.SHORT_DURATION,
        "decoded 1.04 s of the declared 12.00 s"), new DecodeWarning(DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS,
        "a gap of 86400.0 s after frame 3 \u00e9"));
    VideoFingerprint fp = new VideoFingerprint("v", plain.duration(), SPEC, plain.clips(), List.of(), warnings);
    VideoFingerprint back = VideoFingerprint.fromBytes(fp.toBytes());
    assertThat(back).isEqualTo(fp);
    assertThat(back.warnings()).isEqualTo(warnings);
    assertThat(back.withVideoId("w").warnings()).isEqualTo(warnings);
    assertThat(back).isNotEqualTo(plain);
    assertThat(VideoFingerprint.fromBytes(plain.toBytes()).warnings()).isEmpty();
  }

  @Test
  void toBytes_isCompact() {
    VideoFingerprint fp = new VideoFingerprint("v", 60, SPEC, sample(64).clips());
    // 12 clips: 24 bytes per clip (times, frame count, one code word) plus a small header
    assertThat(fp.toBytes().length).isLessThan(12 * 28 + 200);
  }

  @Test
  void fromBytes_damagedData_isCorruptDataException() {
    byte[] ok = new VideoFingerprint("v", 6, SPEC, sample(64).clips()).toBytes();
    byte[] flipped = ok.clone();
    flipped[ok.length / 2] ^= 1;
    assertThatThrownBy(() -> VideoFingerprint.fromBytes(flipped)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> VideoFingerprint.fromBytes(Arrays.copyOf(ok, ok.length - 7)))
        .isInstanceOf(CorruptDataException.class);
    assertThatThrownBy(() -> VideoFingerprint.fromBytes("hello world, not a fingerprint".getBytes()))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("magic");
    assertThatThrownBy(() -> VideoFingerprint.fromBytes(new byte[3])).isInstanceOf(CorruptDataException.class);
    byte[] future = ok.clone();
    future[7] = 9;
    assertThatThrownBy(() -> VideoFingerprint.fromBytes(future)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void fromBytes_randomInput_neverThrowsAnythingElse() {
    Random rnd = new Random(20261125);
    byte[] ok = new VideoFingerprint("v", 6, SPEC, sample(64).clips()).toBytes();
    for (int t = 0; t < 500; t++) {
      byte[] b = rnd.nextBoolean() ? ok.clone() : new byte[rnd.nextInt(100)];
      for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
        if (b.length > 0) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
        }
      }
      try {
        VideoFingerprint.fromBytes(b);
      } catch (CorruptDataException expected) {
        // fine
      }
    }
  }

  @Test
  void constructor_validates() {
    List<Clip> clips = sample(64).clips();
    assertThatThrownBy(() -> new VideoFingerprint("v", 1, SPEC, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VideoFingerprint("v", -1, SPEC, clips)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VideoFingerprint(null, 1, SPEC, clips)).isInstanceOf(NullPointerException.class)
        .hasMessage("videoId");
    List<Clip> mixed = List.of(clips.get(0), new Clip(1, 2, 1, BitCode.of(128, 0L, 0L)));
    assertThatThrownBy(() -> new VideoFingerprint("v", 1, SPEC, mixed)).isInstanceOf(IllegalArgumentException.class);
    List<BitCode> tooFew = List.of(BitCode.of(62, 1L));
    assertThatThrownBy(() -> new VideoFingerprint("v", 1, SPEC, clips, tooFew))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one check code per clip");
    List<BitCode> mixedChecks = new java.util.ArrayList<>(clips.stream().map(c -> BitCode.of(62, 1L)).toList());
    mixedChecks.set(1, BitCode.of(64, 1L));
    assertThatThrownBy(() -> new VideoFingerprint("v", 1, SPEC, clips, mixedChecks))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
