package org.videosim.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.VideoSimilarityException;
import org.videosim.encoders.internal.FrameHeadBlock;
import org.videosim.encoders.internal.FramePixels;
import org.videosim.encoders.internal.MobileNetV2Block;
import org.videosim.encoders.internal.Torch;
import org.videosim.encoders.internal.WeightsFile;

/**
 * The SVRTN frame encoder on a MobileNetV2 backbone (alpha 1.0; weights imported from nsfwjs 4.4.0, bundled): each
 * frame is squeezed to {@code inputSize x inputSize}, turned grey (by default), scaled to [0, 1], run through the
 * backbone up to the {@link Builder#cut cut} layer, then through the head (a 1x1 convolution to
 * {@link #dimension()} channels, pooling, L2 normalisation).
 *
 * <p>The bundled head is <b>not trained</b>: it is a PCA whitening of the backbone features, fitted without labels
 * on frames of the project's training videos (see {@link FrameHeads}); the training issue replaces it.
 *
 * <p><b>Threads.</b> Thread-safe: one instance serves any number of threads; each {@link #encode} call runs its own
 * forward passes (torch parallelises inside each one with {@code ai.djl.pytorch.num_threads} threads, so when
 * {@code k} threads fingerprint at once, set that to about cores / k). The weights live in native memory owned by
 * this encoder; every batch's tensors live in a sub-manager that is closed when the batch is done, and the
 * encoder's own manager is capped, so encoding never grows native memory. {@link #close()} frees the weights; call
 * it only when no thread uses the encoder any more.
 *
 * <p><b>Errors.</b> Missing or corrupt weights: {@link CorruptDataException} naming the resource or file, at
 * {@link Builder#build()}. A torch failure while encoding: {@link VideoSimilarityException}.
 */
public final class MobileNetFrameEncoder implements FrameEncoder, AutoCloseable {
  /** The bundled backbone weights. */
  public static final String BACKBONE_RESOURCE = "/org/videosim/encoders/mobilenetv2-nsfwjs-v1.vsw";
  /** Layer whose output feeds the head by default. */
  public static final String DEFAULT_CUT = "block_10_expand_relu";
  /** Side of the square input by default, pixels. */
  public static final int DEFAULT_INPUT_SIZE = 160;
  /** Class-path resource of the head trained by SVRTN's self-supervised training. */
  public static final String TRAINED_HEAD_RESOURCE = "/org/videosim/encoders/svrtn-head-v3.vsw";
  private static final float[] MEAN = {0, 0, 0};
  private static final float[] STD = {1, 1, 1};

  private final String cut;
  private final int inputSize;
  private final int batchSize;
  private final String pooling;
  private final boolean grey;
  private final boolean contrast;
  private final boolean mirror;
  private final int intraOpThreads;
  private final String backboneId;
  private final String headId;
  private final int interOpThreads;
  private final int backboneChannels;
  /** The head's output size; 0 without a head. */
  private final int headOut;
  /** Until the weights are loaded: what {@link #loadWeights()} needs. */
  private WeightsFile backboneWeights;
  private HeadTensors headTensors;
  private volatile Loaded loaded;
  private boolean closed;

  /** The weights in native memory, with the manager that owns them. */
  private record Loaded(NDManager manager, MobileNetV2Block backbone, FrameHeadBlock head) {}

  /** A head's tensors, read and checked; {@code units} 0 and the hidden layer's arrays null for a linear head. */
  private record HeadTensors(int out, int units, float[] weight, float[] bias, float[] hiddenWeight,
      float[] hiddenBias, float[] outWeight) {
    static HeadTensors of(WeightsFile w, String source, int channels, String cut) {
      long[] shape = w.require("head/weight", source).shape();
      if (shape.length != 2 || shape[1] != channels) {
        throw new CorruptDataException("head weights " + source + " map " + (shape.length == 2 ? shape[1] : -1)
            + " channels, but layer " + cut + " has " + channels);
      }
      float[] weight = w.require("head/weight", source, shape).values();
      float[] bias = w.require("head/bias", source, shape[0]).values();
      WeightsFile.Tensor hidden = w.tensors().get(FrameHeads.HIDDEN_WEIGHT);
      if (hidden == null) {
        return new HeadTensors((int) shape[0], 0, weight, bias, null, null, null);
      }
      int units = (int) hidden.shape()[0];
      return new HeadTensors((int) shape[0], units, weight, bias,
          w.require(FrameHeads.HIDDEN_WEIGHT, source, units, shape[1]).values(),
          w.require(FrameHeads.HIDDEN_BIAS, source, units).values(),
          w.require(FrameHeads.OUT_WEIGHT, source, shape[0], units).values());
    }
  }

  private MobileNetFrameEncoder(Builder b, WeightsFile backboneWeights, WeightsFile headWeights, String headSource) {
    this.cut = b.cut;
    this.inputSize = b.inputSize;
    this.batchSize = b.batchSize;
    this.pooling = b.pooling;
    this.grey = b.grey;
    this.contrast = b.contrast;
    this.mirror = b.mirror;
    this.intraOpThreads = b.intraOpThreads;
    this.interOpThreads = b.interOpThreads;
    this.backboneId = backboneWeights.model() + "@" + backboneWeights.version();
    this.backboneChannels = new MobileNetV2Block(cut).outChannels();
    // the head's tensors are read and checked now; torch starts, and the weights go to native memory, at the first
    // frame (loadWeights)
    this.headTensors = headWeights == null ? null : HeadTensors.of(headWeights, headSource, backboneChannels, cut);
    this.headOut = headTensors == null ? 0 : headTensors.out();
    this.headId = headWeights == null ? "none" : headWeights.id();
    this.backboneWeights = backboneWeights;
    if (interOpThreads > 0) {
      // a conflicting process-wide setting is the caller's error: report it where it was made
      Torch.requireInterOpThreads(interOpThreads);
    }
  }

  /**
   * The weights in native memory: loaded at the first call (starting torch, about a second the first time in a
   * process), so that a pipeline built only to read and compare fingerprints never starts it.
   *
   * @throws IllegalStateException if the encoder is closed
   */
  private Loaded loaded() {
    Loaded l = loaded;
    if (l != null) {
      return l;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("this MobileNetFrameEncoder is closed");
      }
      if (loaded == null) {
        loaded = loadWeights();
        backboneWeights = null;
        headTensors = null;
      }
      return loaded;
    }
  }

  private Loaded loadWeights() {
    NDManager m = Torch.newManager("MobileNetFrameEncoder", intraOpThreads, interOpThreads);
    try {
      MobileNetV2Block backbone = new MobileNetV2Block(cut);
      backbone.initialize(m, DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
      backbone.loadKeras(backboneWeights, "resource '" + BACKBONE_RESOURCE + "'");
      FrameHeadBlock head = null;
      HeadTensors t = headTensors;
      if (t != null) {
        head = new FrameHeadBlock(backboneChannels, t.out(), pooling.equals("regional"), t.units());
        head.initialize(m, DataType.FLOAT32, new Shape(1, backboneChannels, 4, 4));
        head.set(t.weight(), t.bias());
        if (t.units() > 0) {
          head.setHidden(t.hiddenWeight(), t.hiddenBias(), t.outWeight());
        }
        head.freezeParameters(true);
      }
      backbone.freezeParameters(true);
      // From here on nothing may attach to this manager: every batch uses (and closes) a sub-manager.
      ((ai.djl.ndarray.BaseNDManager) m).cap();
      return new Loaded(m, backbone, head);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * The default encoder: cut {@value #DEFAULT_CUT}, 160x160 grey input, the bundled head (PCA whitening to 256
   * dimensions, average pooling).
   */
  public static MobileNetFrameEncoder create() {
    return builder().build();
  }

  /**
   * A builder with the defaults of {@link #create()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "mobilenetv2";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("weights", backboneId);
    p.put("cut", cut);
    p.put("input", Integer.toString(inputSize));
    p.put("colour", grey ? "grey" : "rgb");
    p.put("contrast", contrast ? "normalised" : "as-is");
    p.put("head", headId);
    p.put("pooling", pooling);
    if (mirror) {
      p.put("mirror", "invariant");
    }
    p.put("dimension", Integer.toString(dimension()));
    return p;
  }

  @Override
  public int dimension() {
    return headOut > 0 ? headOut : backboneChannels;
  }

  /** Frames come at the input size (longer side); the encoder squeezes them to a square. */
  @Override
  public int preferredFrameSide() {
    return inputSize;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  /** Channels of the backbone's feature map at the cut. */
  public int backboneChannels() {
    return backboneChannels;
  }

  @Override
  public List<Embedding> encode(List<Frame> frames) {
    Objects.requireNonNull(frames, "frames");
    if (headOut == 0) {
      return backboneFeatures(frames);
    }
    return run(frames, true, false);
  }

  /**
   * The backbone's feature map at the cut, averaged over space: {@link #backboneChannels()} non-negative values per
   * frame (not normalised). What {@link FrameHeads} fits heads on.
   */
  public List<Embedding> backboneFeatures(List<Frame> frames) {
    Objects.requireNonNull(frames, "frames");
    return run(frames, false, false);
  }

  /**
   * The backbone's feature map at the cut, averaged over each region of regional pooling (the whole map, then its 2x2
   * and 3x3 grids of overlapping regions): {@code 14 x} {@link #backboneChannels()} values per frame, region by
   * region. What a head for regional pooling trains on.
   */
  public List<Embedding> backboneRegionFeatures(List<Frame> frames) {
    Objects.requireNonNull(frames, "frames");
    return run(frames, false, true);
  }

  /** How many regions {@link #backboneRegionFeatures} averages over. */
  public static int regionCount() {
    return FrameHeadBlock.REGIONS;
  }

  private List<Embedding> run(List<Frame> frames, boolean withHead, boolean regions) {
    Loaded w = loaded();
    MobileNetV2Block backbone = w.backbone();
    FrameHeadBlock head = w.head();
    Torch.useIntraOpThreads(intraOpThreads);
    List<Embedding> out = new ArrayList<>(frames.size());
    for (int from = 0; from < frames.size(); from += batchSize) {
      List<Frame> batch = frames.subList(from, Math.min(frames.size(), from + batchSize));
      float[] pixels = FramePixels.toNchw(batch, inputSize, inputSize, MEAN, STD, grey, contrast);
      float[] values;
      int dim;
      try (NDManager sub = w.manager().newSubManager()) {
        NDArray x = sub.create(pixels, new Shape(batch.size(), 3, inputSize, inputSize));
        ParameterStore ps = new ParameterStore(sub, false);
        NDArray map;
        if (mirror) {
          // one pass over the frames and their mirror images; the mirror's map flipped back, averaged in
          int n = batch.size();
          NDArray both = backbone.forward(ps, new NDList(x.concat(x.flip(3), 0)), false).singletonOrThrow();
          map = both.get("0:" + n).add(both.get(n + ":").flip(3)).div(2f);
        } else {
          map = backbone.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        NDArray v;
        if (withHead) {
          v = head.forward(ps, new NDList(map), false).singletonOrThrow();
        } else if (regions) {
          v = FrameHeadBlock.regionMeans(map, true).reshape(batch.size(), -1);
        } else {
          v = map.mean(new int[] {3}).mean(new int[] {2});
        }
        dim = (int) v.getShape().get(1);
        values = v.toFloatArray();
      } catch (RuntimeException e) {
        throw new VideoSimilarityException("MobileNetFrameEncoder failed on frames " + batch.get(0).index() + "-"
            + batch.get(batch.size() - 1).index() + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < batch.size(); i++) {
        out.add(Embedding.of(java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim)));
      }
    }
    return out;
  }

  /**
   * Saves this encoder's head (float32): {@link Builder#head} on the file gives an encoder with bit-identical
   * outputs.
   *
   * @throws IllegalStateException if the encoder has no head
   */
  public void saveHead(Path file, String version, String provenance) throws java.io.IOException {
    if (headOut == 0) {
      throw new IllegalStateException("this encoder has no head");
    }
    FrameHeadBlock head = loaded().head();
    float[][] h = head.hiddenWeights();
    (h == null ? FrameHeads.of(head.out(), head.in(), head.weight(), head.bias(), version, provenance)
        : FrameHeads.of(head.out(), head.in(), head.weight(), head.bias(), head.hidden(), h[0], h[1], h[2], version,
            provenance)).write(file);
  }

  /** A copy of the head's weights, {@code dimension x backboneChannels} row by row; empty without a head. */
  public float[] headWeight() {
    return headOut == 0 ? new float[0] : loaded().head().weight();
  }

  /** Units of the head's hidden layer; 0 for a linear head or none. */
  public int headHiddenUnits() {
    return headOut == 0 ? 0 : loaded().head().hidden();
  }

  /**
   * Copies of the head's hidden layer: its input weights ({@code units x backboneChannels}), biases ({@code units})
   * and output weights ({@code dimension x units}), row by row; null for a linear head or none.
   */
  public float[][] headHiddenLayer() {
    return headOut == 0 ? null : loaded().head().hiddenWeights();
  }

  /** A copy of the head's biases; empty without a head. */
  public float[] headBias() {
    return headOut == 0 ? new float[0] : loaded().head().bias();
  }

  /** The manager that owns the weights, loading them (for tests of native memory). */
  NDManager manager() {
    return loaded().manager();
  }

  /**
   * Starts torch and puts the weights in native memory now, if they are not yet (otherwise the first frame does): for
   * a process that will encode, before its other work begins. The command line does it when it builds an encoder:
   * loaded on the thread that encodes, while the first frames decode, a cold minute of 1080p peaked 10-20 MB higher
   * (300-318 MB against 291-297).
   *
   * @return this encoder
   * @throws IllegalStateException if the encoder is closed
   * @throws VideoSimilarityException if the PyTorch engine cannot start
   */
  public MobileNetFrameEncoder load() {
    loaded();
    return this;
  }

  /** True once the weights are in native memory (for tests: a pipeline that encodes nothing never loads them). */
  boolean isLoaded() {
    return loaded != null;
  }

  /** Frees the native memory of the weights, if they were loaded. The encoder must not be used afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    Loaded l = loaded;
    loaded = null;
    backboneWeights = null;
    headTensors = null;
    if (l != null) {
      l.manager().close();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MobileNetFrameEncoder(cut=%s, input=%dx%d%s%s, head=%s, pooling=%s, dim=%d, "
        + "batch=%d)", cut, inputSize, inputSize, grey ? ", grey" : "", (contrast ? ", contrast-normalised" : "")
        + (mirror ? ", mirror-invariant" : ""),
        headId, pooling, dimension(), batchSize) + (intraOpThreads > 0 ? "[threads=" + intraOpThreads + "]" : "");
  }

  /**
   * Configures a {@link MobileNetFrameEncoder}. Not thread-safe. Setters check their argument
   * ({@link IllegalArgumentException}); {@link #build()} reads the weights.
   */
  public static final class Builder {
    private String cut = DEFAULT_CUT;
    private int inputSize = DEFAULT_INPUT_SIZE;
    private int batchSize = 2;
    private String pooling = "avg";
    private boolean grey = true;
    private boolean contrast;
    private boolean mirror;
    private int intraOpThreads;
    private int interOpThreads;
    private Path headFile;
    private String headResource;
    private boolean noHead;

    private Builder() {}

    /**
     * The backbone layer that feeds the head, by its Keras name (default {@value #DEFAULT_CUT}: 384 channels at
     * stride 16; on the dev benchmark it beat later layers, see the README).
     */
    public Builder cut(String layer) {
      Objects.requireNonNull(layer, "layer");
      if (!MobileNetV2Block.layerNames().contains(layer)) {
        throw new IllegalArgumentException("unknown MobileNetV2 layer: " + layer + "; one of "
            + MobileNetV2Block.layerNames());
      }
      this.cut = layer;
      return this;
    }

    /** Side of the square the frames are squeezed to, in [32, 1024] (default 160). */
    public Builder inputSize(int pixels) {
      if (pixels < 32 || pixels > 1024) {
        throw new IllegalArgumentException("inputSize must be within [32, 1024]: " + pixels);
      }
      this.inputSize = pixels;
      return this;
    }

    /**
     * Frames per forward pass, in [1, 256] (default 2). Larger batches are slower per frame on CPUs unless glibc is
     * kept from mapping each large tensor anew (see DEVELOPERS.md: {@code MALLOC_MMAP_THRESHOLD_}). 2 rather than 4:
     * each frame in flight holds about 10 MB of feature maps, and at 2 a 60-s video is fingerprinted with a peak of
     * 271-298 MB instead of 302-348 MB (480p to 1080p, `svrtn`), in the same time (the encoder alone is about 10%
     * slower per frame; the same embeddings).
     */
    public Builder batchSize(int frames) {
      if (frames < 1 || frames > 256) {
        throw new IllegalArgumentException("batchSize must be within [1, 256]: " + frames);
      }
      this.batchSize = frames;
      return this;
    }

    /** {@code avg} (global average, default) or {@code regional} (R-MAC-like sum of normalised region means). */
    public Builder pooling(String pooling) {
      Objects.requireNonNull(pooling, "pooling");
      if (!pooling.equals("avg") && !pooling.equals("regional")) {
        throw new IllegalArgumentException("pooling must be avg or regional: " + pooling);
      }
      this.pooling = pooling;
      return this;
    }

    /**
     * Feed the backbone the luma in all three channels: invariant to colour changes and black-and-white copies
     * (default true: on the dev benchmark it lifted micro-AP from 0.934 to 0.946).
     */
    public Builder greyscale(boolean grey) {
      this.grey = grey;
      return this;
    }

    /**
     * Stretch each frame to a fixed mean and standard deviation before the backbone: invariant to brightness and
     * contrast changes (default false).
     */
    public Builder normaliseContrast(boolean contrast) {
      this.contrast = contrast;
      return this;
    }

    /**
     * Average the backbone's feature map with that of the mirror image (flipped back), so that a frame and its
     * mirror image get the same embedding: invariant to horizontally flipped copies, at twice the backbone's cost
     * (default false).
     */
    public Builder mirrorInvariant(boolean mirror) {
      this.mirror = mirror;
      return this;
    }

    /**
     * Torch threads per forward pass (intra-op), in [1, 256] (default: torch's setting for the process, i.e.
     * {@code -Dai.djl.pytorch.num_threads}, or all cores). Applied to the thread that calls {@link #encode} before
     * each batch, so encoders with different counts can share a process. When {@code k} threads fingerprint at once,
     * use about cores / k; with 1, torch starts no worker threads at all, so {@code OMP_WAIT_POLICY} does not matter
     * (see the README's Deep encoders section). Does not change the embeddings.
     *
     * @param threads threads per forward pass
     * @return this builder
     * @throws IllegalArgumentException if it is not within [1, 256]
     */
    public Builder intraOpThreads(int threads) {
      this.intraOpThreads = Torch.checkThreads("intraOpThreads", threads);
      return this;
    }

    /**
     * Torch's inter-op threads, in [1, 256] (default: torch's setting, {@code -Dai.djl.pytorch.num_interop_threads}
     * or all cores). One count per process, which torch takes once: every encoder built in a process must ask for the
     * same count. The MobileNet encoder runs no independent operations side by side, so 1 costs nothing.
     *
     * @param threads inter-op threads of this process
     * @return this builder
     * @throws IllegalArgumentException if it is not within [1, 256]
     */
    public Builder interOpThreads(int threads) {
      this.interOpThreads = Torch.checkThreads("interOpThreads", threads);
      return this;
    }

    /**
     * Head weights from a file written by {@link FrameHeads} (a {@code .vsw} with {@code head/weight} [dim][channels]
     * and {@code head/bias} [dim]). Default: the bundled head for the default cut and input size.
     */
    public Builder head(Path file) {
      this.headFile = Objects.requireNonNull(file, "file");
      this.headResource = null;
      this.noHead = false;
      return this;
    }

    /**
     * The head trained by SVRTN's self-supervised training ({@link MobileNetFrameEncoder#TRAINED_HEAD_RESOURCE}, for the default cut,
     * input size and grey input); see the model card in docs/model-card.md.
     */
    public Builder trainedHead() {
      this.headResource = MobileNetFrameEncoder.TRAINED_HEAD_RESOURCE;
      this.headFile = null;
      this.noHead = false;
      return this;
    }

    /** No head: {@link #encode} returns the average-pooled backbone features (non-negative, not normalised). */
    public Builder withoutHead() {
      this.noHead = true;
      this.headFile = null;
      this.headResource = null;
      return this;
    }

    /**
     * Reads and checks the weights and builds the encoder. Torch starts, and the weights go to native memory, when the
     * first frame is encoded (a pipeline built only to compare stored fingerprints never starts it); an engine that
     * cannot start is reported there ({@link VideoSimilarityException}).
     *
     * @throws CorruptDataException if the bundled weights or the head file are missing or corrupt
     * @throws IllegalStateException if no head file is given and none is bundled for this cut and input size, or if
     *     {@link #interOpThreads} was set and torch's inter-op thread count of this process is already another
     * @throws VideoSimilarityException if {@link #interOpThreads} was set and the PyTorch engine cannot start
     */
    public MobileNetFrameEncoder build() {
      WeightsFile backbone = WeightsFile.readResource(MobileNetFrameEncoder.class, BACKBONE_RESOURCE);
      WeightsFile head = null;
      String source = null;
      if (headFile != null) {
        source = "file '" + headFile + "'";
        head = WeightsFile.read(headFile);
      } else if (headResource != null) {
        source = "resource '" + headResource + "'";
        head = WeightsFile.readResource(MobileNetFrameEncoder.class, headResource);
      } else if (!noHead) {
        String resource = FrameHeads.bundledResource(cut, inputSize, grey, contrast);
        if (MobileNetFrameEncoder.class.getResource(resource) == null) {
          throw new IllegalStateException("no head is bundled for cut " + cut + " at input " + inputSize
              + (grey ? ", grey" : ", colour") + (contrast ? ", contrast-normalised" : "") + " (bundled: "
              + FrameHeads.BUNDLED + "): fit one with FrameHeads ('videosim fit-head') and pass head(path), or "
              + "use withoutHead()");
        }
        source = "resource '" + resource + "'";
        head = WeightsFile.readResource(MobileNetFrameEncoder.class, resource);
      }
      return new MobileNetFrameEncoder(this, backbone, head, source);
    }
  }
}
