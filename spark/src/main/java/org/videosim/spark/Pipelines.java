package org.videosim.spark;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.videosim.dedup.Links;
import org.videosim.encoders.Svrtn;

/**
 * One pipeline per executor JVM: a lazily built, static, thread-safe holder, so that every task of every partition
 * on an executor reuses the same {@link VideoSimilarity} (and, for {@code svrtn}, the same loaded model) instead of
 * building one per record. Pipelines are named: {@code dct} (the training-free default), {@code svrtn} (the trained
 * model of {@code videosim-encoders}, kept open for the life of the JVM), or the name of a class with a public
 * no-argument constructor that implements {@code Supplier<VideoSimilarity>} (a pipeline of your own).
 */
public final class Pipelines {
  private static final Map<String, VideoSimilarity> BUILT = new ConcurrentHashMap<>();
  private static final Map<String, VideoSimilarity> GROUPING = new ConcurrentHashMap<>();

  private Pipelines() {}

  /**
   * The pipeline of this name, built on first use in this JVM.
   *
   * @throws VideoSimilarityException if a class name cannot be loaded or does not give a pipeline
   */
  public static VideoSimilarity get(String name) {
    Objects.requireNonNull(name, "name");
    return BUILT.computeIfAbsent(name, Pipelines::build);
  }

  /**
   * The pipeline of this name as dedup scores pairs with it ({@link Links#grouping}), built on first use.
   *
   * @throws IllegalArgumentException if it has no calibration ({@link Links#requireCalibrated})
   */
  public static VideoSimilarity grouping(String name) {
    Objects.requireNonNull(name, "name");
    return GROUPING.computeIfAbsent(name, n -> Links.grouping(Links.requireCalibrated(get(n))));
  }

  /**
   * Checks on the driver, before any task runs, that the pipeline of this name can link pairs: the shipped ones
   * can; a class of one's own is built here once to see.
   *
   * @throws IllegalArgumentException if it has no calibration
   */
  public static void requireCalibrated(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.equals("dct") && !name.equals("svrtn")) {
      Links.requireCalibrated(get(name));
    }
  }

  private static VideoSimilarity build(String name) {
    switch (name) {
      case "dct":
        return VideoSimilarity.builder().build();
      case "svrtn":
        return Svrtn.pipeline().similarity(); // open for the JVM's life: executors reuse it until they exit
      default:
        try {
          Object o = Class.forName(name).getConstructor().newInstance();
          if (!(o instanceof Supplier<?> s) || !(s.get() instanceof VideoSimilarity v)) {
            throw new VideoSimilarityException("pipeline class " + name + " is not a Supplier<VideoSimilarity>");
          }
          return v;
        } catch (ReflectiveOperationException e) {
          throw new VideoSimilarityException("no pipeline '" + name + "': dct, svrtn or a Supplier<VideoSimilarity> "
              + "class on the class path (" + e + ")", e);
        }
    }
  }
}
