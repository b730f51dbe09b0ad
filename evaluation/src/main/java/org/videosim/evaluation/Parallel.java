package org.videosim.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Work on a fixed pool of threads, as the benchmark builder and the evaluation run it. */
final class Parallel {
  private Parallel() {}

  /**
   * {@code work} applied to every item on {@code threads} threads; the results in the items' order. A failure of
   * one item is rethrown as it was thrown (an unchecked exception; anything else wrapped) once the others are
   * cancelled.
   *
   * @param progress told the number of items done after each one, or null
   */
  static <T, R> List<R> map(List<T> items, int threads, IntConsumer progress, Function<? super T, R> work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    try {
      List<Future<R>> fs = new ArrayList<>();
      for (T item : items) {
        fs.add(pool.submit(() -> {
          R r = work.apply(item);
          if (progress != null) {
            progress.accept(done.incrementAndGet());
          }
          return r;
        }));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> f : fs) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
