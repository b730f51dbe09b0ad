package org.videosim.internal;

import java.util.List;
import java.util.Map;
import org.videosim.Frame;
import org.videosim.FrameRequest;
import org.videosim.Layout;
import org.videosim.LayoutDetector;
import org.videosim.Region;

/** {@link LayoutDetector#none()} and {@link LayoutDetector#auto()}: {@link FrameLayout} on windows of frames. */
public final class AutoLayoutDetector implements LayoutDetector {
  public static final AutoLayoutDetector NONE = new AutoLayoutDetector(false, false);
  public static final AutoLayoutDetector DEFAULT = new AutoLayoutDetector(true, true);

  /** Longer side of the frames the border detector looks at. */
  static final int ANALYSIS_SIDE = 192;

  /**
   * Longer side of the frames the inset detector looks at: smaller, so that an inset's edge, spread over two pixels
   * once a larger frame is scaled down, is a one-pixel step again (on copies re-encoded with H.264 and scaled from
   * 384 px, 160 px found 10-20% more insets than 192 px at the same rate of false ones; {@code LayoutAccuracy}).
   */
  static final int INSET_SIDE = 160;

  private final boolean borders;
  private final boolean insets;

  private AutoLayoutDetector(boolean borders, boolean insets) {
    this.borders = borders;
    this.insets = insets;
  }

  /** True for {@link #NONE}: the pipeline skips the stage altogether. */
  public boolean isNone() {
    return !borders && !insets;
  }

  @Override
  public String name() {
    return isNone() ? "none" : "auto";
  }

  /**
   * 6: a copy smaller than a quarter of the frame each way is also looked for, down to a sixth of the frame (a corner
   * copy in a streamer's or a news frame), and a copy of the other orientation down to a fifth of the frame along its
   * long side, both with more evidence ({@code FrameLayout.SMALL_PENALTY}; its fingerprints differ from 5's where such
   * an inset, or a false one, is found). 5: a turned picture is also found on a canvas of another flat colour (white,
   * grey, black brightened with the picture), and a canvas around a picture turned in an enlarged frame is cropped as borders; a picture in a thin
   * frame of one depth all around is not taken for one turned by 1.5-3 degrees (its fingerprints differ from 4's where
   * a window's four corners show one flat colour other than black, or a thin frame that 4 took for a turn). 4: a
   * picture turned by 1.5-45 degrees in its frame, black around it, is found and turned back ({@link TurnedPicture};
   * its fingerprints differ from 3's where a window's four corners are black and its edges fit a turned picture). 3:
   * an inset's sides are moved out to where its neighbouring sides stop, a seam that is an inset's side no longer
   * splits the frame, and the bars within an inset are looked for without the blended pixel at its edges, within a
   * small region on the frames as they came (its fingerprints differ from 2's where a picture in picture is found
   * otherwise). 2: a second cut of a split frame needs independent changes on both sides of its seam (its
   * fingerprints differ from 1's where a straight edge within one video was taken for one). The version is part of the
   * spec, so fingerprints of different versions are not compared (fingerprint again); a calibration, fitted for the
   * code stages, applies to both.
   */
  @Override
  public String version() {
    return "6";
  }

  @Override
  public Map<String, String> parameters() {
    return isNone() ? Map.of() : Map.of("borders", Boolean.toString(borders), "insets", Boolean.toString(insets),
        "side", Integer.toString(ANALYSIS_SIDE), "insetSide", Integer.toString(INSET_SIDE));
  }

  @Override
  public Layout detect(List<Frame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames");
    }
    if (isNone()) {
      return Layout.FULL;
    }
    List<Frame> analysis = analysisSize(frames, ANALYSIS_SIDE);
    if (borders) {
      // a picture turned in its frame (a rotation edit) is turned back, then only its borders are looked for (the
      // canvas around a picture turned in a frame enlarged to hold it)
      double turn = TurnedPicture.find(analysis);
      if (turn != 0) {
        return new Layout(FrameLayout.borders(TurnedPicture.straightenOnCanvas(analysis, turn)), List.of(), turn);
      }
    }
    Region picture = borders ? FrameLayout.borders(analysis) : Region.FULL;
    List<Region> insetViews = List.of();
    if (insets) {
      List<Frame> small = analysisSize(frames, INSET_SIDE);
      List<Frame> inPicture = FrameLayout.crop(small, picture);
      // the cells of a split screen or grid within the picture: each a panel, without its own bars
      List<Region> cells = FrameLayout.panels(inPicture);
      cells = cells.size() > MAX_PANELS ? List.of() : cells;
      List<Region> found = FrameLayout.insets(small, 1);
      // a picture in picture whose side spans most of the picture also cuts it like a split screen's seam, except
      // beyond the inset's ends: such seams go, and the cells on their two sides become one
      Region inset = found.isEmpty() ? null : ofPicture(found.get(0), picture);
      if (inset != null && !cells.isEmpty()) {
        cells = FrameLayout.cellsBesideInset(inPicture, cells, inset);
      }
      if (!cells.isEmpty()) {
        return new Layout(picture, cells.stream().map(r -> withoutBorders(frames, small, ofFrame(r, picture), false))
            .toList());
      }
      insetViews = found.stream().map(r -> withoutBorders(frames, small, r, true)).toList();
    }
    // an inset that is the picture itself (e.g. a frame around it) is a border, not other footage
    if (!insetViews.isEmpty() && insetViews.get(0).iou(picture) > 0.8) {
      insetViews = List.of();
    }
    return new Layout(picture, insetViews);
  }

  /**
   * The inset candidates of a window of frames as {@link #detect(List)} finds them ({@link FrameLayout#insets(List,
   * int)} on frames scaled to {@link #INSET_SIDE}, each without its own bars), best first.
   *
   * @param max most candidates
   */
  public static List<Region> insets(List<Frame> frames, int max) {
    List<Frame> small = analysisSize(frames, INSET_SIDE);
    return FrameLayout.insets(small, max).stream().map(r -> withoutBorders(frames, small, r, true)).toList();
  }

  /** A region of the picture as a region of the whole frame. */
  private static Region ofFrame(Region r, Region picture) {
    return new Region(picture.x() + r.x() * picture.w(), picture.y() + r.y() * picture.h(), r.w() * picture.w(),
        r.h() * picture.h());
  }

  /** A region of the whole frame as a region of the picture, or null when it does not lie within the picture. */
  private static Region ofPicture(Region r, Region picture) {
    double x = (r.x() - picture.x()) / picture.w();
    double y = (r.y() - picture.y()) / picture.h();
    double w = r.w() / picture.w();
    double h = r.h() / picture.h();
    double eps = 1e-9;
    return x < -eps || y < -eps || x + w > 1 + eps || y + h > 1 + eps ? null
        : new Region(Math.max(0, x), Math.max(0, y), Math.min(w, 1 - Math.max(0, x)), Math.min(h, 1 - Math.max(0, y)));
  }

  /** Most panels described as views: a 2x2 grid (more are too small to encode and too costly). */
  static final int MAX_PANELS = 4;

  /**
   * An inset or panel without its own borders (a letterboxed video shown over another one): the borders within it,
   * for an inset less a pixel of the inset detector's frames ({@code small}) on each side, where the footage around it
   * blends into its edge (the blended line hid a bar at the edge of an inset whose sides were moved out to its
   * corners; a panel's sides lie on seams, and its bars were found as before). Looked for on the region cut from those
   * frames, or, where it is narrower or lower than {@link #SMALL_REGION} pixels there, cut from the frames as they came
   * (scaled down to {@link #ANALYSIS_SIDE} when larger): in a few dozen pixels footage read as a bar (a portrait copy
   * 31 px wide lost a quarter of its height). A side without a bar stays where the region's side was.
   */
  private static Region withoutBorders(List<Frame> frames, List<Frame> small, Region region, boolean inset) {
    Frame s = small.get(0);
    double mx = inset ? Math.min(region.w() / 4, 1.0 / s.width()) : 0;
    double my = inset ? Math.min(region.h() / 4, 1.0 / s.height()) : 0;
    Region inner = new Region(region.x() + mx, region.y() + my, region.w() - 2 * mx, region.h() - 2 * my);
    boolean tiny = Math.min(region.w() * s.width(), region.h() * s.height()) < SMALL_REGION;
    Region p = FrameLayout.borders(tiny ? analysisSize(FrameLayout.crop(frames, inner), ANALYSIS_SIDE)
        : FrameLayout.crop(small, inner));
    if (p.isFull()) {
      return region;
    }
    double x0 = p.x() > 0 ? inner.x() + p.x() * inner.w() : region.x();
    double y0 = p.y() > 0 ? inner.y() + p.y() * inner.h() : region.y();
    double x1 = p.x() + p.w() < 1 ? inner.x() + (p.x() + p.w()) * inner.w() : region.x() + region.w();
    double y1 = p.y() + p.h() < 1 ? inner.y() + (p.y() + p.h()) * inner.h() : region.y() + region.h();
    return new Region(x0, y0, x1 - x0, y1 - y0);
  }

  /** Pixels (at {@link #INSET_SIDE}) under which a region's own bars are looked for in the larger frames. */
  private static final int SMALL_REGION = 48;

  /**
   * The frames scaled down to {@code side} (longer side) when larger: the detectors' thresholds are set at that size
   * (an inset found at 128-192 px was missed at 256 px), and regions are fractions of the frame anyway.
   */
  private static List<Frame> analysisSize(List<Frame> frames, int side) {
    FrameRequest analysis = new FrameRequest(1, side);
    List<Frame> out = new java.util.ArrayList<>(frames.size());
    for (Frame f : frames) {
      if (Math.max(f.width(), f.height()) <= side) {
        out.add(f);
      } else {
        int[] size = analysis.outputSize(f.width(), f.height());
        out.add(org.videosim.edit.FrameEdits.resize(size[0], size[1]).apply(f));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LayoutDetector(" + name() + ")";
  }
}
