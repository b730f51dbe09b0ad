package org.videosim.hashing;

import java.util.Random;
import org.videosim.Binarizer;
import org.videosim.testkit.BinarizerContract;

/** The binarizer contract for IsoHash fitted on anisotropic data. */
class IsoHashBinarizerContractTest extends BinarizerContract {
  private static final IsoHashBinarizer BINARIZER =
      Binarizers.isoHash(IsoHashBinarizerTest.anisotropic(new Random(42), 600, 128, 100), 64, 42);

  @Override
  protected Binarizer binarizer() {
    return BINARIZER;
  }

  @Override
  protected int dimension() {
    return 128;
  }
}
