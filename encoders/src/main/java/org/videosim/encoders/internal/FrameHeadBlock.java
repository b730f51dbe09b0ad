package org.videosim.encoders.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The frame encoder's head, as in SVRTN: a 1x1 convolution that maps the backbone's channels to the embedding
 * dimension, pooling over the map, and L2 normalisation. Pooling is either the global average ({@code avg}, the
 * method's) or regional ({@code regional}: averages over the whole map and over the 2x2 and 3x3 grids of
 * overlapping regions, each L2-normalised, then summed, in the manner of R-MAC). A head may have a hidden layer beside
 * its linear map: each pooled region's backbone features {@code x} then add {@code U relu(V x + c)} to its output
 * before the normalisation.
 *
 * <p>Stateless in inference; intermediate arrays attach to the input's manager.
 */
public final class FrameHeadBlock extends AbstractBlock {
  private final int in;
  private final int out;
  private final boolean regional;
  private final int hidden;
  final Conv2d conv;
  private final Linear hiddenLayer;
  private final Linear outLayer;

  public FrameHeadBlock(int in, int out, boolean regional) {
    this(in, out, regional, 0);
  }

  /** @param hidden units of the hidden layer; 0 for the linear head alone */
  public FrameHeadBlock(int in, int out, boolean regional, int hidden) {
    super((byte) 1);
    this.in = in;
    this.out = out;
    this.regional = regional;
    this.hidden = hidden;
    this.conv = addChildBlock("reduce", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out)
        .optBias(true).build());
    this.hiddenLayer = hidden == 0 ? null : addChildBlock("hidden", Linear.builder().setUnits(hidden).optBias(true)
        .build());
    this.outLayer = hidden == 0 ? null : addChildBlock("out", Linear.builder().setUnits(out).optBias(false).build());
  }

  /**
   * The head on pooled backbone features {@code x} (..., in): the 1x1 convolution's linear map, plus the hidden
   * layer's rectified units where there is one. (The mean of the convolution over a region is the convolution of
   * the region's mean: pooling first gives the same values, in one pass over the map.)
   */
  private NDArray map(ParameterStore ps, NDArray x, boolean training) {
    // the convolution on the pooled values as a map of (regions x 1) pixels
    NDArray y = conv.forward(ps, new NDList(x.transpose(0, 2, 1).expandDims(3)), training).singletonOrThrow()
        .squeeze(3).transpose(0, 2, 1);
    if (hidden == 0) {
      return y;
    }
    NDArray h = hiddenLayer.forward(ps, new NDList(x), training).singletonOrThrow().maximum(0f);
    return y.add(outLayer.forward(ps, new NDList(h), training).singletonOrThrow());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray y = map(ps, regionMeans(inputs.head(), regional), training); // (b, regions, out)
    // regional: each region L2-normalised, then summed
    NDArray pooled = regional ? l2(y, 2).sum(new int[] {1}) : y.squeeze(1);
    return new NDList(l2(pooled, 1));
  }

  /** How many regions {@link #regions} gives: the whole map, then 2x2 and 3x3 grids. */
  public static final int REGIONS = 14;

  /**
   * The regions of regional pooling on an {@code h x w} map, each {@code {y0, y1, x0, x1}} (ends exclusive): the
   * whole map, then grids of 2x2 and 3x3 overlapping regions (each about 2/(g+1) of the side).
   */
  public static java.util.List<long[]> regions(long h, long w) {
    java.util.List<long[]> out = new java.util.ArrayList<>(REGIONS);
    for (int grid = 1; grid <= 3; grid++) {
      long rh = Math.max(1, grid == 1 ? h : (2 * h + grid) / (grid + 1));
      long rw = Math.max(1, grid == 1 ? w : (2 * w + grid) / (grid + 1));
      for (int gy = 0; gy < grid; gy++) {
        for (int gx = 0; gx < grid; gx++) {
          long y0 = grid == 1 ? 0 : Math.round((double) gy * (h - rh) / (grid - 1));
          long x0 = grid == 1 ? 0 : Math.round((double) gx * (w - rw) / (grid - 1));
          out.add(new long[] {y0, y0 + rh, x0, x0 + rw});
        }
      }
    }
    return out;
  }

  /**
   * The means of a map {@code (b, c, h, w)} over its {@link #regions} ({@code regional}) or over the whole map:
   * {@code (b, regions, c)}, in one matrix product with the regions' averaging weights. Attached to the map's
   * manager.
   */
  public static NDArray regionMeans(NDArray map, boolean regional) {
    Shape s = map.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    float[] weights = POOLING.computeIfAbsent(java.util.List.of(h, w, regional ? 1L : 0L),
        k -> pooling(h, w, regional));
    long count = weights.length / (h * w);
    NDArray pool = map.getManager().create(weights, new Shape(count, h * w));
    // (b, c, hw) x (hw, regions) -> (b, c, regions) -> (b, regions, c)
    return map.reshape(b, c, h * w).matMul(pool.transpose()).transpose(0, 2, 1);
  }

  /** Averaging weights per map size and pooling, {@code regions x (h * w)} row-major; a few sizes per process. */
  private static final java.util.concurrent.ConcurrentHashMap<java.util.List<Long>, float[]> POOLING =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static float[] pooling(long h, long w, boolean regional) {
    java.util.List<long[]> regions = regional ? regions(h, w) : java.util.List.of(new long[] {0, h, 0, w});
    float[] out = new float[Math.toIntExact(regions.size() * h * w)];
    for (int r = 0; r < regions.size(); r++) {
      long[] g = regions.get(r);
      float weight = 1f / ((g[1] - g[0]) * (g[3] - g[2]));
      for (long y = g[0]; y < g[1]; y++) {
        for (long x = g[2]; x < g[3]; x++) {
          out[Math.toIntExact(r * h * w + y * w + x)] = weight;
        }
      }
    }
    return out;
  }

  static NDArray l2(NDArray x) {
    return l2(x, 1);
  }

  /** {@code x} divided by its L2 norm along {@code axis}. */
  static NDArray l2(NDArray x, int axis) {
    return x.div(x.square().sum(new int[] {axis}, true).sqrt().maximum(1e-12f));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, new Shape(1, in, 4, 4));
    if (hidden > 0) {
      hiddenLayer.initialize(manager, dataType, new Shape(1, in));
      outLayer.initialize(manager, dataType, new Shape(1, hidden));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), out)};
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** Units of the hidden layer; 0 without one. */
  public int hidden() {
    return hidden;
  }

  /**
   * Sets the hidden layer: {@code weight} [hidden][in], {@code bias} [hidden], {@code outWeight} [out][hidden].
   *
   * @throws IllegalStateException if this head has no hidden layer
   */
  public void setHidden(float[] weight, float[] bias, float[] outWeight) {
    if (hidden == 0) {
      throw new IllegalStateException("this head has no hidden layer");
    }
    hiddenLayer.getParameters().get("weight").getArray().set(weight);
    hiddenLayer.getParameters().get("bias").getArray().set(bias);
    outLayer.getParameters().get("weight").getArray().set(outWeight);
  }

  /** The hidden layer's weights {weight, bias, outWeight}; {@code null} without one. */
  public float[][] hiddenWeights() {
    if (hidden == 0) {
      return null;
    }
    return new float[][] {hiddenLayer.getParameters().get("weight").getArray().toFloatArray(),
        hiddenLayer.getParameters().get("bias").getArray().toFloatArray(),
        outLayer.getParameters().get("weight").getArray().toFloatArray()};
  }

  /** Sets the 1x1 convolution: {@code weight} [out][in] row-major, {@code bias} [out]. */
  public void set(float[] weight, float[] bias) {
    conv.getParameters().get("weight").getArray().set(weight);
    conv.getParameters().get("bias").getArray().set(bias);
  }

  public float[] weight() {
    return conv.getParameters().get("weight").getArray().toFloatArray();
  }

  public float[] bias() {
    return conv.getParameters().get("bias").getArray().toFloatArray();
  }
}
