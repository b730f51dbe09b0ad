package org.videosim.report.internal;

import java.awt.Color;

/** The report's colours: viridis for similarities, Okabe-Ito (colour-blind safe) for segments. */
public final class Palette {
  private Palette() {}

  /** viridis at 0, 1/8, ..., 1 (matplotlib). */
  private static final int[] VIRIDIS = {
    0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725
  };

  /** Vermillion, blue, reddish purple, orange, bluish green, sky blue: distinct from viridis' yellow-green end. */
  private static final int[] SEGMENTS = {0xd55e00, 0x0072b2, 0xcc79a7, 0xe69f00, 0x009e73, 0x56b4e9};

  public static final Color INK = new Color(0x222222);
  public static final Color MUTED = new Color(0x666666);
  public static final Color RULE = new Color(0xcccccc);
  public static final Color TRACK = new Color(0xe4e4e4);
  public static final Color MATCH = new Color(0x1b7f3b);
  public static final Color NO_MATCH = new Color(0x6b6b6b);

  /** The viridis colour of a similarity in [-1, 1]: 0 and below darkest, 1 brightest. */
  public static int similarityRgb(double s) {
    double v = Math.max(0, Math.min(1, s)) * (VIRIDIS.length - 1);
    int k = Math.min((int) v, VIRIDIS.length - 2);
    double f = v - k;
    int a = VIRIDIS[k];
    int b = VIRIDIS[k + 1];
    int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
    int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
    int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    return r << 16 | g << 8 | bl;
  }

  /** The colour of segment {@code k} (0-based); repeats after six. */
  public static Color segment(int k) {
    return new Color(SEGMENTS[Math.floorMod(k, SEGMENTS.length)]);
  }

  /** The colour with an alpha in [0, 1]. */
  public static Color alpha(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(alpha * 255));
  }
}
