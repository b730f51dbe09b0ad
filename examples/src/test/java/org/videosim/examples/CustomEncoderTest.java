package org.videosim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.FrameEncoder;
import org.videosim.edit.FrameEdits;
import org.videosim.testkit.FrameEncoderContract;

class CustomEncoderTest {
  @TempDir Path dir;

  /** The example encoder passes the contract suite every frame encoder must pass. */
  @Nested
  class Contract extends FrameEncoderContract {
    private final FrameEncoder encoder = new CustomEncoder.GridLumaEncoder();

    @Override
    protected FrameEncoder encoder() {
      return encoder;
    }
  }

  @Test
  void run_copyAndUnrelatedVideo_copyScoresHigher() throws Exception {
    Path a = ExampleVideos.scene(dir.resolve("a.mp4"), 3);
    // black and white and blurred (not mirrored: this simple encoder, unlike the default one, sees a mirror image as
    // other footage)
    Path copy = ExampleVideos.editedCopy(a, dir.resolve("copy.mp4"), FrameEdits.gray().andThen(FrameEdits.blur(1.5)));
    Path other = ExampleVideos.scene(dir.resolve("other.mp4"), 4);
    double copyRaw = raw(CustomEncoder.run(a, copy));
    double otherRaw = raw(CustomEncoder.run(a, other));
    assertThat(copyRaw).isGreaterThan(0.9);
    assertThat(otherRaw).isLessThan(copyRaw - 0.2);
  }

  private static double raw(String report) {
    assertThat(report).startsWith("raw similarity ").contains("GridLumaEncoder(grid=8)");
    return Double.parseDouble(report.split(" ")[2]);
  }
}
