package org.videosim.report.internal;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Span;
import org.videosim.dedup.VersionGroup;
import org.videosim.report.internal.Canvas.Anchor;

/**
 * The page of a dedup run's version groups, in the comparison report's style: a summary, then one section per group
 * (most versions first) with a row per member: its thumbnail, id, relation and score, and its duration as a bar with
 * the spans that hold the group's content.
 */
public final class GroupsPage {
  private static final int ROW = 64;
  private static final double BAR_X = 420;
  private static final double BAR_W = ReportPage.CONTENT_WIDTH - BAR_X - 10;

  private GroupsPage() {}

  /**
   * The XHTML page.
   *
   * @param groups the groups to show, in order
   * @param durations each member's duration in seconds
   * @param thumbs a thumbnail per (group id, member id) key {@code group + "\n" + member}; missing ones are grey
   * @param pipeline the pipeline summary
   */
  public static String html(DedupResult result, List<VersionGroup> groups, Map<String, Double> durations,
      Map<String, EmbeddedImage> thumbs, String pipeline) {
    StringBuilder sb = new StringBuilder(1 << 16);
    sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"videosim\"/>\n<title>videosim: ")
        .append("version groups</title>\n<style>\n")
        .append("body { font-family: ").append(SvgCanvas.FONT_FAMILY).append("; color: #222; background: #fff;")
        .append(" margin: ").append(ReportPage.MARGIN).append("px; width: ").append(ReportPage.CONTENT_WIDTH)
        .append("px; }\n")
        .append("h1 { font-size: 22px; margin: 0 0 14px 0; }\n")
        .append("h2 { font-size: 17px; margin: 18px 0 10px 0; padding-bottom: 4px; border-bottom: 1px solid #ccc; }\n")
        .append("table.summary { border-collapse: collapse; font-size: 14px; }\n")
        .append("table.summary th { text-align: left; color: #666; padding: 2px 12px 2px 0; vertical-align: top; }\n")
        .append("table.summary td { padding: 2px 0; vertical-align: top; }\n")
        .append("svg { display: block; }\n</style>\n</head>\n<body>\n<header>\n<h1>videosim version groups</h1>\n")
        .append("<table class=\"summary\">\n");
    DedupResult.Stats s = result.stats();
    long multi = result.groups().stream().filter(g -> g.size() > 1).count();
    String[][] rows = {
      {"Videos", s.videos() + (result.failures().isEmpty() ? "" : " (" + result.failures().size() + " unreadable)")},
      {"Groups", result.groups().size() + ", " + multi + " with several versions" + (groups.size()
          < result.groups().size() ? "; " + groups.size() + " shown" : "")},
      {"Candidates", String.format(Locale.ROOT, "%d pairs verified (radius %d), %d matched", s.candidatePairs(),
          s.radius(), s.matchedPairs())},
      {"Pipeline", pipeline}
    };
    for (String[] r : rows) {
      sb.append("<tr><th>").append(Xml.escape(r[0])).append("</th><td>").append(Xml.escape(r[1]))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n</header>\n");
    for (VersionGroup g : groups) {
      int height = ROW * g.size() + 30;
      SvgCanvas c = new SvgCanvas(ReportPage.CONTENT_WIDTH, height);
      paint(c, g, durations, thumbs);
      String title = String.format(Locale.ROOT, "%s: %d version%s, representative %s", g.id(), g.size(),
          g.size() == 1 ? "" : "s", g.representative());
      sb.append("<section class=\"group\" id=\"group-").append(Xml.escape(g.id().replaceAll("[^A-Za-z0-9_.-]", "_")))
          .append("\">\n<h2>").append(Xml.escape(title)).append("</h2>\n").append(c.toSvg("g", title))
          .append("\n</section>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void paint(Canvas c, VersionGroup g, Map<String, Double> durations,
      Map<String, EmbeddedImage> thumbs) {
    double maxDur = 1e-9;
    for (VersionGroup.Member m : g.members()) {
      maxDur = Math.max(maxDur, durations.getOrDefault(m.videoId(), 0.0));
    }
    double y = 0;
    for (VersionGroup.Member m : g.members()) {
      c.beginGroup("member", m.videoId() + ": " + m.relation().label());
      EmbeddedImage img = thumbs.get(g.id() + "\n" + m.videoId());
      c.rect(0, y + 4, 96, 54, new Color(0x202020), null, 0);
      if (img != null) {
        double scale = Math.min(96.0 / img.width(), 54.0 / img.height());
        double w = img.width() * scale;
        double h = img.height() * scale;
        c.image((96 - w) / 2, y + 4 + (54 - h) / 2, w, h, img);
      }
      c.text(108, y + 24, Fonts.fit(m.videoId(), 14, true, 300), 14, true, Palette.INK, Anchor.START);
      String line = m.relation() == org.videosim.dedup.Relation.REPRESENTATIVE ? "representative"
          : String.format(Locale.ROOT, "%s, score %.4f", m.relation().label(), m.score().value());
      c.text(108, y + 44, line, 13, false, Palette.MUTED, Anchor.START);
      double dur = durations.getOrDefault(m.videoId(), 0.0);
      double w = BAR_W * dur / maxDur;
      c.rect(BAR_X, y + 18, Math.max(w, 1), 22, Palette.TRACK, null, 0);
      for (int k = 0; k < m.spans().size(); k++) {
        Span s = m.spans().get(k);
        double x0 = BAR_X + BAR_W * s.start() / maxDur;
        double x1 = Math.max(BAR_X + BAR_W * s.end() / maxDur, x0 + 2);
        c.rect(x0, y + 18, x1 - x0, 22, Palette.segment(s.view()), null, 0);
        if (x1 - x0 > 90) {
          c.text((x0 + x1) / 2, y + 34, String.format(Locale.ROOT, "%.1f\u2013%.1f s%s", s.start(), s.end(),
              s.view() == 0 ? "" : " (view " + s.view() + ")"), 12, true, Color.WHITE, Anchor.MIDDLE);
        }
      }
      c.text(BAR_X + Math.max(w, 1) + 4, y + 34, ReportPage.timeLabel(dur, 1, dur) + " s", 11, false,
          Palette.MUTED, Anchor.START);
      c.endGroup();
      y += ROW;
    }
    c.text(BAR_X, y + 16, "bars: each video's duration on one scale; coloured: the spans that hold this group's "
        + "content (colour by view)", 12, false, Palette.MUTED, Anchor.START);
  }
}
