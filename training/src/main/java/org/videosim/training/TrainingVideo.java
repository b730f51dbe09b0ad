package org.videosim.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;

/**
 * An unlabeled video decoded into memory at a fixed rate, the raw material of self-generated training pairs.
 * Immutable.
 */
public final class TrainingVideo {
  private final String id;
  private final List<Frame> frames;

  /**
   * @param id the video's id
   * @param frames at least one frame, timestamps increasing
   */
  public TrainingVideo(String id, List<Frame> frames) {
    this.id = Objects.requireNonNull(id, "id");
    Objects.requireNonNull(frames, "frames");
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a training video needs at least one frame: " + id);
    }
    for (int i = 1; i < frames.size(); i++) {
      if (!(frames.get(i).timestamp() > frames.get(i - 1).timestamp())) {
        throw new IllegalArgumentException("timestamps must increase: " + id + " frame " + i);
      }
    }
    this.frames = List.copyOf(frames);
  }

  /** Decodes a video at {@code rate} frames per second, frames scaled to {@code side} pixels on the longer side. */
  public static TrainingVideo decode(FrameSource source, Path file, double rate, int side) {
    List<Frame> frames = new ArrayList<>();
    VideoInput input = VideoInput.of(file);
    try (FrameReader r = source.open(input, new FrameRequest(rate, side))) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        if (frames.isEmpty() || f.timestamp() > frames.get(frames.size() - 1).timestamp()) {
          frames.add(f);
        }
      }
    }
    return new TrainingVideo(input.id(), frames);
  }

  /** The video's id (its file name without extension). */
  public String id() {
    return id;
  }

  /** The frames, in time order; unmodifiable. */
  public List<Frame> frames() {
    return frames;
  }

  /** Time of the first frame, seconds. */
  public double start() {
    return frames.get(0).timestamp();
  }

  /** Time of the last frame, seconds. */
  public double end() {
    return frames.get(frames.size() - 1).timestamp();
  }

  /** The frame shown at time {@code t}: the last frame at or before it (the first frame before the start). */
  public Frame frameAt(double t) {
    int lo = 0;
    int hi = frames.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (frames.get(mid).timestamp() <= t + 1e-9) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return frames.get(lo);
  }

  @Override
  public String toString() {
    return "TrainingVideo(" + id + ", " + frames.size() + " frames, " + String.format(java.util.Locale.ROOT,
        "%.1f-%.1fs)", start(), end());
  }
}
