package org.videosim.encoders.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.VideoSimilarityException;

/**
 * Starts DJL's PyTorch engine once, with a clear error when it cannot, checks the environment, and applies the
 * encoders' thread settings.
 *
 * <p>Torch's threads: the intra-op count (threads per operation) is kept per calling thread (libtorch's OpenMP
 * setting of that thread; threads that never set it take the last value set anywhere), so
 * {@link #useIntraOpThreads} before each batch gives each encoder its own count. The inter-op count (threads that
 * run independent operations of a TorchScript graph) is one per process and can be set once, before torch runs
 * anything in parallel: {@link #requireInterOpThreads}.
 */
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
    return newManager(what, 0, 0);
  }

  /**
   * A new root manager, with the thread settings of an encoder's builder (0: torch's own).
   *
   * @throws VideoSimilarityException if libtorch cannot be loaded
   * @throws IllegalStateException if the inter-op count cannot be set (see {@link #requireInterOpThreads})
   */
  public static NDManager newManager(String what, int intraOpThreads, int interOpThreads) {
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new VideoSimilarityException("cannot start DJL's PyTorch engine for " + what + ": " + e.getMessage()
          + " (videosim-encoders needs ai.djl.pytorch:pytorch-jni and pytorch-native-cpu for this platform on the "
          + "class path; see the README's platform table)", e);
    }
    requireInterOpThreads(interOpThreads);
    if (CHECKED.compareAndSet(false, true)) {
      checkEnvironment(intraOpThreads > 0 ? intraOpThreads : JniUtils.getNumThreads());
    }
    NDManager m = engine.newBaseManager(ai.djl.Device.cpu());
    m.setName(what);
    return m;
  }

  /**
   * Checks an intra- or inter-op thread count given to a builder.
   *
   * @throws IllegalArgumentException unless it is within [1, 256]
   */
  public static int checkThreads(String name, int threads) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException(name + " must be within [1, 256]: " + threads);
    }
    return threads;
  }

  /**
   * Makes torch's operations on the calling thread use {@code threads} threads (0: leave torch's setting). Cheap
   * when the count is already set: call it before every batch.
   */
  public static void useIntraOpThreads(int threads) {
    if (threads > 0 && JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /**
   * Sets torch's inter-op thread count of this process (0: leave it). Torch takes it once, before it first runs
   * operations in parallel, and keeps it for the life of the process.
   *
   * @throws IllegalStateException if torch already has another count (set earlier by an encoder, by
   *     {@code -Dai.djl.pytorch.num_interop_threads}, or fixed by parallel work)
   */
  public static synchronized void requireInterOpThreads(int threads) {
    if (threads <= 0) {
      return;
    }
    try {
      JniUtils.setNumInteropThreads(threads);
    } catch (RuntimeException e) {
      int current = JniUtils.getNumInteropThreads();
      if (current != threads) {
        throw new IllegalStateException("torch's inter-op thread count is set once per process and is already "
            + current + ", not " + threads + ": give every encoder the same count, or set it before the first "
            + "deep stage is built", e);
      }
    }
  }

  private static void checkEnvironment(int intraOpThreads) {
    String wait = System.getenv("OMP_WAIT_POLICY");
    if ((wait == null || !wait.equalsIgnoreCase("PASSIVE")) && intraOpThreads > 1) {
      LOG.warn("OMP_WAIT_POLICY is {}, not PASSIVE: torch's threads will spin between operations and inference can "
          + "be several times slower when other threads need the cores; set OMP_WAIT_POLICY=PASSIVE in the "
          + "environment of this JVM, or give the encoders intraOpThreads(1) (see the README, Deep encoders)", wait);
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      LOG.info("ai.djl.pytorch.num_threads is not set: torch uses all cores for each batch unless an encoder's "
          + "intraOpThreads is set; when several threads fingerprint at once, give it about cores / threads");
    }
  }
}
