package org.videosim.encoders.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.videosim.CorruptDataException;

/**
 * MobileNetV2 (alpha 1.0) from DJL blocks, as Keras builds it, up to a cut layer: the output of the layer named as
 * in Keras ({@code block_13_expand_relu}, {@code block_12_add}, {@code out_relu}, ...). Input: NCHW float RGB in
 * [0, 1]; output: the NCHW feature map at the cut. Batch normalisation is folded into the convolutions.
 *
 * <p>Stateless in inference: {@link #forward} may run on several threads at once. Intermediate arrays are attached
 * to the input's manager.
 */
public final class MobileNetV2Block extends AbstractBlock {
  /** Expansion t, output channels c, repeats n, first stride s: the inverted residual settings of the paper. */
  private static final int[][] SETTINGS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
      {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

  /** One step of the forward pass: a convolution, or the residual add closing block {@code block}. */
  private record Step(String name, ConvUnit conv, boolean saveSkip, boolean add) {}

  private final List<Step> steps = new ArrayList<>();
  private final List<ConvUnit> units = new ArrayList<>();
  private final String cut;
  private final int outChannels;
  private final int stride;

  /**
   * @param cut the Keras layer whose output this block returns; see {@link #layerNames()}
   * @throws IllegalArgumentException for an unknown layer name
   */
  public MobileNetV2Block(String cut) {
    super((byte) 1);
    if (!layerNames().contains(cut)) {
      throw new IllegalArgumentException("unknown MobileNetV2 layer '" + cut + "', expected one of " + layerNames());
    }
    this.cut = cut;
    int[] channels = {3};
    int[] stride = {1};
    walk(cut, (name, in, out, k, s, dw, relu, saveSkip) -> {
      ConvUnit u = addChildBlock(name, new ConvUnit(name, in, out, k, s, dw, relu));
      units.add(u);
      steps.add(new Step(outputName(name, relu), u, saveSkip, false));
      channels[0] = out;
      stride[0] *= s;
    }, name -> steps.add(new Step(name, null, false, true)), new ArrayList<>());
    this.outChannels = channels[0];
    this.stride = stride[0];
  }

  private interface ConvSink {
    void conv(String name, int in, int out, int kernel, int stride, boolean depthwise, boolean relu6,
        boolean saveSkip);
  }

  private static String outputName(String conv, boolean relu) {
    if (conv.equals("Conv1")) {
      return "Conv1_relu";
    }
    if (conv.equals("Conv_1")) {
      return "out_relu";
    }
    return conv + (relu ? "_relu" : "_BN");
  }

  /** Walks the network in order, stopping after {@code cut} (null: the whole network). */
  private static boolean walk(String cut, ConvSink sink, java.util.function.Consumer<String> add,
      List<String> names) {
    ConvSink conv = (name, in, out, k, s, dw, relu, saveSkip) -> {
      sink.conv(name, in, out, k, s, dw, relu, saveSkip);
      names.add(outputName(name, relu));
    };
    conv.conv("Conv1", 3, 32, 3, 2, false, true, false);
    if (reached(cut, names)) {
      return true;
    }
    int in = 32;
    int block = 0;
    for (int[] st : SETTINGS) {
      for (int r = 0; r < st[2]; r++) {
        int stride = r == 0 ? st[3] : 1;
        int out = st[1];
        String prefix = block == 0 ? "expanded_conv" : "block_" + block;
        boolean residual = stride == 1 && in == out;
        int hidden = in * st[0];
        boolean first = true;
        if (st[0] != 1) {
          conv.conv(prefix + "_expand", in, hidden, 1, 1, false, true, residual);
          first = false;
          if (reached(cut, names)) {
            return true;
          }
        }
        conv.conv(prefix + "_depthwise", hidden, hidden, 3, stride, true, true, residual && first);
        if (reached(cut, names)) {
          return true;
        }
        conv.conv(prefix + "_project", hidden, out, 1, 1, false, false, false);
        if (reached(cut, names)) {
          return true;
        }
        if (residual) {
          add.accept(prefix + "_add");
          names.add(prefix + "_add");
          if (reached(cut, names)) {
            return true;
          }
        }
        in = out;
        block++;
      }
    }
    conv.conv("Conv_1", in, 1280, 1, 1, false, true, false);
    return true;
  }

  private static boolean reached(String cut, List<String> names) {
    return cut != null && !names.isEmpty() && names.get(names.size() - 1).equals(cut);
  }

  /** Every layer that can be a cut, in network order. */
  public static Set<String> layerNames() {
    Set<String> names = new LinkedHashSet<>();
    walk(null, (name, in, out, k, s, dw, relu, saveSkip) -> names.add(outputName(name, relu)), names::add,
        new ArrayList<>());
    return names;
  }

  /** Channels of the feature map at the cut. */
  public int outChannels() {
    return outChannels;
  }

  /** Total stride of the feature map at the cut (2 to 32). */
  public int stride() {
    return stride;
  }

  public String cut() {
    return cut;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray in = inputs.singletonOrThrow();
    NDArray x = in;
    NDArray skip = null;
    for (Step s : steps) {
      if (s.add) {
        NDArray sum = skip.add(x);
        release(x, in, training);
        release(skip, in, training);
        x = sum;
        skip = null;
        continue;
      }
      if (s.saveSkip) {
        skip = x;
      }
      NDArray y = s.conv.forward(ps, new NDList(x), training).singletonOrThrow();
      if (x != skip) {
        release(x, in, training);
      }
      x = y;
    }
    return new NDList(x);
  }

  /**
   * Frees an intermediate feature map as soon as no step needs it (never the caller's input, and not in training,
   * where the gradient may need it): otherwise every layer's map of the batch stays in native memory until the
   * caller's manager closes, about 40 MB per 160x160 frame, which made a batch of 4 cost 180 MB of peak memory.
   */
  static void release(NDArray a, NDArray input, boolean training) {
    if (!training && a != input) {
      a.close();
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (ConvUnit u : units) {
      u.initialize(manager, dataType, new Shape(1, u.in, 8, 8));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = s.get(2);
    long w = s.get(3);
    for (ConvUnit u : units) {
      h = u.outSize(h);
      w = u.outSize(w);
    }
    return new Shape[] {new Shape(s.get(0), outChannels, h, w)};
  }

  /**
   * Sets the weights from the imported Keras tensors ({@code <layer>/kernel} in HWIO, {@code /depthwise_kernel}
   * in HWC1, and the batch normalisation's gamma, beta, moving mean and variance, epsilon 0.001), folding each
   * batch normalisation into its convolution. Call after {@code initialize}.
   *
   * @throws CorruptDataException if a tensor is missing or of the wrong shape
   */
  public void loadKeras(WeightsFile weights, String source) {
    for (ConvUnit u : units) {
      String bn = u.kerasName.equals("Conv1") ? "bn_Conv1"
          : u.kerasName.equals("Conv_1") ? "Conv_1_bn" : u.kerasName + "_BN";
      int k = u.kernel;
      float[] kernel = u.depthwise
          ? weights.require(u.kerasName + "/depthwise_kernel", source, k, k, u.in, 1).values()
          : weights.require(u.kerasName + "/kernel", source, k, k, u.in, u.out).values();
      float[] gamma = weights.require(bn + "/gamma", source, u.out).values();
      float[] beta = weights.require(bn + "/beta", source, u.out).values();
      float[] mean = weights.require(bn + "/moving_mean", source, u.out).values();
      float[] var = weights.require(bn + "/moving_variance", source, u.out).values();
      int inPerGroup = u.depthwise ? 1 : u.in;
      float[] w = new float[u.out * inPerGroup * k * k];
      float[] b = new float[u.out];
      for (int o = 0; o < u.out; o++) {
        double f = gamma[o] / Math.sqrt(var[o] + 1e-3);
        b[o] = (float) (beta[o] - mean[o] * f);
        for (int i = 0; i < inPerGroup; i++) {
          for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
              // Keras: [y][x][in][out] (depthwise: [y][x][channel][0]); DJL: [out][in][y][x]
              float v = u.depthwise ? kernel[(y * k + x) * u.in + o] : kernel[((y * k + x) * u.in + i) * u.out + o];
              w[((o * inPerGroup + i) * k + y) * k + x] = (float) (v * f);
            }
          }
        }
      }
      u.conv.getParameters().get("weight").getArray().set(w);
      u.conv.getParameters().get("bias").getArray().set(b);
    }
  }

  @Override
  public String toString() {
    return "MobileNetV2Block(cut=" + cut + ", channels=" + outChannels + ", stride=" + stride + ")";
  }
}
