package org.videosim.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.videosim.Frame;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;
import org.videosim.edit.FrameEdits;
import org.videosim.internal.FrameLayout;
import org.videosim.internal.TurnedPicture;
import org.videosim.testkit.TestFrames;

/**
 * The layout stage's CPU cost per window of frames (milliseconds per window, one thread): the inset search on the 12
 * frames of a pipeline window at 320x180 (a picture-in-picture), borders and inset on 16 frames at 192x108, the panel
 * search on a 2x2 grid at 160x90, {@link LayoutDetector#auto()} as the pipeline calls it on a 320x180 window, and the
 * search for a turned picture ({@code TurnedPicture.find}) on 12 frames at 192x108 of a picture turned by 20 degrees
 * (on black, and on white: a canvas of another colour, measured in its furthest channel) and of a letterboxed one (its
 * black corners start the whole search, which finds no turn).
 * These were timed unit tests (under 150 and 100 ms); timing belongs here, where the machine and the spread show.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LayoutBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayoutBenchmark {
  List<Frame> pip320;
  List<Frame> pip192;
  List<Frame> grid160;
  List<Frame> turned192;
  List<Frame> turnedOnWhite192;
  List<Frame> letterboxed192;

  @Setup(Level.Trial)
  public void setUp() {
    pip320 = pip(15, 16, 320, 180, 12);
    pip192 = pip(13, 14, 192, 108, 16);
    grid160 = grid(160, 90);
    List<Frame> plain192 = pip(17, 17, 192, 108, 12);
    turned192 = plain192.stream().map(FrameEdits.rotate(20)::apply).toList();
    turnedOnWhite192 = plain192.stream().map(FrameEdits.rotate(20, java.awt.Color.WHITE)::apply).toList();
    letterboxed192 = plain192.stream()
        .map(FrameEdits.border(0, 0.12, 0, 0.12, java.awt.Color.BLACK).andThen(FrameEdits.resize(192, 108))::apply)
        .toList();
    // what the benchmarks time must be what the pipeline meets: an inset and four panels found
    if (FrameLayout.inset(pip320).isEmpty() || FrameLayout.inset(pip192).isEmpty()) {
      throw new IllegalStateException("the generated picture-in-picture has no inset");
    }
    if (TurnedPicture.find(turned192) == 0 || TurnedPicture.find(turnedOnWhite192) == 0
        || TurnedPicture.find(letterboxed192) != 0) {
      throw new IllegalStateException("the turn is not found, or one is found in the letterboxed window");
    }
    if (FrameLayout.panels(grid160).size() != 4) {
      throw new IllegalStateException("the generated grid has " + FrameLayout.panels(grid160).size() + " panels");
    }
  }

  /** Shot {@code fg} at half the height of shot {@code bg}, over it, {@code n} frames of {@code w x h}. */
  private static List<Frame> pip(int fg, int bg, int w, int h, int n) {
    List<Frame> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Frame back = TestFrames.scene(bg, i, i * 0.5, w, h, -1);
      out.add(FrameEdits.pictureInPicture(f -> back, 0.5, 0.2, 0.3).apply(TestFrames.scene(fg, i, i * 0.5, w, h, -1)));
    }
    return out;
  }

  /** 12 frames of a 2x2 grid of four shots with 2-px black seams. */
  private static List<Frame> grid(int w, int h) {
    List<Frame> out = new ArrayList<>(12);
    int cw = w / 2;
    int ch = h / 2;
    for (int i = 0; i < 12; i++) {
      byte[] px = new byte[w * h * 3];
      for (int cell = 0; cell < 4; cell++) {
        Frame f = TestFrames.scene(20 + cell, i, i * 0.5, cw, ch, -1);
        int ox = (cell % 2) * cw;
        int oy = (cell / 2) * ch;
        for (int y = 0; y < ch; y++) {
          for (int x = 0; x < cw; x++) {
            boolean seam = (cell % 2 == 1 && x < 2) || (cell / 2 == 1 && y < 2);
            for (int c = 0; c < 3; c++) {
              px[((oy + y) * w + ox + x) * 3 + c] = seam ? 0 : f.rgb()[(y * cw + x) * 3 + c];
            }
          }
        }
      }
      out.add(new Frame(i, i * 0.5, w, h, px));
    }
    return out;
  }

  @Benchmark
  public Optional<Region> inset12FramesAt320x180() {
    return FrameLayout.inset(pip320);
  }

  @Benchmark
  public Optional<Region> bordersAndInset16FramesAt192x108() {
    FrameLayout.borders(pip192);
    return FrameLayout.inset(pip192);
  }

  @Benchmark
  public List<Region> panels12FramesAt160x90() {
    return FrameLayout.panels(grid160);
  }

  @Benchmark
  public double turned12FramesAt192x108() {
    return TurnedPicture.find(turned192);
  }

  @Benchmark
  public double turnedOnWhite12FramesAt192x108() {
    return TurnedPicture.find(turnedOnWhite192);
  }

  @Benchmark
  public double letterboxedNotTurned12FramesAt192x108() {
    return TurnedPicture.find(letterboxed192);
  }

  @Benchmark
  public Layout autoDetect12FramesAt320x180() {
    return LayoutDetector.auto().detect(pip320);
  }
}
