package org.videosim.report.internal;

/** Escaping for XHTML text and attribute values. */
public final class Xml {
  private Xml() {}

  /**
   * The text with {@code & < > " '} escaped and the characters that XML 1.0 forbids (control characters, lone
   * surrogates) replaced by U+FFFD, so that any file name can be shown.
   */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
              || c == 0xfffe || c == 0xffff) {
            sb.append('\ufffd');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
