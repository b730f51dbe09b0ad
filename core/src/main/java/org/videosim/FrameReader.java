package org.videosim;

import java.util.List;
import java.util.function.Consumer;

/**
 * An open video whose sampled frames are read in time order. Obtained from {@link FrameSource#open}; not
 * thread-safe; close it (try-with-resources) to release native resources.
 */
public interface FrameReader extends AutoCloseable {

  /** The video's metadata as declared by its container. */
  VideoInfo info();

  /**
   * The next sampled frame, or {@code null} at the end of the video.
   *
   * @throws VideoDecodeException when the video cannot be decoded further (the message names the frame)
   */
  Frame next();

  /**
   * What the reader noticed that makes the decoded frames less trustworthy (the file ended early, frames are
   * missing, timestamps are implausible); complete once {@link #next()} has returned {@code null}. Empty by default.
   */
  default List<DecodeWarning> warnings() {
    return List.of();
  }

  /** Hands every remaining frame to {@code action}, in time order. */
  default void forEachRemaining(Consumer<? super Frame> action) {
    for (Frame f = next(); f != null; f = next()) {
      action.accept(f);
    }
  }

  /** Releases the decoder; idempotent. */
  @Override
  void close();
}
