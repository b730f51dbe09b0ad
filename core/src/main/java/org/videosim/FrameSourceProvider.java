package org.videosim;

/**
 * Service-provider interface through which a module offers a default {@link FrameSource}, found with
 * {@link java.util.ServiceLoader} by {@link FrameSource#discover()}. Register an implementation in
 * {@code META-INF/services/org.videosim.FrameSourceProvider}.
 */
public interface FrameSourceProvider {

  /** Creates the frame source with its default settings. */
  FrameSource create();

  /** When several providers are present, the highest priority wins. */
  default int priority() {
    return 0;
  }
}
