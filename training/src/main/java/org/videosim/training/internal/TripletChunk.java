package org.videosim.training.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.videosim.CorruptDataException;

/**
 * Backbone features of a chunk of training triplets, as written to the work directory so that feature extraction
 * (the expensive part of training) is done once and survives a restart. Per triplet: the anchor's video, the
 * negative's video, which anchor frame is the positive's median, then {@code 3 x frames x channels} floats (anchor,
 * positive, negative clips). Little-endian, CRC-32 at the end. Immutable.
 *
 * @param frames frames per clip
 * @param channels features per frame
 * @param anchorVideo per triplet
 * @param negativeVideo per triplet
 * @param median per triplet: the anchor frame that is the positive's median frame
 * @param features {@code count x 3 x frames x channels}
 */
public record TripletChunk(int frames, int channels, int[] anchorVideo, int[] negativeVideo, int[] median,
    float[] features) {
  private static final int MAGIC = 0x56535446; // "VSTF"
  private static final int VERSION = 1;

  public int count() {
    return anchorVideo.length;
  }

  /** Offset of clip {@code which} (0 anchor, 1 positive, 2 negative) of triplet {@code t} in {@link #features}. */
  public int offset(int t, int which) {
    return ((t * 3) + which) * frames * channels;
  }

  /** Writes the chunk atomically (temporary file, then rename). */
  public void write(Path file) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(16 + count() * (12 + 3 * frames * channels * 4));
    DataOutputStream out = new DataOutputStream(bos);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(count());
    out.writeInt(frames);
    out.writeInt(channels);
    ByteBuffer b = ByteBuffer.allocate(count() * 12 + features.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < count(); t++) {
      b.putInt(anchorVideo[t]).putInt(negativeVideo[t]).putInt(median[t]);
    }
    for (float f : features) {
      b.putFloat(f);
    }
    out.write(b.array());
    CRC32 crc = new CRC32();
    crc.update(bos.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bos.toByteArray());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads a chunk.
   *
   * @throws CorruptDataException if it is truncated, corrupt or not a chunk
   */
  public static TripletChunk read(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    if (data.length < 28) {
      throw new CorruptDataException("training features '" + file + "' are truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (crc.getValue() != stored) {
      throw new CorruptDataException("training features '" + file + "' are corrupt (checksum)");
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new CorruptDataException("'" + file + "' is not a training-features chunk of version " + VERSION);
    }
    int count = in.readInt();
    int frames = in.readInt();
    int channels = in.readInt();
    ByteBuffer b = ByteBuffer.wrap(data, 20, data.length - 28).order(ByteOrder.LITTLE_ENDIAN);
    int[] av = new int[count];
    int[] nv = new int[count];
    int[] med = new int[count];
    for (int t = 0; t < count; t++) {
      av[t] = b.getInt();
      nv[t] = b.getInt();
      med[t] = b.getInt();
    }
    float[] f = new float[count * 3 * frames * channels];
    b.asFloatBuffer().get(f);
    return new TripletChunk(frames, channels, av, nv, med, f);
  }
}
