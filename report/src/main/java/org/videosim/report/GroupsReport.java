package org.videosim.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.VideoSimilarityException;
import org.videosim.dedup.DedupResult;
import org.videosim.dedup.Span;
import org.videosim.dedup.VersionGroup;
import org.videosim.report.internal.EmbeddedImage;
import org.videosim.report.internal.FrameGrabber;
import org.videosim.report.internal.GroupsPage;

/**
 * The HTML page of a dedup run's version groups ({@code videosim dedup --report groups.html}): per group, each member
 * with a thumbnail taken from the middle of the content it shares, its relation to the representative and its score,
 * and its duration as a bar with the matched spans. Self-contained (inline SVG, images as {@code data:} URIs, no
 * script), in the style of {@link ComparisonReport}. Groups with most versions come first; single videos are counted
 * but not drawn.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupsReport {
  private static final Logger LOG = LoggerFactory.getLogger(GroupsReport.class);

  private final VideoSimilarity similarity;
  private final int maxGroups;

  private GroupsReport(Builder b) {
    this.similarity = b.similarity;
    this.maxGroups = b.maxGroups;
  }

  /** A builder for pages of groups made with this pipeline (its frame source decodes the thumbnails). */
  public static Builder builder(VideoSimilarity similarity) {
    return new Builder(Objects.requireNonNull(similarity, "similarity"));
  }

  /**
   * The page as XHTML.
   *
   * @param files the file of each video id, for the thumbnails (a video without one gets a grey box)
   */
  public String html(DedupResult result, Map<String, Path> files) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(files, "files");
    List<VersionGroup> shown = new ArrayList<>();
    for (VersionGroup g : result.groups()) {
      if (g.size() > 1) {
        shown.add(g);
      }
    }
    shown.sort(Comparator.comparingInt((VersionGroup g) -> -g.size()).thenComparing(VersionGroup::id));
    if (shown.size() > maxGroups) {
      shown = new ArrayList<>(shown.subList(0, maxGroups));
    }
    Map<String, Double> durations = new HashMap<>();
    Map<String, List<double[]>> wanted = new HashMap<>(); // video -> times
    Map<String, List<String>> keys = new HashMap<>();
    for (VersionGroup g : shown) {
      for (VersionGroup.Member m : g.members()) {
        Span s = m.spans().get(0);
        double d = result.durationOf(m.videoId());
        durations.put(m.videoId(), Double.isNaN(d) ? s.end() : d);
        wanted.computeIfAbsent(m.videoId(), k -> new ArrayList<>()).add(new double[] {(s.start() + s.end()) / 2});
        keys.computeIfAbsent(m.videoId(), k -> new ArrayList<>()).add(g.id() + "\n" + m.videoId());
      }
    }
    Map<String, EmbeddedImage> thumbs = new HashMap<>();
    for (Map.Entry<String, List<double[]>> e : wanted.entrySet()) {
      Path file = files.get(e.getKey());
      if (file == null) {
        continue;
      }
      double[] times = e.getValue().stream().mapToDouble(t -> t[0]).toArray();
      try {
        FrameGrabber.Grabbed[] got = FrameGrabber.grab(similarity.frameSource(), VideoInput.of(file),
            similarity.sampleRate(), 192, times);
        for (int k = 0; k < got.length; k++) {
          if (got[k] != null) {
            thumbs.put(keys.get(e.getKey()).get(k), new EmbeddedImage(got[k].image(), false));
          }
        }
      } catch (VideoSimilarityException ex) {
        LOG.warn("no thumbnail of {}: {}", file, ex.getMessage());
      }
    }
    return GroupsPage.html(result, shown, durations, thumbs, similarity.spec().toString());
  }

  /**
   * Writes the page.
   *
   * @throws ReportException if the file cannot be written
   */
  public void write(DedupResult result, Map<String, Path> files, Path out) {
    String html = html(result, files);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, html, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new ReportException("cannot write '" + out + "': " + e.getMessage(), e);
    }
  }

  /** Builder of {@link GroupsReport}; not thread-safe. */
  public static final class Builder {
    private final VideoSimilarity similarity;
    private int maxGroups = 500;

    private Builder(VideoSimilarity similarity) {
      this.similarity = similarity;
    }

    /** Most groups drawn, those with most versions (default 500). */
    public Builder maxGroups(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxGroups must be positive: " + n);
      }
      this.maxGroups = n;
      return this;
    }

    /** The report writer with these settings. */
    public GroupsReport build() {
      return new GroupsReport(this);
    }
  }
}
