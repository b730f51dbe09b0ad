package org.videosim.encoders.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head pools the backbone's map first and maps the pooled values (one matrix product for all regions); these
 * tests compute it the long way, as the method states it (the 1x1 convolution on the whole map, then each region's
 * mean of it, the hidden layer on each region's mean of the backbone's map), and compare.
 */
class FrameHeadBlockTest {
  static final int IN = 24;
  static final int OUT = 16;
  static final int UNITS = 8;

  static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * 0.3f;
    }
    return v;
  }

  /** Each region's mean of {@code map} (b, c, h, w), region by region: (b, regions, c), by slicing. */
  static NDArray slicedMeans(NDArray map, boolean regional) {
    long h = map.getShape().get(2);
    long w = map.getShape().get(3);
    List<long[]> regions = regional ? FrameHeadBlock.regions(h, w) : List.of(new long[] {0, h, 0, w});
    NDList parts = new NDList();
    for (long[] g : regions) {
      String index = ":, :, " + g[0] + ":" + g[1] + ", " + g[2] + ":" + g[3];
      parts.add(map.get(index).mean(new int[] {3}).mean(new int[] {2}).expandDims(1));
    }
    return ai.djl.ndarray.NDArrays.concat(parts, 1);
  }

  @Test
  void regionMeans_areEachRegionsMean_onMapsOfSeveralSizes() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (long[] size : new long[][] {{10, 10}, {7, 12}, {3, 2}, {1, 1}}) {
        NDArray map = m.randomNormal(new Shape(3, 5, size[0], size[1]));
        for (boolean regional : new boolean[] {true, false}) {
          NDArray fast = FrameHeadBlock.regionMeans(map, regional);
          NDArray slow = slicedMeans(map, regional);
          assertThat(fast.getShape()).isEqualTo(slow.getShape());
          assertThat(fast.getShape().get(1)).isEqualTo(regional ? FrameHeadBlock.REGIONS : 1);
          assertThat(fast.sub(slow).abs().max().getFloat()).isLessThan(1e-5f);
        }
      }
    }
  }

  @Test
  void forward_equalsTheConvolutionOnTheMapThenRegionMeans_withAndWithoutHiddenLayer() {
    Random r = new Random(11);
    float[] weight = random(r, OUT * IN);
    float[] bias = random(r, OUT);
    float[] hidden = random(r, UNITS * IN);
    float[] hiddenBias = random(r, UNITS);
    float[] outWeight = random(r, OUT * UNITS);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray map = m.randomNormal(new Shape(2, IN, 10, 10)).abs();
      for (boolean regional : new boolean[] {true, false}) {
        for (int units : new int[] {0, UNITS}) {
          FrameHeadBlock head = new FrameHeadBlock(IN, OUT, regional, units);
          head.initialize(m, DataType.FLOAT32, new Shape(1, IN, 4, 4));
          head.set(weight, bias);
          if (units > 0) {
            head.setHidden(hidden, hiddenBias, outWeight);
          }
          float[] got;
          float[] expected;
          try (NDManager batch = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(batch, false);
            got = head.forward(ps, new NDList(map), false).singletonOrThrow().toFloatArray();
            // the long way: convolve the whole map, then pool each region of it
            NDArray conv = head.conv.forward(ps, new NDList(map), false).singletonOrThrow();
            NDArray pooled = slicedMeans(conv, regional); // (b, regions, out)
            if (units > 0) {
              NDArray x = slicedMeans(map, regional); // (b, regions, in)
              NDArray h = x.matMul(batch.create(hidden, new Shape(UNITS, IN)).transpose())
                  .add(batch.create(hiddenBias)).maximum(0f);
              pooled = pooled.add(h.matMul(batch.create(outWeight, new Shape(OUT, UNITS)).transpose()));
            }
            NDArray sum = FrameHeadBlock.l2(pooled, 2).sum(new int[] {1});
            expected = FrameHeadBlock.l2(sum).toFloatArray();
          }
          assertThat(got).hasSize(2 * OUT);
          for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("regional %s, units %d, value %d", regional, units, i)
                .isCloseTo(expected[i], within(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void forward_leavesNothingInTheParametersManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      FrameHeadBlock head = new FrameHeadBlock(IN, OUT, true, UNITS);
      head.initialize(m, DataType.FLOAT32, new Shape(1, IN, 4, 4));
      head.freezeParameters(true);
      int before = m.getManagedArrays().size();
      try (NDManager batch = m.newSubManager()) {
        NDArray map = batch.randomNormal(new Shape(2, IN, 10, 10));
        head.forward(new ParameterStore(batch, false), new NDList(map), false);
      }
      assertThat(m.getManagedArrays()).hasSize(before);
    }
  }
}
