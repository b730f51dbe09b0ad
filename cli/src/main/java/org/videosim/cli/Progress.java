package org.videosim.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A progress bar on stderr: redrawn in place at most every 200 ms on a terminal, a line per tenth otherwise. Thread-safe. */
final class Progress {
  private final PrintWriter err;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private int done;
  private int failed;
  private long lastDraw;
  private int lastDecile = -1;
  /** On a terminal the bar is redrawn in place; in a log a line is written every tenth of the work. */
  private final boolean terminal = System.console() != null;

  Progress(PrintWriter err, String label, int total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  synchronized void step(boolean ok) {
    done++;
    if (!ok) {
      failed++;
    }
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw > 200_000_000L || done == total) {
        lastDraw = now;
        draw(now);
      }
    } else {
      int decile = total == 0 ? 10 : (int) (10L * done / total);
      if (decile != lastDecile) {
        lastDecile = decile;
        draw(now);
      }
    }
  }

  private void draw(long now) {
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) width * done / total);
    double secs = (now - start) / 1e9;
    double eta = done == 0 ? 0 : secs / done * (total - done);
    err.printf(Locale.ROOT, "%s%s [%s%s] %d/%d %s%.0fs elapsed, %.0fs left ", terminal ? "\r" : "", label,
        "=".repeat(filled), " ".repeat(width - filled), done, total, failed > 0 ? failed + " failed, " : "", secs, eta);
    if (done == total || !terminal) {
      err.println();
    }
    err.flush();
  }

  synchronized int failed() {
    return failed;
  }
}
