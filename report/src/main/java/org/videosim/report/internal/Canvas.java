package org.videosim.report.internal;

import java.awt.Color;

/**
 * A minimal drawing surface with two back ends, {@link SvgCanvas} (for the HTML report) and {@link GraphicsCanvas}
 * (Java2D, for the PNG), so that both reports are drawn by the same code and show the same thing. Coordinates are
 * pixels, y downwards. Not thread-safe.
 */
public interface Canvas {

  /** Where a text's x coordinate lies on it. */
  enum Anchor { START, MIDDLE, END }

  /** A filled and/or outlined rectangle; a null colour skips that part. */
  void rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth);

  /** A line segment; {@code dash} > 0 draws it dashed. */
  void line(double x1, double y1, double x2, double y2, Color stroke, double width, double dash);

  /** A filled polygon; the colour's alpha is its opacity. */
  void polygon(double[] xs, double[] ys, Color fill);

  /** A circle; a null colour skips that part. */
  void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth);

  /** One line of text with its baseline at {@code y}. */
  void text(double x, double y, String text, double size, boolean bold, Color color, Anchor anchor);

  /** One line of text turned 90 degrees counter-clockwise (reads bottom to top), centred on (x, y). */
  void verticalText(double x, double y, String text, double size, boolean bold, Color color);

  /** An image scaled into the given box. */
  void image(double x, double y, double w, double h, EmbeddedImage image);

  /** Starts a group that the SVG back end tags with a CSS class and a tooltip (may be null). */
  void beginGroup(String cssClass, String title);

  /** Ends the innermost group. */
  void endGroup();
}
