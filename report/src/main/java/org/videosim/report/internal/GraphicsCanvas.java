package org.videosim.report.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** A {@link Canvas} that draws with Java2D (for the PNG report). Not thread-safe. */
public final class GraphicsCanvas implements Canvas {
  private final Graphics2D g;

  /** Draws on {@code g} (the caller disposes it), switching on anti-aliasing. */
  public GraphicsCanvas(Graphics2D g) {
    this.g = g;
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }

  @Override
  public void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth) {
    Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
    if (fill != null) {
      g.setColor(fill);
      g.fill(r);
    }
    if (stroke != null) {
      g.setColor(stroke);
      g.setStroke(new BasicStroke((float) strokeWidth));
      g.draw(r);
    }
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color stroke, double width, double dash) {
    g.setColor(stroke);
    g.setStroke(dash > 0
        ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {(float) dash},
            0)
        : new BasicStroke((float) width));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void polygon(double[] xs, double[] ys, Color fill) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xs[0], ys[0]);
    for (int i = 1; i < xs.length; i++) {
      p.lineTo(xs[i], ys[i]);
    }
    p.closePath();
    g.setColor(fill);
    g.fill(p);
  }

  @Override
  public void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth) {
    Ellipse2D e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    if (fill != null) {
      g.setColor(fill);
      g.fill(e);
    }
    if (stroke != null) {
      g.setColor(stroke);
      g.setStroke(new BasicStroke((float) strokeWidth));
      g.draw(e);
    }
  }

  @Override
  public void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor) {
    Font f = Fonts.font(size, bold);
    g.setFont(f);
    g.setColor(color);
    double w = anchor == Anchor.START ? 0 : Fonts.width(text, size, bold);
    double x0 = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - w / 2 : x - w;
    g.drawString(text, (float) x0, (float) y);
  }

  @Override
  public void verticalText(double x, double y, String text, double size, boolean bold, Color color) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    Font f = Fonts.font(size, bold);
    g.setFont(f);
    g.setColor(color);
    FontMetrics fm = g.getFontMetrics();
    double w = Fonts.width(text, size, bold);
    g.drawString(text, (float) (-w / 2), (float) ((fm.getAscent() - fm.getDescent()) / 2.0));
    g.setTransform(saved);
  }

  @Override
  public void image(double x, double y, double w, double h, EmbeddedImage image) {
    Object hint = image.pixelExact() ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
        : RenderingHints.VALUE_INTERPOLATION_BICUBIC;
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
    AffineTransform t = AffineTransform.getTranslateInstance(x, y);
    t.scale(w / image.width(), h / image.height());
    g.drawImage(image.image(), t, null);
  }

  @Override
  public void beginGroup(String cssClass, String title) {}

  @Override
  public void endGroup() {}
}
