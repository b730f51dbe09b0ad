package org.videosim.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInfo;
import org.videosim.VideoInput;
import org.videosim.edit.FrameEdits;

/**
 * A {@link FrameSource} over frames held in memory, keyed by the input's name: lets core tests run the whole
 * pipeline without a decoder. Samples by timestamp like a real source and scales to the requested size.
 * Thread-safe.
 */
public final class SyntheticFrameSource implements FrameSource {
  private final Map<String, List<Frame>> videos = new ConcurrentHashMap<>();

  /** Registers a video under {@code name} (frames in time order, at any rate). */
  public SyntheticFrameSource put(String name, List<Frame> frames) {
    videos.put(name, List.copyOf(frames));
    return this;
  }

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public FrameReader open(VideoInput input, FrameRequest request) {
    List<Frame> frames = videos.get(input.name());
    if (frames == null) {
      throw new VideoDecodeException(input.description(), name(), "file not found", null);
    }
    Frame first = frames.get(0);
    VideoInfo info = new VideoInfo(frames.get(frames.size() - 1).timestamp(), Double.NaN, first.width(),
        first.height(), 0, "synthetic", "memory");
    return new FrameReader() {
      private int next;
      private int sampled;
      private double nextTime = Double.NEGATIVE_INFINITY;
      private boolean closed;

      @Override
      public VideoInfo info() {
        return info;
      }

      @Override
      public Frame next() {
        if (closed) {
          throw new IllegalStateException("closed");
        }
        while (next < frames.size()) {
          Frame f = frames.get(next++);
          if (f.timestamp() + 1e-6 >= nextTime) {
            double period = 1 / request.sampleRate();
            nextTime = (Math.floor(f.timestamp() / period + 1e-6) + 1) * period;
            int[] size = request.outputSize(f.width(), f.height());
            Frame scaled = FrameEdits.resize(size[0], size[1]).apply(f);
            return new Frame(sampled++, f.timestamp(), scaled.width(), scaled.height(), scaled.rgb());
          }
        }
        return null;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }
}
