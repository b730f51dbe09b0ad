package org.videosim.encoders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;

/** Small MobileNet encoders for tests: 96x96 input, a 64-dimensional head fitted on synthetic scenes. */
final class TestHeads {
  static final int INPUT = 96;
  static final int DIM = 64;
  private static MobileNetFrameEncoder shared;
  private static Path headFile;

  private TestHeads() {}

  static synchronized Path head() {
    if (headFile == null) {
      try (MobileNetFrameEncoder backbone = MobileNetFrameEncoder.builder().inputSize(INPUT).withoutHead().build()) {
        FrameHeads.Fitter fitter = FrameHeads.fitter(backbone.backboneChannels());
        List<Frame> frames = new ArrayList<>();
        for (int scene = 100; scene < 140; scene++) {
          frames.add(TestFrames.scene(scene, 0, scene * 0.1, INPUT, INPUT * 9 / 16, 0));
        }
        fitter.add(backbone.backboneFeatures(frames));
        headFile = Files.createTempFile("videosim-test-head", ".vsw");
        headFile.toFile().deleteOnExit();
        fitter.centredProjection(DIM, 1, "test head").write(headFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return headFile;
  }

  /** One encoder shared by the tests of a JVM (never closed: it lives as long as the JVM). */
  static synchronized MobileNetFrameEncoder encoder() {
    if (shared == null) {
      shared = MobileNetFrameEncoder.builder().inputSize(INPUT).head(head()).build();
    }
    return shared;
  }
}
