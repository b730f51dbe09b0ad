package org.videosim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.testkit.TestFrames;
import org.videosim.VideoFingerprint;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reports of generated videos: a partial copy (B = 4 s of A's middle, black and white) and an unrelated pair. */
class ComparisonReporterTest {
  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";

  @TempDir static Path dir;
  static Path original;
  static Path partial;
  static Path other;
  static VideoSimilarity similarity;
  static ComparisonReport copyReport;
  static ComparisonReport otherReport;

  static Path write(Path file, int scene, int frames) {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 192, 108, 25)) {
      for (var f : TestFrames.clip(scene, frames, 25, 192, 108)) {
        w.write(f);
      }
    }
    return file;
  }

  @BeforeAll
  static void videos() {
    original = write(dir.resolve("original.mp4"), 1, 250); // 10 s
    // a name that needs escaping in XML, to check that the page stays well-formed
    other = write(dir.resolve("other & <unrelated>.mp4"), 2, 150);
    partial = dir.resolve("partial.mp4");
    EditedCopy.of(original).trim(3, 7).edit(FrameEdits.gray()).writeTo(partial);
    similarity = VideoSimilarity.builder().build();
    ComparisonReporter reporter = ComparisonReporter.builder(similarity).build();
    copyReport = reporter.report(original, partial);
    otherReport = reporter.report(original, other);
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> withClass(Document doc, String ns, String tag, String cssClass) {
    NodeList all = doc.getElementsByTagNameNS(ns, tag);
    List<Element> out = new ArrayList<>();
    for (int k = 0; k < all.getLength(); k++) {
      Element e = (Element) all.item(k);
      if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
        out.add(e);
      }
    }
    return out;
  }

  static Element byId(Document doc, String ns, String tag, String id) {
    NodeList all = doc.getElementsByTagNameNS(ns, tag);
    for (int k = 0; k < all.getLength(); k++) {
      Element e = (Element) all.item(k);
      if (id.equals(e.getAttribute("id"))) {
        return e;
      }
    }
    return null;
  }

  @Test
  void report_partialCopy_findsTheMiddleOfA() {
    Score s = copyReport.score();
    assertThat(s.isMatch()).isTrue();
    assertThat(s.segments()).isNotEmpty();
    MatchedSegment m = s.segments().get(0);
    assertThat(m.startA()).isCloseTo(3, within(0.6));
    assertThat(m.endA()).isCloseTo(7, within(0.6));
    assertThat(m.startB()).isCloseTo(0, within(0.6));
    assertThat(m.endB()).isCloseTo(4, within(0.6));
  }

  @Test
  void html_partialCopy_isWellFormedXhtmlWithHeatmapTimelinesAndPairs() throws Exception {
    String html = copyReport.html();
    Document doc = parse(html);
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(XHTML);
    // self-contained: no scripts, no links, every image inline
    assertThat(doc.getElementsByTagNameNS(XHTML, "script").getLength()).isZero();
    assertThat(doc.getElementsByTagNameNS(XHTML, "link").getLength()).isZero();
    NodeList images = doc.getElementsByTagNameNS(SVG, "image");
    for (int k = 0; k < images.getLength(); k++) {
      assertThat(((Element) images.item(k)).getAttribute("href")).startsWith("data:image/");
    }
    assertThat(html.replace("xmlns=\"" + XHTML + "\"", "").replace("xmlns=\"" + SVG + "\"", ""))
        .doesNotContain("http:", "https:", "file:", "url(");

    Element matrix = byId(doc, SVG, "svg", "matrix");
    assertThat(matrix).isNotNull();
    assertThat(withClass(doc, SVG, "g", "heatmap")).hasSize(1);
    assertThat(withClass(doc, SVG, "g", "heatmap").get(0).getElementsByTagNameNS(SVG, "image").getLength())
        .isEqualTo(1);
    assertThat(withClass(doc, SVG, "g", "timeline-a")).hasSize(1);
    assertThat(withClass(doc, SVG, "g", "timeline-b")).hasSize(1);

    int segments = copyReport.score().segments().size();
    assertThat(withClass(doc, SVG, "g", "segment")).hasSize(segments); // bands on the timelines
    assertThat(withClass(doc, SVG, "g", "segment-box")).hasSize(segments); // boxes on the heatmap
    // three frame pairs per segment, each with two thumbnails
    List<Element> pairs = withClass(doc, SVG, "g", "pair");
    assertThat(pairs).hasSize(3 * segments);
    for (Element p : pairs) {
      assertThat(p.getElementsByTagNameNS(SVG, "image").getLength()).isEqualTo(2);
    }
    // segment times as text
    MatchedSegment m = copyReport.score().segments().get(0);
    assertThat(html).contains(String.format(Locale.ROOT, "A %.2f\u2013%.2f s \u2194 B %.2f\u2013%.2f s",
        m.startA(), m.endA(), m.startB(), m.endB()));
    assertThat(byId(doc, XHTML, "td", "summary-score").getTextContent()).contains("a copy");
  }

  @Test
  void pairs_partialCopy_showAlignedFramesOfTheSegment() {
    List<FramePair> pairs = copyReport.pairs();
    MatchedSegment m = copyReport.score().segments().get(0);
    List<FramePair> first = pairs.stream().filter(p -> p.segment() == 0).toList();
    assertThat(first).hasSize(3);
    for (FramePair p : first) {
      assertThat(p.timeA()).isBetween(m.startA(), m.endA());
      assertThat(p.timeB()).isBetween(m.startB(), m.endB());
      assertThat(p.timeA() - p.timeB()).isCloseTo(3, within(0.55)); // B starts at 3 s of A
      assertThat(p.similarity()).isGreaterThan(0.5);
    }
  }

  @Test
  void image_partialCopy_hasPageWidthAndIsNotBlank() throws Exception {
    BufferedImage img = copyReport.image();
    assertThat(img.getWidth()).isEqualTo(1200);
    assertThat(img.getHeight()).isBetween(900, 2400);
    assertThat(colours(img)).isGreaterThan(500); // thumbnails and heatmap, not a blank page
    Path png = dir.resolve("report.png");
    copyReport.writePng(png);
    BufferedImage read = ImageIO.read(png.toFile());
    assertThat(read.getWidth()).isEqualTo(img.getWidth());
    assertThat(read.getHeight()).isEqualTo(img.getHeight());
    dump(copyReport, "partial");
  }

  @Test
  void report_unrelated_isNotACopyAndShowsTheClosestClips() throws Exception {
    assertThat(otherReport.score().isMatch()).isFalse();
    String html = otherReport.html();
    Document doc = parse(html);
    assertThat(html).contains("NOT A COPY").contains("other &amp; &lt;unrelated&gt;.mp4");
    assertThat(withClass(doc, SVG, "g", "pair")).hasSize(otherReport.pairs().size());
    if (otherReport.score().segments().isEmpty()) {
      assertThat(otherReport.pairs()).singleElement().satisfies(p -> assertThat(p.segment()).isEqualTo(-1));
      assertThat(withClass(doc, SVG, "g", "closest")).hasSize(1);
    }
    assertThat(colours(otherReport.image())).isGreaterThan(500);
    dump(otherReport, "unrelated");
  }

  @Test
  void writeHtml_missingFolder_throwsReportExceptionNamingTheFile() {
    Path file = dir.resolve("no-such-folder").resolve("r.html");
    assertThatThrownBy(() -> copyReport.writeHtml(file))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("cannot write report")
        .hasMessageContaining(file.toString());
    assertThatThrownBy(() -> copyReport.writePng(dir)).isInstanceOf(ReportException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void writeHtml_writesUtf8Page() throws Exception {
    Path file = dir.resolve("r.html");
    copyReport.writeHtml(file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(copyReport.html());
  }

  @Test
  void pairsOf_knownOffset_alignsEachClipWithItsCopy() {
    Random rnd = new Random(42);
    List<Clip> a = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      a.add(new Clip(i * 0.5, (i + 1) * 0.5, 1, BitCode.of(64, rnd.nextLong())));
    }
    List<Clip> b = new ArrayList<>();
    for (int j = 0; j < 10; j++) { // B = A's clips 12..21
      b.add(new Clip(j * 0.5, (j + 1) * 0.5, 1, a.get(12 + j).code()));
    }
    MatchedSegment s = new MatchedSegment(6, 11, 0, 5, 1);
    List<int[]> pairs = ComparisonReporter.pairsOf(s, a, b, 4);
    assertThat(pairs).hasSize(4);
    for (int[] ij : pairs) {
      assertThat(ij[0]).isBetween(12, 21);
      assertThat(ij[1]).isEqualTo(ij[0] - 12);
    }
    assertThat(ComparisonReporter.pairsOf(s, a, b, 32)).hasSize(10); // at most one per clip of the segment
    // the linear mapping with a local search, used for huge segments, finds the same pairs here
    List<int[]> linear = ComparisonReporter.pairsOf(s, a, b, 4, 0);
    assertThat(linear).hasSize(4);
    for (int[] ij : linear) {
      assertThat(ij[1]).isEqualTo(ij[0] - 12);
    }
  }

  @Test
  void pairsOf_segmentLongerThanTheCopy_followsTheDiagonalNotTheBoxCorners() {
    // B holds A's clips 20..39 at the same speed, but the segment claims A 0-30 s (60 clips) against all of B:
    // the pairs must still be the true copies.
    Random rnd = new Random(7);
    List<Clip> a = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      a.add(new Clip(i * 0.5, (i + 1) * 0.5, 1, BitCode.of(64, rnd.nextLong())));
    }
    List<Clip> b = new ArrayList<>();
    for (int j = 0; j < 20; j++) {
      b.add(new Clip(j * 0.5, (j + 1) * 0.5, 1, a.get(20 + j).code()));
    }
    List<int[]> pairs = ComparisonReporter.pairsOf(new MatchedSegment(0, 30, 0, 10, 0.6), a, b, 3);
    assertThat(pairs).hasSize(3);
    for (int[] ij : pairs) {
      assertThat(ij[1]).isEqualTo(ij[0] - 20);
    }
  }

  @Test
  void report_fingerprintOfAnotherPipeline_isRefused() {
    VideoSimilarity other2 = similarity.toBuilder().sampleRate(1).clipSeconds(1).build();
    VideoFingerprint fa = similarity.fingerprint(original);
    VideoFingerprint fb = other2.fingerprint(partial);
    ComparisonReporter reporter = ComparisonReporter.builder(similarity).build();
    assertThatThrownBy(() -> reporter.report(VideoInput.of(original), fa, VideoInput.of(partial), fb,
        copyReport.score())).isInstanceOf(org.videosim.IncompatibleFingerprintException.class);
  }

  @Test
  void builder_badValues_areRefusedAtTheSetter() {
    assertThatThrownBy(() -> ComparisonReporter.builder(similarity).pairsPerSegment(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairsPerSegment");
    assertThatThrownBy(() -> ComparisonReporter.builder(similarity).thumbnailWidth(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thumbnailWidth");
    assertThatThrownBy(() -> ComparisonReporter.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("similarity");
  }

  static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y) & 0xffffff);
      }
    }
    return seen.size();
  }

  /** With {@code -Dvideosim.report.dump=DIR}, writes the reports there to look at. */
  static void dump(ComparisonReport r, String name) {
    String out = System.getProperty("videosim.report.dump");
    if (out != null) {
      r.writeHtml(Path.of(out, name + ".html"));
      r.writePng(Path.of(out, name + ".png"));
    }
  }
}
