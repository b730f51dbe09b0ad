package org.videosim.cli;

import org.videosim.VideoSimilarity;
import picocli.CommandLine.Option;

/** Options shared by the commands that fingerprint videos. */
final class PipelineOptions {
  @Option(names = "--sample-rate", defaultValue = "2", paramLabel = "FPS",
      description = "Frames sampled per second of video (default: ${DEFAULT-VALUE}).")
  double sampleRate;

  /** The pipeline these options describe. */
  VideoSimilarity build() {
    return VideoSimilarity.builder().sampleRate(sampleRate).build();
  }
}
