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

  private final Map<String, StageSpec> stages;

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
  }

  /** Stages by role, in pipeline order; unmodifiable. */
  public Map<String, StageSpec> stages() {
    return stages;
  }

  /** True when fingerprints of the two specs live in the same code space. */
  public boolean isCompatibleWith(PipelineSpec other) {
    return codeStages(this).equals(codeStages(other));
  }

  /**
   * Throws {@link IncompatibleFingerprintException} naming the first stage that differs, unless compatible.
   */
  public void checkCompatibleWith(PipelineSpec other, String whatA, String whatB) {
    if (isCompatibleWith(other)) {
      return;
    }
    Map<String, StageSpec> a = codeStages(this);
    Map<String, StageSpec> b = codeStages(other);
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

  /** The roles whose stages decide what a code means, and so which calibration applies: see {@link #codeKey()}. */
  private static final java.util.List<String> CODE_ROLES = java.util.List.of("encoder", "aggregator", "binarizer",
      "check");

  /**
   * A short key of the stages that decide what a code means (encoder, aggregator, binarizer, check encoder), with
   * parameters in sorted order so that it is the same in every JVM: a calibration records the key of the pipeline it
   * was fitted for ({@link TemporalVideoMatcher.Builder#calibratedFor}). Sampling, clip length and layout change
   * how often and of what crop codes are made, not what they mean, and keep a calibration.
   */
  public String codeKey() {
    return codeKey(true);
  }

  /**
   * As {@link #codeKey()}, leaving the check encoder out when {@code withCheck} is false: the key of a calibration
   * that does not use the check codes.
   */
  public String codeKey(boolean withCheck) {
    StringBuilder sb = new StringBuilder();
    for (String role : CODE_ROLES) {
      StageSpec s = stages.get(role);
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

  private static Map<String, StageSpec> codeStages(PipelineSpec spec) {
    LinkedHashMap<String, StageSpec> m = new LinkedHashMap<>(spec.stages);
    m.remove(SOURCE_ROLE);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineSpec && stages.equals(((PipelineSpec) o).stages);
  }

  @Override
  public int hashCode() {
    return stages.hashCode();
  }

  /** e.g. {@code {sampling=fps@1(rate=2.0), encoder=dct@1(...), ...}}. */
  @Override
  public String toString() {
    return stages.toString();
  }
}
