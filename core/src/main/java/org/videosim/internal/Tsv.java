package org.videosim.internal;

/**
 * Fields of the tab-separated tables that videosim writes (the command line's score tables, the dedup groups). A field never holds a raw tab, newline or carriage
 * return, which would split a row: they are written as {@code \t}, {@code \n} and {@code \r}, and a backslash as
 * {@code \\} (the escapes of PostgreSQL's and MySQL's text formats). Other characters, and every ordinary file name,
 * are written as they are.
 */
public final class Tsv {
  private Tsv() {}

  /** {@code s} as one field: tab, newline, carriage return and backslash escaped. */
  public static String field(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
