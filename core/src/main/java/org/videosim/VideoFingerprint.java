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
import org.videosim.internal.DeltaCodes;

/**
 * The unit that is stored, indexed and compared: a video's clips (time spans with binary codes) together with the
 * {@link PipelineSpec} of the pipeline that made them. Immutable and thread-safe.
 *
 * <p>{@link #toBytes()} and {@link #fromBytes(byte[])} give a compact, versioned and checksummed binary form.
 */
public final class VideoFingerprint {
  private static final int MAGIC = 0x56534650; // "VSFP"
  // 8: the motion levels as deflated differences (stored as they are where that is not shorter); 7: the motion
  // levels after the warnings; 6: codes as differences from the code before on the same view
  // (DeltaCodes); 5: compact (spec keys, clip times on a grid, codes in whole bytes); 4: decode warnings after the
  // check codes; 3: check codes after the clips; 2: a view byte per clip; versions 1 (no views) to 7 are still read
  private static final int FORMAT_VERSION = 8;
  private static final int MAX_WARNINGS = 1000;

  private final String videoId;
  private final double duration;
  private final PipelineSpec spec;
  private final List<Clip> clips;
  private final List<BitCode> checks;
  private final List<DecodeWarning> warnings;
  private final Motion motion;
  /**
   * The clips' {@link BackgroundSet#commonness} against the last background set asked for ({@link #commonness}): a
   * fingerprint is matched against many others, and this depends on it alone. Not part of its value.
   */
  private volatile Commonness commonness;

  private record Commonness(BackgroundSet set, double[] values) {}

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
    this(videoId, duration, spec, clips, checks, warnings, Motion.NONE);
  }

  /**
   * A fingerprint that also carries how its picture changes over time (see {@link #motion()}).
   *
   * @param motion {@link Motion#NONE} where it was not measured
   */
  public VideoFingerprint(String videoId, double duration, PipelineSpec spec, List<Clip> clips,
      List<BitCode> checks, List<DecodeWarning> warnings, Motion motion) {
    this.motion = Objects.requireNonNull(motion, "motion");
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

  /**
   * How the picture changes over time, at {@link Motion#RATE} steps a second from the video's start, where the
   * pipeline measures it ({@link VideoSimilarity.Builder#motion}); {@link Motion#NONE} otherwise. The matcher reads
   * it where the codes find no segment: a copy of footage that looks alike everywhere changes when its original does.
   */
  public Motion motion() {
    return motion;
  }

  /**
   * Number of time spans: the clips of one span (its picture and the views the layout stage or the pipeline add, such
   * as insets, panels, zoom and band views) count once.
   */
  public int timeSpans() {
    int n = 0;
    for (int c = 0; c < clips.size(); c++) {
      if (startsSpan(clips, c)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether clip {@code c} of {@code clips} begins a time span: the first clip, or one of another start or end than
   * the clip before (the views of one span follow each other, {@link TemporalVideoMatcher} takes them as one).
   */
  static boolean startsSpan(List<Clip> clips, int c) {
    return c == 0 || clips.get(c).start() != clips.get(c - 1).start() || clips.get(c).end() != clips.get(c - 1).end();
  }

  /**
   * The clips in words, for people: {@code "11 clips"}, or with views {@code "11 clips, 22 codes"} ({@link
   * #timeSpans()} and the number of codes).
   */
  public String clipsText() {
    int spans = timeSpans();
    return spans == clips.size() ? spans + " clips" : spans + " clips, " + clips.size() + " codes";
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
    return new VideoFingerprint(newId, duration, spec, clips, checks, warnings, motion);
  }

  /**
   * The binary form, format 8: magic, format version, id, duration, the pipeline's {@linkplain PipelineSpec#key()
   * keys} (16 bytes instead of the whole spec), clips on a time grid, codes, check codes, decode warnings, the motion
   * levels ({@link #motion()}; none where not measured: their differences from step to step, deflated, about half a
   * byte per step), CRC-32.
   * Clip times are integers of a time base found in the times themselves (the decoder's stream time base, e.g.
   * 1/15360 s, and its greatest common step, e.g. one frame); a clip that starts where the one before ended, on the
   * same view, with the usual length and frame count costs one byte besides its codes, others a few more, and a time
   * that is no such integer is stored as it is. Each code after the first of its view is stored as the bits that flip
   * from the code before it on the same view, where that is shorter than the code (clips of one shot: a code of 256
   * bits in about 50-150 bits of static or slow footage), else as it is, plus one bit. Reading gives back an equal
   * fingerprint (the times and codes bit for bit), with the full spec when this JVM knows it (see
   * {@link PipelineSpec#isResolved()}).
   */
  public byte[] toBytes() {
    return toBytes(FORMAT_VERSION);
  }

  /** The binary form of format 5 (codes in whole bytes), which {@link #fromBytes} still reads; for tests. */
  byte[] toBytesFormat5() {
    return toBytes(5);
  }

  /** The binary form of format 7 (motion levels as they are), which {@link #fromBytes} still reads; for tests. */
  byte[] toBytesFormat7() {
    return toBytes(7);
  }

  /** The binary form of format 6 (no motion), which {@link #fromBytes} still reads; for tests. */
  byte[] toBytesFormat6() {
    return toBytes(6);
  }

  private byte[] toBytes(int format) {
    spec.remember();
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + clips.size()
          * (2 + (codeBits() + 7) / 8 + (checkBits() + 7) / 8));
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(format);
      out.writeUTF(videoId);
      out.writeDouble(duration);
      out.writeLong(spec.key());
      out.writeLong(spec.compatibilityKey());
      writeVarint(out, codeBits());
      writeVarint(out, clips.size());
      TimeGrid grid = TimeGrid.of(clips);
      out.writeDouble(grid.base);
      writeVarint(out, grid.step);
      writeVarint(out, grid.length);
      Clip prev = null;
      for (Clip c : clips) {
        grid.write(out, c, prev);
        prev = c;
      }
      int[] views = clips.stream().mapToInt(Clip::view).toArray();
      writeCodes(out, clips.stream().map(Clip::code).toList(), views, codeBits(), format);
      writeVarint(out, checkBits());
      if (!checks.isEmpty()) {
        writeCodes(out, checks, views, checkBits(), format);
      }
      writeVarint(out, warnings.size());
      writeWarnings(out);
      if (format >= 8) {
        writeMotion(out, motion.levels());
      } else if (format >= 7) {
        writeVarint(out, motion.size());
        out.write(motion.levels());
      }
      return withCrc(bos, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
  }

  /**
   * Writes motion levels (format 8): their count, then the length of their deflated differences (each level less the
   * one before, modulo 256) and those bytes, or 0 and the levels as they are where deflating does not make them
   * shorter. Levels change little from step to step: a 480p minute's 479 take 255 bytes.
   */
  private static void writeMotion(DataOutputStream out, byte[] levels) throws IOException {
    writeVarint(out, levels.length);
    if (levels.length == 0) {
      return;
    }
    byte[] differences = new byte[levels.length];
    for (int i = 0; i < levels.length; i++) {
      differences[i] = (byte) (levels[i] - (i == 0 ? 0 : levels[i - 1]));
    }
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
    byte[] packed;
    try {
      deflater.setInput(differences);
      deflater.finish();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream(levels.length);
      byte[] chunk = new byte[512];
      while (!deflater.finished()) {
        buffer.write(chunk, 0, deflater.deflate(chunk));
      }
      packed = buffer.toByteArray();
    } finally {
      deflater.end();
    }
    if (packed.length < levels.length) {
      writeVarint(out, packed.length);
      out.write(packed);
    } else {
      writeVarint(out, 0);
      out.write(levels);
    }
  }

  /**
   * Reads what {@link #writeMotion} wrote. The count a corrupt file may claim is bounded by what the video's duration
   * allows and what its bytes can hold.
   */
  private static Motion readMotion(DataInputStream in, int available, double duration) throws IOException {
    int steps = readVarint(in);
    if (steps == 0) {
      return Motion.NONE;
    }
    int packedLength = checkCount(readVarint(in), available, "motion length");
    long byDuration = Double.isFinite(duration) ? (long) Math.ceil(Math.max(0, duration) * MAX_MOTION_RATE) + 64 : 0;
    long byBytes = packedLength == 0 ? available : 1032L * packedLength + 64;
    checkCount(steps, (int) Math.min(Integer.MAX_VALUE, Math.min(Math.max(byDuration, available), byBytes)),
        "motion steps");
    if (packedLength == 0) {
      byte[] levels = new byte[steps];
      in.readFully(levels);
      return Motion.ofLevels(levels);
    }
    byte[] packed = new byte[packedLength];
    in.readFully(packed);
    byte[] levels = new byte[steps];
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    try {
      inflater.setInput(packed);
      int n = 0;
      while (n < steps && !inflater.finished()) {
        int got = inflater.inflate(levels, n, steps - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != steps || !inflater.finished()) {
        throw new CorruptDataException("corrupt fingerprint: motion levels do not unpack to " + steps + " steps");
      }
    } catch (java.util.zip.DataFormatException e) {
      throw new CorruptDataException("corrupt fingerprint: motion levels: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
    for (int i = 1; i < steps; i++) {
      levels[i] = (byte) (levels[i] + levels[i - 1]);
    }
    return Motion.ofLevels(levels);
  }

  /** Motion steps a second a fingerprint may hold at most (the frame source measures 8). */
  private static final int MAX_MOTION_RATE = 64;

  /** Writes the decode warnings (after their count). */
  private void writeWarnings(DataOutputStream out) throws IOException {
    for (DecodeWarning w : warnings) {
      out.writeUTF(w.kind().name());
      out.writeUTF(fitUtf(w.detail()));
    }
  }

  /** Writes the CRC-32 of everything; returns the bytes. */
  private static byte[] withCrc(ByteArrayOutputStream bos, DataOutputStream out) throws IOException {
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bos.toByteArray());
    out.writeInt((int) crc.getValue());
    return bos.toByteArray();
  }

  /**
   * Reads the form written by {@link #toBytes()}, of this format (8) or an older one (1 to 7).
   *
   * @throws CorruptDataException if the bytes are truncated, corrupt, not a fingerprint, or of a newer format
   */
  public static VideoFingerprint fromBytes(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length < 12) {
      throw new CorruptDataException("not a videosim fingerprint: only " + data.length + " bytes");
    }
    java.nio.ByteBuffer head = java.nio.ByteBuffer.wrap(data);
    if (head.getInt(0) != MAGIC) {
      throw new CorruptDataException("not a videosim fingerprint: wrong magic number");
    }
    int version = head.getInt(4);
    if (version < 1 || version > FORMAT_VERSION) {
      throw new CorruptDataException("unsupported fingerprint format version " + version
          + " (this library reads version " + FORMAT_VERSION + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    if ((int) crc.getValue() != head.getInt(data.length - 4)) {
      throw new CorruptDataException("corrupt fingerprint: checksum mismatch");
    }
    return version >= 5 ? readFormat5To8(data, version) : readFormat1To4(data, version);
  }

  private static VideoFingerprint readFormat5To8(byte[] data, int version) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 8, data.length - 8));
      String id = in.readUTF();
      double duration = in.readDouble();
      long key = in.readLong();
      long compatibilityKey = in.readLong();
      int bits = checkCount(readVarint(in), 1 << 16, "code length");
      int clipCount = checkCount(readVarint(in), data.length, "clip count");
      if (bits == 0) {
        throw new CorruptDataException("corrupt fingerprint: code length 0");
      }
      TimeGrid grid = new TimeGrid(in.readDouble(), readVarint(in), readVarint(in));
      if (!(grid.base >= 0) || !Double.isFinite(grid.base) || grid.step <= 0) {
        throw new CorruptDataException("corrupt fingerprint: time base " + grid.base + " x " + grid.step);
      }
      List<Clip> clips = new ArrayList<>(Math.min(clipCount, 1 << 16));
      Clip prev = null;
      for (int i = 0; i < clipCount; i++) {
        prev = grid.read(in, prev);
        clips.add(prev);
      }
      int[] views = clips.stream().mapToInt(Clip::view).toArray();
      List<BitCode> codes = readCodes(in, views, bits, version);
      for (int i = 0; i < clipCount; i++) {
        Clip c = clips.get(i);
        clips.set(i, new Clip(c.start(), c.end(), c.frameCount(), codes.get(i), c.view()));
      }
      int checkBits = checkCount(readVarint(in), 1 << 16, "check code length");
      List<BitCode> checks = checkBits == 0 ? List.of() : readCodes(in, views, checkBits, version);
      int n = checkCount(readVarint(in), MAX_WARNINGS, "warning count");
      List<DecodeWarning> warnings = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        warnings.add(readWarning(in.readUTF(), in.readUTF()));
      }
      Motion motion = Motion.NONE;
      if (version >= 8) {
        motion = readMotion(in, in.available(), duration);
      } else if (version >= 7) {
        byte[] levels = new byte[checkCount(readVarint(in), data.length, "motion length")];
        in.readFully(levels);
        motion = Motion.ofLevels(levels);
      }
      if (in.available() != 4) {
        throw new CorruptDataException("corrupt fingerprint: " + (in.available() - 4) + " unexpected trailing bytes");
      }
      return new VideoFingerprint(id, duration, PipelineSpec.fromKeys(key, compatibilityKey), clips, checks,
          warnings, motion);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptDataException("corrupt fingerprint: " + e.getMessage(), e);
    }
  }

  private static DecodeWarning readWarning(String kind, String detail) {
    try {
      return new DecodeWarning(DecodeWarning.Kind.valueOf(kind), detail);
    } catch (IllegalArgumentException e) {
      return new DecodeWarning(DecodeWarning.Kind.OTHER, kind + ": " + detail);
    }
  }

  /**
   * The codes of the clips, in order: from format 6 as {@link DeltaCodes} (its byte count, then its bytes), format 5 as
   * {@link #writeCodes(DataOutputStream, List, int)}.
   */
  private static void writeCodes(DataOutputStream out, List<BitCode> codes, int[] views, int bits, int format)
      throws IOException {
    if (format < 6) {
      writeCodes(out, codes, bits);
      return;
    }
    byte[] packed = DeltaCodes.encode(codes, views, bits);
    writeVarint(out, packed.length);
    out.write(packed);
  }

  private static List<BitCode> readCodes(DataInputStream in, int[] views, int bits, int format) throws IOException {
    if (format < 6) {
      return readCodes(in, views.length, bits);
    }
    int length = checkCount(readVarint(in), in.available(), "code section length");
    byte[] packed = new byte[length];
    in.readFully(packed);
    return DeltaCodes.decode(packed, views, bits);
  }

  /** Each code's words, low byte first, {@code ceil(bits / 8)} bytes. */
  private static void writeCodes(DataOutputStream out, List<BitCode> codes, int bits) throws IOException {
    long[] words = new long[BitCode.wordsFor(bits)];
    int bytes = (bits + 7) / 8;
    for (BitCode c : codes) {
      c.copyTo(words, 0);
      for (int i = 0; i < bytes; i++) {
        out.writeByte((int) (words[i >>> 3] >>> ((i & 7) * 8)));
      }
    }
  }

  private static List<BitCode> readCodes(DataInputStream in, int count, int bits) throws IOException {
    if ((long) count * ((bits + 7) / 8) > in.available()) {
      throw new CorruptDataException("corrupt fingerprint: " + count + " codes of " + bits + " bits do not fit");
    }
    List<BitCode> codes = new ArrayList<>(count);
    int bytes = (bits + 7) / 8;
    for (int k = 0; k < count; k++) {
      long[] words = new long[BitCode.wordsFor(bits)];
      for (int i = 0; i < bytes; i++) {
        words[i >>> 3] |= (long) in.readUnsignedByte() << ((i & 7) * 8);
      }
      codes.add(BitCode.of(bits, words));
    }
    return codes;
  }

  static void writeVarint(DataOutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  /** An unsigned varint of at most 63 bits; as an int where the caller checks the range. */
  static int readVarint(DataInputStream in) throws IOException {
    long v = readVarlong(in);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  static long readVarlong(DataInputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptDataException("corrupt fingerprint: a number longer than 63 bits");
  }

  /**
   * Clip times as integers: a time {@code t} is {@code u} units when {@code t == (double) (u * step) * base} bit for
   * bit. Each clip starts with a byte: bits 0-1 its start (0: the previous clip's end, 1: the previous clip's start,
   * 2: units follow, 3: a double follows), bits 2-3 its end (0: start + {@code length} units, 1: the difference to
   * that follows, zigzag, 2: a double follows), bit 4 a frame count follows (else the previous clip's, 1 for the
   * first), bit 5 a view byte follows (else view 0); bits 6-7 are 0.
   */
  private static final class TimeGrid {
    /** Time bases that decoders report: 1/den and 1001/den, computed as the FFmpeg reader computes them. */
    private static final double[] BASES;

    static {
      int[] dens = {1000, 90000, 15360, 12800, 30000, 24000, 25, 30, 24, 50, 60, 600, 1200, 10240, 16000, 48000,
          44100, 1000000, 10000000};
      int[] ntsc = {24000, 30000, 60000};
      BASES = new double[dens.length + ntsc.length];
      for (int i = 0; i < dens.length; i++) {
        BASES[i] = (double) 1 / dens[i];
      }
      for (int i = 0; i < ntsc.length; i++) {
        BASES[dens.length + i] = (double) 1001 / ntsc[i];
      }
    }

    final double base;
    final long step;
    final long length;

    TimeGrid(double base, long step, long length) {
      this.base = base;
      this.step = step;
      this.length = length;
    }

    /** The base that makes most times integers, their greatest common step, the most common clip length. */
    static TimeGrid of(List<Clip> clips) {
      double best = 0;
      int bestCount = 0;
      for (double b : BASES) {
        int count = 0;
        for (Clip c : clips) {
          count += (ticks(c.start(), b, 1) >= 0 ? 1 : 0) + (ticks(c.end(), b, 1) >= 0 ? 1 : 0);
        }
        if (count > bestCount) {
          best = b;
          bestCount = count;
        }
      }
      if (bestCount == 0) {
        return new TimeGrid(0, 1, 0);
      }
      long g = 0;
      for (Clip c : clips) {
        for (double t : new double[] {c.start(), c.end()}) {
          long k = ticks(t, best, 1);
          if (k > 0) {
            g = gcd(g, k);
          }
        }
      }
      g = Math.max(g, 1);
      Map<Long, Integer> lengths = new java.util.HashMap<>();
      for (Clip c : clips) {
        long s = ticks(c.start(), best, g);
        long e = ticks(c.end(), best, g);
        if (s >= 0 && e >= 0) {
          lengths.merge(e - s, 1, Integer::sum);
        }
      }
      long length = lengths.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
          .map(Map.Entry::getKey).orElse(0L);
      return new TimeGrid(best, g, length);
    }

    /** {@code t} in units of {@code step * base}, or -1 when it is not exactly such a number. */
    static long ticks(double t, double base, long step) {
      if (base == 0 || !(t >= 0) || t / base >= 1e15) {
        return -1;
      }
      long k = Math.round(t / base);
      if (k % step != 0 || Double.doubleToLongBits((double) k * base) != Double.doubleToLongBits(t)) {
        return -1;
      }
      return k / step;
    }

    private long units(double t) {
      return ticks(t, base, step);
    }

    private double time(long units) throws IOException {
      if (units < 0 || units > (long) 1e15 / step) {
        throw new CorruptDataException("corrupt fingerprint: time of " + units + " units out of range");
      }
      return (double) (units * step) * base;
    }

    private static long gcd(long a, long b) {
      while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
      }
      return a;
    }

    void write(DataOutputStream out, Clip c, Clip prev) throws IOException {
      double prevEnd = prev == null ? 0 : prev.end();
      int prevFrames = prev == null ? 1 : prev.frameCount();
      long startUnits = units(c.start());
      int startKind;
      if (Double.doubleToLongBits(c.start()) == Double.doubleToLongBits(prevEnd)) {
        startKind = 0;
      } else if (prev != null && Double.doubleToLongBits(c.start()) == Double.doubleToLongBits(prev.start())) {
        startKind = 1;
      } else {
        startKind = startUnits >= 0 ? 2 : 3;
      }
      long endUnits = units(c.end());
      int endKind;
      if (startUnits >= 0 && endUnits >= 0) {
        endKind = endUnits - startUnits == length ? 0 : 1;
      } else {
        endKind = 2;
      }
      int head = startKind | endKind << 2 | (c.frameCount() != prevFrames ? 1 << 4 : 0) | (c.view() != 0 ? 1 << 5
          : 0);
      out.writeByte(head);
      if (startKind == 2) {
        writeVarint(out, startUnits);
      } else if (startKind == 3) {
        out.writeDouble(c.start());
      }
      if (endKind == 1) {
        long d = endUnits - startUnits - length;
        writeVarint(out, (d << 1) ^ (d >> 63));
      } else if (endKind == 2) {
        out.writeDouble(c.end());
      }
      if (c.frameCount() != prevFrames) {
        writeVarint(out, c.frameCount());
      }
      if (c.view() != 0) {
        out.writeByte(c.view());
      }
    }

    /** The next clip's times, frame count and view, with a placeholder code. */
    Clip read(DataInputStream in, Clip prev) throws IOException {
      int head = in.readUnsignedByte();
      if ((head & 0xC0) != 0 || (head >>> 2 & 3) == 3) {
        throw new CorruptDataException("corrupt fingerprint: clip header " + head);
      }
      double start;
      switch (head & 3) {
        case 0:
          start = prev == null ? 0 : prev.end();
          break;
        case 1:
          if (prev == null) {
            throw new CorruptDataException("corrupt fingerprint: the first clip refers to a previous one");
          }
          start = prev.start();
          break;
        case 2:
          start = time(readVarlong(in));
          break;
        default:
          start = in.readDouble();
      }
      double end;
      switch (head >>> 2 & 3) {
        case 0:
          end = time(units(start) + length);
          break;
        case 1:
          long z = readVarlong(in);
          end = time(units(start) + length + ((z >>> 1) ^ -(z & 1)));
          break;
        default:
          end = in.readDouble();
      }
      int frames = (head & 0x10) != 0 ? checkCount(readVarint(in), Integer.MAX_VALUE, "frame count")
          : prev == null ? 1 : prev.frameCount();
      int view = (head & 0x20) != 0 ? in.readUnsignedByte() : 0;
      return new Clip(start, end, frames, PLACEHOLDER, view);
    }
  }

  private static final BitCode PLACEHOLDER = BitCode.of(1, 0L);

  /**
   * The binary form of format 4 (the spec in full, times as doubles: about 29 bytes per clip of 62 bits, 700 bytes
   * of spec for {@code svrtn}), which {@link #fromBytes} still reads; for tests that make older formats from it.
   */
  byte[] toBytesFormat4() {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + clips.size() * (24 + codeBits() / 8));
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(4);
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
      writeWarnings(out);
      return withCrc(bos, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
  }

  /** Formats 1 to 4, after the magic number and the version (checksum checked). */
  private static VideoFingerprint readFormat1To4(byte[] data, int version) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 8, data.length - 8));
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
          warnings.add(readWarning(in.readUTF(), in.readUTF()));
        }
      }
      if (in.available() != 4) {
        throw new CorruptDataException("corrupt fingerprint: " + (in.available() - 4) + " unexpected trailing bytes");
      }
      PipelineSpec spec = new PipelineSpec(stages);
      spec.remember();
      return new VideoFingerprint(id, duration, spec, clips, checks, warnings);
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

  /**
   * {@link BackgroundSet#commonness} of this fingerprint's clips, {@code packed} their codes; computed once per
   * background set (the last one asked for is kept). The array is shared: read it, do not change it.
   */
  double[] commonness(BackgroundSet background, long[] packed) {
    Commonness c = commonness;
    if (c == null || c.set() != background) {
      c = new Commonness(background, background.commonness(packed, clips.size()));
      commonness = c; // immutable pair: a second thread at worst computes it again
    }
    return c.values();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VideoFingerprint)) {
      return false;
    }
    VideoFingerprint f = (VideoFingerprint) o;
    return videoId.equals(f.videoId) && Double.compare(duration, f.duration) == 0 && spec.equals(f.spec)
        && clips.equals(f.clips) && checks.equals(f.checks) && warnings.equals(f.warnings)
        && motion.equals(f.motion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(videoId, duration, spec, clips, checks, warnings, motion);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "VideoFingerprint(%s, %.2fs, %d clips x %d bits%s)", videoId, duration,
        clips.size(), codeBits(), warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
  }
}
