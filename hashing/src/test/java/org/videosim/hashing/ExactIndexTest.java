package org.videosim.hashing;

import org.videosim.Index;
import org.videosim.IndexContract;

class ExactIndexTest extends IndexContract {
  @Override
  protected Index newIndex() {
    return Indexes.exact();
  }
}
