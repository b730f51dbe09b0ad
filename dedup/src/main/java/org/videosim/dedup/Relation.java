package org.videosim.dedup;

import java.util.ArrayList;
import java.util.List;
import org.videosim.MatchedSegment;
import org.videosim.Score;

/**
 * How a member of a version group relates to the group's representative, from the matched segments of the two
 * (each side's share of its duration that the segments cover, against {@code coverage}, 0.8 by default).
 */
public enum Relation {
  /** The representative itself. */
  REPRESENTATIVE("representative"),
  /** The same video: the segments cover most of both. */
  SAME("same"),
  /** The member is part of the representative: they cover most of the member, not of the representative. */
  PART_OF("part-of"),
  /** The member contains the representative and more: they cover most of the representative, not of the member. */
  CONTAINS("contains"),
  /** The two share only a segment: neither is mostly covered. */
  SHARES_SEGMENT("shares-segment"),
  /** No verified match with the representative: the member is in the group through other members. */
  LINKED("linked");

  private final String label;

  Relation(String label) {
    this.label = label;
  }

  /** The name written in tables and JSON, e.g. {@code part-of}. */
  public String label() {
    return label;
  }

  /**
   * The relation of a member to the representative.
   *
   * @param score {@code matcher.match(representative, member)}: A is the representative
   * @param coverage share of a video's duration that the segments must cover for it to count as covered, in (0, 1]
   */
  public static Relation of(Score score, double representativeSeconds, double memberSeconds, double coverage) {
    if (!score.isMatch() || score.segments().isEmpty()) {
      return LINKED;
    }
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (MatchedSegment m : score.segments()) {
      a.add(new double[] {m.startA(), m.endA()});
      b.add(new double[] {m.startB(), m.endB()});
    }
    boolean repCovered = covered(a) >= coverage * representativeSeconds;
    boolean memberCovered = covered(b) >= coverage * memberSeconds;
    if (repCovered && memberCovered) {
      return SAME;
    }
    return memberCovered ? PART_OF : repCovered ? CONTAINS : SHARES_SEGMENT;
  }

  /** Length of the union of intervals. */
  static double covered(List<double[]> intervals) {
    intervals.sort((x, y) -> Double.compare(x[0], y[0]));
    double total = 0;
    double s = 0;
    double e = 0;
    boolean open = false;
    for (double[] iv : intervals) {
      if (!open || iv[0] > e) {
        total += open ? e - s : 0;
        s = iv[0];
        e = iv[1];
        open = true;
      } else {
        e = Math.max(e, iv[1]);
      }
    }
    return total + (open ? e - s : 0);
  }

  /** The relation with this {@linkplain #label() label}. */
  public static Relation ofLabel(String label) {
    for (Relation r : values()) {
      if (r.label.equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no relation '" + label + "'");
  }
}
