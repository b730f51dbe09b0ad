package org.videosim.hashing;

import org.videosim.Index;
import org.videosim.hashing.internal.ExactIndex;

/**
 * Static factories of {@link Index} implementations.
 */
public final class Indexes {
  private Indexes() {}

  /**
   * An in-memory index that compares the query with every clip: exact, the reference for the others, and the
   * fastest choice up to some hundred thousand clips. Thread-safe: searches run concurrently, adds and removes take
   * a write lock.
   */
  public static Index exact() {
    return new ExactIndex();
  }
}
