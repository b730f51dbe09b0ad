package org.videosim.encoders;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
import org.videosim.encoders.internal.FramePixels;
import org.videosim.encoders.internal.Torch;

/**
 * A {@link FrameEncoder} from any TorchScript model (e.g. a ResNet-50 backbone as in the SVRTN paper, or a
 * copy-detection model traced with {@code torch.jit.trace} or scripted): each frame is squeezed to the input size,
 * scaled to [0, 1], normalised with the given per-channel mean and standard deviation, and run through the model
 * as an NCHW float tensor. An output of shape {@code (N, D)} is taken as it is, one of shape {@code (N, C, H, W)}
 * is averaged over space; the result is L2-normalised.
 *
 * <pre>{@code
 * FrameEncoder resnet = TorchScriptFrameEncoder.builder(Path.of("resnet50-trunk.pt"))
 *     .inputSize(224, 224).normalisation(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f})
 *     .build();
 * }</pre>
 *
 * <p>Its identity ({@link #parameters()}) holds the SHA-256 of the model file, so fingerprints of different model
 * files are never compared.
 *
 * <p><b>Threads.</b> Thread-safe: one instance serves all threads; each {@link #encode} call runs in its own
 * sub-manager (closed after each batch), and the module is only run in inference mode. {@link #close()} frees the
 * model when no thread uses the encoder any more.
 *
 * <p><b>Errors.</b> A missing, unreadable or invalid model file: {@link CorruptDataException} naming the file, at
 * {@link Builder#build()}. A model that fails on the frames (wrong input size or channels, an output of another
 * rank): {@link VideoSimilarityException}.
 */
public final class TorchScriptFrameEncoder implements FrameEncoder, AutoCloseable {
  private final Path file;
  private final String sha256;
  private final int width;
  private final int height;
  private final float[] mean;
  private final float[] std;
  private final int batchSize;
  private final int intraOpThreads;
  private final Model model;
  private final Block block;
  private final NDManager manager;
  private final int dimension;

  private TorchScriptFrameEncoder(Builder b, String sha256) {
    this.file = b.file;
    this.sha256 = sha256;
    this.width = b.width;
    this.height = b.height;
    this.mean = b.mean.clone();
    this.std = b.std.clone();
    this.batchSize = b.batchSize;
    this.intraOpThreads = b.intraOpThreads;
    NDManager m = Torch.newManager("TorchScriptFrameEncoder", b.intraOpThreads, b.interOpThreads);
    Model mdl = null;
    try {
      mdl = Model.newInstance(file.getFileName().toString(), Device.cpu(), "PyTorch");
      mdl.load(file);
      this.model = mdl;
      this.block = mdl.getBlock();
      this.manager = m;
      this.dimension = probe();
    } catch (IOException | MalformedModelException | RuntimeException e) {
      if (mdl != null) {
        mdl.close();
      }
      m.close();
      if (e instanceof VideoSimilarityException v) {
        throw v;
      }
      throw new CorruptDataException("cannot load TorchScript model file '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Runs one blank frame to learn the output dimension. */
  private int probe() {
    byte[] grey = new byte[width * height * 3];
    Arrays.fill(grey, (byte) 128);
    return run(List.of(new Frame(0, 0, width, height, grey))).get(0).dimension();
  }

  /** A builder for the model in {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  @Override
  public String name() {
    return "torchscript";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("model", file.getFileName().toString());
    p.put("sha256", sha256);
    p.put("input", width + "x" + height);
    p.put("mean", Arrays.toString(mean));
    p.put("std", Arrays.toString(std));
    return p;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int preferredFrameSide() {
    return Math.max(width, height);
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public List<Embedding> encode(List<Frame> frames) {
    Objects.requireNonNull(frames, "frames");
    List<Embedding> out = new ArrayList<>(frames.size());
    for (int from = 0; from < frames.size(); from += batchSize) {
      out.addAll(run(frames.subList(from, Math.min(frames.size(), from + batchSize))));
    }
    return out;
  }

  private List<Embedding> run(List<Frame> batch) {
    Torch.useIntraOpThreads(intraOpThreads);
    float[] pixels = FramePixels.toNchw(batch, width, height, mean, std);
    float[] values;
    int dim;
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = sub.create(pixels, new Shape(batch.size(), 3, height, width));
      NDArray y = block.forward(new ParameterStore(sub, false), new NDList(x), false).get(0);
      if (y.getShape().dimension() == 4) {
        y = y.mean(new int[] {3}).mean(new int[] {2});
      } else if (y.getShape().dimension() != 2) {
        throw new VideoSimilarityException("TorchScript model '" + file + "' returned shape " + y.getShape()
            + ", expected (N, D) or (N, C, H, W)");
      }
      y = y.div(y.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
      dim = (int) y.getShape().get(1);
      values = y.toFloatArray();
    } catch (VideoSimilarityException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new VideoSimilarityException("TorchScript model '" + file + "' failed on frames " + batch.get(0).index()
          + "-" + batch.get(batch.size() - 1).index() + ": " + e.getMessage(), e);
    }
    List<Embedding> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(Embedding.of(Arrays.copyOfRange(values, i * dim, (i + 1) * dim)));
    }
    return out;
  }

  /** Frees the model. The encoder must not be used afterwards. */
  @Override
  public void close() {
    model.close();
    manager.close();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "TorchScriptFrameEncoder(%s, sha256=%s, input=%dx%d, mean=%s, std=%s, dim=%d)",
        file.getFileName(), sha256.substring(0, 12), width, height, Arrays.toString(mean), Arrays.toString(std),
        dimension);
  }

  /**
   * Configures a {@link TorchScriptFrameEncoder}: input size (default 224x224), normalisation (default: ImageNet's
   * mean and standard deviation), batch size (default 8). Not thread-safe.
   */
  public static final class Builder {
    private final Path file;
    private int width = 224;
    private int height = 224;
    private float[] mean = {0.485f, 0.456f, 0.406f};
    private float[] std = {0.229f, 0.224f, 0.225f};
    private int batchSize = 8;
    private int intraOpThreads;
    private int interOpThreads;

    private Builder(Path file) {
      this.file = file;
    }

    /** The model's input size; frames are squeezed to it. Each side in [16, 2048]. */
    public Builder inputSize(int width, int height) {
      if (width < 16 || width > 2048 || height < 16 || height > 2048) {
        throw new IllegalArgumentException("input size must be within [16, 2048] a side: " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * Per-channel (R, G, B) normalisation of the [0, 1] pixels: {@code (v - mean) / std}. Use {0, 0, 0} and
     * {1, 1, 1} for plain [0, 1] input.
     */
    public Builder normalisation(float[] mean, float[] std) {
      Objects.requireNonNull(mean, "mean");
      Objects.requireNonNull(std, "std");
      if (mean.length != 3 || std.length != 3) {
        throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
      }
      for (int i = 0; i < 3; i++) {
        if (!Float.isFinite(mean[i]) || !(std[i] > 0) || !Float.isFinite(std[i])) {
          throw new IllegalArgumentException("bad normalisation: mean " + Arrays.toString(mean) + ", std "
              + Arrays.toString(std));
        }
      }
      this.mean = mean.clone();
      this.std = std.clone();
      return this;
    }

    /** Frames per forward pass, in [1, 256]. */
    public Builder batchSize(int frames) {
      if (frames < 1 || frames > 256) {
        throw new IllegalArgumentException("batchSize must be within [1, 256]: " + frames);
      }
      this.batchSize = frames;
      return this;
    }

    /**
     * Torch threads per forward pass (intra-op), in [1, 256] (default: torch's setting for the process). Applied to
     * the calling thread before each batch; see {@link MobileNetFrameEncoder.Builder#intraOpThreads}.
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
     * Torch's inter-op threads, which run independent operations of the TorchScript graph side by side (a model
     * that forks), in [1, 256] (default: torch's setting). One count per process, taken once; see
     * {@link MobileNetFrameEncoder.Builder#interOpThreads}.
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
     * Loads the model.
     *
     * @throws CorruptDataException if the file is missing, unreadable or not a TorchScript model that takes and
     *     returns what this encoder expects
     */
    public TorchScriptFrameEncoder build() {
      if (!Files.isRegularFile(file)) {
        throw new CorruptDataException("TorchScript model file '" + file + "' not found");
      }
      return new TorchScriptFrameEncoder(this, sha256(file));
    }

    private static String sha256(Path file) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      } catch (IOException e) {
        throw new CorruptDataException("cannot read TorchScript model file '" + file + "': " + e.getMessage(), e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
