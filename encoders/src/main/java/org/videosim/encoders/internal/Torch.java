package org.videosim.encoders.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.VideoSimilarityException;

/** Starts DJL's PyTorch engine once, with a clear error when it cannot, and checks the environment. */
public final class Torch {
  private static final Logger LOG = LoggerFactory.getLogger(Torch.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private Torch() {}

  /**
   * A new root manager on the CPU of the PyTorch engine.
   *
   * @throws VideoSimilarityException if libtorch cannot be loaded (e.g. pytorch-native-cpu is not on the class path
   *     and {@code DJL_OFFLINE=true} forbids the download)
   */
  public static NDManager newManager(String what) {
    if (CHECKED.compareAndSet(false, true)) {
      checkEnvironment();
    }
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new VideoSimilarityException("cannot start DJL's PyTorch engine for " + what + ": " + e.getMessage()
          + " (videosim-encoders needs ai.djl.pytorch:pytorch-jni and pytorch-native-cpu:linux-x86_64 on the class "
          + "path; see DEVELOPERS.md)", e);
    }
    NDManager m = engine.newBaseManager(ai.djl.Device.cpu());
    m.setName(what);
    return m;
  }

  private static void checkEnvironment() {
    String wait = System.getenv("OMP_WAIT_POLICY");
    if (wait == null || !wait.equalsIgnoreCase("PASSIVE")) {
      LOG.warn("OMP_WAIT_POLICY is {}, not PASSIVE: torch's threads will spin between operations and inference can "
          + "be 10x slower; set OMP_WAIT_POLICY=PASSIVE in the environment of this JVM", wait);
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      LOG.info("ai.djl.pytorch.num_threads is not set: torch uses all cores for each batch; when several threads "
          + "fingerprint at once, set it (and ai.djl.pytorch.num_interop_threads=1) to cores / threads");
    }
  }
}
