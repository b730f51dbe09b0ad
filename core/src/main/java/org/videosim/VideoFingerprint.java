package org.videosim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The unit that is stored, indexed and compared: a video's clips (time spans with binary codes) together with the
 * {@link PipelineSpec} of the pipeline that made them. Immutable and thread-safe.
 *
 * <p>{@link #toBytes()} and {@link #fromBytes(byte[])} give a compact, versioned and checksummed binary form.
 */
public final class VideoFingerprint {
  private static final int MAGIC = 0x56534650; // "VSFP"
  // 4: decode warnings after the check codes; 3: check codes after the clips; 2: a view byte per clip; versions 1
  // (no views), 2 and 3 are still read
  private static final int FORMAT_VERSION = 4;
  private static final int MAX_WARNINGS = 1000;

  private final String videoId;
  private final double duration;
  private final PipelineSpec spec;
  private final List<Clip> clips;
  private final List<BitCode> checks;
  private final List<DecodeWarning> warnings;

  /**
   * @param videoId the video's id, e.g. its file name without extension
   * @param duration duration in seconds of what was decoded
   * @param spec the pipeline that made the codes
   * @param clips in time order (views of one time span next to each other), all with codes of the same length; at
   *     least one
   */
  public VideoFingerprint(String videoId, double duration, PipelineSpec spec, List<Clip> clips) {
    this(videoId, duration, spec, clips, List.of());
  }

  /**
   * A fingerprint whose clips also carry check codes: a second description of each clip by another encoder (see
   * {@link VideoSimilarity.Builder#checkEncoder}), which the matcher combines with the first.
   *
   * @param checks one code per clip, in the clips' order, all of one length; or empty for none
   */
  public VideoFingerprint(String videoId, double duration, PipelineSpec spec, List<Clip> clips,
      List<BitCode> checks) {
    this(videoId, duration, spec, clips, checks, List.of());
  }

  /**
   * A fingerprint that also carries what decoding its video noticed (see {@link #warnings()}).
   *
   * @param warnings at most 1000; empty for a clean decode
   */
  public VideoFingerprint(String videoId, double duration, PipelineSpec spec, List<Clip> clips,
      List<BitCode> checks, List<DecodeWarning> warnings) {
    this.warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    if (this.warnings.size() > MAX_WARNINGS) {
      throw new IllegalArgumentException("at most " + MAX_WARNINGS + " warnings: " + this.warnings.size());
    }
    this.videoId = Objects.requireNonNull(videoId, "videoId");
    this.spec = Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(clips, "clips");
    if (!(duration >= 0) || !Double.isFinite(duration)) {
      throw new IllegalArgumentException("duration must be finite and not negative: " + duration);
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("a fingerprint needs at least one clip");
    }
    int bits = clips.get(0).code().bits();
    for (Clip c : clips) {
      if (Objects.requireNonNull(c, "clip").code().bits() != bits) {
        throw new IllegalArgumentException("all clip codes must have " + bits + " bits: " + c.code().bits());
      }
    }
    this.duration = duration;
    this.clips = List.copyOf(clips);
    this.checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    if (!this.checks.isEmpty()) {
      if (this.checks.size() != clips.size()) {
        throw new IllegalArgumentException("need one check code per clip: " + this.checks.size() + " for "
            + clips.size() + " clips");
      }
      int checkBits = this.checks.get(0).bits();
      for (BitCode c : this.checks) {
        if (c.bits() != checkBits) {
          throw new IllegalArgumentException("all check codes must have " + checkBits + " bits: " + c.bits());
        }
      }
    }
  }

  /** The id of the video (its file name without extension, by default). */
  public String videoId() {
    return videoId;
  }

  /** Duration in seconds of the decoded video. */
  public double duration() {
    return duration;
  }

  /** The identity of the pipeline that made this fingerprint. */
  public PipelineSpec spec() {
    return spec;
  }

  /** The clips in time order; unmodifiable. */
  public List<Clip> clips() {
    return clips;
  }

  /** The check code of each clip, in the clips' order; empty when the pipeline has no check encoder. */
  public List<BitCode> checks() {
    return checks;
  }

  /**
   * What the frame source noticed while decoding this video that makes the fingerprint less trustworthy: the file
   * ended before its declared duration, frames are missing, timestamps are implausible, it is a still image.
   * Empty for a clean decode. Carried into every {@link Score} made from this fingerprint.
   */
  public List<DecodeWarning> warnings() {
    return warnings;
  }

  /** Length of the check codes in bits; 0 when there are none. */
  public int checkBits() {
    return checks.isEmpty() ? 0 : checks.get(0).bits();
  }

  /** Length of the clip codes in bits. */
  public int codeBits() {
    return clips.get(0).code().bits();
  }

  /** This fingerprint under another id (e.g. when a stored fingerprint is renamed). */
  public VideoFingerprint withVideoId(String newId) {
    return new VideoFingerprint(newId, duration, spec, clips, checks, warnings);
  }

  /**
   * The binary form: magic, format version, id, duration, pipeline spec, clips, check codes, decode warnings,
   * CRC-32.
   */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + clips.size() * (24 + codeBits() / 8));
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeUTF(videoId);
      out.writeDouble(duration);
      out.writeInt(spec.stages().size());
      for (Map.Entry<String, StageSpec> e : spec.stages().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().name());
        out.writeUTF(e.getValue().version());
        out.writeInt(e.getValue().parameters().size());
        for (Map.Entry<String, String> p : e.getValue().parameters().entrySet()) {
          out.writeUTF(p.getKey());
          out.writeUTF(p.getValue());
        }
      }
      int bits = codeBits();
      out.writeInt(bits);
      out.writeInt(clips.size());
      long[] words = new long[BitCode.wordsFor(bits)];
      for (Clip c : clips) {
        out.writeDouble(c.start());
        out.writeDouble(c.end());
        out.writeInt(c.frameCount());
        out.writeByte(c.view());
        c.code().copyTo(words, 0);
        for (long w : words) {
          out.writeLong(w);
        }
      }
      out.writeInt(checkBits());
      long[] checkWords = new long[BitCode.wordsFor(checkBits())];
      for (BitCode c : checks) {
        c.copyTo(checkWords, 0);
        for (long w : checkWords) {
          out.writeLong(w);
        }
      }
      out.writeInt(warnings.size());
      for (DecodeWarning w : warnings) {
        out.writeUTF(w.kind().name());
        out.writeUTF(fitUtf(w.detail()));
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bos.toByteArray());
      out.writeInt((int) crc.getValue());
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
  }

  /**
   * Reads the form written by {@link #toBytes()}.
   *
   * @throws CorruptDataException if the bytes are truncated, corrupt, not a fingerprint, or of a newer format
   */
  public static VideoFingerprint fromBytes(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length < 12) {
      throw new CorruptDataException("not a videosim fingerprint: only " + data.length + " bytes");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC) {
        throw new CorruptDataException("not a videosim fingerprint: wrong magic number");
      }
      int version = in.readInt();
      if (version < 1 || version > FORMAT_VERSION) {
        throw new CorruptDataException("unsupported fingerprint format version " + version
            + " (this library reads version " + FORMAT_VERSION + ")");
      }
      CRC32 crc = new CRC32();
      crc.update(data, 0, data.length - 4);
      int stored = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
          | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
      if ((int) crc.getValue() != stored) {
        throw new CorruptDataException("corrupt fingerprint: checksum mismatch");
      }
      String id = in.readUTF();
      double duration = in.readDouble();
      int stageCount = checkCount(in.readInt(), 1000, "stage count");
      LinkedHashMap<String, StageSpec> stages = new LinkedHashMap<>();
      for (int i = 0; i < stageCount; i++) {
        String role = in.readUTF();
        String name = in.readUTF();
        String ver = in.readUTF();
        int paramCount = checkCount(in.readInt(), 10_000, "parameter count");
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        for (int j = 0; j < paramCount; j++) {
          params.put(in.readUTF(), in.readUTF());
        }
        stages.put(role, new StageSpec(name, ver, params));
      }
      int bits = checkCount(in.readInt(), 1 << 16, "code length");
      int clipCount = checkCount(in.readInt(), data.length, "clip count");
      List<Clip> clips = new ArrayList<>(clipCount);
      long[] words = new long[BitCode.wordsFor(bits)];
      for (int i = 0; i < clipCount; i++) {
        double start = in.readDouble();
        double end = in.readDouble();
        int frames = in.readInt();
        int view = version >= 2 ? in.readByte() : 0;
        for (int w = 0; w < words.length; w++) {
          words[w] = in.readLong();
        }
        clips.add(new Clip(start, end, frames, BitCode.of(bits, words), view));
      }
      List<BitCode> checks = new ArrayList<>();
      if (version >= 3) {
        int checkBits = checkCount(in.readInt(), 1 << 16, "check code length");
        long[] checkWords = new long[BitCode.wordsFor(checkBits)];
        for (int i = 0; checkBits > 0 && i < clipCount; i++) {
          for (int w = 0; w < checkWords.length; w++) {
            checkWords[w] = in.readLong();
          }
          checks.add(BitCode.of(checkBits, checkWords));
        }
      }
      List<DecodeWarning> warnings = new ArrayList<>();
      if (version >= 4) {
        int n = checkCount(in.readInt(), MAX_WARNINGS, "warning count");
        for (int i = 0; i < n; i++) {
          String kind = in.readUTF();
          String detail = in.readUTF();
          DecodeWarning.Kind k;
          try {
            k = DecodeWarning.Kind.valueOf(kind);
          } catch (IllegalArgumentException e) {
            k = DecodeWarning.Kind.OTHER;
            detail = kind + ": " + detail;
          }
          warnings.add(new DecodeWarning(k, detail));
        }
      }
      if (in.available() != 4) {
        throw new CorruptDataException("corrupt fingerprint: " + (in.available() - 4) + " unexpected trailing bytes");
      }
      return new VideoFingerprint(id, duration, new PipelineSpec(stages), clips, checks, warnings);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptDataException("corrupt fingerprint: " + e.getMessage(), e);
    }
  }

  /** {@code s}, shortened so that its modified UTF-8 form fits {@link DataOutputStream#writeUTF}. */
  private static String fitUtf(String s) {
    return s.length() <= 16_000 ? s : s.substring(0, 16_000) + "...";
  }

  private static int checkCount(int n, int max, String what) {
    if (n < 0 || n > max) {
      throw new CorruptDataException("corrupt fingerprint: " + what + " " + n + " out of range");
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VideoFingerprint)) {
      return false;
    }
    VideoFingerprint f = (VideoFingerprint) o;
    return videoId.equals(f.videoId) && Double.compare(duration, f.duration) == 0 && spec.equals(f.spec)
        && clips.equals(f.clips) && checks.equals(f.checks) && warnings.equals(f.warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(videoId, duration, spec, clips, checks, warnings);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "VideoFingerprint(%s, %.2fs, %d clips x %d bits%s)", videoId, duration,
        clips.size(), codeBits(), warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
  }
}
