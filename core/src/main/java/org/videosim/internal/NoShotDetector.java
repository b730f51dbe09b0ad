package org.videosim.internal;

import java.util.List;
import org.videosim.Frame;
import org.videosim.ShotDetector;

/** Finds no boundaries: the whole video is one shot. Stateless. */
public final class NoShotDetector implements ShotDetector {
  public static final NoShotDetector INSTANCE = new NoShotDetector();

  private NoShotDetector() {}

  @Override
  public String name() {
    return "none";
  }

  @Override
  public Session newSession() {
    return new Session() {
      @Override
      public void accept(Frame frame) {}

      @Override
      public List<Integer> boundaries() {
        return List.of();
      }
    };
  }

  @Override
  public String toString() {
    return "NoShotDetector";
  }
}
