package org.videosim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.VideoSimilarity;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;

/**
 * Renders a report in headless Chromium and checks the screenshot: the SVG figures, the heatmap and the thumbnails
 * are drawn. Opt-in (the default build needs no browser):
 *
 * <pre>
 * apt-get install -y chromium
 * mvn -o -B -q verify -pl report -am -Dtest=ChromiumRenderTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvideosim.chromium=chromium [-Dvideosim.report.dump=DIR]
 * </pre>
 *
 * <p>{@code videosim.chromium} is the browser's command; with {@code videosim.report.dump} the report and the
 * screenshot are kept in that folder to look at.
 */
@EnabledIfSystemProperty(named = "videosim.chromium", matches = ".+")
class ChromiumRenderTest {
  @TempDir Path dir;

  /** The documented command line (README, "Visual report"). */
  static List<String> command(String chromium, Path profile, Path screenshot, Path html) {
    return List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--screenshot=" + screenshot, "--window-size=1400,2000",
        html.toUri().toString());
  }

  @Test
  void html_rendersInHeadlessChromium() throws Exception {
    Path original = ComparisonReporterTest.write(dir.resolve("original.mp4"), 1, 250);
    Path partial = dir.resolve("partial.mp4");
    EditedCopy.of(original).trim(3, 7).edit(FrameEdits.gray()).writeTo(partial);
    ComparisonReport report = ComparisonReporter.builder(VideoSimilarity.builder().build()).build()
        .report(original, partial);
    Path html = dir.resolve("report.html");
    report.writeHtml(html);
    Path shot = dir.resolve("screenshot.png");
    Path profile = Files.createDirectories(dir.resolve("profile"));
    Process p = new ProcessBuilder(command(System.getProperty("videosim.chromium"), profile, shot, html))
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s");
    }
    assertThat(shot).as("screenshot; chromium said: %s", Files.readString(dir.resolve("chromium.log"))).exists();
    BufferedImage img = ImageIO.read(shot.toFile());
    assertThat(img.getWidth()).isEqualTo(1400);
    assertThat(img.getHeight()).isEqualTo(2000);
    // The segment's colour (SVG), viridis' bright end (the heatmap's data: URI PNG) and many colours (the JPEG
    // thumbnails) are on screen.
    assertThat(near(img, 0xd55e00, 6)).as("segment colour pixels").isGreaterThan(2000);
    assertThat(near(img, 0xfde725, 12)).as("bright heatmap pixels").isGreaterThan(500);
    assertThat(ComparisonReporterTest.colours(img)).as("distinct colours").isGreaterThan(1000);
    // and the rendered page matches the PNG report's layout: nothing is drawn below the report's height
    int bottom = lastNonWhiteRow(img);
    assertThat(bottom).isBetween(report.image().getHeight() - 120, report.image().getHeight() + 60);
    String keep = System.getProperty("videosim.report.dump");
    if (keep != null) {
      Files.copy(html, Path.of(keep, "chromium-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(shot, Path.of(keep, "chromium-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int near(BufferedImage img, int rgb, int tolerance) {
    int count = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int c = img.getRGB(x, y);
        if (Math.abs(((c >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
            && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
            && Math.abs((c & 0xff) - (rgb & 0xff)) <= tolerance) {
          count++;
        }
      }
    }
    return count;
  }

  private static int lastNonWhiteRow(BufferedImage img) {
    for (int y = img.getHeight() - 1; y >= 0; y--) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
          return y;
        }
      }
    }
    return -1;
  }
}
