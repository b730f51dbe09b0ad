package org.videosim;

import java.util.Locale;
import java.util.Objects;

/**
 * One decoded, sampled video frame: packed 8-bit RGB, rows top to bottom, with its presentation time. Immutable;
 * the pixel array is copied in and out.
 */
public final class Frame {
  private final int index;
  private final double timestamp;
  private final int width;
  private final int height;
  private final byte[] rgb;

  /**
   * @param index position of this frame among the frames sampled from its video, from 0
   * @param timestamp presentation time in seconds from the start of the video
   * @param rgb {@code width * height * 3} bytes, R, G, B per pixel; copied
   */
  public Frame(int index, double timestamp, int width, int height, byte[] rgb) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    if (!Double.isFinite(timestamp)) {
      throw new IllegalArgumentException("timestamp must be finite: " + timestamp);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
    }
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "rgb must hold width * height * 3 = " + width * height * 3 + " bytes: " + rgb.length);
    }
    this.index = index;
    this.timestamp = timestamp;
    this.width = width;
    this.height = height;
    this.rgb = rgb.clone();
  }

  /** Position of this frame among the frames the source returned (0 for the first), or the caller's numbering. */
  public int index() {
    return index;
  }

  /** Presentation time in seconds. */
  public double timestamp() {
    return timestamp;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** A copy of the pixels, {@code width * height * 3} bytes. */
  public byte[] rgb() {
    return rgb.clone();
  }

  /** Red, green and blue of pixel (x, y), packed as {@code 0xRRGGBB}. */
  public int rgbAt(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    int o = (y * width + x) * 3;
    return (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
  }

  /**
   * Luma (BT.601, 0..255) of every pixel, row by row: the grey image that most descriptors start from.
   */
  public float[] luma() {
    float[] y = new float[width * height];
    for (int i = 0, o = 0; i < y.length; i++, o += 3) {
      y[i] = 0.299f * (rgb[o] & 0xff) + 0.587f * (rgb[o + 1] & 0xff) + 0.114f * (rgb[o + 2] & 0xff);
    }
    return y;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Frame(#%d t=%.3fs %dx%d)", index, timestamp, width, height);
  }
}
