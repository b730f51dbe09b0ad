package org.videosim.hashing;

import org.videosim.Index;
import org.videosim.IndexContract;

/** The index contract with 256-bit codes (four words per code). */
class ExactIndexWideCodesTest extends IndexContract {
  @Override
  protected Index newIndex() {
    return Indexes.exact();
  }

  @Override
  protected int bits() {
    return 256;
  }
}
