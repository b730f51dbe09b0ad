package org.videosim.report.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An image to draw, with how to embed it in HTML: JPEG for photos (thumbnails), PNG for exact pixels (the heatmap),
 * which Java2D draws without smoothing. The image must not be changed after construction. Thread-safe.
 */
public final class EmbeddedImage {
  private final BufferedImage image;
  private final boolean pixelExact;
  private volatile String dataUri;

  /**
   * @param image the pixels (not copied: the caller hands it over)
   * @param pixelExact true for PNG embedding and nearest-neighbour scaling, false for JPEG and smooth scaling
   */
  public EmbeddedImage(BufferedImage image, boolean pixelExact) {
    this.image = image;
    this.pixelExact = pixelExact;
  }

  BufferedImage image() {
    return image;
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  boolean pixelExact() {
    return pixelExact;
  }

  /** The image as a {@code data:} URI, encoded once. */
  String dataUri() {
    String d = dataUri;
    if (d == null) {
      d = (pixelExact ? "data:image/png;base64," : "data:image/jpeg;base64,")
          + Base64.getEncoder().encodeToString(pixelExact ? png(image) : jpeg(image, 0.85f));
      dataUri = d;
    }
    return d;
  }

  /** PNG bytes of an image. */
  public static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
  }

  private static byte[] jpeg(BufferedImage img, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no JPEG writer in this JDK");
    }
    ImageWriter w = writers.next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
        w.setOutput(ios);
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        w.write(null, new IIOImage(img, null, null), p);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
  }
}
