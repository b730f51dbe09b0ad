package org.videosim.encoders.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SVRTN's clip-level set transformer: one pre-norm transformer encoder layer (multi-head self-attention over the
 * clip's frames, then a feed-forward network, each with a residual connection) without position embedding, then the
 * mean over the clip's frames and L2 normalisation.
 *
 * <p>Inputs: frames {@code (B, N, D)} and a mask {@code (B, N)} (1 for a frame, 0 for padding or a dropped frame).
 * Masked frames are neither attended to nor pooled, so a clip padded to {@code N} gives the same output as the clip
 * alone, and any order of the frames gives the same output (no position embedding; attention and mean are
 * permutation equivariant and invariant). Output: {@code (B, D)}.
 *
 * <p>Stateless in inference; intermediate arrays attach to the input's manager.
 */
public final class SetTransformerBlock extends AbstractBlock {
  private final int dim;
  private final int heads;
  private final int hidden;
  final LayerNorm norm1;
  final Linear query;
  final Linear key;
  final Linear value;
  final Linear output;
  final LayerNorm norm2;
  final Linear expand;
  final Linear contract;

  public SetTransformerBlock(int dim, int heads, int hidden) {
    super((byte) 1);
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dimension " + dim + " is not a multiple of " + heads + " heads");
    }
    this.dim = dim;
    this.heads = heads;
    this.hidden = hidden;
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    query = addChildBlock("query", Linear.builder().setUnits(dim).build());
    key = addChildBlock("key", Linear.builder().setUnits(dim).build());
    value = addChildBlock("value", Linear.builder().setUnits(dim).build());
    output = addChildBlock("output", Linear.builder().setUnits(dim).build());
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    expand = addChildBlock("expand", Linear.builder().setUnits(hidden).build());
    contract = addChildBlock("contract", Linear.builder().setUnits(dim).build());
  }

  public int dim() {
    return dim;
  }

  public int heads() {
    return heads;
  }

  public int hidden() {
    return hidden;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    int dh = dim / heads;

    NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray q = split(query.forward(ps, new NDList(h), training).singletonOrThrow(), b, n, dh);
    NDArray k = split(key.forward(ps, new NDList(h), training).singletonOrThrow(), b, n, dh);
    NDArray v = split(value.forward(ps, new NDList(h), training).singletonOrThrow(), b, n, dh);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dh));   // (B, H, N, N)
    NDArray keyMask = mask.reshape(b, 1, 1, n);
    scores = scores.add(keyMask.sub(1f).mul(1e9f));
    NDArray attn = scores.softmax(3);
    NDArray ctx = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, dim);
    x = x.add(output.forward(ps, new NDList(ctx), training).singletonOrThrow());

    NDArray h2 = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray ff = ai.djl.nn.Activation.relu(expand.forward(ps, new NDList(h2), training).singletonOrThrow());
    x = x.add(contract.forward(ps, new NDList(ff), training).singletonOrThrow());

    NDArray m = mask.reshape(b, n, 1);
    NDArray pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1f));
    return new NDList(FrameHeadBlock.l2(pooled));
  }

  private NDArray split(NDArray a, long b, long n, int dh) {
    return a.reshape(b, n, heads, dh).transpose(0, 2, 1, 3);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = new Shape(1, 2, dim);
    norm1.initialize(manager, dataType, s);
    query.initialize(manager, dataType, s);
    key.initialize(manager, dataType, s);
    value.initialize(manager, dataType, s);
    output.initialize(manager, dataType, s);
    norm2.initialize(manager, dataType, s);
    expand.initialize(manager, dataType, s);
    contract.initialize(manager, dataType, new Shape(1, 2, hidden));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
  }

  /** Every parameter by a stable name ({@code query/weight}, {@code norm1/gamma}, ...). */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> m = new LinkedHashMap<>();
    put(m, "norm1", norm1);
    put(m, "query", query);
    put(m, "key", key);
    put(m, "value", value);
    put(m, "output", output);
    put(m, "norm2", norm2);
    put(m, "expand", expand);
    put(m, "contract", contract);
    return m;
  }

  private static void put(Map<String, Parameter> m, String prefix, AbstractBlock block) {
    block.getDirectParameters().forEach(p -> m.put(prefix + "/" + p.getKey(), p.getValue()));
  }
}
