package org.videosim.training.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.videosim.CorruptDataException;
import org.videosim.encoders.internal.SetTransformerBlock;
import org.videosim.encoders.internal.Torch;

/**
 * The trainable part of SVRTN on cached backbone features: the frame head (the 1x1 convolution, which on spatially
 * averaged features is a linear map, then L2) and the clip-level set transformer; their triplet losses; Adam;
 * checkpoints. Not thread-safe.
 */
public final class SvrtnModel implements AutoCloseable {
  private static final String HEAD_WEIGHT = "head/weight"; // (dim, channels)
  private static final String HEAD_BIAS = "head/bias"; // (dim)
  // The optional hidden layer beside the linear map (a residual MLP): y = W x + b + U relu(V x + c).
  private static final String HIDDEN_WEIGHT = "head/hidden/weight"; // (hidden, channels)
  private static final String HIDDEN_BIAS = "head/hidden/bias"; // (hidden)
  private static final String OUT_WEIGHT = "head/out/weight"; // (dim, hidden)

  private final NDManager manager;
  private final int channels;
  private final int regions;
  private final int dim;
  private final int hidden;
  private final SetTransformerBlock transformer;
  // Parameters and Adam's moments live on the Java heap; each step copies them into fresh leaf tensors of a
  // sub-manager, so that nothing of a step's graph or gradients outlives it.
  private final Map<String, float[]> params = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();
  private final Map<String, float[]> m1 = new LinkedHashMap<>();
  private final Map<String, float[]> m2 = new LinkedHashMap<>();
  private final Map<Parameter, String> transformerNames = new java.util.IdentityHashMap<>();
  private long step;

  /**
   * Adam settings and loss settings.
   *
   * @param batchAll true: every in-batch negative that violates the margin counts (the mean over the violating
   *     triplets, "batch all"); false: only the hardest negative of each anchor ("batch hard")
   */
  public record Hyper(double headRate, double transformerRate, double margin, double dropRate, double weightDecay,
      boolean batchAll) {}

  /**
   * The weights of a head's hidden layer: {@code weight} {@code units x channels} and {@code out}
   * {@code dim x units}, row by row.
   */
  public record HiddenLayer(int units, float[] weight, float[] bias, float[] out) {
    /**
     * A hidden layer to start training from: He-initialised input weights drawn from {@code rnd}, zero biases and a
     * zero output layer (the head starts as its linear map).
     */
    public static HiddenLayer initial(int units, int channels, int dim, Random rnd) {
      if (units < 1) {
        throw new IllegalArgumentException("hidden units must be positive: " + units);
      }
      float[] w = new float[units * channels];
      double scale = Math.sqrt(2.0 / channels);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (rnd.nextGaussian() * scale);
      }
      return new HiddenLayer(units, w, new float[units], new float[dim * units]);
    }
  }

  /** Per-batch results. */
  public record Losses(double frame, double clip) {}

  /**
   * @param headWeight initial head, {@code dim x channels} row by row
   * @param transformerWeights initial set transformer weights by name
   */
  public SvrtnModel(int channels, int dim, float[] headWeight, float[] headBias,
      Map<String, float[]> transformerWeights) {
    this(channels, dim, headWeight, headBias, transformerWeights, null);
  }

  /**
   * A model whose frame head has a hidden layer of {@code hidden.units()} rectified units beside its linear map
   * (its output layer starts at zero, so the model starts as the linear head).
   *
   * @param hidden the hidden layer's starting weights; {@code null} for the linear head alone
   */
  public SvrtnModel(int channels, int dim, float[] headWeight, float[] headBias,
      Map<String, float[]> transformerWeights, HiddenLayer hidden) {
    this(channels, dim, headWeight, headBias, transformerWeights, hidden, 1);
  }

  /**
   * A model trained with regional pooling: each frame's features are {@code regions} means of the backbone's map
   * ({@code regions x channels} values, region by region); the head maps each region, L2-normalises it, and the frame's
   * embedding is the L2-normalised sum, as the encoder's regional pooling computes it.
   *
   * @param regions 1 for the global average (the method's), or the encoder's region count
   */
  public SvrtnModel(int channels, int dim, float[] headWeight, float[] headBias,
      Map<String, float[]> transformerWeights, HiddenLayer hidden, int regions) {
    if (regions < 1) {
      throw new IllegalArgumentException("regions must be positive: " + regions);
    }
    this.manager = Torch.newManager("SvrtnModel");
    this.channels = channels;
    this.regions = regions;
    this.dim = dim;
    this.hidden = hidden == null ? 0 : hidden.units();
    if (headWeight.length != dim * channels || headBias.length != dim) {
      throw new IllegalArgumentException("head must be " + dim + " x " + channels + " with " + dim + " biases");
    }
    this.transformer = new SetTransformerBlock(dim, 8, 4 * dim);
    transformer.initialize(manager, DataType.FLOAT32, new Shape(1, 2, dim), new Shape(1, 2));
    put(HEAD_WEIGHT, headWeight.clone(), new Shape(dim, channels));
    put(HEAD_BIAS, headBias.clone(), new Shape(dim));
    if (hidden != null) {
      if (hidden.weight().length != hidden.units() * channels || hidden.bias().length != hidden.units()
          || hidden.out().length != dim * hidden.units()) {
        throw new IllegalArgumentException("hidden layer must be " + hidden.units() + " x " + channels + " with "
            + hidden.units() + " biases and an output of " + dim + " x " + hidden.units());
      }
      put(HIDDEN_WEIGHT, hidden.weight().clone(), new Shape(hidden.units(), channels));
      put(HIDDEN_BIAS, hidden.bias().clone(), new Shape(hidden.units()));
      put(OUT_WEIGHT, hidden.out().clone(), new Shape(dim, hidden.units()));
    }
    for (Map.Entry<String, Parameter> e : transformer.namedParameters().entrySet()) {
      float[] v = transformerWeights.get(e.getKey());
      Shape shape = e.getValue().getArray().getShape();
      if (v == null || v.length != shape.size()) {
        throw new IllegalArgumentException("transformer weight " + e.getKey() + " missing or of the wrong size");
      }
      put("transformer/" + e.getKey(), v.clone(), shape);
      transformerNames.put(e.getValue(), "transformer/" + e.getKey());
    }
  }

  private void put(String name, float[] value, Shape shape) {
    params.put(name, value);
    shapes.put(name, shape);
    m1.put(name, new float[value.length]);
    m2.put(name, new float[value.length]);
  }

  /** The parameters as tensors of {@code sub}, with gradients when {@code grad}. */
  private Map<String, NDArray> leaves(NDManager sub, boolean grad) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : params.entrySet()) {
      NDArray a = sub.create(e.getValue(), shapes.get(e.getKey()));
      if (grad) {
        a.setRequiresGradient(true);
      }
      out.put(e.getKey(), a);
    }
    return out;
  }

  /** A parameter store that hands the transformer its weights from {@code leaves}. */
  private ParameterStore store(NDManager sub, Map<String, NDArray> leaves) {
    return new ParameterStore(sub, false) {
      @Override
      public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
        NDArray a = leaves.get(transformerNames.get(parameter));
        if (a == null) {
          throw new IllegalStateException("unknown parameter " + parameter.getName());
        }
        return a;
      }
    };
  }

  /** Native arrays the model's manager holds (its sub-managers' included): constant from step to step. */
  int heldArrays() {
    return manager.getManagedArrays().size();
  }

  public long step() {
    return step;
  }

  /**
   * Frame embeddings: features {@code (rows, regions * channels)} -> L2-normalised {@code (rows, dim)}; with several
   * regions, the sum of each region's L2-normalised embedding.
   */
  private NDArray frames(NDArray features, Map<String, NDArray> leaves) {
    if (regions == 1) {
      return head(features, leaves);
    }
    long rows = features.getShape().get(0);
    return l2(head(features.reshape(rows * regions, channels), leaves).reshape(rows, regions, dim)
        .sum(new int[] {1}));
  }

  /** Embeddings of pooled features: {@code (rows, channels)} -> L2-normalised {@code (rows, dim)}. */
  private static NDArray head(NDArray features, Map<String, NDArray> leaves) {
    NDArray x = features.matMul(leaves.get(HEAD_WEIGHT).transpose()).add(leaves.get(HEAD_BIAS));
    NDArray v = leaves.get(HIDDEN_WEIGHT);
    if (v != null) {
      NDArray h = features.matMul(v.transpose()).add(leaves.get(HIDDEN_BIAS)).maximum(0f);
      x = x.add(h.matMul(leaves.get(OUT_WEIGHT).transpose()));
    }
    return l2(x);
  }

  private static NDArray l2(NDArray x) {
    return x.div(x.square().sum(new int[] {x.getShape().dimension() - 1}, true).sqrt().maximum(1e-12f));
  }

  /** Clip embeddings: frames {@code (b, n, dim)} with mask {@code (b, n)} -> {@code (b, dim)}. */
  private NDArray clips(ParameterStore ps, NDArray frames, NDArray mask, boolean training) {
    return transformer.forward(ps, new NDList(frames, mask), training).singletonOrThrow();
  }

  /**
   * One optimisation step on a batch of triplets. Frame loss: each anchor's median frame against the positive's
   * median frame, with the hardest of all negative-clip frames in the batch (batch-hard triplet loss on cosine
   * similarity). Clip loss: anchor clip against the positive clip (frames dropped at {@code dropRate}, masked frame
   * modelling), with the hardest negative among the batch's negative clips.
   *
   * @param batch {@code b x 3 x n x (regions x channels)} features
   */
  public Losses train(float[] batch, int b, int n, int[] medians, int[] anchorVideos, int[] negativeVideos,
      Hyper hyper, Random rnd) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = sub.create(batch, new Shape(b, 3, n, regions * channels));
      float[] mask = frameMask(b, n, hyper.dropRate(), rnd);
      NDArray posMask = sub.create(mask, new Shape(b, n));
      NDArray ones = sub.ones(new Shape(b, n));
      // Another triplet's negative from the anchor's own video is no negative for it (static scenes look alike);
      // the triplet's own negative always counts (it may be a deliberate hard negative).
      float[] clash = sameVideoMask(anchorVideos, negativeVideos, true);
      NDArray negClash = sub.create(clash, new Shape(b, b));
      NDArray frameClash = sub.create(repeat(clash, b, n), new Shape(b, b * n));
      NDArray select = sub.create(selection(b, n, medians), new Shape(b, b * n));
      NDArray centre = sub.create(selection(b, n, filled(b, (n - 1) / 2)), new Shape(b, b * n));
      Losses out;
      Map<String, NDArray> leaves = leaves(sub, true);
      Map<String, float[]> grads = new LinkedHashMap<>();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        ParameterStore ps = store(sub, leaves);
        NDArray all = frames(x.reshape(b * 3 * n, regions * channels), leaves).reshape(b, 3, n, dim);
        NDArray anchorFrames = all.get(":, 0").reshape(b * n, dim);
        NDArray positiveFrames = all.get(":, 1").reshape(b * n, dim);
        NDArray negativeFrames = all.get(":, 2").reshape(b * n, dim);
        NDArray a = select.matMul(anchorFrames); // (b, dim): each anchor's median frame
        NDArray p = centre.matMul(positiveFrames); // (b, dim): each positive's median frame
        NDArray pos = a.mul(p).sum(new int[] {1});
        NDArray frameLoss = triplet(a.matMul(negativeFrames.transpose()).sub(frameClash.mul(4f)), pos, hyper);

        NDArray ca = clips(ps, all.get(":, 0"), ones, true);
        NDArray cp = clips(ps, all.get(":, 1"), posMask, true);
        NDArray cn = clips(ps, all.get(":, 2"), ones, true);
        NDArray cpos = ca.mul(cp).sum(new int[] {1});
        // Hardest negative among the batch's negative clips (drawn from other content units, or far away in the
        // anchor's video). Other triplets' anchors are not used: videos of one content unit (one shoot) look alike,
        // and pushing them apart made validation clip AP collapse (0.41 -> 0.09 in one epoch).
        NDArray clipLoss = triplet(ca.matMul(cn.transpose()).sub(negClash.mul(4f)), cpos, hyper);
        NDArray loss = frameLoss.add(clipLoss);
        gc.backward(loss);
        out = new Losses(frameLoss.getFloat(), clipLoss.getFloat());
        for (Map.Entry<String, NDArray> e : leaves.entrySet()) {
          // the gradient's handle belongs to the leaf's manager, sub: it is freed with it
          grads.put(e.getKey(), e.getValue().getGradient().toFloatArray());
        }
      }
      if (!Double.isFinite(out.frame()) || !Double.isFinite(out.clip())) {
        throw new IllegalStateException("training diverged at step " + (step + 1) + ": loss " + out
            + " (parameters left as after step " + step + ")");
      }
      adam(hyper, grads);
      return out;
    }
  }

  /**
   * Triplet loss of anchors against their positives ({@code pos}, one per row) and the in-batch negatives
   * ({@code negatives}, one row per anchor, masked ones pushed far below): the hardest negative of each row, or the mean
   * over every violating (anchor, negative) pair.
   */
  private static NDArray triplet(NDArray negatives, NDArray pos, Hyper hyper) {
    float margin = (float) hyper.margin();
    if (!hyper.batchAll()) {
      return negatives.max(new int[] {1}).sub(pos).add(margin).maximum(0f).mean();
    }
    NDArray violations = negatives.sub(pos.expandDims(1)).add(margin).maximum(0f);
    NDArray active = violations.gt(1e-6f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).sum();
    return violations.sum().div(active.maximum(1f));
  }

  /**
   * The frame mask of masked frame modelling: for each of {@code b} clips of {@code n} frames, 1 keeps a frame and 0
   * drops it, each frame dropped with probability {@code rate}, at least one frame kept per clip. Deterministic for
   * the state of {@code rnd}.
   */
  public static float[] frameMask(int b, int n, double rate, Random rnd) {
    float[] mask = new float[b * n];
    for (int i = 0; i < b; i++) {
      int kept = 0;
      for (int j = 0; j < n; j++) {
        boolean keep = rnd.nextDouble() >= rate;
        mask[i * n + j] = keep ? 1 : 0;
        kept += keep ? 1 : 0;
      }
      if (kept == 0) {
        mask[i * n + rnd.nextInt(n)] = 1;
      }
    }
    return mask;
  }

  /** One Adam step (with decoupled weight decay on weights), on the Java heap. */
  private void adam(Hyper hyper, Map<String, float[]> grads) {
    step++;
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, step);
    double c2 = 1 - Math.pow(b2, step);
    for (Map.Entry<String, float[]> e : params.entrySet()) {
      float[] w = e.getValue();
      float[] g = grads.get(e.getKey());
      float[] mm = m1.get(e.getKey());
      float[] vv = m2.get(e.getKey());
      double rate = e.getKey().startsWith("head/") ? hyper.headRate() : hyper.transformerRate();
      double decay = hyper.weightDecay() > 0 && e.getKey().endsWith("weight") ? rate * hyper.weightDecay() : 0;
      for (int i = 0; i < w.length; i++) {
        mm[i] = (float) (b1 * mm[i] + (1 - b1) * g[i]);
        vv[i] = (float) (b2 * vv[i] + (1 - b2) * g[i] * g[i]);
        double update = mm[i] / c1 / (Math.sqrt(vv[i] / c2) + 1e-8) * rate + decay * w[i];
        w[i] = (float) (w[i] - update);
      }
    }
  }

  /**
   * Embeddings without training: frame embeddings of every clip and the clip embeddings.
   *
   * @return {frames (b * 3 * n * dim), clips (b * 3 * dim)}
   */
  public float[][] embed(float[] batch, int b, int n) {
    return embed(batch, b, n, null);
  }

  /**
   * As {@link #embed(float[], int, int)}, with clip frames masked.
   *
   * @param mask {@code (b * 3) x n}: 1 keeps a frame in its clip's embedding, 0 leaves it out; null keeps all
   */
  public float[][] embed(float[] batch, int b, int n, float[] mask) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = sub.create(batch, new Shape(b, 3, n, regions * channels));
      Map<String, NDArray> leaves = leaves(sub, false);
      ParameterStore ps = store(sub, leaves);
      NDArray all = frames(x.reshape(b * 3 * n, regions * channels), leaves).reshape(b * 3, n, dim);
      NDArray c = clips(ps, all, mask == null ? sub.ones(new Shape(b * 3, n)) : sub.create(mask, new Shape(b * 3, n)),
          false);
      return new float[][] {all.toFloatArray(), c.toFloatArray()};
    }
  }

  /** 1 where row i's video equals column j's ({@code exceptDiagonal}: never on the diagonal). */
  private static float[] sameVideoMask(int[] rows, int[] cols, boolean exceptDiagonal) {
    int b = rows.length;
    float[] m = new float[b * b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        m[i * b + j] = rows[i] == cols[j] && !(exceptDiagonal && i == j) ? 1 : 0;
      }
    }
    return m;
  }

  /** Each column of a (b, b) mask repeated n times: (b, b * n). */
  private static float[] repeat(float[] mask, int b, int n) {
    float[] out = new float[b * b * n];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        for (int k = 0; k < n; k++) {
          out[i * b * n + j * n + k] = mask[i * b + j];
        }
      }
    }
    return out;
  }

  /** Rows selecting frame {@code which[i]} of clip {@code i} from {@code (b * n)} rows. */
  private static float[] selection(int b, int n, int[] which) {
    float[] s = new float[b * b * n];
    for (int i = 0; i < b; i++) {
      s[i * b * n + i * n + which[i]] = 1;
    }
    return s;
  }

  private static int[] filled(int b, int v) {
    int[] a = new int[b];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** The head's weights, {@code dim x channels} row by row. */
  public float[] headWeight() {
    return params.get(HEAD_WEIGHT).clone();
  }

  public float[] headBias() {
    return params.get(HEAD_BIAS).clone();
  }

  /** The head's hidden layer as trained so far; {@code null} for a linear head. */
  public HiddenLayer hiddenLayer() {
    return hidden == 0 ? null : new HiddenLayer(hidden, params.get(HIDDEN_WEIGHT).clone(),
        params.get(HIDDEN_BIAS).clone(), params.get(OUT_WEIGHT).clone());
  }

  /** The set transformer's weights by name. */
  public Map<String, float[]> transformerWeights() {
    Map<String, float[]> m = new LinkedHashMap<>();
    transformer.namedParameters().forEach((k, p) -> m.put(k, params.get("transformer/" + k).clone()));
    return m;
  }

  public int dimension() {
    return dim;
  }

  /** Saves parameters, Adam's moments and the step, atomically, with a CRC-32. */
  public void saveCheckpoint(Path file, int epoch) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeInt(0x5653434b); // "VSCK"
    out.writeInt(1);
    out.writeInt(channels);
    out.writeInt(dim);
    out.writeLong(step);
    out.writeInt(epoch);
    out.writeInt(params.size());
    for (String k : params.keySet()) {
      out.writeUTF(k);
      for (float[] v : new float[][] {params.get(k), m1.get(k), m2.get(k)}) {
        out.writeInt(v.length);
        for (float f : v) {
          out.writeFloat(f);
        }
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bos.toByteArray());
    out.writeLong(crc.getValue());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bos.toByteArray());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Restores a checkpoint written by {@link #saveCheckpoint}; returns its epoch.
   *
   * @throws CorruptDataException if it is corrupt or of another shape
   */
  public int loadCheckpoint(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    if (data.length < 16 || crc.getValue() != java.nio.ByteBuffer.wrap(data, data.length - 8, 8).getLong()) {
      throw new CorruptDataException("training checkpoint '" + file + "' is corrupt");
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
    if (in.readInt() != 0x5653434b || in.readInt() != 1 || in.readInt() != channels || in.readInt() != dim) {
      throw new CorruptDataException("'" + file + "' is not a checkpoint of this model");
    }
    long savedStep = in.readLong();
    int epoch = in.readInt();
    int count = in.readInt();
    if (count != params.size()) {
      throw new CorruptDataException("checkpoint '" + file + "' holds " + count + " tensors, this model "
          + params.size() + " (another head)");
    }
    for (int i = 0; i < count; i++) {
      String k = in.readUTF();
      for (float[] a : new float[][] {params.get(k), m1.get(k), m2.get(k)}) {
        int len = in.readInt();
        float[] v = new float[len];
        for (int j = 0; j < len; j++) {
          v[j] = in.readFloat();
        }
        if (a == null || a.length != len) {
          throw new CorruptDataException("checkpoint '" + file + "': tensor " + k + " does not fit this model");
        }
        System.arraycopy(v, 0, a, 0, len);
      }
    }
    step = savedStep;
    return epoch;
  }

  @Override
  public void close() {
    manager.close();
  }
}
