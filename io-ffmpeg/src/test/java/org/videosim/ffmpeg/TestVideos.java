package org.videosim.ffmpeg;

import java.nio.file.Path;
import java.util.List;
import org.videosim.Frame;

/** Writes test videos with the bundled FFmpeg. */
public final class TestVideos {
  private TestVideos() {}

  /** Writes frames at a constant rate with the default codec for the file's extension. */
  public static Path write(Path file, List<Frame> frames, double fps) {
    Frame first = frames.get(0);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, first.width(), first.height(), fps)) {
      for (Frame f : frames) {
        w.write(f);
      }
    }
    return file;
  }

  /** Writes frames with a given codec. */
  public static Path write(Path file, List<Frame> frames, double fps, FfmpegVideoWriter.Codec codec) {
    Frame first = frames.get(0);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, first.width(), first.height(), fps, codec, 0, 0)) {
      for (Frame f : frames) {
        w.write(f);
      }
    }
    return file;
  }

  /**
   * The same mp4 with its index ('moov') moved in front of the media data ('mdat'), as a streaming-ready
   * ("faststart") file has it: the chunk offsets ('stco' / 'co64') shift by the index's size. Expects top-level
   * boxes ftyp, ..., mdat, moov with 32-bit sizes.
   */
  public static byte[] moovFirst(byte[] mp4) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(mp4);
    int mdat = -1;
    int moov = -1;
    for (int p = 0; p + 8 <= mp4.length; ) {
      int size = b.getInt(p);
      String type = new String(mp4, p + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (type.equals("mdat") && mdat < 0) {
        mdat = p;
      } else if (type.equals("moov")) {
        moov = p;
      }
      if (size < 8) {
        throw new IllegalArgumentException("unexpected box size " + size + " at " + p);
      }
      p += size;
    }
    if (mdat < 0 || moov < mdat) {
      throw new IllegalArgumentException("expects the media data before the index");
    }
    int moovSize = b.getInt(moov);
    byte[] index = java.util.Arrays.copyOfRange(mp4, moov, moov + moovSize);
    java.nio.ByteBuffer ib = java.nio.ByteBuffer.wrap(index);
    for (int p = 8; p + 8 <= index.length; p++) {
      boolean stco = index[p] == 's' && index[p + 1] == 't' && index[p + 2] == 'c' && index[p + 3] == 'o';
      boolean co64 = index[p] == 'c' && index[p + 1] == 'o' && index[p + 2] == '6' && index[p + 3] == '4';
      if (stco || co64) {
        int n = ib.getInt(p + 8);
        for (int i = 0; i < n; i++) {
          if (stco) {
            ib.putInt(p + 12 + 4 * i, ib.getInt(p + 12 + 4 * i) + moovSize);
          } else {
            ib.putLong(p + 12 + 8 * i, ib.getLong(p + 12 + 8 * i) + moovSize);
          }
        }
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(mp4.length);
    out.write(mp4, 0, mdat);
    out.write(index, 0, index.length);
    out.write(mp4, mdat, moov - mdat);
    out.write(mp4, moov + moovSize, mp4.length - moov - moovSize);
    return out.toByteArray();
  }
}
