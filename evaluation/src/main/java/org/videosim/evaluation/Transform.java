package org.videosim.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.videosim.Frame;
import org.videosim.edit.FrameEdit;

/**
 * One drawn transformation of the benchmark: a named kind of edit ({@code crop_40}), its group, and its drawn
 * parameters, which it prints ({@code crop(area=0.41,pos=0.08,0.91)}) so that a failing row says exactly what was
 * done. It may change the picture (a frame edit that can draw on unrelated footage, for picture in picture and
 * layouts), the timeline (speed, intros, inserted or dropped frames, partial copies, reversal) and the encoding
 * (frame rate, bit rate, size). Immutable and thread-safe.
 */
public final class Transform {
  /** Unrelated videos that a transformation may draw on: its picture edit gets this many "others". */
  public static final int OTHERS = 3;

  /** The picture part: a frame edit, given the unrelated footage at each frame's time. */
  @FunctionalInterface
  public interface Picture {
    /**
     * The edit of one query.
     *
     * @param others {@link #OTHERS} functions, each giving the frame of one unrelated video at the given frame's
     *     timestamp (query time)
     */
    FrameEdit edit(List<Function<Frame, Frame>> others);
  }

  /** The time part: how the source clip's footage is laid out in the query. */
  @FunctionalInterface
  public interface Timeline {
    /** The query's stretches for a source clip of {@code duration} seconds. */
    List<Piece> pieces(double duration);
  }

  /** The whole source at its own speed. */
  static final Timeline WHOLE = d -> List.of(Piece.copy(d, 0, d));

  private final String kind;
  private final Group group;
  private final String description;
  private final Picture picture;
  private final Timeline timeline;
  private final double frameRate;
  private final int bitRate;
  private final int maxSide;
  private final double dropRate;
  /** True when the picture edit draws on unrelated footage. */
  private final boolean pictureUsesOthers;

  private Transform(String kind, Group group, String description, Picture picture, Timeline timeline,
      double frameRate, int bitRate, int maxSide, double dropRate, boolean pictureUsesOthers) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.group = Objects.requireNonNull(group, "group");
    this.description = Objects.requireNonNull(description, "description");
    this.picture = picture;
    this.timeline = timeline;
    this.frameRate = frameRate;
    this.bitRate = bitRate;
    this.maxSide = maxSide;
    this.dropRate = dropRate;
    this.pictureUsesOthers = pictureUsesOthers;
  }

  /** A transformation that edits every copied frame. */
  static Transform picture(String kind, Group group, FrameEdit edit) {
    return new Transform(kind, group, edit.toString(), others -> edit, null, 0, 0, 0, 0, false);
  }

  /** A transformation whose frame edit draws on unrelated footage. */
  static Transform picture(String kind, Group group, String description, Picture picture) {
    return new Transform(kind, group, description, picture, null, 0, 0, 0, 0, true);
  }

  /** A transformation of the timeline. */
  static Transform timeline(String kind, String description, Timeline timeline) {
    return new Transform(kind, Group.TIME, description, null, timeline, 0, 0, 0, 0, false);
  }

  /** A transformation of the encoding: frame rate (0: default), bit rate (0: default), longer side (0: default). */
  static Transform encoding(String kind, Group group, String description, double frameRate, int bitRate,
      int maxSide) {
    return new Transform(kind, group, description, null, null, frameRate, bitRate, maxSide, 0, false);
  }

  /** Dropped frames: each output frame repeats the previous one with probability {@code rate}. */
  static Transform dropFrames(String kind, String description, double rate) {
    return new Transform(kind, Group.TIME, description, null, null, 0, 0, 0, rate, false);
  }

  /** The transformations applied one after another, as one of kind {@code kind} (e.g. {@code combo2}). */
  static Transform combine(String kind, List<Transform> parts) {
    List<Transform> ordered = new ArrayList<>(parts);
    ordered.sort(Comparator.comparing(Transform::group)); // geometry, then time, colour, overlays
    Timeline timeline = null;
    double fps = 0;
    int bitRate = 0;
    int maxSide = 0;
    double drop = 0;
    boolean usesOthers = false;
    List<Picture> pictures = new ArrayList<>();
    for (Transform t : ordered) {
      if (t.timeline != null) {
        if (timeline != null) {
          throw new IllegalArgumentException("two timeline transformations in " + parts);
        }
        timeline = t.timeline;
      }
      fps = t.frameRate > 0 ? t.frameRate : fps;
      bitRate = t.bitRate > 0 ? t.bitRate : bitRate;
      maxSide = t.maxSide > 0 ? (maxSide > 0 ? Math.min(maxSide, t.maxSide) : t.maxSide) : maxSide;
      drop = Math.max(drop, t.dropRate);
      if (t.picture != null) {
        pictures.add(t.picture);
      }
      usesOthers |= t.pictureUsesOthers;
    }
    Picture picture = pictures.isEmpty() ? null : others -> {
      FrameEdit e = null;
      for (Picture p : pictures) {
        FrameEdit next = p.edit(others);
        e = e == null ? next : e.andThen(next);
      }
      return e;
    };
    String description = ordered.stream().map(Transform::description).collect(Collectors.joining(" + "));
    return new Transform(kind, Group.OTHERS, description, picture, timeline, fps, bitRate, maxSide, drop, usesOthers);
  }

  /** The kind's name, e.g. {@code crop_40}: what per-transformation figures are reported under. */
  public String kind() {
    return kind;
  }

  /** The group of the kind ({@link Group#OTHERS} for combinations). */
  public Group group() {
    return group;
  }

  /** The drawn parameters, e.g. {@code crop(area=0.41,pos=0.08,0.91)}. */
  public String description() {
    return description;
  }

  /** The frame edit of one query, or identity when this transformation leaves pictures alone. */
  public FrameEdit edit(List<Function<Frame, Frame>> others) {
    return picture == null ? org.videosim.edit.FrameEdits.identity() : picture.edit(others);
  }

  /** The query's stretches for a source clip of {@code duration} seconds. */
  public List<Piece> pieces(double duration) {
    return (timeline == null ? WHOLE : timeline).pieces(duration);
  }

  /** True when a query of a source clip of {@code duration} seconds shows unrelated footage (fillers, layouts). */
  public boolean usesOthers(double duration) {
    return pictureUsesOthers || pieces(duration).stream().anyMatch(p -> !p.copy());
  }

  /** Output frames per second, or {@code fallback} when this transformation does not set it. */
  public double frameRate(double fallback) {
    return frameRate > 0 ? frameRate : fallback;
  }

  /** Output bit rate, or {@code fallback}. */
  public int bitRate(int fallback) {
    return bitRate > 0 ? bitRate : fallback;
  }

  /** Longest output side, or {@code fallback}. */
  public int maxSide(int fallback) {
    return maxSide > 0 ? Math.min(maxSide, fallback) : fallback;
  }

  /** Share of output frames that repeat the previous one instead (dropped frames). */
  public double dropRate() {
    return dropRate;
  }

  @Override
  public String toString() {
    return kind + ": " + description;
  }
}
