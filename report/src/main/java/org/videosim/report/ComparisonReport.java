package org.videosim.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.videosim.Score;
import org.videosim.internal.LocalFiles;
import org.videosim.report.internal.EmbeddedImage;
import org.videosim.report.internal.ReportData;
import org.videosim.report.internal.ReportPage;

/**
 * The visual report of one comparison, made by {@link ComparisonReporter}: a header (the videos, the score, the
 * decision, the pipeline), the matched segments on two timelines, frame pairs of each segment side by side, and the
 * clip-to-clip similarity matrix as a heatmap. Written as a self-contained HTML page ({@link #html()}: inline CSS,
 * inline SVG, images as {@code data:} URIs, no script, no external resource; well-formed XML) or as a PNG
 * ({@link #image()}, drawn with Java2D, 1200 pixels wide) with the same content.
 *
 * <p>Immutable and thread-safe; each call renders afresh.
 */
public final class ComparisonReport {
  private final ReportData data;
  private final ReportPage page;

  ComparisonReport(ReportData data, int thumbnailWidth) {
    this.data = data;
    this.page = new ReportPage(data, thumbnailWidth);
  }

  /** The comparison the report shows. */
  public Score score() {
    return data.score();
  }

  /** The frame pairs shown, segment by segment (or the single closest pair when no segment matched). */
  public List<FramePair> pairs() {
    return data.pairs().stream()
        .map(p -> new FramePair(p.segment(), p.timeA(), p.timeB(), p.similarity()))
        .toList();
  }

  /** The report as a self-contained XHTML page (UTF-8 when written). */
  public String html() {
    return page.html();
  }

  /** The report drawn as an image (needs a JDK with {@code java.desktop}; works headless). */
  public BufferedImage image() {
    return page.image();
  }

  /**
   * Writes {@link #html()} to a file (UTF-8), replacing it.
   *
   * @throws ReportException if the file cannot be written
   */
  public void writeHtml(Path file) {
    Objects.requireNonNull(file, "file");
    String html = html();
    try {
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportException("cannot write report '" + file + "': " + LocalFiles.describe(e), e);
    }
  }

  /**
   * Writes {@link #image()} to a PNG file, replacing it.
   *
   * @throws ReportException if the file cannot be written
   */
  public void writePng(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] png = EmbeddedImage.png(image());
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new ReportException("cannot write report '" + file + "': " + LocalFiles.describe(e), e);
    }
  }

  @Override
  public String toString() {
    return "ComparisonReport(" + data.a().name() + " vs " + data.b().name() + ", " + data.score() + ")";
  }
}
