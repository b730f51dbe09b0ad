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

  /**
   * Where the video ends, in seconds on the frames' time scale: the end of its last frame (its timestamp plus its
   * duration), known once {@link #next()} has returned {@code null}; {@code NaN} when the reader cannot tell (the
   * default). The last clip of a fingerprint ends here rather than a whole sampling period after its last sample, and
   * where this lies more than a sampling period after the last clip's end (a keyframe scan, whose last frame is its
   * last keyframe) it is the fingerprint's duration.
   */
  default double endTime() {
    return Double.NaN;
  }

  /** Steps per second of video time of {@link #motion()}. */
  double MOTION_RATE = 8;
  /** Side, in pixels, of the square grey pictures (the whole frame, squeezed) that {@link #motion()} compares. */
  int MOTION_SIDE = 64;

  /**
   * How much the picture changes over time, when the request asked for it ({@link FrameRequest#motion()}) and the
   * reader measures it; complete once {@link #next()} has returned {@code null}. Value {@code i} is the mean absolute
   * difference (grey levels, 0-255) between the grey pictures ({@link #MOTION_SIDE} pixels squared) of the frames at
   * steps {@code i} and {@code i + 1}, a step being {@code 1 / MOTION_RATE} seconds of video time from its start and
   * its frame the first at or after the step's time. Null where it is not measured (the default).
   */
  default float[] motion() {
    return null;
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
