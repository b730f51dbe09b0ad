package org.videosim.hashing;

import org.videosim.Index;
import org.videosim.IndexContract;

class ExactIndexTest extends IndexContract {
  @Override
  protected Index newIndex() {
    return Indexes.exact();
  }

  static class Wide extends IndexContract {
    @Override
    protected Index newIndex() {
      return Indexes.exact();
    }

    @Override
    protected int bits() {
      return 256;
    }
  }
}
