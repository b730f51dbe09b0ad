package org.videosim.evaluation;

import java.util.Locale;

/** The four groups of the method's transformation set. */
public enum Group {
  /** Geometry: resizing, crops, borders, rotations, flips, perspective. */
  SIZE,
  /** Time: speed, frame rate, dropped or inserted frames, intros, partial copies, reversal. */
  TIME,
  /** Appearance: colour, contrast, blur, noise, compression. */
  QUALITY,
  /** Overlays and layouts: logos, captions, stickers, picture in picture, reaction layouts, grids, combinations. */
  OTHERS;

  /** The group's name as reports print it ({@code size}, {@code time}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
