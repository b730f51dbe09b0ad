package org.videosim.hashing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.zip.CRC32;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.Binarizer;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.VideoSimilarityException;

/**
 * IsoHash (Kong and Li, "Isotropic Hashing", NIPS 2012), the lift-and-projection variant: a binarizer fitted on a
 * sample of embeddings by {@link Binarizers#isoHash(List, int, long)}. Fitting centres the sample, keeps its top {@code bits} principal components (PCA), then finds
 * an orthogonal rotation of them that makes the variances of all projected dimensions equal, so that every bit
 * carries the same information. Binarizing is one matrix multiply and a sign: bit {@code k} is set when
 * {@code P[k] . (x - mean) > 0}, where {@code P = R W^T} has orthonormal rows.
 *
 * <p>The rotation solves {@code diag(R Λ R^T) = (tr Λ / bits) 1} by alternating projections between the matrices
 * with that diagonal ("lift") and the matrices with the spectrum of the PCA variances {@code Λ} ("projection": an
 * eigen-decomposition), from a random orthogonal start drawn from the seed. The same sample, code length and seed
 * give a bit-identical binarizer (Java's floating point is reproducible; EJML is pure Java).
 *
 * <p>The fit is part of the binarizer's identity: {@link #parameters()} holds the code length, the input dimension
 * and a SHA-256 prefix of the fitted matrix, so fingerprints made by different fits are never compared.
 * {@link #toBytes()} / {@link #save(Path)} write a small versioned, checksummed form that {@link #fromBytes} /
 * {@link #load(Path)} read back, giving an equal binarizer.
 *
 * <p>Immutable and thread-safe. Fitting throws {@link IllegalArgumentException} for unusable samples; loading
 * throws {@link CorruptDataException} for a truncated, corrupt, foreign or newer file and
 * {@link VideoSimilarityException} when the file cannot be read.
 */
public final class IsoHashBinarizer implements Binarizer {
  private static final Logger LOG = LoggerFactory.getLogger(IsoHashBinarizer.class);
  private static final int MAGIC = 0x56534948; // "VSIH"
  private static final int FORMAT_VERSION = 1;
  /** Largest code length or dimension a stored binarizer may declare (a sanity bound for corrupt files). */
  private static final int MAX_SIZE = 1 << 16;
  /** The iteration stops when every projected variance is within this relative distance of the mean variance. */
  static final double TOLERANCE = 1e-6;
  static final int MAX_ITERATIONS = 2000;

  private final int bits;
  private final int dimension;
  private final long seed;
  private final float[] projection; // bits x dimension, row-major
  private final float[] bias; // bits: projection . mean
  private final String fitHash;

  private IsoHashBinarizer(int bits, int dimension, long seed, float[] projection, float[] bias) {
    this.bits = bits;
    this.dimension = dimension;
    this.seed = seed;
    this.projection = projection;
    this.bias = bias;
    this.fitHash = hash(bits, dimension, projection, bias);
  }

  /**
   * Fits IsoHash on a sample of embeddings.
   *
   * @param sample at least {@code bits + 1} embeddings of one dimension, which must be at least {@code bits}
   * @param bits code length, e.g. 64, 128, 256 or 512
   * @param seed the seed of the random start of the rotation
   * @throws IllegalArgumentException if the sample is too small, mixes dimensions or its dimension is below bits
   */
  static IsoHashBinarizer fit(List<Embedding> sample, int bits, long seed) {
    Objects.requireNonNull(sample, "sample");
    float[][] x = new float[sample.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = Objects.requireNonNull(sample.get(i), "sample element").toArray();
    }
    return fit(x, bits, seed);
  }

  /**
   * Fits IsoHash on a sample given as rows of a matrix (not modified).
   *
   * @see #fit(List, int, long)
   */
  static IsoHashBinarizer fit(float[][] sample, int bits, long seed) {
    Objects.requireNonNull(sample, "sample");
    if (bits < 1) {
      throw new IllegalArgumentException("bits must be positive: " + bits);
    }
    if (sample.length <= bits) {
      throw new IllegalArgumentException(
          "sample must have more embeddings than bits (" + bits + "): " + sample.length);
    }
    int d = Objects.requireNonNull(sample[0], "sample[0]").length;
    if (d < bits) {
      throw new IllegalArgumentException("dimension " + d + " is smaller than bits " + bits);
    }
    if (d > MAX_SIZE || bits > MAX_SIZE) {
      throw new IllegalArgumentException("dimension and bits must be at most " + MAX_SIZE + ": " + d);
    }
    int n = sample.length;
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      float[] row = Objects.requireNonNull(sample[i], "sample[" + i + "]");
      if (row.length != d) {
        throw new IllegalArgumentException("sample[" + i + "] has dimension " + row.length + ", not " + d);
      }
      for (int j = 0; j < d; j++) {
        if (!Float.isFinite(row[j])) {
          throw new IllegalArgumentException("sample[" + i + "][" + j + "] is not finite: " + row[j]);
        }
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    long t0 = System.nanoTime();
    // Covariance of the centred sample.
    DMatrixRMaj centred = new DMatrixRMaj(n, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred.unsafe_set(i, j, sample[i][j] - mean[j]);
      }
    }
    DMatrixRMaj cov = new DMatrixRMaj(d, d);
    CommonOps_DDRM.multTransA(centred, centred, cov);
    CommonOps_DDRM.scale(1.0 / (n - 1), cov);
    symmetrize(cov);

    // PCA: the top `bits` eigenvectors W (d x bits) and their variances Λ.
    Eigen pca = eigen(cov);
    double[] lambda = Arrays.copyOf(pca.values, bits);
    for (int k = 0; k < bits; k++) {
      lambda[k] = Math.max(0, lambda[k]); // rounding can make a zero variance slightly negative
    }
    DMatrixRMaj w = new DMatrixRMaj(d, bits);
    CommonOps_DDRM.extract(pca.vectors, 0, d, 0, bits, w, 0, 0);

    // Lift and projection: find an orthogonal U with diag(U Λ U^T) = a.
    double a = Arrays.stream(lambda).sum() / bits;
    DMatrixRMaj u = randomOrthogonal(bits, new Random(seed));
    DMatrixRMaj z = sandwich(u, lambda);
    int iterations = 0;
    double deviation = maxDeviation(z, a);
    while (a > 0 && deviation > TOLERANCE && iterations < MAX_ITERATIONS) {
      for (int k = 0; k < bits; k++) {
        z.unsafe_set(k, k, a); // lift: onto the matrices with diagonal a
      }
      u = eigen(z).vectors; // projection: onto the matrices with spectrum Λ, keeping the eigenvectors
      z = sandwich(u, lambda);
      deviation = maxDeviation(z, a);
      iterations++;
    }
    if (deviation > TOLERANCE && a > 0) {
      LOG.warn("IsoHash stopped after {} iterations with variances within {} of their mean (target {})",
          iterations, String.format(Locale.ROOT, "%.2g", deviation), TOLERANCE);
    }
    LOG.debug("IsoHash fit: {} x {} -> {} bits, {} iterations, {} ms", n, d, bits, iterations,
        (System.nanoTime() - t0) / 1_000_000);

    // P = U W^T (bits x d), bias = P mean.
    DMatrixRMaj p = new DMatrixRMaj(bits, d);
    CommonOps_DDRM.multTransB(u, w, p);
    float[] projection = new float[bits * d];
    float[] bias = new float[bits];
    for (int k = 0; k < bits; k++) {
      double b = 0;
      for (int j = 0; j < d; j++) {
        float v = (float) p.unsafe_get(k, j);
        projection[k * d + j] = v;
        b += v * mean[j];
      }
      bias[k] = (float) b;
    }
    return new IsoHashBinarizer(bits, d, seed, projection, bias);
  }

  private static final class Eigen {
    final double[] values; // descending
    final DMatrixRMaj vectors; // columns, in the order of values

    Eigen(double[] values, DMatrixRMaj vectors) {
      this.values = values;
      this.vectors = vectors;
    }
  }

  /** Eigen-decomposition of a symmetric matrix, eigenvalues descending. */
  private static Eigen eigen(DMatrixRMaj m) {
    int n = m.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
    if (!eig.decompose(m.copy())) {
      throw new VideoSimilarityException("IsoHash: eigen-decomposition of a " + n + "x" + n + " matrix failed");
    }
    Integer[] order = new Integer[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      values[i] = eig.getEigenvalue(i).getReal();
    }
    Arrays.sort(order, (x, y) -> x.equals(y) ? 0 : values[y] != values[x] ? Double.compare(values[y], values[x])
        : Integer.compare(x, y));
    double[] sorted = new double[n];
    DMatrixRMaj vectors = new DMatrixRMaj(n, n);
    for (int c = 0; c < n; c++) {
      sorted[c] = values[order[c]];
      DMatrixRMaj v = eig.getEigenVector(order[c]);
      for (int r = 0; r < n; r++) {
        vectors.unsafe_set(r, c, v.get(r));
      }
    }
    return new Eigen(sorted, vectors);
  }

  /** {@code U diag(lambda) U^T}, symmetrized. */
  private static DMatrixRMaj sandwich(DMatrixRMaj u, double[] lambda) {
    int n = lambda.length;
    DMatrixRMaj ul = u.copy();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        ul.unsafe_set(r, c, ul.unsafe_get(r, c) * lambda[c]);
      }
    }
    DMatrixRMaj z = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransB(ul, u, z);
    symmetrize(z);
    return z;
  }

  private static void symmetrize(DMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) {
      for (int c = r + 1; c < m.numCols; c++) {
        double v = 0.5 * (m.unsafe_get(r, c) + m.unsafe_get(c, r));
        m.unsafe_set(r, c, v);
        m.unsafe_set(c, r, v);
      }
    }
  }

  private static double maxDeviation(DMatrixRMaj z, double a) {
    double max = 0;
    for (int k = 0; k < z.numRows; k++) {
      max = Math.max(max, Math.abs(z.unsafe_get(k, k) - a));
    }
    return a > 0 ? max / a : 0;
  }

  /** A random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix, with the signs of R's diagonal. */
  private static DMatrixRMaj randomOrthogonal(int n, Random rnd) {
    DMatrixRMaj g = new DMatrixRMaj(n, n);
    for (int i = 0; i < n * n; i++) {
      g.data[i] = rnd.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
    if (!qr.decompose(g.copy())) {
      throw new VideoSimilarityException("IsoHash: QR decomposition failed");
    }
    DMatrixRMaj q = qr.getQ(null, false);
    DMatrixRMaj r = qr.getR(null, false);
    for (int c = 0; c < n; c++) {
      if (r.unsafe_get(c, c) < 0) {
        for (int k = 0; k < n; k++) {
          q.unsafe_set(k, c, -q.unsafe_get(k, c));
        }
      }
    }
    return q;
  }

  @Override
  public String name() {
    return "isohash";
  }

  @Override
  public String version() {
    return "1";
  }

  /** {@code bits}, {@code dimension} and {@code fit} (the first 16 hex digits of a SHA-256 of the fitted matrix). */
  @Override
  public Map<String, String> parameters() {
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    m.put("bits", Integer.toString(bits));
    m.put("dimension", Integer.toString(dimension));
    m.put("fit", fitHash);
    return m;
  }

  /** The code length. */
  public int bits() {
    return bits;
  }

  /** The embedding dimension this binarizer takes. */
  public int dimension() {
    return dimension;
  }

  /** The seed the fit started from. */
  public long seed() {
    return seed;
  }

  /** The projection as {@code bits} rows of {@code dimension} values (a copy); its rows are orthonormal. */
  public float[][] projection() {
    float[][] p = new float[bits][];
    for (int k = 0; k < bits; k++) {
      p[k] = Arrays.copyOfRange(projection, k * dimension, (k + 1) * dimension);
    }
    return p;
  }

  /** The projected values before the sign: {@code P (x - mean)}. */
  public double[] project(Embedding embedding) {
    Objects.requireNonNull(embedding, "embedding");
    bits(embedding.dimension());
    float[] x = embedding.toArray();
    double[] y = new double[bits];
    for (int k = 0, o = 0; k < bits; k++, o += dimension) {
      double s = 0;
      for (int j = 0; j < dimension; j++) {
        s += projection[o + j] * x[j];
      }
      y[k] = s - bias[k];
    }
    return y;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException unless {@code dimension} is the fitted dimension
   */
  @Override
  public int bits(int dimension) {
    if (dimension != this.dimension) {
      throw new IllegalArgumentException(
          "this IsoHash binarizer takes embeddings of dimension " + this.dimension + ": " + dimension);
    }
    return bits;
  }

  @Override
  public BitCode binarize(Embedding embedding) {
    double[] y = project(embedding);
    long[] words = new long[BitCode.wordsFor(bits)];
    for (int k = 0; k < bits; k++) {
      if (y[k] > 0) {
        words[k >>> 6] |= 1L << k;
      }
    }
    return BitCode.of(bits, words);
  }

  /** The binary form: magic, format version, sizes, seed, the matrix and bias as floats, CRC-32. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream(32 + 4 * (projection.length + bias.length));
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(bits);
      out.writeInt(dimension);
      out.writeLong(seed);
      for (float v : projection) {
        out.writeFloat(v);
      }
      for (float v : bias) {
        out.writeFloat(v);
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bos.toByteArray());
      out.writeInt((int) crc.getValue());
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
  }

  /**
   * Reads the form written by {@link #toBytes()}.
   *
   * @throws CorruptDataException if the bytes are truncated, corrupt, not an IsoHash binarizer or of a newer format
   */
  public static IsoHashBinarizer fromBytes(byte[] data) {
    return fromBytes(data, "IsoHash data");
  }

  private static IsoHashBinarizer fromBytes(byte[] data, String what) {
    Objects.requireNonNull(data, "data");
    if (data.length < 28) {
      throw new CorruptDataException("not a videosim IsoHash binarizer: " + what + " has only " + data.length
          + " bytes");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      if (in.readInt() != MAGIC) {
        throw new CorruptDataException("not a videosim IsoHash binarizer: " + what + " has a wrong magic number");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new CorruptDataException("unsupported IsoHash format version " + version + " in " + what
            + " (this library reads version " + FORMAT_VERSION + ")");
      }
      CRC32 crc = new CRC32();
      crc.update(data, 0, data.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - 4, 4).getInt()) {
        throw new CorruptDataException("corrupt IsoHash binarizer: checksum mismatch in " + what);
      }
      int bits = in.readInt();
      int dimension = in.readInt();
      if (bits < 1 || dimension < bits || dimension > MAX_SIZE) {
        throw new CorruptDataException("corrupt IsoHash binarizer: " + bits + " bits, dimension " + dimension
            + " in " + what);
      }
      long expected = 28L + 4L * ((long) bits * dimension + bits);
      if (data.length != expected) {
        throw new CorruptDataException("corrupt IsoHash binarizer: " + what + " has " + data.length
            + " bytes, expected " + expected);
      }
      long seed = in.readLong();
      float[] projection = new float[bits * dimension];
      for (int i = 0; i < projection.length; i++) {
        projection[i] = checkFinite(in.readFloat(), what);
      }
      float[] bias = new float[bits];
      for (int i = 0; i < bits; i++) {
        bias[i] = checkFinite(in.readFloat(), what);
      }
      return new IsoHashBinarizer(bits, dimension, seed, projection, bias);
    } catch (IOException e) {
      throw new CorruptDataException("corrupt IsoHash binarizer: " + what + " is truncated", e);
    }
  }

  private static float checkFinite(float v, String what) {
    if (!Float.isFinite(v)) {
      throw new CorruptDataException("corrupt IsoHash binarizer: a value in " + what + " is not finite");
    }
    return v;
  }

  /**
   * Writes {@link #toBytes()} to {@code file}, replacing it atomically (written beside it, then renamed).
   *
   * @throws VideoSimilarityException if the file cannot be written
   */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, toBytes());
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot write IsoHash binarizer to '" + file + "': " + e, e);
    }
  }

  /**
   * Reads a binarizer written by {@link #save(Path)}.
   *
   * @throws CorruptDataException if the file is truncated, corrupt, foreign or of a newer format
   * @throws VideoSimilarityException if the file cannot be read
   */
  public static IsoHashBinarizer load(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot read IsoHash binarizer '" + file + "': " + e, e);
    }
    return fromBytes(data, "'" + file + "'");
  }

  private static String hash(int bits, int dimension, float[] projection, float[] bias) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(8 + 4 * (projection.length + bias.length));
      b.putInt(bits).putInt(dimension);
      for (float v : projection) {
        b.putFloat(v);
      }
      for (float v : bias) {
        b.putFloat(v);
      }
      byte[] h = sha.digest(b.array());
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        sb.append(String.format("%02x", h[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IsoHashBinarizer)) {
      return false;
    }
    IsoHashBinarizer b = (IsoHashBinarizer) o;
    return bits == b.bits && dimension == b.dimension && seed == b.seed && Arrays.equals(projection, b.projection)
        && Arrays.equals(bias, b.bias);
  }

  @Override
  public int hashCode() {
    return fitHash.hashCode();
  }

  @Override
  public String toString() {
    return "IsoHashBinarizer(" + dimension + " -> " + bits + " bits, fit " + fitHash + ")";
  }
}
