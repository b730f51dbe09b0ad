package org.videosim.report.internal;

import java.awt.Color;
import java.util.Locale;

/** A {@link Canvas} that writes SVG elements (for inline SVG in XHTML). Not thread-safe. */
public final class SvgCanvas implements Canvas {
  static final String FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";

  private final StringBuilder sb = new StringBuilder();
  private final int width;
  private final int height;

  public SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** The whole {@code <svg>} element. */
  public String toSvg(String id, String label) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + Xml.escape(id) + "\" role=\"img\" aria-label=\""
        + Xml.escape(label) + "\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " "
        + height + "\" font-family=\"" + FONT_FAMILY + "\">\n" + sb + "</svg>";
  }

  @Override
  public void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth) {
    sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append('"');
    paint(fill, stroke, strokeWidth);
    sb.append("/>\n");
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color stroke, double width, double dash) {
    sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
        .append("\" y2=\"").append(n(y2)).append('"');
    paint(null, stroke, width);
    if (dash > 0) {
      sb.append(" stroke-dasharray=\"").append(n(dash)).append('"');
    }
    sb.append("/>\n");
  }

  @Override
  public void polygon(double[] xs, double[] ys, Color fill) {
    sb.append("<polygon points=\"");
    for (int i = 0; i < xs.length; i++) {
      sb.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
    }
    sb.append('"');
    paint(fill, null, 0);
    sb.append("/>\n");
  }

  @Override
  public void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth) {
    sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
        .append('"');
    paint(fill, stroke, strokeWidth);
    sb.append("/>\n");
  }

  @Override
  public void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor) {
    sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
    textAttributes(size, bold, color);
    if (anchor != Anchor.START) {
      sb.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
    }
    sb.append('>').append(Xml.escape(text)).append("</text>\n");
  }

  @Override
  public void verticalText(double x, double y, String text, double size, boolean bold, Color color) {
    sb.append("<text x=\"0\" y=\"0\" transform=\"translate(").append(n(x)).append(',').append(n(y))
        .append(") rotate(-90)\" text-anchor=\"middle\" dominant-baseline=\"central\"");
    textAttributes(size, bold, color);
    sb.append('>').append(Xml.escape(text)).append("</text>\n");
  }

  private void textAttributes(double size, boolean bold, Color color) {
    sb.append(" font-size=\"").append(n(size)).append('"');
    if (bold) {
      sb.append(" font-weight=\"bold\"");
    }
    sb.append(" fill=\"").append(hex(color)).append('"');
    if (color.getAlpha() < 255) {
      sb.append(" fill-opacity=\"").append(n(color.getAlpha() / 255.0)).append('"');
    }
  }

  @Override
  public void image(double x, double y, double w, double h, EmbeddedImage image) {
    sb.append("<image x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append("\" preserveAspectRatio=\"none\"");
    if (image.pixelExact()) {
      sb.append(" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"");
    }
    sb.append(" href=\"").append(image.dataUri()).append("\"/>\n");
  }

  @Override
  public void beginGroup(String cssClass, String title) {
    sb.append("<g class=\"").append(Xml.escape(cssClass)).append("\">");
    if (title != null) {
      sb.append("<title>").append(Xml.escape(title)).append("</title>");
    }
    sb.append('\n');
  }

  @Override
  public void endGroup() {
    sb.append("</g>\n");
  }

  private void paint(Color fill, Color stroke, double strokeWidth) {
    sb.append(" fill=\"").append(fill == null ? "none" : hex(fill)).append('"');
    if (fill != null && fill.getAlpha() < 255) {
      sb.append(" fill-opacity=\"").append(n(fill.getAlpha() / 255.0)).append('"');
    }
    if (stroke != null) {
      sb.append(" stroke=\"").append(hex(stroke)).append("\" stroke-width=\"").append(n(strokeWidth)).append('"');
      if (stroke.getAlpha() < 255) {
        sb.append(" stroke-opacity=\"").append(n(stroke.getAlpha() / 255.0)).append('"');
      }
    }
  }

  /** {@code #rrggbb} of a colour (alpha ignored). */
  public static String hex(Color c) {
    return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
  }

  private static String n(double v) {
    long r = Math.round(v * 100);
    if (r % 100 == 0) {
      return Long.toString(r / 100);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
