package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
  void fromBytes_readsFormatVersion1() {
    // version 1 had no view byte: rewrite a version 2 serialisation of view-0 clips without it
    VideoFingerprint fp = new VideoFingerprint("v", 6, SPEC, sample(64).clips());
    byte[] v2 = fp.toBytes();
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2);
    assertThat(in.getInt(4)).isEqualTo(2);
    int clipBytes = 8 + 8 + 4 + 1 + 8;
    int clipsStart = v2.length - 4 - fp.clips().size() * clipBytes;
    java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
    v1.write(v2, 0, clipsStart);
    for (int i = 0; i < fp.clips().size(); i++) {
      int at = clipsStart + i * clipBytes;
      v1.write(v2, at, 20);
      v1.write(v2, at + 21, 8);
    }
    byte[] body = v1.toByteArray();
    java.nio.ByteBuffer.wrap(body).putInt(4, 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    byte[] withCrc = Arrays.copyOf(body, body.length + 4);
    java.nio.ByteBuffer.wrap(withCrc).putInt(body.length, (int) crc.getValue());
    assertThat(VideoFingerprint.fromBytes(withCrc)).isEqualTo(fp);
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
  }
}
