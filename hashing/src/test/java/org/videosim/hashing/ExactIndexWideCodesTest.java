package org.videosim.hashing;

/** The index contract with 256-bit codes (four words per code). */
class ExactIndexWideCodesTest extends FingerprintIndexContract {
  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.exact();
  }

  @Override
  protected int bits() {
    return 256;
  }
}
