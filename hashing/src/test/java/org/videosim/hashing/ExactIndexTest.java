package org.videosim.hashing;

class ExactIndexTest extends FingerprintIndexContract {
  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.exact();
  }
}
