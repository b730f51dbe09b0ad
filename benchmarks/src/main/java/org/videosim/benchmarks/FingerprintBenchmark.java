package org.videosim.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.PipelineSpec;
import org.videosim.Score;
import org.videosim.StageSpec;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoFingerprint;
import org.videosim.VideoMatcher;

/**
 * The training-free pipeline's CPU stages: the DCT frame encoder (frames per second, frames of 128x72 as the
 * pipeline requests them) and the temporal matcher (pairs of fingerprints per second, by length in clips).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FingerprintBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FingerprintBenchmark {
  /** Clips per fingerprint in {@link #match()}: 120 = one minute at 2 clips per second. */
  @Param({"120"})
  public int clips;

  FrameEncoder encoder;
  List<Frame> frames;
  VideoMatcher matcher;
  VideoFingerprint a;
  VideoFingerprint b;

  @Setup(Level.Trial)
  public void setUp() {
    encoder = FrameEncoder.dct();
    frames = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      frames.add(TestFrames.scene(i, i, i * 0.5, 128, 72, 0));
    }
    matcher = VideoMatcher.temporal();
    a = fingerprint("a", new Random(1));
    b = fingerprint("b", new Random(2));
  }

  VideoFingerprint fingerprint(String id, Random rnd) {
    List<Clip> list = new ArrayList<>();
    for (int i = 0; i < clips; i++) {
      list.add(new Clip(i * 0.5, i * 0.5 + 0.5, 1, BitCode.of(62, rnd.nextLong() >>> 2)));
    }
    return new VideoFingerprint(id, clips * 0.5, new PipelineSpec(java.util.Map.of("encoder",
        new StageSpec("bench", "1", java.util.Map.of()))), list);
  }

  /** Encodes 16 frames: multiply the score by 16 for frames per second. */
  @Benchmark
  public List<Embedding> encode16Frames() {
    return encoder.encode(frames);
  }

  /** Scores one pair of {@code clips}-clip fingerprints. */
  @Benchmark
  public Score match() {
    return matcher.match(a, b);
  }
}
