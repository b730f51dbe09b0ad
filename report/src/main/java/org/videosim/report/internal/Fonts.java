package org.videosim.report.internal;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's font (the logical {@code SansSerif}, DejaVu Sans on Debian, the first choice of the SVG's font list)
 * and text measurement for layout.
 */
public final class Fonts {
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private Fonts() {}

  static Font font(double size, boolean bold) {
    return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
  }

  /** Width in pixels of one line of text. */
  public static double width(String text, double size, boolean bold) {
    return font(size, bold).getStringBounds(text, FRC).getWidth();
  }

  /** The text broken into lines no wider than {@code maxWidth} at spaces (a longer word gets a line of its own). */
  public static List<String> wrap(String text, double size, boolean bold, double maxWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && width(candidate, size, bold) > maxWidth) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** The text cut to fit {@code maxWidth}, with an ellipsis in the middle when cut (keeps a path's file name). */
  public static String fit(String text, double size, boolean bold, double maxWidth) {
    if (width(text, size, bold) <= maxWidth) {
      return text;
    }
    int keepEnd = text.length() / 2;
    int keepStart = text.length() - keepEnd - 1;
    while (keepStart > 0) {
      String s = text.substring(0, keepStart) + "\u2026" + text.substring(text.length() - keepEnd);
      if (width(s, size, bold) <= maxWidth) {
        return s;
      }
      if (keepStart > keepEnd / 2) {
        keepStart--;
      } else {
        keepEnd--;
      }
    }
    return "\u2026" + text.substring(text.length() - Math.max(keepEnd, 1));
  }
}
