package org.videosim.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.videosim.Frame;

/**
 * Self-generated training triplets from unlabeled videos, as in the method:
 *
 * <ul>
 *   <li><b>anchor</b>: {@code clipFrames} frames sampled evenly at interval {@code r} from a random video (drawn in
 *       proportion to its duration, capped at a minute);
 *   <li><b>positive</b>: one anchor frame, chosen at random, becomes the median frame of a clip that samples
 *       {@code (clipFrames - 1) / 2} frames forward and backward at another interval {@code r+}, drawn from
 *       {@code [minPositiveInterval, maxPositiveInterval]} (and differing from {@code r} by at least 10%); then one
 *       transformation of each kind ({@link Augmenter}) applied to all its frames;
 *   <li><b>negative</b>: a clip of a video of another content unit or, with probability {@code hardNegativeShare}, a
 *       far-away part
 *       (at least {@code hardNegativeGap} seconds) of the anchor's own video, with its own random transformations,
 *       so that looking edited is no hint.
 * </ul>
 *
 * <p>Immutable and thread-safe; every draw comes from the caller's {@link Random}, so a seed reproduces a stream of
 * pairs.
 */
public final class PairGenerator {
  private final List<TrainingVideo> videos;
  private final Settings settings;
  private final Augmenter augmenter;
  private final Function<String, String> unitOf;
  private final double[] weights;
  private final double totalWeight;

  /**
   * Sampling settings.
   *
   * @param clipFrames frames per clip (N), at least 1
   * @param anchorInterval seconds between anchor frames (r)
   * @param minPositiveInterval smallest positive interval (r+)
   * @param maxPositiveInterval largest positive interval (r+)
   * @param hardNegativeShare share of negatives taken from the anchor's own video, in [0, 1]
   * @param hardNegativeGap least distance in seconds between an anchor and a hard negative
   */
  public record Settings(int clipFrames, double anchorInterval, double minPositiveInterval,
      double maxPositiveInterval, double hardNegativeShare, double hardNegativeGap) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a value is outside the range given above
     */
    public Settings {
      if (clipFrames < 1) {
        throw new IllegalArgumentException("clipFrames must be positive: " + clipFrames);
      }
      if (!(anchorInterval > 0) || !(minPositiveInterval > 0) || !(maxPositiveInterval >= minPositiveInterval)) {
        throw new IllegalArgumentException("intervals must be positive, min <= max: " + anchorInterval + ", "
            + minPositiveInterval + ", " + maxPositiveInterval);
      }
      if (!(hardNegativeShare >= 0 && hardNegativeShare <= 1) || !(hardNegativeGap >= 0)) {
        throw new IllegalArgumentException("need hardNegativeShare in [0, 1] and hardNegativeGap >= 0");
      }
    }

    /** 7 frames at 0.5 s (a 3-second clip), positives at 0.3-0.8 s, a quarter hard negatives at least 8 s away. */
    public static Settings defaults() {
      return new Settings(7, 0.5, 0.3, 0.8, 0.25, 8);
    }
  }

  /**
   * One training triplet.
   *
   * @param anchor the anchor clip's frames (unedited)
   * @param positive the positive clip's frames (edited)
   * @param negative the negative clip's frames (edited)
   * @param anchorVideo id of the anchor's video
   * @param negativeVideo id of the negative's video (the anchor's for a hard negative)
   * @param anchorTimes times of the anchor frames
   * @param positiveTimes times of the positive frames (before editing)
   * @param medianIndex which anchor frame is the positive's median frame
   * @param positiveInterval r+
   * @param positiveEdit the positive's transformations
   * @param negativeEdit the negative's transformations
   */
  public record Triplet(List<Frame> anchor, List<Frame> positive, List<Frame> negative, String anchorVideo,
      String negativeVideo, double[] anchorTimes, double[] positiveTimes, int medianIndex, double positiveInterval,
      Augmenter.Augmentation positiveEdit, Augmenter.Augmentation negativeEdit) {

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Triplet(%s @%.2fs, median %d, r+=%.2f, %s | negative %s, %s)", anchorVideo,
          anchorTimes[0], medianIndex, positiveInterval, positiveEdit, negativeVideo, negativeEdit);
    }
  }

  /** A generator in which every video is its own content unit. */
  public PairGenerator(List<TrainingVideo> videos, Settings settings, Augmenter augmenter) {
    this(videos, settings, augmenter, Function.identity());
  }

  /**
   * A generator whose negatives and backgrounds come from other content units than the anchor's where possible.
   *
   * @param unitOf the content unit of a video id (videos of one shoot or one film): clips of another video of the
   *     same unit can look like copies, so they are not used as negatives
   */
  public PairGenerator(List<TrainingVideo> videos, Settings settings, Augmenter augmenter,
      Function<String, String> unitOf) {
    Objects.requireNonNull(videos, "videos");
    if (videos.size() < 2) {
      throw new IllegalArgumentException("need at least two videos, for negatives: " + videos.size());
    }
    this.videos = List.copyOf(videos);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.augmenter = Objects.requireNonNull(augmenter, "augmenter");
    this.unitOf = Objects.requireNonNull(unitOf, "unitOf");
    this.weights = new double[this.videos.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.min(60, this.videos.get(i).end() - this.videos.get(i).start()) + 2;
      total += weights[i];
    }
    this.totalWeight = total;
  }

  /** The settings of this generator. */
  public Settings settings() {
    return settings;
  }

  /** Draws one triplet. */
  public Triplet next(Random rnd) {
    int n = settings.clipFrames();
    int vi = weightedVideo(rnd);
    TrainingVideo v = videos.get(vi);
    double r = settings.anchorInterval();
    double anchorStart = startFor(v, (n - 1) * r, rnd);
    double[] anchorTimes = new double[n];
    for (int i = 0; i < n; i++) {
      anchorTimes[i] = anchorStart + i * r;
    }
    int median = rnd.nextInt(n);
    double rPlus;
    do {
      rPlus = Augmenter.uniform(rnd, settings.minPositiveInterval(), settings.maxPositiveInterval());
    } while (settings.maxPositiveInterval() > settings.minPositiveInterval()
        && Math.abs(rPlus - r) < 0.1 * r && hasRoomAwayFrom(r));
    double[] positiveTimes = new double[n];
    int before = (n - 1) / 2;
    for (int j = 0; j < n; j++) {
      positiveTimes[j] = anchorTimes[median] + (j - before) * rPlus;
    }
    List<Frame> anchor = frames(v, anchorTimes);
    Augmenter.Augmentation posEdit = augmenter.draw(rnd, background(rnd, vi));
    List<Frame> positive = posEdit.apply(frames(v, positiveTimes));

    TrainingVideo nv;
    double[] negTimes = new double[n];
    // A hard negative starts at least gap + span before or after the anchor, within the video.
    double span = (n - 1) * r;
    double away = settings.hardNegativeGap() + span;
    double roomBefore = Math.max(0, anchorStart - away - v.start()); // starts in [start, anchor - away]
    double roomAfter = Math.max(0, v.end() - span - (anchorStart + away)); // and in [anchor + away, end - span]
    boolean hard = rnd.nextDouble() < settings.hardNegativeShare() && roomBefore + roomAfter > 0;
    if (hard) {
      nv = v;
      double u = rnd.nextDouble() * (roomBefore + roomAfter);
      double start = u < roomBefore ? v.start() + u : anchorStart + away + (u - roomBefore);
      for (int i = 0; i < n; i++) {
        negTimes[i] = start + i * r;
      }
    } else {
      int ni = otherThan(vi, rnd);
      nv = videos.get(ni);
      double start = startFor(nv, (n - 1) * r, rnd);
      for (int i = 0; i < n; i++) {
        negTimes[i] = start + i * r;
      }
    }
    Augmenter.Augmentation negEdit = augmenter.draw(rnd, background(rnd, vi));
    List<Frame> negative = negEdit.apply(frames(nv, negTimes));
    return new Triplet(anchor, positive, negative, v.id(), nv.id(), anchorTimes, positiveTimes, median, rPlus,
        posEdit, negEdit);
  }

  /**
   * An anchor video, drawn with probability proportional to its duration capped at a minute (plus 2 s), so that a
   * set of many short clips of one shoot does not dominate and a long static video does not either.
   */
  private int weightedVideo(Random rnd) {
    double u = rnd.nextDouble() * totalWeight;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private boolean hasRoomAwayFrom(double r) {
    return settings.minPositiveInterval() < 0.9 * r || settings.maxPositiveInterval() > 1.1 * r;
  }

  /** A random start so that {@code span} seconds fit in the video (or its start, if it is shorter). */
  private static double startFor(TrainingVideo v, double span, Random rnd) {
    double room = v.end() - v.start() - span;
    return v.start() + (room > 0 ? rnd.nextDouble() * room : 0);
  }

  /** A random video of another content unit than video {@code vi}'s, or any other video if there is none. */
  private int otherThan(int vi, Random rnd) {
    String unit = unitOf.apply(videos.get(vi).id());
    for (int tries = 0; tries < 64; tries++) {
      int j = rnd.nextInt(videos.size());
      if (j != vi && !unitOf.apply(videos.get(j).id()).equals(unit)) {
        return j;
      }
    }
    int j = rnd.nextInt(videos.size() - 1);
    return j >= vi ? j + 1 : j;
  }

  /** Footage of another video for picture-in-picture backgrounds, looping over it. */
  private Function<Frame, Frame> background(Random rnd, int exclude) {
    TrainingVideo bg = videos.get(otherThan(exclude, rnd));
    double offset = rnd.nextDouble() * Math.max(0, bg.end() - bg.start());
    double length = Math.max(1e-3, bg.end() - bg.start());
    return f -> bg.frameAt(bg.start() + (offset + f.timestamp()) % length);
  }

  private static List<Frame> frames(TrainingVideo v, double[] times) {
    List<Frame> out = new ArrayList<>(times.length);
    for (int i = 0; i < times.length; i++) {
      Frame f = v.frameAt(times[i]);
      out.add(new Frame(i, times[i], f.width(), f.height(), f.rgb()));
    }
    return out;
  }
}
