package org.videosim.report.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.videosim.Clip;
import org.videosim.MatchedSegment;
import org.videosim.Score;
import org.videosim.report.internal.Canvas.Anchor;

/**
 * Lays out and draws a report: a header, then three figures (the segments on two timelines, the frame pairs, the
 * similarity matrix). Each figure is drawn through a {@link Canvas}, once as inline SVG for the HTML page and once
 * with Java2D for the PNG, so both show the same thing. Figures use content coordinates (x from 0 to
 * {@link #CONTENT_WIDTH}).
 */
public final class ReportPage {
  /** Width of the PNG and of the HTML page's content plus margins, pixels. */
  public static final int PAGE_WIDTH = 1200;
  static final int MARGIN = 24;
  static final int CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
  private static final int SECTION_TITLE = 40;
  private static final int SECTION_GAP = 12;
  private static final double ROW = 21;
  private static final double LABEL_WIDTH = 130;

  private final ReportData d;
  private final int thumbWidth;
  private final List<Figure> figures;

  /** A report's page for its data; {@code thumbWidth} is the width of a thumbnail's box. */
  public ReportPage(ReportData data, int thumbWidth) {
    this.d = data;
    this.thumbWidth = thumbWidth;
    this.figures = List.of(new Timelines(), new Pairs(), new Matrix());
  }

  private interface Figure {
    String id();

    String title();

    int height();

    void paint(Canvas c);
  }

  // ------------------------------------------------------------------------------------------------ the pages

  /** The self-contained XHTML page (polyglot: valid XML and HTML5; no scripts, no external resources). */
  public String html() {
    StringBuilder sb = new StringBuilder(1 << 16);
    Score s = d.score();
    sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"videosim\"/>\n<title>")
        .append(Xml.escape("videosim: " + d.a().name() + " vs " + d.b().name())).append("</title>\n<style>\n")
        .append("body { font-family: ").append(SvgCanvas.FONT_FAMILY).append("; color: #222; background: #fff;")
        .append(" margin: ").append(MARGIN).append("px; width: ").append(CONTENT_WIDTH).append("px; }\n")
        .append("h1 { font-size: 22px; margin: 0 0 14px 0; }\n")
        .append("h2 { font-size: 17px; margin: 18px 0 10px 0; padding-bottom: 4px; border-bottom: 1px solid #ccc; }\n")
        .append("table.summary { border-collapse: collapse; font-size: 14px; }\n")
        .append("table.summary th { text-align: left; color: #666; padding: 2px 12px 2px 0; width: ")
        .append((int) LABEL_WIDTH - 12).append("px; vertical-align: top; }\n")
        .append("table.summary td { padding: 2px 0; vertical-align: top; }\n")
        .append("td.spec { font-size: 12px; color: #666; word-break: break-all; }\n")
        .append(".verdict { float: right; color: #fff; padding: 6px 14px; border-radius: 6px; text-align: center; }\n")
        .append(".verdict b { display: block; font-size: 18px; }\n")
        .append(".verdict span { font-size: 13px; }\n")
        .append("svg { display: block; }\n")
        .append("</style>\n</head>\n<body>\n<header>\n");
    sb.append("<div class=\"verdict\" style=\"background: ").append(SvgCanvas.hex(verdictColour()))
        .append("\"><b>").append(Xml.escape(verdictWord())).append("</b><span>")
        .append(Xml.escape(verdictLine())).append("</span></div>\n");
    sb.append("<h1>videosim comparison report</h1>\n<table class=\"summary\">\n");
    for (String[] row : headerRows()) {
      sb.append("<tr><th>").append(Xml.escape(row[0])).append("</th><td")
          .append(row[0].equals("Spec") ? " class=\"spec\"" : "").append(" id=\"summary-")
          .append(row[0].toLowerCase(Locale.ROOT).replace(' ', '-')).append("\">")
          .append(Xml.escape(row[1])).append("</td></tr>\n");
    }
    sb.append("</table>\n</header>\n");
    for (Figure f : figures) {
      SvgCanvas c = new SvgCanvas(CONTENT_WIDTH, f.height());
      f.paint(c);
      sb.append("<section id=\"section-").append(f.id()).append("\">\n<h2>").append(Xml.escape(f.title()))
          .append("</h2>\n").append(c.toSvg(f.id(), f.title())).append("\n</section>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  /** The same page drawn with Java2D, {@link #PAGE_WIDTH} pixels wide. */
  public BufferedImage image() {
    int height = MARGIN + headerHeight();
    for (Figure f : figures) {
      height += SECTION_TITLE + f.height() + SECTION_GAP;
    }
    height += MARGIN;
    BufferedImage img = new BufferedImage(PAGE_WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, PAGE_WIDTH, height);
      g.translate(MARGIN, MARGIN);
      GraphicsCanvas c = new GraphicsCanvas(g);
      paintHeader(c);
      g.translate(0, headerHeight());
      for (Figure f : figures) {
        c.text(0, 26, f.title(), 17, true, Palette.INK, Anchor.START);
        c.line(0, 33.5, CONTENT_WIDTH, 33.5, Palette.RULE, 1, 0);
        g.translate(0, SECTION_TITLE);
        f.paint(c);
        g.translate(0, f.height() + SECTION_GAP);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  // ------------------------------------------------------------------------------------------------ header

  private String verdictWord() {
    return d.score().verdict().toUpperCase(Locale.ROOT);
  }

  private String verdictLine() {
    Score s = d.score();
    if (!s.calibrated()) {
      return "raw similarity " + Score.digits(s.value()) + " (uncalibrated pipeline)";
    }
    return String.format(Locale.ROOT, "score %s %s threshold %.2f", Score.digits(s.value()),
        s.isMatch() ? "\u2265" : "<", s.threshold());
  }

  private Color verdictColour() {
    return d.score().calibrated() && d.score().isMatch() ? Palette.MATCH : Palette.NO_MATCH;
  }

  private List<String[]> headerRows() {
    Score s = d.score();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"A", side(d.a())});
    rows.add(new String[] {"B", side(d.b())});
    rows.add(new String[] {"Score", s.calibrated() ? String.format(Locale.ROOT, "%s: %s at threshold %.2f",
        Score.digits(s.value()), s.isMatch() ? "a copy" : "not a copy", s.threshold())
        : Score.digits(s.value()) + ": uncalibrated (the pipeline has no calibration; this is the raw similarity)"});
    rows.add(new String[] {"Raw similarity", String.format(Locale.ROOT,
        "%.4f (1 for identical fingerprints, about 0.5 for unrelated videos)", s.rawSimilarity())});
    StringBuilder segs = new StringBuilder();
    if (s.segments().isEmpty()) {
      segs.append("none");
    }
    for (int k = 0; k < s.segments().size(); k++) {
      segs.append(k == 0 ? "" : "; ").append(k + 1).append(": ").append(segmentText(s.segments().get(k)));
    }
    rows.add(new String[] {"Segments", segs.toString()});
    rows.add(new String[] {"Pipeline", d.pipelineSummary()});
    rows.add(new String[] {"Spec", d.pipelineSpec()});
    return rows;
  }

  private static String side(ReportData.Side v) {
    return String.format(Locale.ROOT, "%s (%.2f s, %d clips)", v.name(), v.duration(), v.clips().size());
  }

  static String segmentText(MatchedSegment m) {
    return String.format(Locale.ROOT, "A %.2f\u2013%.2f s \u2194 B %.2f\u2013%.2f s, similarity %.3f", m.startA(),
        m.endA(), m.startB(), m.endB(), m.similarity());
  }

  private int headerHeight() {
    double h = 58;
    for (String[] row : headerRows()) {
      h += headerRowLines(row).size() * (row[0].equals("Spec") ? 16 : ROW);
    }
    return (int) Math.ceil(h + 4);
  }

  private List<String> headerRowLines(String[] row) {
    double max = CONTENT_WIDTH - LABEL_WIDTH;
    if (row[0].equals("Spec")) {
      return Fonts.wrap(row[1], 12, false, max);
    }
    if (row[0].equals("A") || row[0].equals("B")) {
      return List.of(Fonts.fit(row[1], 14, false, max));
    }
    return Fonts.wrap(row[1], 14, false, max);
  }

  private void paintHeader(Canvas c) {
    c.text(0, 24, "videosim comparison report", 22, true, Palette.INK, Anchor.START);
    double bw = Math.max(Fonts.width(verdictLine(), 13, false), Fonts.width(verdictWord(), 18, true)) + 28;
    double bx = CONTENT_WIDTH - bw;
    c.rect(bx, 0, bw, 48, verdictColour(), null, 0);
    c.text(bx + bw / 2, 21, verdictWord(), 18, true, Color.WHITE, Anchor.MIDDLE);
    c.text(bx + bw / 2, 39, verdictLine(), 13, false, Color.WHITE, Anchor.MIDDLE);
    double y = 58;
    for (String[] row : headerRows()) {
      boolean spec = row[0].equals("Spec");
      double lh = spec ? 16 : ROW;
      c.text(0, y + 15, row[0], 14, true, Palette.MUTED, Anchor.START);
      for (String line : headerRowLines(row)) {
        c.text(LABEL_WIDTH, y + 15, line, spec ? 12 : 14, false, spec ? Palette.MUTED : Palette.INK, Anchor.START);
        y += lh;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ timelines

  /** A and B as two bars on their own time scales, the segments as coloured bands joined across. */
  private final class Timelines implements Figure {
    static final double X0 = 40;
    static final double X1 = CONTENT_WIDTH - 12;
    static final double A_TOP = 44;
    static final double A_BOTTOM = 68;
    static final double B_TOP = 148;
    static final double B_BOTTOM = 172;

    @Override
    public String id() {
      return "timelines";
    }

    @Override
    public String title() {
      return "Matched segments";
    }

    @Override
    public int height() {
      return 218;
    }

    double xa(double t) {
      return X0 + (X1 - X0) * Math.min(1, t / Math.max(d.a().duration(), 1e-9));
    }

    double xb(double t) {
      return X0 + (X1 - X0) * Math.min(1, t / Math.max(d.b().duration(), 1e-9));
    }

    @Override
    public void paint(Canvas c) {
      c.text(0, A_BOTTOM - 4, "A", 20, true, Palette.INK, Anchor.START);
      c.text(0, B_BOTTOM - 4, "B", 20, true, Palette.INK, Anchor.START);
      c.text(X0, 14, Fonts.fit(side(d.a()), 13, false, X1 - X0), 13, false, Palette.MUTED, Anchor.START);
      c.text(X0, 214, Fonts.fit(side(d.b()), 13, false, X1 - X0), 13, false, Palette.MUTED, Anchor.START);
      c.beginGroup("timeline timeline-a", "A: " + d.a().name());
      c.rect(X0, A_TOP, X1 - X0, A_BOTTOM - A_TOP, Palette.TRACK, null, 0);
      ticks(c, d.a().duration(), this::xa, A_TOP, -1);
      c.endGroup();
      c.beginGroup("timeline timeline-b", "B: " + d.b().name());
      c.rect(X0, B_TOP, X1 - X0, B_BOTTOM - B_TOP, Palette.TRACK, null, 0);
      ticks(c, d.b().duration(), this::xb, B_BOTTOM, 1);
      c.endGroup();
      List<MatchedSegment> segs = d.score().segments();
      for (int k = 0; k < segs.size(); k++) {
        MatchedSegment m = segs.get(k);
        Color col = Palette.segment(k);
        double a0 = xa(m.startA());
        double a1 = Math.max(xa(m.endA()), a0 + 1);
        double b0 = xb(m.startB());
        double b1 = Math.max(xb(m.endB()), b0 + 1);
        c.beginGroup("segment", "Segment " + (k + 1) + ": " + segmentText(m));
        c.polygon(new double[] {a0, a1, b1, b0}, new double[] {A_BOTTOM, A_BOTTOM, B_TOP, B_TOP},
            Palette.alpha(col, 0.28));
        c.rect(a0, A_TOP, a1 - a0, A_BOTTOM - A_TOP, col, null, 0);
        c.rect(b0, B_TOP, b1 - b0, B_BOTTOM - B_TOP, col, null, 0);
        String label = Integer.toString(k + 1);
        if (a1 - a0 > 16) {
          c.text((a0 + a1) / 2, A_BOTTOM - 7, label, 14, true, Color.WHITE, Anchor.MIDDLE);
        }
        if (b1 - b0 > 16) {
          c.text((b0 + b1) / 2, B_BOTTOM - 7, label, 14, true, Color.WHITE, Anchor.MIDDLE);
        }
        c.endGroup();
      }
      for (ReportData.Pair p : d.pairs()) {
        Color col = p.segment() < 0 ? Palette.MUTED : Palette.segment(p.segment()).darker();
        double xa = xa(p.timeA());
        double xb = xb(p.timeB());
        c.line(xa, A_BOTTOM, xb, B_TOP, col, 1.2, p.segment() < 0 ? 4 : 0);
        c.circle(xa, A_BOTTOM, 2.5, col, null, 0);
        c.circle(xb, B_TOP, 2.5, col, null, 0);
      }
      if (segs.isEmpty()) {
        String none = "no matched segment";
        double w = Fonts.width(none, 14, false) + 16;
        double mx = (X0 + X1) / 2;
        double my = (A_BOTTOM + B_TOP) / 2;
        c.rect(mx - w / 2, my - 12, w, 22, Color.WHITE, null, 0);
        c.text(mx, my + 5, none, 14, false, Palette.MUTED, Anchor.MIDDLE);
      }
    }
  }

  /** Tick marks and labels (seconds, or m:ss from two minutes) above (dir -1) or below (dir 1) a bar edge. */
  private static void ticks(Canvas c, double duration, java.util.function.DoubleUnaryOperator x, double edge,
      int dir) {
    double step = niceStep(duration, 12);
    for (int k = 0; k * step <= duration + 1e-9; k++) {
      double t = k * step;
      double px = x.applyAsDouble(t);
      c.line(px, edge, px, edge + dir * 5, Palette.MUTED, 1, 0);
      c.text(px, dir < 0 ? edge - 9 : edge + 18, timeLabel(t, step, duration), 11, false, Palette.MUTED,
          Anchor.MIDDLE);
    }
  }

  static double niceStep(double duration, int maxTicks) {
    double[] steps = {0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000};
    for (double s : steps) {
      if (duration / s <= maxTicks) {
        return s;
      }
    }
    return Math.ceil(duration / maxTicks / 36000) * 36000;
  }

  static String timeLabel(double t, double step, double duration) {
    if (duration >= 120) {
      long sec = Math.round(t);
      return sec >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60)
          : String.format(Locale.ROOT, "%d:%02d", sec / 60, sec % 60);
    }
    return step < 1 ? String.format(Locale.ROOT, "%.1f", t) : String.format(Locale.ROOT, "%.0f", t);
  }

  // ------------------------------------------------------------------------------------------------ frame pairs

  /** For each segment, a few pairs of frames (A beside B) at aligned times. */
  private final class Pairs implements Figure {
    static final double PAD = 6;
    static final double GAP = 6;
    static final double CARD_GAP = 14;
    static final double BLOCK_HEADER = 30;
    static final double BLOCK_GAP = 12;

    @Override
    public String id() {
      return "pairs";
    }

    @Override
    public String title() {
      return "Matched frames (A left, B right)";
    }

    double thumbHeight() {
      double h = 40;
      for (ReportData.Pair p : d.pairs()) {
        for (EmbeddedImage img : new EmbeddedImage[] {p.imageA(), p.imageB()}) {
          if (img != null) {
            h = Math.max(h, Math.min(thumbWidth, (double) thumbWidth * img.height() / img.width()));
          }
        }
      }
      return Math.ceil(h);
    }

    double cardWidth() {
      return 2 * thumbWidth + GAP + 2 * PAD;
    }

    double cardHeight() {
      return thumbHeight() + 2 * PAD + 36;
    }

    int perRow() {
      return Math.max(1, (int) ((CONTENT_WIDTH + CARD_GAP) / (cardWidth() + CARD_GAP)));
    }

    /** Pairs of each block: one block per segment, or one for the closest clips. */
    List<List<ReportData.Pair>> blocks() {
      List<List<ReportData.Pair>> blocks = new ArrayList<>();
      int segments = d.score().segments().size();
      for (int k = 0; k < Math.max(segments, 1); k++) {
        int seg = segments == 0 ? -1 : k;
        blocks.add(d.pairs().stream().filter(p -> p.segment() == seg).toList());
      }
      return blocks;
    }

    @Override
    public int height() {
      double h = 0;
      for (List<ReportData.Pair> block : blocks()) {
        int rows = Math.max(1, (block.size() + perRow() - 1) / perRow());
        h += BLOCK_HEADER + rows * (cardHeight() + CARD_GAP) - CARD_GAP + BLOCK_GAP;
      }
      return (int) Math.ceil(h);
    }

    @Override
    public void paint(Canvas c) {
      double y = 0;
      List<MatchedSegment> segs = d.score().segments();
      for (List<ReportData.Pair> block : blocks()) {
        int seg = block.isEmpty() ? (segs.isEmpty() ? -1 : 0) : block.get(0).segment();
        Color col = seg < 0 ? Palette.MUTED : Palette.segment(seg);
        if (seg < 0) {
          c.text(0, y + 18, "No matched segment. The most similar pair of clips, for comparison:", 14, false,
              Palette.MUTED, Anchor.START);
        } else {
          c.rect(0, y + 5, 16, 16, col, null, 0);
          c.text(8, y + 18, Integer.toString(seg + 1), 12, true, Color.WHITE, Anchor.MIDDLE);
          c.text(24, y + 18, "Segment " + (seg + 1) + ": " + segmentText(segs.get(seg)), 14, true, Palette.INK,
              Anchor.START);
        }
        y += BLOCK_HEADER;
        for (int q = 0; q < block.size(); q++) {
          double x = (q % perRow()) * (cardWidth() + CARD_GAP);
          double cy = y + (q / perRow()) * (cardHeight() + CARD_GAP);
          card(c, x, cy, block.get(q), col);
        }
        int rows = Math.max(1, (block.size() + perRow() - 1) / perRow());
        y += rows * (cardHeight() + CARD_GAP) - CARD_GAP + BLOCK_GAP;
      }
    }

    private void card(Canvas c, double x, double y, ReportData.Pair p, Color col) {
      double th = thumbHeight();
      String title = String.format(Locale.ROOT, "A %.2f s \u2194 B %.2f s, clip similarity %.3f", p.timeA(),
          p.timeB(), p.similarity());
      c.beginGroup(p.segment() < 0 ? "pair closest" : "pair", title);
      c.rect(x, y, cardWidth(), cardHeight(), new Color(0xf7f7f7), col, 2);
      thumb(c, x + PAD, y + PAD, th, p.imageA());
      thumb(c, x + PAD + thumbWidth + GAP, y + PAD, th, p.imageB());
      double cap = y + PAD + th + 15;
      c.text(x + PAD + thumbWidth / 2.0, cap, String.format(Locale.ROOT, "A %.2f s", p.timeA()), 13, true,
          Palette.INK, Anchor.MIDDLE);
      c.text(x + PAD + thumbWidth * 1.5 + GAP, cap, String.format(Locale.ROOT, "B %.2f s", p.timeB()), 13, true,
          Palette.INK, Anchor.MIDDLE);
      c.text(x + cardWidth() / 2, cap + 17, String.format(Locale.ROOT, "clip similarity %.2f", p.similarity()), 12,
          false, Palette.MUTED, Anchor.MIDDLE);
      c.endGroup();
    }

    private void thumb(Canvas c, double x, double y, double th, EmbeddedImage img) {
      c.rect(x, y, thumbWidth, th, new Color(0x202020), null, 0);
      if (img == null) {
        c.text(x + thumbWidth / 2.0, y + th / 2 + 5, "no frame", 12, false, Color.WHITE, Anchor.MIDDLE);
        return;
      }
      double scale = Math.min(thumbWidth / (double) img.width(), th / img.height());
      double w = img.width() * scale;
      double h = img.height() * scale;
      c.image(x + (thumbWidth - w) / 2, y + (th - h) / 2, w, h, img);
    }
  }

  // ------------------------------------------------------------------------------------------------ matrix

  /** The clip-to-clip similarity matrix as a heatmap, segments boxed, frame pairs circled, and how to read it. */
  private final class Matrix implements Figure {
    static final double LONG_SIDE = 560;
    static final double SHORT_MIN = 200;
    static final double PX = 58;
    static final double PY = 20;
    static final double TEXT_SIZE = 13;
    static final double TEXT_LINE = 19;

    final int pw;
    final int ph;
    final EmbeddedImage raster;

    Matrix() {
      int n = d.a().clips().size();
      int m = d.b().clips().size();
      if (n >= m) {
        pw = (int) LONG_SIDE;
        ph = (int) Math.max(SHORT_MIN, Math.round(LONG_SIDE * m / n));
      } else {
        ph = (int) LONG_SIDE;
        pw = (int) Math.max(SHORT_MIN, Math.round(LONG_SIDE * n / m));
      }
      raster = new EmbeddedImage(d.grid().toImage(pw, ph), true);
    }

    @Override
    public String id() {
      return "matrix";
    }

    @Override
    public String title() {
      return "Clip-to-clip similarity";
    }

    double barX() {
      return PX + pw + 18;
    }

    double textX() {
      return barX() + 62;
    }

    List<String> explanation() {
      int n = d.a().clips().size();
      int m = d.b().clips().size();
      List<String> paragraphs = new ArrayList<>();
      paragraphs.add(String.format(Locale.ROOT, "Each pixel compares a clip of A (across, %d clips) with a clip of B"
          + " (down, %d clips): the similarity of their codes, 1 \u2212 2 \u00d7 Hamming distance / %d bits. "
          + "Bright is similar.", n, m, d.bits()));
      paragraphs.add("A copy shows as a bright diagonal from top left to bottom right, made of blocks where a shot "
          + "changes little; its slope follows the copy's speed. Bright cells off the diagonal are look-alike "
          + "scenes.");
      paragraphs.add(String.format(Locale.ROOT, "Unrelated clips stay dark: two random %d-bit codes differ from 0 "
          + "by about \u00b1%.2f.", d.bits(), 1 / Math.sqrt(d.bits())));
      paragraphs.add("Boxes mark the matched segments (numbered as above); circles mark the frame pairs shown above.");
      if (d.grid().cols() < n || d.grid().rows() < m) {
        paragraphs.add(String.format(Locale.ROOT, "The matrix has %d \u00d7 %d cells; each cell shown holds the "
            + "largest similarity of up to %d \u00d7 %d clip pairs.", n, m, (n + d.grid().cols() - 1)
            / d.grid().cols(), (m + d.grid().rows() - 1) / d.grid().rows()));
      }
      List<String> lines = new ArrayList<>();
      for (String p : paragraphs) {
        lines.addAll(Fonts.wrap(p, TEXT_SIZE, false, CONTENT_WIDTH - textX()));
        lines.add("");
      }
      return lines;
    }

    @Override
    public int height() {
      return (int) Math.ceil(Math.max(PY + ph + 46, explanation().size() * TEXT_LINE + 10));
    }

    /** Continuous position of time t among the clips, in clip units (clip k spans [k, k + 1)). */
    double pos(List<Clip> clips, double t) {
      int lo = 0;
      int hi = clips.size() - 1;
      while (lo < hi) { // last clip starting at or before t
        int mid = (lo + hi + 1) >>> 1;
        if (clips.get(mid).start() <= t + 1e-9) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      Clip k = clips.get(lo);
      double len = k.end() - k.start();
      return lo + (len <= 0 ? 0 : Math.max(0, Math.min(1, (t - k.start()) / len)));
    }

    double x(double t) {
      return PX + pw * pos(d.a().clips(), t) / d.a().clips().size();
    }

    double y(double t) {
      return PY + ph * pos(d.b().clips(), t) / d.b().clips().size();
    }

    double xClip(int i) {
      return PX + pw * (i + 0.5) / d.a().clips().size();
    }

    double yClip(int j) {
      return PY + ph * (j + 0.5) / d.b().clips().size();
    }

    @Override
    public void paint(Canvas c) {
      c.beginGroup("heatmap", "clip-to-clip similarity, A across, B down");
      c.image(PX, PY, pw, ph, raster);
      c.rect(PX, PY, pw, ph, null, Palette.MUTED, 1);
      c.endGroup();
      // axes
      double da = d.a().duration();
      double db = d.b().duration();
      double sa = niceStep(da, Math.max(2, pw / 70));
      for (int k = 0; k * sa <= da + 1e-9; k++) {
        double px = x(k * sa);
        c.line(px, PY + ph, px, PY + ph + 5, Palette.MUTED, 1, 0);
        c.text(px, PY + ph + 18, timeLabel(k * sa, sa, da), 11, false, Palette.MUTED, Anchor.MIDDLE);
      }
      double sb = niceStep(db, Math.max(2, ph / 40));
      for (int k = 0; k * sb <= db + 1e-9; k++) {
        double py = y(k * sb);
        c.line(PX - 5, py, PX, py, Palette.MUTED, 1, 0);
        c.text(PX - 8, py + 4, timeLabel(k * sb, sb, db), 11, false, Palette.MUTED, Anchor.END);
      }
      c.text(PX + pw / 2.0, PY + ph + 38, Fonts.fit("A: " + d.a().name() + ", time (s)", 13, true,
          Math.max(pw, 340)), 13, true, Palette.INK, Anchor.MIDDLE);
      c.verticalText(10, PY + ph / 2.0, Fonts.fit("B: " + d.b().name() + ", time (s)", 13, true, ph), 13, true,
          Palette.INK);
      // segments and pairs
      List<MatchedSegment> segs = d.score().segments();
      for (int k = 0; k < segs.size(); k++) {
        MatchedSegment s = segs.get(k);
        Color col = Palette.segment(k);
        double x0 = x(s.startA());
        double x1 = Math.max(x(s.endA()), x0 + 2);
        double y0 = y(s.startB());
        double y1 = Math.max(y(s.endB()), y0 + 2);
        c.beginGroup("segment-box", "Segment " + (k + 1) + ": " + segmentText(s));
        c.rect(x0, y0, x1 - x0, y1 - y0, null, Color.WHITE, 4);
        c.rect(x0, y0, x1 - x0, y1 - y0, null, col, 2);
        // the number sits just above the box (above the plot when the box touches its top), not over the cells
        double by = Math.max(PY - 17, y0 - 17);
        c.rect(x0 - 1, by, 16, 16, col, null, 0);
        c.text(x0 + 7, by + 12.5, Integer.toString(k + 1), 12, true, Color.WHITE, Anchor.MIDDLE);
        c.endGroup();
      }
      for (ReportData.Pair p : d.pairs()) {
        Color col = p.segment() < 0 ? Color.WHITE : Palette.segment(p.segment());
        double cx = xClip(p.i());
        double cy = yClip(p.j());
        c.circle(cx, cy, 5, null, Color.WHITE, 3.5);
        c.circle(cx, cy, 5, null, col, 1.8);
      }
      // colour bar
      BufferedImage bar = new BufferedImage(1, 256, BufferedImage.TYPE_INT_RGB);
      for (int k = 0; k < 256; k++) {
        bar.setRGB(0, k, Palette.similarityRgb(1 - k / 255.0));
      }
      double bx = barX();
      double bh = Math.min(ph, 240);
      c.image(bx, PY, 14, bh, new EmbeddedImage(bar, true));
      c.rect(bx, PY, 14, bh, null, Palette.MUTED, 1);
      String[] labels = {"1", "0.5", "\u2264 0"};
      for (int k = 0; k < 3; k++) {
        double ly = PY + bh * k / 2.0;
        c.line(bx + 14, ly, bx + 18, ly, Palette.MUTED, 1, 0);
        c.text(bx + 21, ly + 4, labels[k], 11, false, Palette.MUTED, Anchor.START);
      }
      // how to read it
      double ty = PY + 4;
      for (String line : explanation()) {
        if (!line.isEmpty()) {
          c.text(textX(), ty, line, TEXT_SIZE, false, Palette.INK, Anchor.START);
        }
        ty += line.isEmpty() ? TEXT_LINE / 2 : TEXT_LINE;
      }
    }
  }
}
