package org.videosim.edit;

import java.util.Objects;
import org.videosim.Frame;

/**
 * An edit of one frame's pixels, such as a crop, a mirror or a colour change: what re-uploaders do to a video,
 * and what the library's tests, demos and calibration do to make copies. Implementations are immutable and
 * thread-safe; {@code toString()} describes the edit and its parameters.
 */
@FunctionalInterface
public interface FrameEdit {

  /** The edited frame (same index and timestamp; the size may change). */
  Frame apply(Frame frame);

  /** This edit, then {@code next}. */
  default FrameEdit andThen(FrameEdit next) {
    Objects.requireNonNull(next, "next");
    FrameEdit first = this;
    return new FrameEdit() {
      @Override
      public Frame apply(Frame frame) {
        return next.apply(first.apply(frame));
      }

      @Override
      public String toString() {
        return first + " + " + next;
      }
    };
  }
}
