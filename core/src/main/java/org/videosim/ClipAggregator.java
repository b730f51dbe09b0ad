package org.videosim;

import java.util.List;
import org.videosim.internal.MeanClipAggregator;

/**
 * Stage 4: turns the frame embeddings of one clip into one clip embedding.
 *
 * <p>A clip's frames are a set: an aggregator should not depend on their order, and must accept any number of
 * frames from one up (frames go missing at clip ends and in damaged videos). Implementations are thread-safe.
 */
public interface ClipAggregator extends PipelineStage {

  /**
   * Aggregates the embeddings of one clip's frames.
   *
   * @param frames at least one embedding, all of the same dimension
   */
  Embedding aggregate(List<Embedding> frames);

  /** Dimension of the clip embedding for frame embeddings of {@code frameDimension}. */
  default int dimension(int frameDimension) {
    return frameDimension;
  }

  /** The element-wise mean of the frame embeddings, scaled to unit length. */
  static ClipAggregator mean() {
    return MeanClipAggregator.INSTANCE;
  }
}
