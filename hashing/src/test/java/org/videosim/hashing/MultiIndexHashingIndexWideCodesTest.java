package org.videosim.hashing;

/** The index contract for the multi-index-hashing index with 256-bit codes (16 substrings). */
class MultiIndexHashingIndexWideCodesTest extends FingerprintIndexContract {
  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.multiIndexHashing();
  }

  @Override
  protected int bits() {
    return 256;
  }
}
