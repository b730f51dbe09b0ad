package org.videosim.internal;

import java.util.List;
import java.util.Objects;
import org.videosim.ClipAggregator;
import org.videosim.Embedding;

/** Element-wise mean of the frame embeddings, L2-normalised. Stateless and thread-safe. */
public final class MeanClipAggregator implements ClipAggregator {
  public static final MeanClipAggregator INSTANCE = new MeanClipAggregator();

  private MeanClipAggregator() {}

  @Override
  public String name() {
    return "mean";
  }

  @Override
  public Embedding aggregate(List<Embedding> frames) {
    Objects.requireNonNull(frames, "frames");
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a clip needs at least one frame embedding");
    }
    int d = frames.get(0).dimension();
    double[] sum = new double[d];
    for (Embedding e : frames) {
      if (e.dimension() != d) {
        throw new IllegalArgumentException("dimensions differ: " + d + " vs " + e.dimension());
      }
      for (int i = 0; i < d; i++) {
        sum[i] += e.get(i);
      }
    }
    float[] mean = new float[d];
    for (int i = 0; i < d; i++) {
      mean[i] = (float) (sum[i] / frames.size());
    }
    return Embedding.of(mean).normalized();
  }

  @Override
  public String toString() {
    return "MeanClipAggregator";
  }
}
