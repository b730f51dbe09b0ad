package org.videosim.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Where logo overlays come from. The method's paper used 5,000 small logos from LLD-logo, which cannot be reached
 * here; {@link #generated()} draws glyph-and-shape logos instead, and {@link #directory(Path, int, int)} reads PNG icons, e.g.
 * Debian's icon themes under {@code /usr/share/icons}. Implementations are thread-safe.
 */
public interface LogoSource {

  /** A logo image with transparency. */
  BufferedImage next(Random rnd);

  /**
   * Synthetic logos: a disc, rounded square, ring or shield in a random colour, with one to three letters or a
   * simple symbol, on a transparent background.
   */
  static LogoSource generated() {
    return rnd -> {
      int s = 96;
      BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Color base = Color.getHSBColor(rnd.nextFloat(), 0.5f + 0.5f * rnd.nextFloat(), 0.5f + 0.5f * rnd.nextFloat());
        g.setColor(base);
        switch (rnd.nextInt(4)) {
          case 0: g.fillOval(4, 4, s - 8, s - 8); break;
          case 1: g.fillRoundRect(4, 4, s - 8, s - 8, 24, 24); break;
          case 2:
            g.setStroke(new BasicStroke(10));
            g.drawOval(8, 8, s - 16, s - 16);
            break;
          default: g.fillPolygon(new int[] {8, s - 8, s - 8, s / 2, 8}, new int[] {8, 8, s / 2, s - 6, s / 2}, 5);
        }
        g.setColor(rnd.nextBoolean() ? Color.WHITE : Color.BLACK);
        String letters = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        int n = 1 + rnd.nextInt(3);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
          text.append(letters.charAt(rnd.nextInt(letters.length())));
        }
        int size = n == 1 ? 56 : n == 2 ? 40 : 30;
        g.setFont(new Font(rnd.nextBoolean() ? Font.SANS_SERIF : Font.SERIF, Font.BOLD, size));
        int w = g.getFontMetrics().stringWidth(text.toString());
        g.drawString(text.toString(), (s - w) / 2, s / 2 + size / 3);
      } finally {
        g.dispose();
      }
      return img;
    };
  }

  /**
   * PNG images found (recursively) under a directory, at least {@code minSide} pixels on each side; at most
   * {@code limit} files are read.
   *
   * @throws IllegalArgumentException if no usable image is found
   * @throws UncheckedIOException if the directory cannot be read
   */
  static LogoSource directory(Path dir, int minSide, int limit) {
    List<BufferedImage> images = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".png"))
          .sorted()::iterator) {
        if (images.size() >= limit) {
          break;
        }
        try {
          BufferedImage img = ImageIO.read(p.toFile());
          if (img != null && img.getWidth() >= minSide && img.getHeight() >= minSide) {
            images.add(img);
          }
        } catch (IOException e) {
          // skip unreadable files
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read logos under " + dir, e);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no PNG of at least " + minSide + " px under " + dir);
    }
    List<BufferedImage> list = List.copyOf(images);
    return rnd -> list.get(rnd.nextInt(list.size()));
  }
}
