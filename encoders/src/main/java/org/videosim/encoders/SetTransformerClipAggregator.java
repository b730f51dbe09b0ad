package org.videosim.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.videosim.ClipAggregator;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.VideoSimilarityException;
import org.videosim.encoders.internal.SetTransformerBlock;
import org.videosim.encoders.internal.Torch;
import org.videosim.encoders.internal.WeightsFile;

/**
 * SVRTN's clip-level set transformer as a {@link ClipAggregator}: one transformer encoder layer (8 attention heads,
 * pre-norm, feed-forward of 4x the dimension, no position embedding: a clip's frames are a set), then the mean over
 * the frames and L2 normalisation. Accepts clips of any number of frames from one (missing or dropped frames are
 * simply absent), and the result does not depend on their order.
 *
 * <p>{@link #identityInitialised(int)} is the untrained starting point: the attention's output projection and the
 * feed-forward's second layer are zero, so the layer is the identity and the aggregator equals
 * {@link ClipAggregator#mean()} until it is trained (the other weights are drawn from a fixed seed, so training can
 * start from it). Trained weights are {@link #save saved} to and {@link #load loaded} from a {@code .vsw} file;
 * a save/load round trip reproduces the outputs bit for bit.
 *
 * <p>Masked frame modelling (training): {@link #dropFrames} removes frames at random from a clip, keeping at least
 * one, and {@link #aggregateAll(List, double, Random)} drops frames inside a batch through the attention mask.
 *
 * <p><b>Threads.</b> Thread-safe, like {@link MobileNetFrameEncoder}: weights in a capped native manager, one
 * sub-manager per call; {@link #close()} frees them when no thread uses the aggregator any more.
 *
 * <p><b>Errors.</b> Missing or corrupt weight files: {@link CorruptDataException} naming the file. A clip without
 * frames or of another dimension: {@link IllegalArgumentException}.
 */
public final class SetTransformerClipAggregator implements ClipAggregator, AutoCloseable {
  /** Attention heads of the transformer layer, as in the method. */
  public static final int HEADS = 8;

  private final NDManager manager;
  private final SetTransformerBlock block;
  private final String weightsId;

  private SetTransformerClipAggregator(int dim, Map<String, float[]> values, String weightsId) {
    NDManager m = Torch.newManager("SetTransformerClipAggregator");
    try {
      this.block = new SetTransformerBlock(dim, HEADS, 4 * dim);
      block.initialize(m, DataType.FLOAT32, new Shape(1, 2, dim), new Shape(1, 2));
      Map<String, Parameter> params = block.namedParameters();
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        float[] v = values.get(e.getKey());
        long size = e.getValue().getArray().getShape().size();
        if (v == null || v.length != size) {
          throw new CorruptDataException("set transformer weights " + weightsId + ": tensor '" + e.getKey() + "' "
              + (v == null ? "is missing" : "holds " + v.length + " values, expected " + size));
        }
        e.getValue().getArray().set(v);
      }
      block.freezeParameters(true);
      ((ai.djl.ndarray.BaseNDManager) m).cap();
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    this.manager = m;
    this.weightsId = weightsId;
  }

  /**
   * The untrained, identity-initialised set transformer for frame embeddings of {@code dimension} values (a
   * multiple of 8).
   */
  public static SetTransformerClipAggregator identityInitialised(int dimension) {
    if (dimension < HEADS || dimension % HEADS != 0) {
      throw new IllegalArgumentException("dimension must be a positive multiple of " + HEADS + ": " + dimension);
    }
    Random rnd = new Random(20261125L + dimension);
    Map<String, float[]> v = new LinkedHashMap<>();
    int d = dimension;
    int hidden = 4 * d;
    v.put("norm1/gamma", filled(d, 1));
    v.put("norm1/beta", new float[d]);
    v.put("query/weight", xavier(rnd, d, d));
    v.put("query/bias", new float[d]);
    v.put("key/weight", xavier(rnd, d, d));
    v.put("key/bias", new float[d]);
    v.put("value/weight", xavier(rnd, d, d));
    v.put("value/bias", new float[d]);
    v.put("output/weight", new float[d * d]);
    v.put("output/bias", new float[d]);
    v.put("norm2/gamma", filled(d, 1));
    v.put("norm2/beta", new float[d]);
    v.put("expand/weight", xavier(rnd, hidden, d));
    v.put("expand/bias", new float[hidden]);
    v.put("contract/weight", new float[d * hidden]);
    v.put("contract/bias", new float[d]);
    return new SetTransformerClipAggregator(d, v, "identity-init@1");
  }

  /**
   * A set transformer with every weight drawn from {@code java.util.Random(seed)} (Xavier-uniform linear layers,
   * layer norms around 1): not the identity, for training from scratch and for tests of its properties.
   */
  public static SetTransformerClipAggregator randomInitialised(int dimension, long seed) {
    if (dimension < HEADS || dimension % HEADS != 0) {
      throw new IllegalArgumentException("dimension must be a positive multiple of " + HEADS + ": " + dimension);
    }
    Random rnd = new Random(seed);
    int d = dimension;
    int hidden = 4 * d;
    Map<String, float[]> v = new LinkedHashMap<>();
    v.put("norm1/gamma", around(rnd, d, 1));
    v.put("norm1/beta", around(rnd, d, 0));
    v.put("query/weight", xavier(rnd, d, d));
    v.put("query/bias", around(rnd, d, 0));
    v.put("key/weight", xavier(rnd, d, d));
    v.put("key/bias", around(rnd, d, 0));
    v.put("value/weight", xavier(rnd, d, d));
    v.put("value/bias", around(rnd, d, 0));
    v.put("output/weight", xavier(rnd, d, d));
    v.put("output/bias", around(rnd, d, 0));
    v.put("norm2/gamma", around(rnd, d, 1));
    v.put("norm2/beta", around(rnd, d, 0));
    v.put("expand/weight", xavier(rnd, hidden, d));
    v.put("expand/bias", around(rnd, hidden, 0));
    v.put("contract/weight", xavier(rnd, d, hidden));
    v.put("contract/bias", around(rnd, d, 0));
    return new SetTransformerClipAggregator(d, v, "random-init@1:" + seed);
  }

  private static float[] around(Random rnd, int n, float centre) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = centre + (float) (rnd.nextGaussian() * 0.1);
    }
    return a;
  }

  /**
   * A set transformer with given weights, e.g. trained ones, by the names of {@link #weights()}.
   *
   * @param id the weights' identity, recorded in fingerprints (e.g. {@code svrtn-transformer@1})
   * @throws CorruptDataException if a tensor is missing or of the wrong size
   */
  public static SetTransformerClipAggregator of(int dimension, Map<String, float[]> weights, String id) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(id, "id");
    if (dimension < HEADS || dimension % HEADS != 0) {
      throw new IllegalArgumentException("dimension must be a positive multiple of " + HEADS + ": " + dimension);
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    weights.forEach((k, v) -> copy.put(k, v.clone()));
    return new SetTransformerClipAggregator(dimension, copy, id);
  }

  /** A copy of every weight by name ({@code query/weight}, {@code norm1/gamma}, ...), in a stable order. */
  public Map<String, float[]> weights() {
    Map<String, float[]> m = new LinkedHashMap<>();
    block.namedParameters().forEach((k, p) -> m.put(k, p.getArray().toFloatArray()));
    return m;
  }

  private static SetTransformerClipAggregator fromWeightsFile(WeightsFile w, String source) {
    if (!w.model().equals("set-transformer")) {
      throw new CorruptDataException("model weights " + source + " hold '" + w.model()
          + "', not set-transformer weights");
    }
    long[] shape = w.require("query/weight", source).shape();
    Map<String, float[]> v = new LinkedHashMap<>();
    w.tensors().forEach((k, t) -> v.put(k, t.values()));
    return new SetTransformerClipAggregator((int) shape[1], v, w.id());
  }

  /**
   * Loads weights saved by {@link #save}.
   *
   * @throws CorruptDataException if the file is missing, truncated, corrupt or not set transformer weights
   */
  public static SetTransformerClipAggregator load(Path file) {
    WeightsFile w = WeightsFile.read(Objects.requireNonNull(file, "file"));
    return fromWeightsFile(w, "file '" + file + "'");
  }

  /** Saves the weights (float32, so a {@link #load} reproduces the outputs exactly). */
  public void save(Path file, String version, String provenance) throws IOException {
    Map<String, WeightsFile.Tensor> t = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
      NDArray a = e.getValue().getArray();
      t.put(e.getKey(), WeightsFile.Tensor.of(a.getShape().getShape(), a.toFloatArray()));
    }
    new WeightsFile("set-transformer", version, provenance, t).write(file);
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }

  private static float[] xavier(Random rnd, int out, int in) {
    float[] a = new float[out * in];
    double s = Math.sqrt(6.0 / (in + out));
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * s);
    }
    return a;
  }

  @Override
  public String name() {
    return "set-transformer";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("weights", weightsId);
    p.put("dimension", Integer.toString(block.dim()));
    p.put("heads", Integer.toString(block.heads()));
    return p;
  }

  @Override
  public int dimension(int frameDimension) {
    if (frameDimension != block.dim()) {
      throw new IllegalArgumentException("this set transformer takes " + block.dim() + "-dimensional frame "
          + "embeddings, not " + frameDimension);
    }
    return frameDimension;
  }

  @Override
  public Embedding aggregate(List<Embedding> frames) {
    return aggregateAll(List.of(frames)).get(0);
  }

  /** Aggregates several clips in one forward pass (padded and masked to the longest). */
  public List<Embedding> aggregateAll(List<List<Embedding>> clips) {
    return aggregateAll(clips, 0, null);
  }

  /**
   * Aggregates several clips in one pass, dropping each frame with probability {@code dropRate} through the
   * attention mask (masked frame modelling; at least one frame of each clip is kept).
   */
  public List<Embedding> aggregateAll(List<List<Embedding>> clips, double dropRate, Random random) {
    Objects.requireNonNull(clips, "clips");
    if (clips.isEmpty()) {
      return List.of();
    }
    int d = block.dim();
    int n = 0;
    for (List<Embedding> c : clips) {
      Objects.requireNonNull(c, "clip");
      if (c.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame embedding");
      }
      n = Math.max(n, c.size());
    }
    int b = clips.size();
    float[] x = new float[b * n * d];
    float[] mask = new float[b * n];
    for (int i = 0; i < b; i++) {
      List<Embedding> c = clips.get(i);
      boolean[] keep = keepMask(c.size(), dropRate, random);
      for (int j = 0; j < c.size(); j++) {
        Embedding e = c.get(j);
        if (e.dimension() != d) {
          throw new IllegalArgumentException("expected " + d + "-dimensional frame embeddings, got " + e.dimension());
        }
        System.arraycopy(e.toArray(), 0, x, (i * n + j) * d, d);
        mask[i * n + j] = keep[j] ? 1 : 0;
      }
    }
    float[] out;
    try (NDManager sub = manager.newSubManager()) {
      NDList in = new NDList(sub.create(x, new Shape(b, n, d)), sub.create(mask, new Shape(b, n)));
      out = block.forward(new ParameterStore(sub, false), in, false).singletonOrThrow().toFloatArray();
    } catch (RuntimeException e) {
      throw new VideoSimilarityException("SetTransformerClipAggregator failed on " + b + " clips: " + e.getMessage(),
          e);
    }
    List<Embedding> result = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      result.add(Embedding.of(Arrays.copyOfRange(out, i * d, (i + 1) * d)));
    }
    return result;
  }

  private static boolean[] keepMask(int size, double rate, Random random) {
    boolean[] keep = new boolean[size];
    Arrays.fill(keep, true);
    if (rate > 0) {
      Objects.requireNonNull(random, "random");
      int kept = 0;
      for (int j = 0; j < size; j++) {
        keep[j] = random.nextDouble() >= rate;
        kept += keep[j] ? 1 : 0;
      }
      if (kept == 0) {
        keep[random.nextInt(size)] = true;
      }
    }
    return keep;
  }

  /**
   * Masked frame modelling: a copy of {@code frames} with each frame dropped with probability {@code rate}, in
   * order, keeping at least one.
   *
   * @param rate in [0, 1)
   */
  public static List<Embedding> dropFrames(List<Embedding> frames, double rate, Random random) {
    Objects.requireNonNull(frames, "frames");
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a clip needs at least one frame embedding");
    }
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be within [0, 1): " + rate);
    }
    boolean[] keep = keepMask(frames.size(), rate, Objects.requireNonNull(random, "random"));
    List<Embedding> out = new ArrayList<>();
    for (int j = 0; j < frames.size(); j++) {
      if (keep[j]) {
        out.add(frames.get(j));
      }
    }
    return out;
  }

  /** The manager that owns the weights (for tests of native memory). */
  NDManager manager() {
    return manager;
  }

  /** Frees the native memory of the weights. The aggregator must not be used afterwards. */
  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SetTransformerClipAggregator(dim=%d, heads=%d, weights=%s)", block.dim(),
        block.heads(), weightsId);
  }
}
