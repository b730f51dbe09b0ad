package org.videosim;

/**
 * An axis-aligned region of a frame, as fractions of its width and height (so it applies at any resolution).
 * Immutable.
 *
 * @param x left edge, in [0, 1)
 * @param y top edge, in [0, 1)
 * @param w width, in (0, 1]
 * @param h height, in (0, 1]
 */
public record Region(double x, double y, double w, double h) {
  /** The whole frame. */
  public static final Region FULL = new Region(0, 0, 1, 1);

  /**
   * Checks the rectangle.
   *
   * @throws IllegalArgumentException if it is empty or not inside the frame
   */
  public Region {
    if (!(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 1 + 1e-9 && y + h <= 1 + 1e-9)) {
      throw new IllegalArgumentException("not a rectangle inside the frame: " + x + ", " + y + ", " + w + ", " + h);
    }
  }

  /** Intersection over union with another rectangle. */
  public double iou(Region o) {
    double ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
    double iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
    double inter = ix * iy;
    return inter / (w * h + o.w * o.h - inter);
  }

  /** Share of the frame's area. */
  public double area() {
    return w * h;
  }

  /** True when this is (nearly) the whole frame. */
  public boolean isFull() {
    return x < 0.01 && y < 0.01 && w > 0.98 && h > 0.98;
  }
}
