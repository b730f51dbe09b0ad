package org.videosim.hashing;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The index contract for the persistent index (256-bit codes: 16 substrings). */
class PersistentIndexTest extends FingerprintIndexContract {
  @TempDir Path dir;
  private int count;

  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.create(dir.resolve("index" + count++));
  }

  @Override
  protected int bits() {
    return 256;
  }
}
