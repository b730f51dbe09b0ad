package org.example;

import org.videosim.FrameEncoder;
import org.videosim.testkit.FrameEncoderContract;

/** The testkit's contract suite runs in a user's project with the dependencies its POM declares. */
class DctEncoderContractTest extends FrameEncoderContract {
  private final FrameEncoder encoder = FrameEncoder.dct();

  @Override
  protected FrameEncoder encoder() {
    return encoder;
  }
}
