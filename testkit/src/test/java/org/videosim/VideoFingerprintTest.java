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
    assertThat(fp.timeSpans()).isEqualTo(base.size());
    assertThat(fp.clipsText()).isEqualTo(base.size() + " clips, " + 2 * base.size() + " codes");
    assertThat(new VideoFingerprint("v", 12, SPEC, base).clipsText()).isEqualTo(base.size() + " clips");
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
  @ValueSource(ints = {1, 2, 3, 4})
  void fromBytes_readsOlderFormats(int version) {
    VideoFingerprint fp = new VideoFingerprint("v", 6, SPEC, sample(64).clips());
    VideoFingerprint back = VideoFingerprint.fromBytes(olderFormat(fp, version));
    assertThat(back).isEqualTo(fp);
    assertThat(VideoFingerprint.fromBytes(back.toBytes())).isEqualTo(fp); // and rewritten in the current format
  }

  @Test
  void fromBytes_readsFormat5() {
    Random rnd = new Random(5);
    List<Clip> clips = decodedClips(20, 256, rnd);
    List<BitCode> checks = clips.stream().map(c -> BitCode.of(63, randomWords(63, rnd))).toList();
    VideoFingerprint fp = new VideoFingerprint("v", 20, SPEC, clips, checks);
    byte[] v5 = fp.toBytesFormat5();
    assertThat(java.nio.ByteBuffer.wrap(v5).getInt(4)).isEqualTo(5);
    assertThat(VideoFingerprint.fromBytes(v5)).isEqualTo(fp);
    assertThat(java.nio.ByteBuffer.wrap(fp.toBytes()).getInt(4)).isEqualTo(8);
  }

  /**
   * Format 7 added the motion levels, a byte per step; format 8 stores them as deflated differences from step to step
   * (or as they are, where that is not shorter). They come back as they were, fingerprints with other motion differ,
   * format 7 is still read with its motion, and format 6 (which has none) without.
   */
  @Test
  void toBytes_keepsTheMotion_format7IsReadWithIt_andFormat6Without() {
    Random rnd = new Random(7);
    List<Clip> clips = decodedClips(20, 256, rnd);
    List<BitCode> checks = clips.stream().map(c -> BitCode.of(63, randomWords(63, rnd))).toList();
    float[] changes = new float[159];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = i % 7 == 0 ? 255 : rnd.nextFloat() * 20;
    }
    Motion motion = Motion.of(changes);
    assertThat(motion.level(0)).isEqualTo(89); // 16 ln(256), rounded
    assertThat(motion.size()).isEqualTo(159);
    VideoFingerprint fp = new VideoFingerprint("v", 20, SPEC, clips, checks, List.of(), motion);
    byte[] bytes = fp.toBytes();
    assertThat(java.nio.ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(8);
    VideoFingerprint back = VideoFingerprint.fromBytes(bytes);
    assertThat(back).isEqualTo(fp);
    assertThat(back.motion()).isEqualTo(motion);
    assertThat(back.withVideoId("w").motion()).isEqualTo(motion);
    VideoFingerprint without = new VideoFingerprint("v", 20, SPEC, clips, checks);
    // noisy levels: at most a byte a step, and the two lengths
    assertThat(bytes.length - without.toBytes().length).isBetween(80, 159 + 3);
    assertThat(back).isNotEqualTo(without);
    assertThat(without.motion().isEmpty()).isTrue();
    byte[] format7 = fp.toBytesFormat7();
    assertThat(java.nio.ByteBuffer.wrap(format7).getInt(4)).isEqualTo(7);
    assertThat(VideoFingerprint.fromBytes(format7)).isEqualTo(fp);
    assertThat(VideoFingerprint.fromBytes(fp.toBytesFormat6())).isEqualTo(without);
    assertThat(Motion.of(null)).isSameAs(Motion.NONE);
    assertThatThrownBy(() -> Motion.of(new float[] {1, Float.NaN})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Motion.of(new float[] {-1})).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Motion as footage gives it, a level that drifts by a little from step to step: about half a byte a step. Levels
   * that do not shrink (a few steps) are stored as they are. Deflated bytes that do not unpack to the steps are
   * corrupt, also behind a valid checksum.
   */
  @Test
  void toBytes_motionOfFootage_takesAboutHalfAByteAStep_andCorruptLevelsAreRefused() {
    Random rnd = new Random(8);
    List<Clip> clips = decodedClips(60, 256, rnd);
    byte[] levels = new byte[480];
    int level = 30;
    for (int i = 0; i < levels.length; i++) {
      level = Math.max(0, Math.min(90, level + (int) Math.round(rnd.nextGaussian() * 2)));
      levels[i] = (byte) level;
    }
    Motion motion = Motion.ofLevels(levels);
    VideoFingerprint fp = new VideoFingerprint("v", 60, SPEC, clips, List.of(), List.of(), motion);
    byte[] bytes = fp.toBytes();
    int motionBytes = bytes.length - new VideoFingerprint("v", 60, SPEC, clips).toBytes().length;
    assertThat(motionBytes).isLessThan(levels.length * 6 / 10).isGreaterThan(levels.length / 10);
    assertThat(VideoFingerprint.fromBytes(bytes).motion()).isEqualTo(motion);
    // format 7: the count's varint and a byte a step; motionBytes counts the count's varint less the one byte of none
    assertThat(fp.toBytesFormat7().length - bytes.length).isEqualTo(levels.length + 1 - motionBytes);

    Motion few = Motion.ofLevels(new byte[] {3, 90, 17});
    VideoFingerprint short3 = new VideoFingerprint("v", 60, SPEC, clips, List.of(), List.of(), few);
    assertThat(short3.toBytes().length - new VideoFingerprint("v", 60, SPEC, clips).toBytes().length)
        .as("a varint of the count, 0 for stored as they are, the 3 levels").isEqualTo(1 + 1 + 3 - 1);
    assertThat(VideoFingerprint.fromBytes(short3.toBytes()).motion()).isEqualTo(few);

    // the deflated levels sit right before the checksum: garbage there, behind a valid checksum
    byte[] corrupt = bytes.clone();
    java.util.Arrays.fill(corrupt, corrupt.length - 4 - 20, corrupt.length - 4, (byte) 0xff);
    assertThatThrownBy(() -> VideoFingerprint.fromBytes(org.videosim.testkit.ParserFuzzing.withTrailingCrc(corrupt)))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("motion");
  }

  /**
   * Clips of one shot: each code a few bits from the one before on its view (an inset view beside each clip, its codes
   * far from the picture's), as consecutive seconds of slow footage give them.
   */
  @Test
  void toBytes_codesOfOneShot_storeTheBitsThatFlip() {
    Random rnd = new Random(6);
    List<Clip> clips = new java.util.ArrayList<>();
    List<BitCode> checks = new java.util.ArrayList<>();
    long[] picture = randomWords(256, rnd);
    long[] inset = randomWords(256, rnd);
    long[] check = randomWords(63, rnd);
    for (int s = 0; s < 60; s++) {
      for (int f = 0; f < 12; f++) {
        int bit = rnd.nextInt(256);
        picture[bit >>> 6] ^= 1L << bit;
      }
      inset[0] ^= 1L << rnd.nextInt(64);
      check[0] ^= 1L << rnd.nextInt(63);
      clips.add(new Clip(s, s + 1, 1, BitCode.of(256, picture.clone())));
      checks.add(BitCode.of(63, check.clone()));
      clips.add(new Clip(s, s + 1, 1, BitCode.of(256, inset.clone()), Clip.INSET));
      checks.add(BitCode.of(63, randomWords(63, rnd)));
    }
    VideoFingerprint fp = new VideoFingerprint("v", 60, SPEC, clips, checks);
    byte[] bytes = fp.toBytes();
    assertThat(VideoFingerprint.fromBytes(bytes)).isEqualTo(fp);
    // per second: the picture's code in at most 12 bytes (12 flips of at most 8 bits each, about 21 bits apart),
    // the inset's and the picture's check code in 2 each, the inset's random check code as it is (8) and a bit, two
    // clip bytes; against 2 x (32 + 8) + 2 in format 5
    assertThat(bytes.length).isLessThanOrEqualTo(60 * (12 + 2 + 2 + 9 + 2) + 100);
    assertThat(fp.toBytesFormat5().length).isGreaterThan(60 * 82);
  }

  /**
   * The form an older version wrote, made from format 4's serialisation of view-0 clips without check codes or
   * warnings: version 3 had no warning count after the check codes, version 2 also no check-code length after the
   * clips, version 1 also no view byte per clip.
   */
  private static byte[] olderFormat(VideoFingerprint fp, int version) {
    byte[] v4 = fp.toBytesFormat4();
    if (version == 4) {
      return v4;
    }
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
    // 12 clips of 0.5 s on a grid: one byte per clip besides its 8 bytes of code, and a header of the spec's keys
    assertThat(fp.toBytes().length).isLessThanOrEqualTo(12 * (8 + 1) + 70);
    assertThat(fp.toBytes().length).isLessThan(fp.toBytesFormat4().length / 2);
  }

  /**
   * Clips as a decoder makes them: frame times of a 1/15360 s stream time base at 30 fps, sampled at 1 fps into 1 s
   * clips with a frame of jitter, a shot cut every 7 s that starts a short clip, an inset view beside every third
   * clip, a last clip that ends one sampling period after its frame, and a frame with a time that is no tick.
   */
  private static List<Clip> decodedClips(int seconds, int bits, Random rnd) {
    double tb = (double) 1 / 15360;
    List<Clip> clips = new java.util.ArrayList<>();
    long frame = 0;
    for (int s = 0; s < seconds; s++) {
      long next = (s + 1) * 30L + (rnd.nextInt(4) == 0 ? 1 : 0);
      double start = frame * 512 * tb;
      double end = s == seconds - 1 ? start + 1.0 : next * 512 * tb;
      if (s == seconds / 2) {
        start = start + 1e-7; // a time made from a frame duration, not from a timestamp
      }
      int frames = s % 7 == 6 ? 2 : 1;
      clips.add(new Clip(start, end, frames, BitCode.of(bits, randomWords(bits, rnd))));
      if (s % 3 == 0) {
        clips.add(new Clip(start, end, frames, BitCode.of(bits, randomWords(bits, rnd)), Clip.INSET));
      }
      frame = next;
    }
    return clips;
  }

  private static long[] randomWords(int bits, Random rnd) {
    long[] w = new long[BitCode.wordsFor(bits)];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextLong();
    }
    if (bits % 64 != 0) {
      w[w.length - 1] &= (1L << (bits % 64)) - 1;
    }
    return w;
  }

  @Test
  void toBytes_decodedClips_roundTripsBitForBitInAboutOneBytePerClip() {
    long seed = 20261205L;
    Random rnd = new Random(seed);
    List<Clip> clips = decodedClips(60, 256, rnd);
    List<BitCode> checks = clips.stream().map(c -> BitCode.of(62, randomWords(62, rnd))).toList();
    List<DecodeWarning> warnings = List.of(new DecodeWarning(DecodeWarning.Kind.MISSING_FRAMES, "3 of 1800"));
    VideoFingerprint fp = new VideoFingerprint("video-0001", 60.0, SPEC, clips, checks, warnings);
    byte[] bytes = fp.toBytes();
    assertThat(VideoFingerprint.fromBytes(bytes)).as("seed %d", seed).isEqualTo(fp);
    int codes = clips.size() * (32 + 8);
    // at most two bytes per clip (a byte, and one more for a jittered end, a frame count, a view), a time that is no
    // tick and the last end as doubles, a header of about 100 bytes with the warning
    assertThat(bytes.length - codes).as("seed %d", seed).isLessThanOrEqualTo(clips.size() * 2 + 2 * 8 + 100);
  }

  @Test
  void fromBytes_specNotMetInThisJvm_isUnresolvedButKeepsCompatibility() {
    PipelineSpec spec = new PipelineSpec(Map.of("encoder", new StageSpec("dct", "1", Map.of("grid", "31")),
        "source", new StageSpec("ffmpeg", "1", Map.of())));
    VideoFingerprint fp = new VideoFingerprint("v", 6, spec, sample(64).clips());
    byte[] bytes = fp.toBytes();
    int at = 8 + 2 + 1 + 8; // magic, version, id "v", duration: then the spec's key
    assertThat(java.nio.ByteBuffer.wrap(bytes).getLong(at)).isEqualTo(spec.key());
    java.nio.ByteBuffer.wrap(bytes).putLong(at, spec.key() ^ 1); // a key that no spec of this JVM has
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    java.nio.ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    VideoFingerprint back = VideoFingerprint.fromBytes(bytes);
    assertThat(back.spec().isResolved()).isFalse();
    assertThat(back.spec().key()).isEqualTo(spec.key() ^ 1);
    assertThat(back.clips()).isEqualTo(fp.clips());
    PipelineSpec otherSource = new PipelineSpec(Map.of("encoder", new StageSpec("dct", "1", Map.of("grid", "31")),
        "source", new StageSpec("humble", "1", Map.of())));
    assertThat(back.spec().isCompatibleWith(otherSource)).isTrue();
    assertThat(otherSource.isCompatibleWith(back.spec())).isTrue();
    assertThat(back.spec().isCompatibleWith(SPEC)).isFalse();
    assertThat(VideoFingerprint.fromBytes(back.toBytes())).isEqualTo(back);
    assertThat(VideoFingerprint.fromBytes(fp.toBytes()).spec().isResolved()).isTrue(); // the original key resolves
    // the unresolved form of a spec equals it (what a process that has not met the pipeline reads)
    PipelineSpec unresolved = PipelineSpec.unresolved(spec.key(), spec.compatibilityKey());
    assertThat(unresolved).isEqualTo(spec).hasSameHashCodeAs(spec);
    assertThat(spec).isEqualTo(unresolved);
    assertThat(new VideoFingerprint("v", 6, unresolved, fp.clips())).isEqualTo(fp);
    assertThat(PipelineSpec.unresolved(spec.key(), spec.compatibilityKey() ^ 1)).isNotEqualTo(spec);
  }

  @Test
  void fromBytes_beforeThePipelineIsMet_resolvesOnceItIs() {
    // a fingerprint read before its pipeline is built (a store opened first) must still show the pipeline's stages
    // to the matcher (svrtn's check stage says how its check codes turn)
    PipelineSpec later = new PipelineSpec(Map.of("encoder", new StageSpec("dct", "1",
        Map.of("grid", Long.toString(System.nanoTime()))), "check", new StageSpec("dct-orientable", "1", Map.of())));
    PipelineSpec unresolved = PipelineSpec.unresolved(later.key(), later.compatibilityKey());
    assertThat(unresolved.isResolved()).isFalse();
    assertThat(unresolved.stages()).doesNotContainKey("check");
    assertThat(unresolved.codeKey()).isNotEqualTo(later.codeKey()); // no stages yet: a key that is not kept
    new VideoFingerprint("v", 6, later, sample(64).clips()).toBytes(); // writing one remembers the pipeline
    assertThat(unresolved.isResolved()).isTrue();
    assertThat(unresolved.stages()).isEqualTo(later.stages());
    assertThat(unresolved.codeKey()).isEqualTo(later.codeKey());
  }

  @Test
  void key_equalSpecs_equalKeysWhateverTheOrder() {
    java.util.LinkedHashMap<String, StageSpec> a = new java.util.LinkedHashMap<>();
    a.put("encoder", new StageSpec("dct", "1", Map.of("grid", "32", "colour", "grey")));
    a.put("binarizer", new StageSpec("sign", "1", Map.of()));
    java.util.LinkedHashMap<String, StageSpec> b = new java.util.LinkedHashMap<>();
    b.put("binarizer", new StageSpec("sign", "1", Map.of()));
    b.put("encoder", new StageSpec("dct", "1", Map.of("colour", "grey", "grid", "32")));
    assertThat(new PipelineSpec(a).key()).isEqualTo(new PipelineSpec(b).key());
    assertThat(new PipelineSpec(a).key()).isNotEqualTo(SPEC.key());
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
