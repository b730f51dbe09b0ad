package org.videosim.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small line chart written as PNG with Java2D: the training curves. Series share the x axis; each panel has its
 * own y axis. Not thread-safe.
 */
public final class Plot {
  private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

  private final String title;
  private final Map<String, Map<String, List<double[]>>> panels = new LinkedHashMap<>();

  /**
   * An empty plot.
   *
   * @param title the title drawn above the panels
   */
  public Plot(String title) {
    this.title = title;
  }

  /** Adds a point (x, y) to series {@code series} of panel {@code panel}. */
  public Plot add(String panel, String series, double x, double y) {
    if (Double.isFinite(x) && Double.isFinite(y)) {
      panels.computeIfAbsent(panel, k -> new LinkedHashMap<>()).computeIfAbsent(series, k -> new ArrayList<>())
          .add(new double[] {x, y});
    }
    return this;
  }

  /** Writes the chart, one panel above the other. */
  public void write(Path file, String xLabel) throws IOException {
    int w = 900;
    int ph = 300;
    int h = 40 + panels.size() * (ph + 30);
    BufferedImage img = new BufferedImage(w, Math.max(h, 100), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, img.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 20, 26);
      int top = 40;
      for (Map.Entry<String, Map<String, List<double[]>>> panel : panels.entrySet()) {
        drawPanel(g, panel.getKey(), panel.getValue(), 70, top, w - 100, ph - 40, xLabel);
        top += ph + 30;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static void drawPanel(Graphics2D g, String name, Map<String, List<double[]>> series, int x0, int y0, int pw,
      int ph, String xLabel) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (List<double[]> pts : series.values()) {
      for (double[] p : pts) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (!(maxX > minX)) {
      maxX = minX + 1;
    }
    if (!(maxY > minY)) {
      maxY = minY + 1e-3;
    }
    double padY = 0.05 * (maxY - minY);
    minY -= padY;
    maxY += padY;
    g.setColor(new Color(0xf4f4f4));
    g.fillRect(x0, y0, pw, ph);
    g.setColor(Color.GRAY);
    g.drawRect(x0, y0, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int k = 0; k <= 4; k++) {
      double v = minY + (maxY - minY) * k / 4;
      int y = y0 + ph - (int) Math.round(ph * k / 4.0);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x0, y, x0 + pw, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.3g", v), 5, y + 4);
      double xv = minX + (maxX - minX) * k / 4;
      int x = x0 + (int) Math.round(pw * k / 4.0);
      g.drawString(String.format(Locale.ROOT, "%.4g", xv), x - 10, y0 + ph + 14);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    g.drawString(name + "  (x: " + xLabel + ")", x0 + 5, y0 - 5);
    int c = 0;
    int legend = x0 + pw - 200;
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      g.setColor(COLOURS[c % COLOURS.length]);
      g.setStroke(new BasicStroke(1.6f));
      int[] xs = new int[s.getValue().size()];
      int[] ys = new int[xs.length];
      for (int i = 0; i < xs.length; i++) {
        double[] p = s.getValue().get(i);
        xs[i] = x0 + (int) Math.round((p[0] - minX) / (maxX - minX) * pw);
        ys[i] = y0 + ph - (int) Math.round((p[1] - minY) / (maxY - minY) * ph);
      }
      g.drawPolyline(xs, ys, xs.length);
      if (xs.length < 40) {
        for (int i = 0; i < xs.length; i++) {
          g.fillOval(xs[i] - 3, ys[i] - 3, 6, 6);
        }
      }
      g.fillRect(legend, y0 + 8 + 16 * c, 14, 3);
      g.drawString(s.getKey(), legend + 20, y0 + 13 + 16 * c);
      c++;
    }
  }
}
