package org.videosim.encoders.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.videosim.CorruptDataException;

/**
 * videosim's weights container ({@code .vsw}): named tensors, either float32 or uint8 with a per-tensor affine
 * dequantisation ({@code w = q * scale + min}, as TF.js computes it), plus the model id, the weights version and a
 * provenance line. Written by {@code encoders/tools/nsfwjs/import.mjs} (the imported backbone) and by
 * {@link #write} (heads and aggregators).
 *
 * <pre>
 * "VSWT" int32 format(=1) utf model utf version utf provenance int32 count
 * count x { utf name, u8 dtype (0 float32, 1 uint8-affine), int32 rank, int32[rank] dims,
 *           [dtype 1: float64 min, float64 scale], int32 bytes, bytes }
 * uint32 CRC32 of everything before it
 * </pre>
 *
 * <p>Big-endian; {@code utf} is Java's modified UTF-8 with a 16-bit length. Immutable once read.
 */
public final class WeightsFile {
  static final byte[] MAGIC = {'V', 'S', 'W', 'T'};
  static final int FORMAT = 1;
  private static final int MAX_BYTES = 256 << 20;

  private final String model;
  private final String version;
  private final String provenance;
  private final Map<String, Tensor> tensors;
  private long checksum = -1;

  public WeightsFile(String model, String version, String provenance, Map<String, Tensor> tensors) {
    this.model = Objects.requireNonNull(model, "model");
    this.version = Objects.requireNonNull(version, "version");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** One tensor: its shape and its values (dequantised on demand). */
  public static final class Tensor {
    private final long[] shape;
    private final float[] values;
    private final byte[] quantised;
    private final double min;
    private final double scale;

    private Tensor(long[] shape, float[] values, byte[] quantised, double min, double scale) {
      this.shape = shape;
      this.values = values;
      this.quantised = quantised;
      this.min = min;
      this.scale = scale;
    }

    /** A float32 tensor; copies {@code values}. */
    public static Tensor of(long[] shape, float[] values) {
      if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length);
      }
      return new Tensor(shape.clone(), values.clone(), null, 0, 0);
    }

    public long[] shape() {
      return shape.clone();
    }

    public boolean isQuantised() {
      return quantised != null;
    }

    /** The values, row-major; quantised tensors are dequantised as TF.js does ({@code (float) (q * scale + min)}). */
    public float[] values() {
      if (quantised == null) {
        return values.clone();
      }
      float[] v = new float[quantised.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((quantised[i] & 0xff) * scale + min);
      }
      return v;
    }
  }

  public String model() {
    return model;
  }

  public String version() {
    return version;
  }

  /** CRC32 of the file as read or as {@link #toBytes()} would write it. */
  public long checksum() {
    if (checksum < 0) {
      byte[] b = toBytes();
      checksum = ((b[b.length - 4] & 0xffL) << 24) | ((b[b.length - 3] & 0xff) << 16) | ((b[b.length - 2] & 0xff) << 8)
          | (b[b.length - 1] & 0xff);
    }
    return checksum;
  }

  /** A short identity: {@code model@version:crc32}. */
  public String id() {
    return model + "@" + version + ":" + String.format("%08x", checksum());
  }

  public String provenance() {
    return provenance;
  }

  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /**
   * The tensor {@code name} with the given shape.
   *
   * @throws CorruptDataException if it is missing or of another shape; the message names {@code source}
   */
  public Tensor require(String name, String source, long... shape) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new CorruptDataException("model weights " + source + " lack tensor '" + name + "'");
    }
    if (shape.length > 0 && !Arrays.equals(t.shape, shape)) {
      throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' has shape "
          + Arrays.toString(t.shape) + ", expected " + Arrays.toString(shape));
    }
    return t;
  }

  /**
   * Reads a weights file from the class path.
   *
   * @throws CorruptDataException if the resource is missing, truncated, corrupt or of another format
   */
  public static WeightsFile readResource(Class<?> anchor, String resource) {
    return parse(resourceBytes(anchor, resource, "model weights"), "resource '" + resource + "'");
  }

  /**
   * The bytes of a bundled class-path resource.
   *
   * @param what what the resource holds, for messages, e.g. "model weights"
   * @throws CorruptDataException if it is missing or cannot be read
   */
  public static byte[] resourceBytes(Class<?> anchor, String resource, String what) {
    String source = "resource '" + resource + "'";
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new CorruptDataException(what + " " + source + " not found on the class path (is "
            + "videosim-encoders' jar complete?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CorruptDataException("cannot read " + what + " " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a weights file.
   *
   * @throws CorruptDataException if the file is missing, truncated, corrupt or of another format
   */
  public static WeightsFile read(Path file) {
    String source = "file '" + file + "'";
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new CorruptDataException("model weights " + source + " too large: " + size + " bytes");
      }
      return parse(Files.readAllBytes(file), source);
    } catch (NoSuchFileException e) {
      throw new CorruptDataException("model weights " + source + " not found", e);
    } catch (IOException e) {
      throw new CorruptDataException("cannot read model weights " + source + ": " + e.getMessage(), e);
    }
  }

  static WeightsFile parse(byte[] bytes, String source) {
    if (bytes.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
      throw new CorruptDataException("model weights " + source + " are not a videosim weights file ("
          + bytes.length + " bytes, no VSWT header)");
    }
    int n = bytes.length - 4;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, n);
    long stored = ((bytes[n] & 0xffL) << 24) | ((bytes[n + 1] & 0xff) << 16) | ((bytes[n + 2] & 0xff) << 8)
        | (bytes[n + 3] & 0xff);
    if (crc.getValue() != stored) {
      throw new CorruptDataException("model weights " + source + " are corrupt or truncated (checksum mismatch, "
          + bytes.length + " bytes)");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, n - 4))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new CorruptDataException("model weights " + source + " have format " + format
            + ", this library reads format " + FORMAT);
      }
      String model = in.readUTF();
      String version = in.readUTF();
      String provenance = in.readUTF();
      int count = in.readInt();
      if (count < 0 || count > 100_000) {
        throw new CorruptDataException("model weights " + source + ": bad tensor count " + count);
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int dtype = in.readUnsignedByte();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' has rank " + rank);
        }
        long[] shape = new long[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readInt();
          if (shape[d] <= 0) {
            throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' has dimension "
                + shape[d]);
          }
          elements *= shape[d];
        }
        Tensor t;
        if (dtype == 1) {
          double min = in.readDouble();
          double scale = in.readDouble();
          byte[] q = readBytes(in, elements, 1, name, source);
          t = new Tensor(shape, null, q, min, scale);
        } else if (dtype == 0) {
          byte[] raw = readBytes(in, elements, 4, name, source);
          float[] v = new float[(int) elements];
          java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(v);
          t = new Tensor(shape, v, null, 0, 0);
        } else {
          throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' has unknown type "
              + dtype);
        }
        if (tensors.put(name, t) != null) {
          throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' appears twice");
        }
      }
      if (in.available() != 0) {
        throw new CorruptDataException("model weights " + source + ": " + in.available() + " trailing bytes");
      }
      WeightsFile w = new WeightsFile(model, version, provenance, tensors);
      w.checksum = stored;
      return w;
    } catch (EOFException e) {
      throw new CorruptDataException("model weights " + source + " are truncated", e);
    } catch (IOException e) {
      // read from memory: only malformed data (e.g. a name that is not modified UTF-8) gets here
      throw new CorruptDataException("model weights " + source + " are corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(DataInputStream in, long elements, int width, String name, String source)
      throws IOException {
    int len = in.readInt();
    if (len != elements * width) {
      throw new CorruptDataException("model weights " + source + ": tensor '" + name + "' holds " + len
          + " bytes, its shape needs " + elements * width);
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  /** This file's bytes (float32 tensors stay float32, quantised ones stay quantised). */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(model);
      out.writeUTF(version);
      out.writeUTF(provenance);
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor t = e.getValue();
        out.writeUTF(e.getKey());
        out.writeByte(t.isQuantised() ? 1 : 0);
        out.writeInt(t.shape.length);
        for (long d : t.shape) {
          out.writeInt((int) d);
        }
        if (t.isQuantised()) {
          out.writeDouble(t.min);
          out.writeDouble(t.scale);
          out.writeInt(t.quantised.length);
          out.write(t.quantised);
        } else {
          out.writeInt(t.values.length * 4);
          for (float v : t.values) {
            out.writeFloat(v);
          }
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      byte[] body = bytes.toByteArray();
      crc.update(body);
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes this file atomically (a temporary file renamed into place). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, toBytes());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
