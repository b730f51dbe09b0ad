package org.videosim.encoders;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.videosim.Embedding;
import org.videosim.encoders.internal.WeightsFile;

/**
 * Untrained heads for {@link MobileNetFrameEncoder}, fitted without labels on backbone features of sample frames
 * (e.g. the training videos at 1 frame per second): the starting point that the training issue improves on.
 *
 * <p>Why a head is needed even untrained: the backbone's pooled features are non-negative (ReLU6) and share a large
 * common component, so raw cosines between unrelated frames are high and sign bits would all be set. Centring them
 * on their mean and projecting them makes sign codes informative (a random-hyperplane hash of the centred
 * features).
 *
 * <p>Use: {@link #fitter(int)}, {@link Fitter#add} the {@link MobileNetFrameEncoder#backboneFeatures} of the sample
 * frames, then {@link Fitter#centredProjection} or {@link Fitter#pcaWhitening}, and {@link WeightsOut#write}. Not
 * thread-safe.
 */
public final class FrameHeads {
  static final String BUNDLED = "[" + MobileNetFrameEncoder.DEFAULT_CUT + " at " + MobileNetFrameEncoder.DEFAULT_INPUT_SIZE
      + ", grey]";

  private FrameHeads() {}

  /** Class-path resource of the bundled head for a cut, input size and input mode. */
  static String bundledResource(String cut, int inputSize, boolean grey, boolean contrast) {
    return "/org/videosim/encoders/mobilenet-head-" + cut + "-" + inputSize + (grey ? "-grey" : "")
        + (contrast ? "-contrast" : "") + "-v2.vsw";
  }

  /**
   * A head with given weights, e.g. trained ones: {@code weight} holds {@code dimension x channels} values row by
   * row (output by input), {@code bias} {@code dimension} values.
   *
   * @param version the head's version, recorded in the fingerprints of the encoders that use it
   */
  public static WeightsOut of(int dimension, int channels, float[] weight, float[] bias, String version,
      String provenance) {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(bias, "bias");
    if (dimension < 1 || channels < 1 || weight.length != dimension * channels || bias.length != dimension) {
      throw new IllegalArgumentException("need " + dimension + "x" + channels + " weights and " + dimension
          + " biases: " + weight.length + ", " + bias.length);
    }
    Map<String, WeightsFile.Tensor> t = new java.util.LinkedHashMap<>();
    t.put("head/weight", WeightsFile.Tensor.of(new long[] {dimension, channels}, weight.clone()));
    t.put("head/bias", WeightsFile.Tensor.of(new long[] {dimension}, bias.clone()));
    return new WeightsOut(new WeightsFile("mobilenet-head", Objects.requireNonNull(version, "version"),
        Objects.requireNonNull(provenance, "provenance"), t));
  }

  /**
   * A head with a hidden layer beside its linear map: the encoder computes {@code weight x + bias + out relu(hidden x +
   * hiddenBias)} on the pooled backbone features {@code x}, then L2-normalises. {@code hidden} holds
   * {@code units x channels} values, {@code out} {@code dimension x units}, row by row.
   *
   * @param version the head's version, recorded in the fingerprints of the encoders that use it
   */
  public static WeightsOut of(int dimension, int channels, float[] weight, float[] bias, int units, float[] hidden,
      float[] hiddenBias, float[] out, String version, String provenance) {
    WeightsOut linear = of(dimension, channels, weight, bias, version, provenance);
    Objects.requireNonNull(hidden, "hidden");
    Objects.requireNonNull(hiddenBias, "hiddenBias");
    Objects.requireNonNull(out, "out");
    if (units < 1 || hidden.length != units * channels || hiddenBias.length != units
        || out.length != dimension * units) {
      throw new IllegalArgumentException("need " + units + "x" + channels + " hidden weights, " + units
          + " hidden biases and " + dimension + "x" + units + " output weights: " + hidden.length + ", "
          + hiddenBias.length + ", " + out.length);
    }
    Map<String, WeightsFile.Tensor> t = new LinkedHashMap<>(linear.file.tensors());
    t.put(HIDDEN_WEIGHT, WeightsFile.Tensor.of(new long[] {units, channels}, hidden.clone()));
    t.put(HIDDEN_BIAS, WeightsFile.Tensor.of(new long[] {units}, hiddenBias.clone()));
    t.put(OUT_WEIGHT, WeightsFile.Tensor.of(new long[] {dimension, units}, out.clone()));
    return new WeightsOut(new WeightsFile("mobilenet-head", version, provenance, t));
  }

  /** Names of the optional hidden layer's tensors in a head file. */
  static final String HIDDEN_WEIGHT = "head/hidden/weight";
  static final String HIDDEN_BIAS = "head/hidden/bias";
  static final String OUT_WEIGHT = "head/out/weight";

  /** A fitter for backbone features of {@code channels} values. */
  public static Fitter fitter(int channels) {
    return new Fitter(channels);
  }

  /** A fitted head, ready to be written for {@link MobileNetFrameEncoder.Builder#head}. */
  public static final class WeightsOut {
    private final WeightsFile file;

    WeightsOut(WeightsFile file) {
      this.file = file;
    }

    /** Writes the head ({@code .vsw}); atomically replaces {@code path}. */
    public void write(java.nio.file.Path path) throws java.io.IOException {
      file.write(path);
    }

    /** {@code model@version:crc32}, as recorded in fingerprints. */
    public String id() {
      return file.id();
    }

    @Override
    public String toString() {
      return file.id() + " (" + file.provenance() + ")";
    }
  }

  /** Accumulates the mean and covariance of backbone features. */
  public static final class Fitter {
    private final int channels;
    private final double[] sum;
    private final double[] cross;
    private long count;

    private Fitter(int channels) {
      if (channels < 1) {
        throw new IllegalArgumentException("channels must be positive: " + channels);
      }
      this.channels = channels;
      this.sum = new double[channels];
      this.cross = new double[channels * channels];
    }

    /**
     * Adds sample frames' backbone features.
     *
     * @param features one embedding of {@code channels} values per frame
     * @return this fitter
     * @throws IllegalArgumentException if an embedding has another dimension
     */
    public Fitter add(List<Embedding> features) {
      for (Embedding e : Objects.requireNonNull(features, "features")) {
        if (e.dimension() != channels) {
          throw new IllegalArgumentException("expected " + channels + " values, got " + e.dimension());
        }
        float[] v = e.toArray();
        for (int i = 0; i < channels; i++) {
          sum[i] += v[i];
          double vi = v[i];
          int row = i * channels;
          for (int j = i; j < channels; j++) {
            cross[row + j] += vi * v[j];
          }
        }
        count++;
      }
      return this;
    }

    /** Number of sample frames added so far. */
    public long count() {
      return count;
    }

    private float[] mean() {
      if (count < 2) {
        throw new IllegalStateException("need at least 2 sample frames, have " + count);
      }
      float[] m = new float[channels];
      for (int i = 0; i < channels; i++) {
        m[i] = (float) (sum[i] / count);
      }
      return m;
    }

    /**
     * A random projection onto {@code dimension} orthonormal directions (Gaussian rows from
     * {@code java.util.Random(seed)}, Gram-Schmidt), applied to the features minus their mean.
     *
     * @param dimension in [1, channels]
     */
    public WeightsOut centredProjection(int dimension, long seed, String provenance) {
      checkDimension(dimension);
      Random rnd = new Random(seed);
      double[][] rows = new double[dimension][channels];
      for (int r = 0; r < dimension; r++) {
        for (int c = 0; c < channels; c++) {
          rows[r][c] = rnd.nextGaussian();
        }
        for (int q = 0; q < r; q++) {
          double d = dot(rows[r], rows[q]);
          for (int c = 0; c < channels; c++) {
            rows[r][c] -= d * rows[q][c];
          }
        }
        double n = Math.sqrt(dot(rows[r], rows[r]));
        for (int c = 0; c < channels; c++) {
          rows[r][c] /= n;
        }
      }
      return head(rows, String.format(Locale.ROOT, "centred random projection, seed %d, mean of %d frames; %s", seed,
          count, provenance));
    }

    /**
     * PCA whitening: the {@code dimension} principal directions of the centred features, each divided by the square
     * root of its variance plus {@code regularisation} times the mean variance.
     */
    public WeightsOut pcaWhitening(int dimension, double regularisation, String provenance) {
      checkDimension(dimension);
      float[] m = mean();
      double[][] cov = new double[channels][channels];
      for (int i = 0; i < channels; i++) {
        for (int j = i; j < channels; j++) {
          double c = cross[i * channels + j] / count - (double) m[i] * m[j];
          cov[i][j] = c;
          cov[j][i] = c;
        }
      }
      double trace = 0;
      for (int i = 0; i < channels; i++) {
        trace += cov[i][i];
      }
      double[][] vectors = new double[channels][channels];
      double[] values = Jacobi.eigen(cov, vectors);
      Integer[] order = new Integer[channels];
      for (int i = 0; i < channels; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
      double eps = regularisation * trace / channels;
      double[][] rows = new double[dimension][channels];
      for (int r = 0; r < dimension; r++) {
        int k = order[r];
        double s = 1 / Math.sqrt(Math.max(values[k], 0) + eps);
        for (int c = 0; c < channels; c++) {
          rows[r][c] = vectors[c][k] * s;
        }
      }
      return head(rows, String.format(Locale.ROOT, "PCA whitening, regularisation %.3g, %d frames; %s",
          regularisation, count, provenance));
    }

    private void checkDimension(int dimension) {
      if (dimension < 1 || dimension > channels) {
        throw new IllegalArgumentException("dimension must be within [1, " + channels + "]: " + dimension);
      }
    }

    private WeightsOut head(double[][] rows, String provenance) {
      float[] m = mean();
      int d = rows.length;
      float[] w = new float[d * channels];
      float[] b = new float[d];
      for (int r = 0; r < d; r++) {
        double bias = 0;
        for (int c = 0; c < channels; c++) {
          w[r * channels + c] = (float) rows[r][c];
          bias -= (double) w[r * channels + c] * m[c];
        }
        b[r] = (float) bias;
      }
      Map<String, WeightsFile.Tensor> t = new LinkedHashMap<>();
      t.put("head/weight", WeightsFile.Tensor.of(new long[] {d, channels}, w));
      t.put("head/bias", WeightsFile.Tensor.of(new long[] {d}, b));
      t.put("head/mean", WeightsFile.Tensor.of(new long[] {channels}, m));
      return new WeightsOut(new WeightsFile("mobilenet-head", "1", provenance, t));
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Cyclic Jacobi eigenvalue algorithm for a symmetric matrix (destroyed). */
  static final class Jacobi {
    private Jacobi() {}

    static double[] eigen(double[][] a, double[][] v) {
      int n = a.length;
      for (int i = 0; i < n; i++) {
        Arrays.fill(v[i], 0);
        v[i][i] = 1;
      }
      for (int sweep = 0; sweep < 50; sweep++) {
        double off = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            double x = a[i][j] * a[i][j];
            total += x;
            if (i != j) {
              off += x;
            }
          }
        }
        if (off <= 1e-22 * total) {
          break;
        }
        for (int p = 0; p < n - 1; p++) {
          for (int q = p + 1; q < n; q++) {
            double apq = a[p][q];
            if (Math.abs(apq) < 1e-300) {
              continue;
            }
            double theta = (a[q][q] - a[p][p]) / (2 * apq);
            double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            if (theta == 0) {
              t = 1;
            }
            double c = 1 / Math.sqrt(t * t + 1);
            double s = t * c;
            for (int k = 0; k < n; k++) {
              double akp = a[k][p];
              double akq = a[k][q];
              a[k][p] = c * akp - s * akq;
              a[k][q] = s * akp + c * akq;
            }
            for (int k = 0; k < n; k++) {
              double apk = a[p][k];
              double aqk = a[q][k];
              a[p][k] = c * apk - s * aqk;
              a[q][k] = s * apk + c * aqk;
            }
            for (int k = 0; k < n; k++) {
              double vkp = v[k][p];
              double vkq = v[k][q];
              v[k][p] = c * vkp - s * vkq;
              v[k][q] = s * vkp + c * vkq;
            }
          }
        }
      }
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = a[i][i];
      }
      return d;
    }
  }
}
