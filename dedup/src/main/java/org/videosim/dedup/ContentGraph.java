package org.videosim.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Version groups centred on content: the connected components of a graph whose nodes are pieces of content
 * (video, view, time span) and whose edges are verified matches ({@link Link}s).
 *
 * <ol>
 *   <li><b>Spans of one video and view join</b> where they overlap by at least half of the shorter one
 *       ({@link #joins}): the same footage seen through two matches. Spans that merely touch (a compilation's
 *       pieces, whose alignments overshoot a clip at the cut) stay apart, and so do different views (a
 *       picture-in-picture inset and the video around it).
 *   <li><b>A span that covers several pieces that do not join</b> (a whole copy of a compilation covers the pieces
 *       that its sources matched) is cut between those pieces ({@link #cuts}), and the cut is carried to the other
 *       side of its link by the link's time mapping; this repeats until nothing is cut (at most
 *       {@value #MAX_ROUNDS} rounds). Without it a re-upload of a compilation would join the groups of its sources.
 *   <li><b>Groups</b> are the connected components of the nodes (a node is the union of a video's joined spans in
 *       one view) under the links. A video belongs to every group that one of its nodes belongs to.
 * </ol>
 *
 * <p>The per-video steps ({@link #clusters}, {@link #cuts}, {@link #cut}) are public so that a distributed job
 * (the {@code videosim-spark} module) runs exactly the same rules. Stateless and thread-safe.
 */
public final class ContentGraph {
  private static final Logger LOG = LoggerFactory.getLogger(ContentGraph.class);
  /** Spans of one video and view join when they share at least this share of the shorter one. */
  public static final double JOIN_FRACTION = 0.5;
  /** Most rounds of cutting. */
  public static final int MAX_ROUNDS = 8;
  /** Cuts closer than this to a span's end are not made, seconds. */
  private static final double MIN_PIECE = 0.25;

  private ContentGraph() {}

  /** True when two spans of the same video and view show the same footage: see the class comment. */
  public static boolean joins(Span s, Span t) {
    double shorter = Math.min(s.duration(), t.duration());
    double overlap = s.overlap(t);
    return shorter <= 0 ? overlap > 0 || s.start() == t.start() : overlap >= JOIN_FRACTION * shorter;
  }

  /**
   * Local clusters of spans of one video and view: connected components of {@link #joins}.
   *
   * @return the cluster of each span, numbered from 0 in order of the clusters' first span (by start, then end)
   */
  public static int[] clusters(List<Span> spans) {
    int n = spans.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> spans.get(i).start())
        .thenComparingDouble(i -> spans.get(i).end()).thenComparingInt(i -> i));
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int x = 0; x < n; x++) {
      Span s = spans.get(order[x]);
      for (int y = x + 1; y < n && spans.get(order[y]).start() <= s.end(); y++) {
        if (joins(s, spans.get(order[y]))) {
          union(parent, order[x], order[y]);
        }
      }
    }
    int[] out = new int[n];
    Map<Integer, Integer> number = new HashMap<>();
    for (int x = 0; x < n; x++) {
      int root = find(parent, order[x]);
      out[order[x]] = number.computeIfAbsent(root, r -> number.size());
    }
    return out;
  }

  /**
   * Where each span of one video and view must be cut: between the pieces of content it covers that do not join
   * one another. A span T lies within S when it is shorter and at least half of it overlaps S; when the spans within
   * S form two or more {@link #clusters}, S is cut half-way between consecutive clusters (ordered by start).
   *
   * @return for each span, its cut times in increasing order (most arrays empty)
   */
  public static double[][] cuts(List<Span> spans) {
    int n = spans.size();
    double[][] out = new double[n][];
    List<Span> inside = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Span s = spans.get(i);
      inside.clear();
      for (int j = 0; j < n; j++) {
        Span t = spans.get(j);
        if (j != i && t.duration() < s.duration() && s.overlap(t) >= JOIN_FRACTION * t.duration()
            && t.duration() > 0) {
          inside.add(t);
        }
      }
      out[i] = inside.size() < 2 ? new double[0] : cutsWithin(s, inside);
    }
    return out;
  }

  private static double[] cutsWithin(Span s, List<Span> inside) {
    int[] cluster = clusters(inside);
    int k = Arrays.stream(cluster).max().orElse(-1) + 1;
    if (k < 2) {
      return new double[0];
    }
    double[] lo = new double[k];
    double[] hi = new double[k];
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (int t = 0; t < inside.size(); t++) {
      lo[cluster[t]] = Math.min(lo[cluster[t]], inside.get(t).start());
      hi[cluster[t]] = Math.max(hi[cluster[t]], inside.get(t).end());
    }
    // clusters are numbered in order of their first span's start
    double[] cuts = new double[k - 1];
    int c = 0;
    double last = s.start();
    for (int q = 0; q + 1 < k; q++) {
      double cut = (hi[q] + lo[q + 1]) / 2;
      if (cut > last + MIN_PIECE && cut < s.end() - MIN_PIECE) {
        cuts[c++] = cut;
        last = cut;
      }
    }
    return Arrays.copyOf(cuts, c);
  }

  /**
   * Cuts a link at times of its {@code a} side and of its {@code b} side (each carried to the other side by the
   * link's time mapping).
   *
   * @return the pieces in time order; the link itself when there is no cut
   */
  public static List<Link> cut(Link link, double[] cutsA, double[] cutsB) {
    if (cutsA.length == 0 && cutsB.length == 0) {
      return List.of(link);
    }
    double[] at = new double[cutsA.length + cutsB.length];
    int n = 0;
    for (double t : cutsA) {
      at[n++] = t;
    }
    for (double t : cutsB) {
      at[n++] = link.toA(t);
    }
    Arrays.sort(at);
    List<Link> pieces = new ArrayList<>();
    Span a = link.a();
    Span b = link.b();
    double from = a.start();
    for (double t : at) {
      if (t > from + MIN_PIECE && t < a.end() - MIN_PIECE) {
        pieces.add(piece(link, from, t));
        from = t;
      }
    }
    pieces.add(piece(link, from, a.end()));
    return pieces;
  }

  private static Link piece(Link link, double a0, double a1) {
    Span a = link.a();
    Span b = link.b();
    double b0 = Math.max(b.start(), Math.min(b.end(), link.toB(a0)));
    double b1 = Math.max(b0, Math.min(b.end(), link.toB(a1)));
    return new Link(new Span(a.videoId(), a.view(), a0, a1), new Span(b.videoId(), b.view(), b0, b1),
        link.similarity());
  }

  /** The key of a span's video and view, used to collect the spans of one video and view. */
  public static String viewKey(Span s) {
    return s.videoId() + "\u0000" + s.view();
  }

  /** Cuts links until no span covers pieces that do not join (see the class comment). */
  public static List<Link> cutAll(Collection<Link> links) {
    List<Link> current = new ArrayList<>(links);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<String, List<int[]>> ends = new LinkedHashMap<>(); // view key -> {link, side}
      for (int i = 0; i < current.size(); i++) {
        ends.computeIfAbsent(viewKey(current.get(i).a()), k -> new ArrayList<>()).add(new int[] {i, 0});
        ends.computeIfAbsent(viewKey(current.get(i).b()), k -> new ArrayList<>()).add(new int[] {i, 1});
      }
      double[][][] cuts = new double[current.size()][2][];
      boolean any = false;
      for (List<int[]> e : ends.values()) {
        List<Span> spans = new ArrayList<>(e.size());
        for (int[] x : e) {
          spans.add(x[1] == 0 ? current.get(x[0]).a() : current.get(x[0]).b());
        }
        double[][] c = cuts(spans);
        for (int k = 0; k < e.size(); k++) {
          cuts[e.get(k)[0]][e.get(k)[1]] = c[k];
          any |= c[k].length > 0;
        }
      }
      if (!any) {
        return current;
      }
      List<Link> next = new ArrayList<>();
      for (int i = 0; i < current.size(); i++) {
        next.addAll(cut(current.get(i), cuts[i][0], cuts[i][1]));
      }
      current = next;
    }
    LOG.warn("content graph: spans were still being cut after {} rounds; grouping as they are", MAX_ROUNDS);
    return current;
  }

  /**
   * The version groups of a set of verified matches, on one machine.
   *
   * @param links verified matches; a video without one is in no group here (the caller gives it its own)
   * @return the groups, each with its nodes (one per joined piece of content, sorted by video, view, start) and its
   *     links (after cutting); groups ordered by their first node
   */
  public static List<Group> groups(Collection<Link> links) {
    Objects.requireNonNull(links, "links");
    List<Link> cut = cutAll(links);
    // nodes: local clusters per video and view
    Map<String, List<int[]>> ends = new LinkedHashMap<>();
    for (int i = 0; i < cut.size(); i++) {
      ends.computeIfAbsent(viewKey(cut.get(i).a()), k -> new ArrayList<>()).add(new int[] {i, 0});
      ends.computeIfAbsent(viewKey(cut.get(i).b()), k -> new ArrayList<>()).add(new int[] {i, 1});
    }
    int[][] nodeOf = new int[cut.size()][2];
    List<double[]> extent = new ArrayList<>();
    List<Span> nodeSpan = new ArrayList<>();
    for (List<int[]> e : ends.values()) {
      List<Span> spans = new ArrayList<>(e.size());
      for (int[] x : e) {
        spans.add(x[1] == 0 ? cut.get(x[0]).a() : cut.get(x[0]).b());
      }
      int[] cl = clusters(spans);
      int base = extent.size();
      int k = Arrays.stream(cl).max().orElse(-1) + 1;
      for (int q = 0; q < k; q++) {
        extent.add(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        nodeSpan.add(spans.get(0));
      }
      for (int t = 0; t < spans.size(); t++) {
        double[] ex = extent.get(base + cl[t]);
        ex[0] = Math.min(ex[0], spans.get(t).start());
        ex[1] = Math.max(ex[1], spans.get(t).end());
        nodeSpan.set(base + cl[t], spans.get(t));
        nodeOf[e.get(t)[0]][e.get(t)[1]] = base + cl[t];
      }
    }
    int nodes = extent.size();
    int[] parent = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < cut.size(); i++) {
      union(parent, nodeOf[i][0], nodeOf[i][1]);
    }
    Map<Integer, List<Span>> members = new HashMap<>();
    Map<Integer, List<Link>> inside = new HashMap<>();
    for (int v = 0; v < nodes; v++) {
      Span s = nodeSpan.get(v);
      members.computeIfAbsent(find(parent, v), r -> new ArrayList<>())
          .add(new Span(s.videoId(), s.view(), extent.get(v)[0], extent.get(v)[1]));
    }
    for (int i = 0; i < cut.size(); i++) {
      inside.computeIfAbsent(find(parent, nodeOf[i][0]), r -> new ArrayList<>()).add(cut.get(i));
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<Integer, List<Span>> e : members.entrySet()) {
      List<Span> spans = e.getValue();
      spans.sort(SPAN_ORDER);
      out.add(new Group(spans, inside.getOrDefault(e.getKey(), List.of())));
    }
    out.sort(Comparator.comparing((Group g) -> g.nodes().get(0), SPAN_ORDER));
    return out;
  }

  /** Spans by video id, view, start, end. */
  public static final Comparator<Span> SPAN_ORDER = Comparator.comparing(Span::videoId).thenComparingInt(Span::view)
      .thenComparingDouble(Span::start).thenComparingDouble(Span::end);

  /**
   * One connected component: its nodes (pieces of content) and the links between them.
   *
   * @param nodes the joined spans, sorted by video, view, start
   * @param links the links that connect them (after cutting)
   */
  public record Group(List<Span> nodes, List<Link> links) {
    /**
     * Checks the components and copies the lists.
     *
     * @throws NullPointerException if a component is null
     */
    public Group {
      nodes = List.copyOf(nodes);
      links = List.copyOf(links);
    }
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
