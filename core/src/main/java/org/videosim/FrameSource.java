package org.videosim;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Stage 1: decodes a video and samples RGB frames at a fixed rate of video time.
 *
 * <p>Implementations must be thread-safe (one reader per call to {@link #open}), must report every unreadable,
 * corrupt, empty or unsupported input as a {@link VideoDecodeException} (never crash or hang the JVM), and must
 * bound their work by what they actually decode rather than by declared metadata. The contract test suite
 * {@code FrameSourceContract} in {@code videosim-testkit} checks this for any implementation.
 */
public interface FrameSource extends PipelineStage {

  /**
   * Opens a video for reading.
   *
   * @throws VideoDecodeException if the input is missing, unreadable, not a video or unsupported
   */
  FrameReader open(VideoInput input, FrameRequest request);

  /**
   * The frame source registered through {@link FrameSourceProvider} with the highest priority, e.g. the FFmpeg
   * source when {@code videosim-io-ffmpeg} is on the class path.
   *
   * @throws IllegalStateException if no provider is on the class path
   */
  static FrameSource discover() {
    return StreamSupport.stream(ServiceLoader.load(FrameSourceProvider.class).spliterator(), false)
        .max(Comparator.comparingInt(FrameSourceProvider::priority))
        .map(FrameSourceProvider::create)
        .orElseThrow(() -> new IllegalStateException(
            "no FrameSource found: add org.videosim:videosim-io-ffmpeg to the class path,"
                + " or pass one to VideoSimilarity.builder().frameSource(...)"));
  }
}
