package org.videosim.dedup;

import java.nio.file.Path;

/**
 * Hears how a {@link Deduplicator} run goes, e.g. to draw progress bars (the library itself only logs). Called from
 * the run's worker threads: implementations must be thread-safe. Every method does nothing by default.
 */
public interface DedupListener {

  /** The stages of a run, in order. */
  enum Stage {
    /** Fingerprinting the files that the store lacks (one step per file). */
    FINGERPRINT,
    /** Searching the index for each video's candidates (one step per video). */
    CANDIDATES,
    /** Verifying candidate pairs with the matcher (one step per pair). */
    VERIFY,
    /** Building the groups (one step per group). */
    GROUP
  }

  /** A stage starts with {@code total} steps. */
  default void started(Stage stage, int total) {}

  /** One step of a stage is done; {@code ok} false when it failed (a file that could not be read). */
  default void step(Stage stage, boolean ok) {}

  /** A file could not be fingerprinted; it is left out of the groups. */
  default void failed(Path file, String message) {}
}
