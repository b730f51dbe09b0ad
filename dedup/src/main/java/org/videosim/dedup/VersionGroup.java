package org.videosim.dedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.videosim.Score;

/**
 * One group of versions of the same content: its members (videos that show the content), a representative, and each
 * member's relation to it. Immutable.
 *
 * @param id the group's id: the representative's id, {@code @} and the start of its content in seconds (and
 *     {@code v} and the view for a view other than the picture), e.g. {@code clip-17@0.0}; a video without any match
 *     has a group of its own whose id is the video's id
 * @param representative the member that the others share most (most members matched directly), then the longest,
 *     then the highest resolution, then the first id
 * @param members every member, the representative first, then by id
 */
public record VersionGroup(String id, String representative, List<Member> members) {

  /**
   * Checks the components and copies the lists.
   *
   * @throws NullPointerException if a component is null
   */
  public VersionGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(representative, "representative");
    members = List.copyOf(members);
  }

  /**
   * A member of a group.
   *
   * @param videoId the video
   * @param relation its relation to the representative
   * @param score the matcher's score of the representative (A) against this member (B); for the representative a
   *     score of 1 with no segment
   * @param spans the pieces of the video that hold the group's content
   */
  public record Member(String videoId, Relation relation, Score score, List<Span> spans) {
    /**
     * Checks the components and copies the lists.
     *
     * @throws NullPointerException if a component is null
     */
    public Member {
      Objects.requireNonNull(videoId, "videoId");
      Objects.requireNonNull(relation, "relation");
      Objects.requireNonNull(score, "score");
      spans = List.copyOf(spans);
    }
  }

  /** What the grouping needs to know of a video besides its links. */
  public record VideoFacts(String videoId, double duration, int width, int height) {}

  /** Number of member videos (the versions of this content, each member included). */
  public int size() {
    return members.size();
  }

  /** The member of this id, if there is one. */
  public java.util.Optional<Member> member(String videoId) {
    return members.stream().filter(m -> m.videoId().equals(videoId)).findFirst();
  }

  /** The group of a video that matched nothing. */
  public static VersionGroup single(VideoFacts video) {
    return new VersionGroup(video.videoId(), video.videoId(), List.of(new Member(video.videoId(),
        Relation.REPRESENTATIVE, selfScore(), List.of(new Span(video.videoId(), 0, 0, video.duration())))));
  }

  /**
   * The score of a member against the representative, as every caller computes it: the matcher on the pair in id
   * order (as the pair was verified), turned to have the representative as A.
   */
  public static Score score(org.videosim.VideoSimilarity similarity, org.videosim.VideoFingerprint representative,
      org.videosim.VideoFingerprint member) {
    boolean inOrder = representative.videoId().compareTo(member.videoId()) < 0;
    Score s = inOrder ? similarity.score(representative, member) : similarity.score(member, representative);
    return inOrder ? s : s.swapped();
  }

  static Score selfScore() {
    return new Score(1, 1, 0.5, List.of());
  }

  /**
   * Makes a group from a connected component: picks the representative and scores every member against it.
   *
   * @param component the nodes and links of the group ({@link ContentGraph#groups})
   * @param facts duration and resolution of each member
   * @param scorer {@code matcher.match(representative, member)}, for the representative's id and a member's id
   * @param coverage see {@link Relation#of}
   */
  public static VersionGroup of(ContentGraph.Group component, Function<String, VideoFacts> facts,
      BiFunction<String, String, Score> scorer, double coverage) {
    Map<String, List<Span>> spans = new HashMap<>();
    for (Span s : component.nodes()) {
      spans.computeIfAbsent(s.videoId(), k -> new ArrayList<>()).add(s);
    }
    Map<String, Set<String>> neighbours = new HashMap<>();
    for (Link l : component.links()) {
      neighbours.computeIfAbsent(l.a().videoId(), k -> new HashSet<>()).add(l.b().videoId());
      neighbours.computeIfAbsent(l.b().videoId(), k -> new HashSet<>()).add(l.a().videoId());
    }
    Comparator<String> best = Comparator.comparingInt((String v) -> -neighbours.getOrDefault(v, Set.of()).size())
        .thenComparingDouble(v -> -facts.apply(v).duration())
        .thenComparingLong(v -> -(long) facts.apply(v).width() * facts.apply(v).height())
        .thenComparing(Comparator.naturalOrder());
    List<String> ids = new ArrayList<>(spans.keySet());
    ids.sort(best);
    String rep = ids.get(0);
    Span first = spans.get(rep).get(0);
    String id = String.format(Locale.ROOT, "%s@%.1f%s", rep, first.start(), first.view() == 0 ? "" : "v" + first.view());
    List<Member> members = new ArrayList<>();
    members.add(new Member(rep, Relation.REPRESENTATIVE, selfScore(), spans.get(rep)));
    ids.subList(1, ids.size()).sort(null);
    for (String v : ids.subList(1, ids.size())) {
      Score s = scorer.apply(rep, v);
      members.add(new Member(v, Relation.of(s, facts.apply(rep).duration(), facts.apply(v).duration(), coverage), s,
          spans.get(v)));
    }
    return new VersionGroup(id, rep, members);
  }
}
