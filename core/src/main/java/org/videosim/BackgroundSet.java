package org.videosim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Clip codes of unrelated footage that a matcher measures how common a clip looks against: a clip that resembles
 * everything (a static room, a talking head, a flat frame) reaches a high similarity with some of it, and a match at
 * that level is no evidence of a copy. The codes are grouped by source (a content unit): a clip's
 * {@link #commonness} is the similarity it reaches with its second most similar group, so that a video which is
 * itself part of the set is not held against its own copies.
 *
 * <p>Codes are comparable only with codes of the same encoder and binarizer: the set records their stages and
 * {@link #appliesTo} checks them. Immutable and thread-safe.
 */
public final class BackgroundSet {
  private static final int MAGIC = 0x56534247; // "VSBG"
  private static final int FORMAT = 1;
  /** Stages whose identity decides whether codes are comparable. */
  private static final List<String> ROLES = List.of("sampling", "clips", "encoder", "aggregator", "binarizer");

  private final int bits;
  private final int words;
  private final long[] codes;
  private final int[] group;
  private final List<String> groups;
  private final Map<String, StageSpec> stages;

  private BackgroundSet(int bits, long[] codes, int[] group, List<String> groups, Map<String, StageSpec> stages) {
    this.bits = bits;
    this.words = BitCode.wordsFor(bits);
    this.codes = codes;
    this.group = group;
    this.groups = List.copyOf(groups);
    this.stages = Map.copyOf(stages);
  }

  /**
   * The clip codes (every view) of fingerprints of unrelated footage, grouped by {@code groupOf} (e.g. the content
   * unit of the video); at least two groups.
   *
   * @throws IncompatibleFingerprintException if the fingerprints come from different pipelines
   */
  public static BackgroundSet of(List<VideoFingerprint> fingerprints, Function<VideoFingerprint, String> groupOf) {
    if (fingerprints.isEmpty()) {
      throw new IllegalArgumentException("no fingerprints");
    }
    VideoFingerprint first = fingerprints.get(0);
    int bits = first.codeBits();
    int words = BitCode.wordsFor(bits);
    Map<String, Integer> ids = new LinkedHashMap<>();
    int total = fingerprints.stream().mapToInt(f -> f.clips().size()).sum();
    long[] codes = new long[total * words];
    int[] group = new int[total];
    int k = 0;
    for (VideoFingerprint f : fingerprints) {
      first.spec().checkCompatibleWith(f.spec(), "fingerprint '" + first.videoId() + "'",
          "fingerprint '" + f.videoId() + "'");
      int g = ids.computeIfAbsent(Objects.requireNonNull(groupOf.apply(f), "group"), x -> ids.size());
      for (Clip c : f.clips()) {
        c.code().copyTo(codes, k * words);
        group[k++] = g;
      }
    }
    if (ids.size() < 2) {
      throw new IllegalArgumentException("a background set needs footage of at least two groups: " + ids.keySet());
    }
    return new BackgroundSet(bits, codes, group, new ArrayList<>(ids.keySet()), relevant(first.spec()));
  }

  private static Map<String, StageSpec> relevant(PipelineSpec spec) {
    Map<String, StageSpec> m = new LinkedHashMap<>();
    for (String role : ROLES) {
      StageSpec s = spec.stages().get(role);
      if (s != null) {
        m.put(role, s);
      }
    }
    return m;
  }

  /** True when fingerprints of {@code spec} have codes comparable with this set's. */
  public boolean appliesTo(PipelineSpec spec) {
    return relevant(spec).equals(stages);
  }

  /** Number of codes. */
  public int size() {
    return group.length;
  }

  /** The groups, in order of first appearance. */
  public List<String> groups() {
    return groups;
  }

  /** Bits per code. */
  public int bits() {
    return bits;
  }

  /**
   * For each of {@code count} packed codes ({@code words} longs each), the similarity {@code 1 - 2 d / bits} it
   * reaches with its second most similar group: how high unrelated footage matches it.
   */
  public double[] commonness(long[] packed, int count) {
    if (packed.length < count * words) {
      throw new IllegalArgumentException("need " + count * words + " words: " + packed.length);
    }
    double[] out = new double[count];
    int[] best = new int[groups.size()];
    for (int c = 0; c < count; c++) {
      Arrays.fill(best, Integer.MAX_VALUE);
      int base = c * words;
      for (int k = 0; k < group.length; k++) {
        int d = BitCode.distance(packed, base, codes, k * words, words);
        if (d < best[group[k]]) {
          best[group[k]] = d;
        }
      }
      int first = Integer.MAX_VALUE;
      int second = Integer.MAX_VALUE;
      for (int d : best) {
        if (d < first) {
          second = first;
          first = d;
        } else if (d < second) {
          second = d;
        }
      }
      out[c] = 1 - 2.0 * second / bits;
    }
    return out;
  }

  /** The binary form: magic, format, stages, groups, codes, CRC-32. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + codes.length * 8 + group.length * 2);
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(stages.size());
      for (String role : ROLES) {
        StageSpec s = stages.get(role);
        if (s == null) {
          continue;
        }
        out.writeUTF(role);
        out.writeUTF(s.name());
        out.writeUTF(s.version());
        out.writeInt(s.parameters().size());
        for (Map.Entry<String, String> p : s.parameters().entrySet()) {
          out.writeUTF(p.getKey());
          out.writeUTF(p.getValue());
        }
      }
      out.writeInt(groups.size());
      for (String g : groups) {
        out.writeUTF(g);
      }
      out.writeInt(bits);
      out.writeInt(group.length);
      for (int k = 0; k < group.length; k++) {
        out.writeShort(group[k]);
        for (int w = 0; w < words; w++) {
          out.writeLong(codes[k * words + w]);
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bos.toByteArray());
      out.writeInt((int) crc.getValue());
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the form of {@link #toBytes()}.
   *
   * @param what names the data in error messages (a file or resource)
   * @throws CorruptDataException if it is truncated, corrupt, foreign or of a newer format
   */
  public static BackgroundSet fromBytes(byte[] data, String what) {
    Objects.requireNonNull(data, "data");
    if (data.length < 16) {
      throw new CorruptDataException("not a videosim background set: " + what + " (" + data.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    int stored = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
        | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4));
      if (in.readInt() != MAGIC) {
        throw new CorruptDataException("not a videosim background set: " + what);
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new CorruptDataException("background set " + what + " has format " + format + ", this library reads "
            + FORMAT);
      }
      if ((int) crc.getValue() != stored) {
        throw new CorruptDataException("corrupt background set " + what + ": checksum mismatch");
      }
      int nStages = in.readInt();
      if (nStages < 0 || nStages > ROLES.size()) {
        throw new CorruptDataException("corrupt background set " + what + ": " + nStages + " stages");
      }
      Map<String, StageSpec> stages = new LinkedHashMap<>();
      for (int s = 0; s < nStages; s++) {
        String role = in.readUTF();
        String name = in.readUTF();
        String version = in.readUTF();
        int np = in.readInt();
        if (np < 0 || np > 256) {
          throw new CorruptDataException("corrupt background set " + what + ": " + np + " parameters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int p = 0; p < np; p++) {
          params.put(in.readUTF(), in.readUTF());
        }
        stages.put(role, new StageSpec(name, version, params));
      }
      int nGroups = in.readInt();
      if (nGroups < 2 || nGroups > 65535) {
        throw new CorruptDataException("corrupt background set " + what + ": " + nGroups + " groups");
      }
      List<String> groups = new ArrayList<>();
      for (int g = 0; g < nGroups; g++) {
        groups.add(in.readUTF());
      }
      int bits = in.readInt();
      int count = in.readInt();
      int words = BitCode.wordsFor(Math.max(1, bits));
      if (bits < 1 || bits > 65536 || count < 1 || (long) count * (2 + 8L * words) > data.length) {
        throw new CorruptDataException("corrupt background set " + what + ": " + count + " codes of " + bits
            + " bits");
      }
      long[] codes = new long[count * words];
      int[] group = new int[count];
      for (int k = 0; k < count; k++) {
        group[k] = in.readUnsignedShort();
        if (group[k] >= nGroups) {
          throw new CorruptDataException("corrupt background set " + what + ": group " + group[k]);
        }
        for (int w = 0; w < words; w++) {
          codes[k * words + w] = in.readLong();
        }
      }
      return new BackgroundSet(bits, codes, group, groups, stages);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptDataException("corrupt background set " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "BackgroundSet(" + group.length + " codes of " + bits + " bits, " + groups.size() + " groups)";
  }
}
