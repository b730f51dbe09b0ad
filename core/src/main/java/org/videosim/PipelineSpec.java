package org.videosim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of a whole pipeline: one {@link StageSpec} per role ({@code sampling}, {@code shots},
 * {@code encoder}, {@code aggregator}, {@code binarizer}, ...). Recorded in every {@link VideoFingerprint}.
 *
 * <p>Two fingerprints can be compared only when their specs are {@linkplain #isCompatibleWith compatible}: every
 * role that shapes the codes is equal. The frame source (which decoder library produced the pixels) is recorded for
 * provenance but does not take part: decoders agree on the pixels up to rounding.
 *
 * <p>Immutable and thread-safe.
 */
public final class PipelineSpec {
  /** Role of the frame source; recorded, but ignored by {@link #isCompatibleWith}. */
  public static final String SOURCE_ROLE = "source";

  /** Role of the single stage of an {@linkplain #isResolved() unresolved} spec. */
  static final String UNRESOLVED_ROLE = "pipeline";
  /** Most specs remembered by {@link #remember}, least recently used dropped first. */
  private static final int REMEMBERED = 1024;
  private static final Map<Long, PipelineSpec> KNOWN = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PipelineSpec> eldest) {
          return size() > REMEMBERED;
        }
      });

  private final Map<String, StageSpec> stages;
  /** Hashes of the whole spec and of its code stages; for an unresolved spec, the stored ones. */
  private final long key;
  private final long compatibilityKey;
  private final boolean resolved;
  /**
   * {@link #codeKey(boolean)} with and without the check encoder, once computed for a resolved spec (every match asks
   * for it).
   */
  private String codeKey;
  private String codeKeyWithoutCheck;
  /** For an unresolved spec: the remembered spec with its keys, once this JVM has met it. */
  private volatile PipelineSpec resolution;

  /**
   * A pipeline of the given stages, in order.
   *
   * @param stages each stage's spec under its role (e.g. {@code encoder}); copied
   */
  public PipelineSpec(Map<String, StageSpec> stages) {
    Objects.requireNonNull(stages, "stages");
    LinkedHashMap<String, StageSpec> copy = new LinkedHashMap<>();
    stages.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "role"), Objects.requireNonNull(v, k)));
    this.stages = Collections.unmodifiableMap(copy);
    this.key = hash(copy);
    this.compatibilityKey = hash(codeStages(copy));
    this.resolved = true;
  }

  private PipelineSpec(long key, long compatibilityKey) {
    this.key = key;
    this.compatibilityKey = compatibilityKey;
    this.resolved = false;
    this.stages = Map.of(UNRESOLVED_ROLE, new StageSpec("unresolved", "1", Map.of("key", Long.toHexString(key),
        "compatibility", Long.toHexString(compatibilityKey))));
  }

  /**
   * The spec of these two keys ({@link #key()}, {@link #compatibilityKey()}), as the compact fingerprint format
   * reads it: the pipeline's own spec when this JVM has met it, else an {@linkplain #isResolved() unresolved} spec
   * that resolves once it does. For files that store a spec by its keys, because the spec they were given was
   * unresolved and its stages are unknown.
   */
  public static PipelineSpec fromKeys(long key, long compatibilityKey) {
    PipelineSpec known = KNOWN.get(key);
    if (known != null && known.compatibilityKey == compatibilityKey) {
      return known;
    }
    return unresolved(key, compatibilityKey);
  }

  /** The spec that knows only these keys. */
  static PipelineSpec unresolved(long key, long compatibilityKey) {
    return new PipelineSpec(key, compatibilityKey);
  }

  /**
   * Remembers this spec so that fingerprints that store only its {@link #key()} (formats 5 and 6) are read back with
   * it; {@link VideoSimilarity} remembers its pipeline's, {@link VideoFingerprint#toBytes()} the one it writes. At
   * most 1024 specs are kept, the least recently used dropped first.
   */
  void remember() {
    if (resolved) {
      KNOWN.put(key, this);
    }
  }

  /**
   * A 64-bit hash (SHA-256, truncated) of every stage with its name, version and parameters, the same in every JVM:
   * what the compact fingerprint format stores instead of the spec. Equal specs have equal keys; an unresolved spec
   * equals the spec whose keys it carries.
   */
  public long key() {
    return key;
  }

  /** The hash of the stages that {@link #isCompatibleWith} compares (every one but the frame source). */
  public long compatibilityKey() {
    return compatibilityKey;
  }

  /**
   * False for the spec of a fingerprint read from the compact format in a JVM that has not met its pipeline (no
   * {@link VideoSimilarity} of it built, no fingerprint of it written or read in full): such a spec knows only the
   * pipeline's hashes, and its {@link #stages()} are a placeholder. It is still compatible with exactly the specs
   * that the original was compatible with, and is written back unchanged. Once the JVM meets the pipeline (it builds
   * it after reading the fingerprint), the spec resolves: {@link #stages()} are the pipeline's from then on.
   */
  public boolean isResolved() {
    return full() != null;
  }

  /**
   * This spec when it is resolved; for an unresolved one, the spec with its keys that this JVM has met since (looked
   * up again on every call until found: a fingerprint read before its pipeline was built gets the pipeline's stages
   * once it is), or null.
   */
  private PipelineSpec full() {
    if (resolved) {
      return this;
    }
    PipelineSpec r = resolution;
    if (r == null) {
      PipelineSpec known = KNOWN.get(key);
      if (known != null && known.compatibilityKey == compatibilityKey) {
        resolution = r = known;
      }
    }
    return r;
  }

  /** Stages by role, in pipeline order; unmodifiable. */
  public Map<String, StageSpec> stages() {
    PipelineSpec f = full();
    return f == null ? stages : f.stages;
  }

  /** True when fingerprints of the two specs live in the same code space. */
  public boolean isCompatibleWith(PipelineSpec other) {
    if (!resolved || !other.resolved) {
      return compatibilityKey == other.compatibilityKey;
    }
    return codeStages(stages).equals(codeStages(other.stages));
  }

  /**
   * Throws {@link IncompatibleFingerprintException} naming the first stage that differs, unless compatible.
   */
  public void checkCompatibleWith(PipelineSpec other, String whatA, String whatB) {
    if (isCompatibleWith(other)) {
      return;
    }
    boolean thisUnknown = !isResolved();
    if (thisUnknown || !other.isResolved()) {
      // a compact fingerprint or index of a pipeline this run has not built: its stages are unknown here
      PipelineSpec unknown = thisUnknown ? this : other;
      PipelineSpec known = thisUnknown ? other : this;
      throw new IncompatibleFingerprintException("cannot compare " + whatA + " with " + whatB + ": they were made by "
          + "different pipelines; " + (thisUnknown ? whatA : whatB) + " comes from a pipeline that this run has not "
          + "built, so only its key is known here (pipeline key " + String.format("%016x", unknown.key)
          + "), the other from " + known.describeBriefly()
          + "; fingerprint both with the same VideoSimilarity (on the command line: the same pipeline options, such "
          + "as --encoder, --zoom-view, --[no-]band-view, --clip-seconds, --layout, --binarizer; fingerprints and "
          + "indexes of another svrtn version are refused: fingerprint the videos again)");
    }
    Map<String, StageSpec> a = codeStages(stages());
    Map<String, StageSpec> b = codeStages(other.stages());
    StringBuilder diff = new StringBuilder();
    java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>(a.keySet());
    roles.addAll(b.keySet());
    for (String role : roles) {
      if (!Objects.equals(a.get(role), b.get(role))) {
        diff.append(diff.length() == 0 ? "" : "; ")
            .append(role).append(": ").append(a.get(role)).append(" vs ").append(b.get(role));
      }
    }
    throw new IncompatibleFingerprintException(
        "cannot compare " + whatA + " with " + whatB + ": they were made by different pipelines (" + diff
            + "); fingerprint both with the same VideoSimilarity");
  }

  /**
   * The encoder and the views of a resolved spec, e.g. {@code encoder mobilenetv2@1, views zoom@1(side=0.7), band
   * views}.
   */
  private String describeBriefly() {
    StringBuilder sb = new StringBuilder("encoder ").append(brief(stages().get("encoder")));
    StageSpec views = stages().get("views");
    sb.append(views == null ? ", no zoom view" : ", views " + views);
    sb.append(stages().containsKey("band") ? ", band views" : ", no band views");
    return sb.toString();
  }

  private static String brief(StageSpec s) {
    return s == null ? "none" : s.name() + "@" + s.version();
  }

  /** The roles whose stages decide what a code means, and so which calibration applies: see {@link #codeKey()}. */
  private static final java.util.List<String> CODE_ROLES = java.util.List.of("encoder", "aggregator", "binarizer",
      "check", "views", "band", "panels");

  /**
   * A short key of the stages that decide what a code means (encoder, aggregator, binarizer, check encoder) and of
   * the views clips add (a zoom view, band views, widened panels: more candidates for each match, so other score
   * levels), with parameters in sorted order so that it is the same in every JVM: a calibration records the key of the pipeline it was fitted
   * for ({@link TemporalVideoMatcher.Builder#calibratedFor}). Sampling, clip length and layout change how often and
   * of what crop codes are made, not what they mean, and keep a calibration.
   */
  public String codeKey() {
    return codeKey(true);
  }

  /**
   * As {@link #codeKey()}, leaving the check encoder out when {@code withCheck} is false: the key of a calibration
   * that does not use the check codes.
   */
  public String codeKey(boolean withCheck) {
    String k = withCheck ? codeKey : codeKeyWithoutCheck;
    if (k == null) { // a benign race: every thread computes the same immutable string
      k = computeCodeKey(withCheck);
      if (!isResolved()) {
        return k; // its stages are not known yet, and may be later: not kept
      }
      if (withCheck) {
        codeKey = k;
      } else {
        codeKeyWithoutCheck = k;
      }
    }
    return k;
  }

  private String computeCodeKey(boolean withCheck) {
    StringBuilder sb = new StringBuilder();
    for (String role : CODE_ROLES) {
      StageSpec s = stages().get(role);
      if (s != null && (withCheck || !role.equals("check"))) {
        sb.append(role).append('=').append(s.name()).append('@').append(s.version())
            .append(new java.util.TreeMap<>(s.parameters())).append(';');
      }
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static Map<String, StageSpec> codeStages(Map<String, StageSpec> stages) {
    LinkedHashMap<String, StageSpec> m = new LinkedHashMap<>(stages);
    m.remove(SOURCE_ROLE);
    return m;
  }

  /** SHA-256 of the stages in sorted order (roles, then parameters), every string length-prefixed; first 8 bytes. */
  private static long hash(Map<String, StageSpec> stages) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, StageSpec> e : new java.util.TreeMap<>(stages).entrySet()) {
      StageSpec s = e.getValue();
      append(sb, e.getKey());
      append(sb, s.name());
      append(sb, s.version());
      sb.append(s.parameters().size()).append(':');
      for (Map.Entry<String, String> p : new java.util.TreeMap<>(s.parameters()).entrySet()) {
        append(sb, p.getKey());
        append(sb, p.getValue());
      }
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.nio.ByteBuffer.wrap(h).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static void append(StringBuilder sb, String s) {
    sb.append(s.length()).append(':').append(s);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PipelineSpec)) {
      return false;
    }
    PipelineSpec p = (PipelineSpec) o;
    return resolved && p.resolved ? stages.equals(p.stages) : key == p.key && compatibilityKey == p.compatibilityKey;
  }

  /** The hash of {@link #key()}: equal for a spec and the unresolved form of it, which are {@linkplain #equals equal}. */
  @Override
  public int hashCode() {
    return Long.hashCode(key);
  }

  /** e.g. {@code {sampling=fps@1(rate=2.0), encoder=dct@1(...), ...}}. */
  @Override
  public String toString() {
    return stages().toString();
  }
}
