package org.videosim.encoders.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One convolution of MobileNetV2 with its batch normalisation folded in ({@code Conv2d} with bias), optionally
 * preceded by Keras's fixed zero padding of one row and column at the bottom and right (the stride-2 layers) and
 * followed by ReLU6.
 */
final class ConvUnit extends AbstractBlock {
  final String kerasName;
  final int in;
  final int out;
  final int kernel;
  final int stride;
  final boolean depthwise;
  final boolean relu6;
  private final boolean padBottomRight;
  final Conv2d conv;

  ConvUnit(String kerasName, int in, int out, int kernel, int stride, boolean depthwise, boolean relu6) {
    this.kerasName = kerasName;
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.depthwise = depthwise;
    this.relu6 = relu6;
    // Keras's MobileNetV2 pads stride-2 layers by ZeroPadding2D((0, 1), (0, 1)) then convolves 'valid'; the
    // stride-1 3x3 layers use 'same', i.e. one pixel on every side.
    this.padBottomRight = stride == 2;
    int pad = kernel == 3 && stride == 1 ? 1 : 0;
    this.conv = addChildBlock("conv", Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .setFilters(out)
        .optGroups(depthwise ? in : 1)
        .optBias(true)
        .build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray in = inputs.singletonOrThrow();
    NDArray x = padBottomRight ? in.pad(new Shape(0, 1, 0, 1), 0) : in;
    NDArray y = conv.forward(ps, new NDList(x), training).singletonOrThrow();
    MobileNetV2Block.release(x, in, training);
    if (!relu6) {
      return new NDList(y);
    }
    NDArray out = y.clip(0, 6);
    MobileNetV2Block.release(y, in, training);
    return new NDList(out);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, new Shape(1, in, 8, 8));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, outSize(s.get(2)), outSize(s.get(3)))};
  }

  long outSize(long size) {
    if (stride == 2) {
      return (size + 1 - kernel) / 2 + 1;
    }
    return size;
  }
}
