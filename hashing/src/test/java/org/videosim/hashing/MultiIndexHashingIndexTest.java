package org.videosim.hashing;

/** The index contract for the in-memory multi-index-hashing index with 64-bit codes (4 substrings). */
class MultiIndexHashingIndexTest extends FingerprintIndexContract {
  @Override
  protected FingerprintIndex newIndex() {
    return Indexes.multiIndexHashing();
  }
}
