package org.videosim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of one pipeline stage: name, version and parameters. Immutable.
 */
public final class StageSpec {
  private final String name;
  private final String version;
  private final Map<String, String> parameters;

  /**
   * A stage's identity.
   *
   * @param name the stage's stable name
   * @param version the version of its output
   * @param parameters its settings, in order; copied
   * @throws IllegalArgumentException if the name or the version is empty
   */
  public StageSpec(String name, String version, Map<String, String> parameters) {
    this.name = requireToken(name, "name");
    this.version = requireToken(version, "version");
    Objects.requireNonNull(parameters, "parameters");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    parameters.forEach((k, v) -> copy.put(requireToken(k, "parameter name"), Objects.requireNonNull(v, k)));
    this.parameters = Collections.unmodifiableMap(copy);
  }

  private static String requireToken(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return s;
  }

  /** The stage's stable name, e.g. {@code dct}. */
  public String name() {
    return name;
  }

  /** The version of the stage's output; a new version means old fingerprints are refused. */
  public String version() {
    return version;
  }

  /** Parameters in the stage's order; unmodifiable. */
  public Map<String, String> parameters() {
    return parameters;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StageSpec)) {
      return false;
    }
    StageSpec s = (StageSpec) o;
    return name.equals(s.name) && version.equals(s.version) && parameters.equals(s.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, parameters);
  }

  /** {@code name@version(k=v, ...)}, e.g. {@code dct@1(grid=32, coefficients=8)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append('@').append(version);
    if (!parameters.isEmpty()) {
      sb.append('(');
      String sep = "";
      for (Map.Entry<String, String> e : parameters.entrySet()) {
        sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = ", ";
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
