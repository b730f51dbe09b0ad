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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;
import org.videosim.encoders.MobileNetFrameEncoder;
import org.videosim.encoders.SetTransformerClipAggregator;

/**
 * The deep stages on DJL's PyTorch engine: the default {@link MobileNetFrameEncoder} (batches of {@code batch}
 * frames of 160x120, as the frame source hands a 640x480 video to it; frames per second = score x batch; other
 * backbone cuts and input sizes with {@code -p cut=block_13_expand_relu -p input=224}) and the
 * {@link SetTransformerClipAggregator} ({@code batch} clips of 8 frames of the encoder's dimension per call; clips
 * per second = score x batch). Torch gets 2 intra-op threads and must not spin, so run it as
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 \
 *     java -jar benchmarks/target/benchmarks.jar DeepEncoderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1"})
public class DeepEncoderBenchmark {
  /** Frames per {@link #encode} call (and per forward pass), clips per {@link #aggregate} call. */
  @Param({"1", "16"})
  public int batch;

  /** Backbone cut; another than the default runs without a head (a 1x1 convolution: negligible). */
  @Param({MobileNetFrameEncoder.DEFAULT_CUT})
  public String cut;

  /** Input side; another than the default runs without a head. */
  @Param({"160"})
  public int input;

  MobileNetFrameEncoder encoder;
  SetTransformerClipAggregator aggregator;
  List<Frame> frames;
  List<List<Embedding>> clips;

  @Setup(Level.Trial)
  public void setUp() {
    MobileNetFrameEncoder.Builder b = MobileNetFrameEncoder.builder().batchSize(batch).cut(cut).inputSize(input);
    if (!cut.equals(MobileNetFrameEncoder.DEFAULT_CUT) || input != MobileNetFrameEncoder.DEFAULT_INPUT_SIZE) {
      b.withoutHead();
    }
    encoder = b.build();
    aggregator = SetTransformerClipAggregator.randomInitialised(encoder.dimension() / 8 * 8, 1);
    frames = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      frames.add(TestFrames.scene(i, i, i, input, input * 3 / 4, 0));
    }
    Random rnd = new Random(1);
    clips = new ArrayList<>();
    for (int c = 0; c < batch; c++) {
      List<Embedding> clip = new ArrayList<>();
      for (int f = 0; f < 8; f++) {
        float[] v = new float[encoder.dimension() / 8 * 8];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) rnd.nextGaussian();
        }
        clip.add(Embedding.of(v).normalized());
      }
      clips.add(clip);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoder.close();
    aggregator.close();
  }

  /** Encodes {@code batch} frames in one forward pass. */
  @Benchmark
  public List<Embedding> encode() {
    return encoder.encode(frames);
  }

  /** Aggregates {@code batch} clips of 8 frames in one forward pass. */
  @Benchmark
  public List<Embedding> aggregate() {
    return aggregator.aggregateAll(clips);
  }
}
