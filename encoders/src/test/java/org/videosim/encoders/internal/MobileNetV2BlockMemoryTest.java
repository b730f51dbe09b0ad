package org.videosim.encoders.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Inference frees each layer's feature map once no later step needs it; training keeps them for the gradient. */
class MobileNetV2BlockMemoryTest {
  static final String CUT = "block_10_expand_relu";

  /** The feature maps left in the batch's manager after one forward pass, and the output's values. */
  static int[] liveArraysAfterForward(NDManager root, MobileNetV2Block b, boolean training, float[][] out) {
    try (NDManager batch = root.newSubManager()) {
      NDArray x = batch.randomUniform(0, 1, new Shape(2, 3, 64, 64));
      NDArray y = b.forward(new ParameterStore(batch, false), new NDList(x), training).singletonOrThrow();
      out[0] = y.toFloatArray();
      // feature maps only: clip's bounds are scalars the engine makes per call (bytes, freed with the manager)
      return new int[] {(int) batch.getManagedArrays().stream().filter(a -> a.getShape().dimension() > 0).count()};
    }
  }

  @Test
  void forward_inference_keepsOnlyInputAndOutput_sameValuesAsTraining() {
    WeightsFile weights = WeightsFile.readResource(MobileNetV2Block.class,
        "/org/videosim/encoders/mobilenetv2-nsfwjs-v1.vsw");
    try (NDManager root = NDManager.newBaseManager()) {
      MobileNetV2Block b = new MobileNetV2Block(CUT);
      b.initialize(root, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      b.loadKeras(weights, "test");
      b.freezeParameters(true);
      float[][] inference = new float[1][];
      float[][] training = new float[1][];
      root.getEngine().setRandomSeed(5);
      int live = liveArraysAfterForward(root, b, false, inference)[0];
      root.getEngine().setRandomSeed(5);
      int kept = liveArraysAfterForward(root, b, true, training)[0];
      assertThat(live).isEqualTo(2); // the input and the output
      assertThat(kept).isGreaterThan(40); // every step's map, pads and clips of the 30-odd steps
      assertThat(inference).isDeepEqualTo(training);
    }
  }
}
