package org.videosim.dedup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;
import org.videosim.MatchedSegment;
import org.videosim.VideoSimilarityException;
import org.videosim.internal.Tsv;

/**
 * The version groups of a corpus: each group with its members, and per video how many versions of it exist.
 * Immutable and thread-safe.
 */
public final class DedupResult {
  /** The header of {@link #writeTsv}. */
  public static final String TSV_HEADER = "video\tgroup\tversions\trelation\tscore";

  private final List<VersionGroup> groups;
  private final List<String> videos;
  private final Map<String, Double> durations;
  private final Map<String, List<String>> groupsOf = new HashMap<>();
  private final Map<String, Integer> versions = new HashMap<>();
  private final Map<String, String> failures;
  private final Stats stats;

  /**
   * Run figures.
   *
   * @param videos videos grouped
   * @param clips their clips
   * @param radius Hamming radius of a clip hit
   * @param fromStore fingerprints taken from the store
   * @param fingerprinted fingerprints made in this run
   * @param candidatePairs pairs verified by the matcher
   * @param matchedPairs pairs that gave at least one link
   * @param links links (matched segments) between pieces of content
   * @param fingerprintSeconds wall time of each stage, seconds
   * @param candidateSeconds see above
   * @param verifySeconds see above
   * @param groupSeconds see above
   */
  public record Stats(int videos, long clips, int radius, int fromStore, int fingerprinted, long candidatePairs,
      long matchedPairs, long links, double fingerprintSeconds, double candidateSeconds, double verifySeconds,
      double groupSeconds) {}

  /**
   * @param groups the groups (sorted here by id)
   * @param videos every video grouped, with its duration in seconds
   * @param failures files that could not be read, with the reason
   * @param stats run figures
   */
  public DedupResult(List<VersionGroup> groups, Map<String, Double> videos, Map<String, String> failures,
      Stats stats) {
    List<VersionGroup> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparing(VersionGroup::id));
    this.groups = List.copyOf(sorted);
    this.videos = List.copyOf(new java.util.TreeSet<>(videos.keySet()));
    this.durations = Map.copyOf(videos);
    this.failures = Map.copyOf(new TreeMap<>(failures));
    this.stats = Objects.requireNonNull(stats, "stats");
    // per video: the union of its groups' members (video ordinals in RoaringBitmaps)
    Map<String, Integer> ordinal = new HashMap<>();
    for (String v : this.videos) {
      ordinal.put(v, ordinal.size());
    }
    RoaringBitmap[] members = new RoaringBitmap[this.groups.size()];
    Map<String, List<Integer>> of = new HashMap<>();
    for (int g = 0; g < this.groups.size(); g++) {
      members[g] = new RoaringBitmap();
      for (VersionGroup.Member m : this.groups.get(g).members()) {
        members[g].add(ordinal.get(m.videoId()));
        of.computeIfAbsent(m.videoId(), k -> new ArrayList<>()).add(g);
      }
    }
    for (Map.Entry<String, List<Integer>> e : of.entrySet()) {
      RoaringBitmap all = new RoaringBitmap();
      List<String> ids = new ArrayList<>();
      for (int g : e.getValue()) {
        all.or(members[g]);
        ids.add(this.groups.get(g).id());
      }
      groupsOf.put(e.getKey(), List.copyOf(ids));
      versions.put(e.getKey(), all.getCardinality() - 1);
    }
  }

  /** The groups, sorted by id. */
  public List<VersionGroup> groups() {
    return groups;
  }

  /** Every video grouped, sorted. */
  public List<String> videos() {
    return videos;
  }

  /** Duration in seconds of a grouped video (of what was decoded); NaN for an unknown id. */
  public double durationOf(String videoId) {
    return durations.getOrDefault(videoId, Double.NaN);
  }

  /** Ids of the groups a video belongs to (one at least for every grouped video). */
  public List<String> groupsOf(String videoId) {
    return groupsOf.getOrDefault(videoId, List.of());
  }

  /** How many other videos share content with this one: the members of all its groups, itself not counted. */
  public int versionsOf(String videoId) {
    return versions.getOrDefault(videoId, 0);
  }

  /** Files that could not be read, with the reason. */
  public Map<String, String> failures() {
    return failures;
  }

  /** Counts of the run: videos, candidates, verified pairs, groups. */
  public Stats stats() {
    return stats;
  }

  /**
   * Writes the groups as a table: {@value #TSV_HEADER}, one row per (video, group) membership, groups by id, the
   * representative first; {@code versions} is the group's member count, {@code score} the matcher's score against
   * the representative.
   */
  public void writeTsv(Writer out) throws IOException {
    out.write(TSV_HEADER + "\n");
    for (VersionGroup g : groups) {
      for (VersionGroup.Member m : g.members()) {
        out.write(tsvRow(m.videoId(), g.id(), g.size(), m.relation(), m.score().value()));
      }
    }
    out.flush();
  }

  /**
   * One row of the table, with its line end: the single place that formats it (the Spark job uses it too). Ids are
   * written as {@link Tsv#field}s: a tab or newline in a file name stays in its row, escaped.
   */
  public static String tsvRow(String video, String group, int versions, Relation relation, double score) {
    return String.format(Locale.ROOT, "%s\t%s\t%d\t%s\t%.6f%n", Tsv.field(video), Tsv.field(group), versions,
        relation.label(), score);
  }

  /** {@link #writeTsv(Writer)} to a file. */
  public void writeTsv(Path file) {
    write(file, this::writeTsv);
  }

  /** {@link #writeJson(Writer)} to a file. */
  public void writeJson(Path file) {
    write(file, this::writeJson);
  }

  private interface Body {
    void write(Writer w) throws IOException;
  }

  private static void write(Path file, Body body) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        body.write(w);
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot write '" + file + "': " + e, e);
    }
  }

  /**
   * Writes everything as JSON: {@code groups} (id, representative, versions, members with relation, score,
   * segments against the representative and the spans that hold the content), {@code videos} (per video: its
   * versions and groups), {@code failures} and {@code stats}.
   */
  public void writeJson(Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"groups\": [");
    for (int g = 0; g < groups.size(); g++) {
      VersionGroup vg = groups.get(g);
      sb.append(g == 0 ? "\n" : ",\n").append("    {\"id\": ").append(str(vg.id())).append(", \"representative\": ")
          .append(str(vg.representative())).append(", \"versions\": ").append(vg.size()).append(", \"members\": [");
      for (int k = 0; k < vg.members().size(); k++) {
        VersionGroup.Member m = vg.members().get(k);
        sb.append(k == 0 ? "\n" : ",\n").append("      {\"video\": ").append(str(m.videoId()))
            .append(", \"relation\": ").append(str(m.relation().label())).append(", \"score\": ")
            .append(num(m.score().value())).append(", \"segments\": [");
        List<MatchedSegment> segs = m.score().segments();
        for (int q = 0; q < segs.size(); q++) {
          MatchedSegment s = segs.get(q);
          sb.append(q == 0 ? "" : ", ").append("{\"representativeStart\": ").append(num(s.startA()))
              .append(", \"representativeEnd\": ").append(num(s.endA())).append(", \"start\": ").append(num(s.startB()))
              .append(", \"end\": ").append(num(s.endB())).append(", \"similarity\": ").append(num(s.similarity()))
              .append("}");
        }
        sb.append("], \"spans\": [");
        for (int q = 0; q < m.spans().size(); q++) {
          Span s = m.spans().get(q);
          sb.append(q == 0 ? "" : ", ").append("{\"view\": ").append(s.view()).append(", \"start\": ")
              .append(num(s.start())).append(", \"end\": ").append(num(s.end())).append("}");
        }
        sb.append("]}");
      }
      sb.append("\n    ]}");
    }
    sb.append("\n  ],\n  \"videos\": {");
    for (int v = 0; v < videos.size(); v++) {
      String id = videos.get(v);
      sb.append(v == 0 ? "\n" : ",\n").append("    ").append(str(id)).append(": {\"versions\": ")
          .append(versionsOf(id)).append(", \"groups\": [");
      List<String> gs = groupsOf(id);
      for (int q = 0; q < gs.size(); q++) {
        sb.append(q == 0 ? "" : ", ").append(str(gs.get(q)));
      }
      sb.append("]}");
    }
    sb.append("\n  },\n  \"failures\": {");
    int f = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(failures).entrySet()) {
      sb.append(f++ == 0 ? "\n" : ",\n").append("    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
    }
    sb.append("\n  },\n  \"stats\": {\"videos\": ").append(stats.videos()).append(", \"clips\": ")
        .append(stats.clips()).append(", \"radius\": ").append(stats.radius()).append(", \"fromStore\": ")
        .append(stats.fromStore()).append(", \"fingerprinted\": ").append(stats.fingerprinted())
        .append(", \"candidatePairs\": ").append(stats.candidatePairs()).append(", \"matchedPairs\": ")
        .append(stats.matchedPairs()).append(", \"links\": ").append(stats.links()).append(", \"groups\": ")
        .append(groups.size()).append("}\n}\n");
    out.write(sb.toString());
    out.flush();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
