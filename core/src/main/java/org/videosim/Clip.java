package org.videosim;

import java.util.Locale;
import java.util.Objects;

/**
 * One clip of a fingerprinted video: a time span within one shot and the binary code that describes it, for one
 * view of the picture. Immutable.
 *
 * <p>View 0 is the picture itself (without borders); higher views are regions of it described on their own, such
 * as a picture-in-picture inset (view {@link #INSET}). A fingerprint may hold several clips for the same time span,
 * one per view; the matcher compares time spans by their best matching views.
 *
 * @param start time of the clip's first frame, in seconds
 * @param end time at which the clip ends (the next sample time after its last frame), in seconds
 * @param frameCount number of sampled frames the code was made from
 * @param code the clip's binary code
 * @param view which view of the picture, 0 (the picture) to 127
 */
public record Clip(double start, double end, int frameCount, BitCode code, int view) {
  /** The view of a picture-in-picture inset. */
  public static final int INSET = 1;
  /**
   * Added to a panel's view for the view of the same panel widened ({@link VideoSimilarity.Builder#widenPanels}):
   * panel 2's widened view is {@code WIDENED + 2}.
   */
  public static final int WIDENED = 32;
  /** The view of the picture's enlarged centre ({@link VideoSimilarity.Builder#zoomView}). */
  public static final int ZOOM = 64;
  /**
   * The view of a landscape picture's middle band of 9:16, its full height ({@link VideoSimilarity.Builder#bandView});
   * {@code BAND + 1} is a portrait picture's middle band of 16:9, its full width.
   */
  public static final int BAND = 96;

  /**
   * Whether {@code view} describes part of the picture itself rather than an inset or a panel: the picture (0), its
   * zoom view ({@link #ZOOM}) or a band view ({@link #BAND}, {@code BAND + 1}).
   */
  public static boolean ofPicture(int view) {
    return view == 0 || view == ZOOM || view == BAND || view == BAND + 1;
  }

  /**
   * The band kind of {@code view} as a bit: 1 for a landscape picture's band ({@link #BAND}), 2 for a portrait one's
   * ({@code BAND + 1}), 0 for any other view.
   */
  public static int bandKind(int view) {
    return view == BAND ? 1 : view == BAND + 1 ? 2 : 0;
  }

  /**
   * The bits of every band kind among {@code clips} ({@link #bandKind}): 1 for a landscape video, 2 for a portrait
   * one.
   */
  public static int bandKinds(java.util.List<Clip> clips) {
    int kinds = 0;
    for (Clip c : clips) {
      kinds |= bandKind(c.view());
    }
    return kinds;
  }

  /**
   * Whether the default matcher compares view {@code viewA} of a video whose band kinds are {@code kindsA} with view
   * {@code viewB} of one whose band kinds are {@code kindsB}: any two views but bands, and a band only with a view
   * that is not a band of a video without the band's kind (a video of another shape), never two bands.
   */
  public static boolean compared(int viewA, int kindsA, int viewB, int kindsB) {
    return bandsMeet(bandKind(viewA), kindsA, bandKind(viewB), kindsB);
  }

  /** {@link #compared} by band kinds: {@code bandA} and {@code bandB} are 0 for views that are not bands. */
  static boolean bandsMeet(int bandA, int kindsA, int bandB, int kindsB) {
    if (bandA == 0) {
      return (kindsA & bandB) == 0;
    }
    return bandB == 0 && (kindsB & bandA) == 0;
  }

  /** A clip of the picture itself (view 0). */
  public Clip(double start, double end, int frameCount, BitCode code) {
    this(start, end, frameCount, code, 0);
  }

  /**
   * Checks the clip.
   *
   * @throws NullPointerException if {@code code} is null
   * @throws IllegalArgumentException if the time span is not finite and ordered from 0 up, {@code frameCount} is
   *     not positive, or {@code view} is outside [0, 127]
   */
  public Clip {
    Objects.requireNonNull(code, "code");
    if (view < 0 || view > 127) {
      throw new IllegalArgumentException("view must be within [0, 127]: " + view);
    }
    if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < start) {
      throw new IllegalArgumentException("bad time span: " + start + " .. " + end);
    }
    if (frameCount <= 0) {
      throw new IllegalArgumentException("frameCount must be positive: " + frameCount);
    }
  }

  /** Length in seconds. */
  public double duration() {
    return end - start;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Clip(%.2f-%.2fs, %d frames%s)", start, end, frameCount,
        view == 0 ? "" : ", view " + view);
  }
}
