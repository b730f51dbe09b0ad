package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.Frame;
import org.videosim.ShotDetector;
import org.videosim.testkit.TestFrames;

/**
 * Measures the default shot detector on generated videos with known hard cuts and dissolves (2 frames per second,
 * as the pipeline samples): precision and recall of boundaries within one sampled frame (0.5 s).
 */
class ShotDetectionAccuracyTest {
  static final double RATE = 2;

  record Video(List<Frame> frames, List<Integer> cuts, List<Integer> dissolves) {}

  /** Shots of 3-10 s of different scenes, joined by hard cuts or by dissolves of 1-2 s. */
  static Video generate(long seed, int shots) {
    Random rnd = new Random(seed);
    List<Frame> frames = new ArrayList<>();
    List<Integer> cuts = new ArrayList<>();
    List<Integer> dissolves = new ArrayList<>();
    int scene = rnd.nextInt(1000);
    for (int s = 0; s < shots; s++) {
      int length = (int) Math.round((3 + 7 * rnd.nextDouble()) * RATE);
      boolean dissolve = s > 0 && rnd.nextBoolean();
      int next = scene + 1 + rnd.nextInt(1000);
      if (s > 0 && dissolve) {
        int d = (int) Math.round((1 + rnd.nextDouble()) * RATE);
        int start = frames.size();
        for (int k = 1; k <= d; k++) {
          double a = (double) k / (d + 1);
          frames.add(blend(frame(scene, frames.size()), frame(next, frames.size()), a));
        }
        dissolves.add(start + d / 2); // the middle of the transition
      } else if (s > 0) {
        cuts.add(frames.size());
      }
      scene = next;
      for (int k = 0; k < length; k++) {
        frames.add(frame(scene, frames.size()));
      }
    }
    return new Video(frames, cuts, dissolves);
  }

  private static Frame frame(int scene, int index) {
    return TestFrames.scene(scene, index, index / RATE, 96, 54, 0);
  }

  private static Frame blend(Frame a, Frame b, double alpha) {
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    byte[] out = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (byte) Math.round((1 - alpha) * (x[i] & 0xff) + alpha * (y[i] & 0xff));
    }
    return new Frame(a.index(), a.timestamp(), a.width(), a.height(), out);
  }

  /** {true positives, detections, truths}, matching each truth to at most one detection within {@code tol}. */
  static int[] match(List<Integer> detected, List<Integer> truth, int tol) {
    boolean[] used = new boolean[detected.size()];
    int tp = 0;
    for (int t : truth) {
      for (int i = 0; i < detected.size(); i++) {
        if (!used[i] && Math.abs(detected.get(i) - t) <= tol) {
          used[i] = true;
          tp++;
          break;
        }
      }
    }
    return new int[] {tp, detected.size(), truth.size()};
  }

  @Test
  void histogram_findsCutsAndDissolvesWithinHalfASecond() {
    int tpCut = 0;
    int cuts = 0;
    int tpDis = 0;
    int dissolves = 0;
    int tp = 0;
    int detected = 0;
    for (long seed = 1; seed <= 20; seed++) {
      Video v = generate(seed, 8);
      ShotDetector.Session s = ShotDetector.histogram().newSession();
      v.frames().forEach(s::accept);
      List<Integer> found = s.boundaries();
      List<Integer> all = new ArrayList<>(v.cuts());
      all.addAll(v.dissolves());
      all.sort(null);
      int[] m = match(found, all, 1);
      tp += m[0];
      detected += m[1];
      int[] c = match(found, v.cuts(), 1);
      tpCut += c[0];
      cuts += c[2];
      int[] d = match(found, v.dissolves(), 1);
      tpDis += d[0];
      dissolves += d[2];
    }
    double precision = (double) tp / detected;
    double cutRecall = (double) tpCut / cuts;
    double dissolveRecall = (double) tpDis / dissolves;
    System.out.printf(java.util.Locale.ROOT,
        "shot boundaries on 20 generated videos: precision %.3f (%d/%d), hard-cut recall %.3f (%d/%d),"
            + " dissolve recall %.3f (%d/%d)%n", precision, tp, detected, cutRecall, tpCut, cuts, dissolveRecall,
        tpDis, dissolves);
    assertThat(precision).isGreaterThanOrEqualTo(0.9);
    assertThat(cutRecall).isGreaterThanOrEqualTo(0.95);
    assertThat(dissolveRecall).isGreaterThanOrEqualTo(0.8);
  }
}
