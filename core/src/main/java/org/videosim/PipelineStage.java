package org.videosim;

import java.util.Map;

/**
 * What every pipeline stage has in common: a stable identity that is recorded in each {@link VideoFingerprint}.
 *
 * <p>Two stages with the same {@link #name()}, {@link #version()} and {@link #parameters()} must produce the same
 * output for the same input; change the version when a change of code or weights changes the output. The identity
 * is how the library refuses to compare fingerprints made by different pipelines.
 */
public interface PipelineStage {

  /** A stable, short name, e.g. {@code "dct"}; by convention lower case, without spaces. */
  String name();

  /** Version of the stage's code and weights; bump it whenever outputs change. */
  default String version() {
    return "1";
  }

  /** The parameters that influence the output, in a stable order; empty if none. */
  default Map<String, String> parameters() {
    return Map.of();
  }

  /** The identity of this stage as recorded in fingerprints. */
  default StageSpec spec() {
    return new StageSpec(name(), version(), parameters());
  }
}
