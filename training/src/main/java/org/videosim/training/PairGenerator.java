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
 *       {@code [minPositiveInterval, maxPositiveInterval]} log-uniformly (and differing from {@code r} by at least
 *       10%: slow motion to fast forward); with probability {@code insertionShare} one or two of its frames other
 *       than the median are replaced by unrelated footage (frame insertion), and with probability
 *       {@code dropShare} one or two repeat their predecessor (dropped frames); then one transformation of each kind
 *       ({@link Augmenter}) applied to all its frames;
 *   <li><b>negative</b>: with probability {@code hardNegativeShare} a far-away part (at least
 *       {@code hardNegativeGap} seconds) of the anchor's own video; with probability {@code sameShootShare} a clip of
 *       another video of the anchor's content unit (another moment of the same shoot: a look-alike that is no
 *       copy); otherwise a clip of a video of another content unit. It gets its own random transformations, so that
 *       looking edited is no hint.
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
   * @param sameShootShare share of negatives taken from another video of the anchor's content unit, in [0, 1]
   *     (with {@code hardNegativeShare} at most 1)
   * @param insertionShare share of positives with unrelated frames spliced in, in [0, 1]
   * @param dropShare share of positives with dropped (repeated) frames, in [0, 1]
   * @param editShare probability that each of the three transformations of a clip is applied, in [0, 1] (1: the
   *     method's one of each kind)
   * @param orientationWeight weight of each orientation change (flip, transposition, quarter turn) among the
   *     geometric transformations, relative to the others' 1
   */
  public record Settings(int clipFrames, double anchorInterval, double minPositiveInterval,
      double maxPositiveInterval, double hardNegativeShare, double hardNegativeGap, double sameShootShare,
      double insertionShare, double dropShare, double editShare, double orientationWeight) {
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
      if (!(hardNegativeShare >= 0 && sameShootShare >= 0 && hardNegativeShare + sameShootShare <= 1)
          || !(hardNegativeGap >= 0)) {
        throw new IllegalArgumentException("need hardNegativeShare and sameShootShare >= 0, their sum <= 1, and "
            + "hardNegativeGap >= 0");
      }
      if (!(insertionShare >= 0 && insertionShare <= 1) || !(dropShare >= 0 && dropShare <= 1)
          || !(editShare >= 0 && editShare <= 1) || !(orientationWeight >= 0)) {
        throw new IllegalArgumentException("need insertionShare, dropShare and editShare in [0, 1], and "
            + "orientationWeight >= 0");
      }
    }

    /**
     * Version 3: 7 frames at 0.5 s (a 3-second clip), positives at 0.25-2 s (half speed to four times), a fifth of
     * the negatives from far away in the anchor's video and a fifth from another video of its shoot (at least 8 s
     * away), a fifth of the positives with inserted and a fifth with dropped frames; each of the three
     * transformations applied with probability 0.6, orientation changes at 0.4 the weight of another geometric
     * transformation (on the evaluation harness this beat the method's one of each kind, {@link #method()}: see
     * docs/model-card.md).
     */
    public static Settings defaults() {
      return new Settings(7, 0.5, 0.25, 2.0, 0.2, 8, 0.2, 0.2, 0.2, 0.6, 0.4);
    }

    /** As {@link #defaults()}, with the method's one transformation of each kind on every clip, all alike. */
    public static Settings method() {
      return defaults().withEdits(1, 1);
    }

    /** These settings with another {@code editShare} and {@code orientationWeight}. */
    public Settings withEdits(double editShare, double orientationWeight) {
      return new Settings(clipFrames, anchorInterval, minPositiveInterval, maxPositiveInterval, hardNegativeShare,
          hardNegativeGap, sameShootShare, insertionShare, dropShare, editShare, orientationWeight);
    }

    /** These settings with other shares of negatives from far away in the anchor's video and from its shoot. */
    public Settings withNegatives(double hardNegativeShare, double sameShootShare) {
      return new Settings(clipFrames, anchorInterval, minPositiveInterval, maxPositiveInterval, hardNegativeShare,
          hardNegativeGap, sameShootShare, insertionShare, dropShare, editShare, orientationWeight);
    }

    /** The settings of version 2 (positives at 0.3-0.8 s, a quarter hard negatives, no time edits). */
    public static Settings version2() {
      return new Settings(7, 0.5, 0.3, 0.8, 0.25, 8, 0, 0, 0, 1, 1);
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
    double logMin = Math.log(settings.minPositiveInterval());
    double logMax = Math.log(settings.maxPositiveInterval());
    do {
      rPlus = Math.exp(Augmenter.uniform(rnd, logMin, logMax));
    } while (settings.maxPositiveInterval() > settings.minPositiveInterval()
        && Math.abs(rPlus - r) < 0.1 * r && hasRoomAwayFrom(r));
    double[] positiveTimes = new double[n];
    int before = (n - 1) / 2;
    for (int j = 0; j < n; j++) {
      positiveTimes[j] = anchorTimes[median] + (j - before) * rPlus;
    }
    List<Frame> anchor = frames(v, anchorTimes);
    Augmenter.Augmentation posEdit = augmenter.draw(rnd, background(rnd, vi), settings.editShare(), settings.orientationWeight());
    List<Frame> unedited = new ArrayList<>(frames(v, positiveTimes));
    if (n > 2 && rnd.nextDouble() < settings.insertionShare()) {
      Function<Frame, Frame> filler = background(rnd, vi);
      for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
        int j = otherThanMedian(n, before, rnd);
        unedited.set(j, showing(unedited.get(j), filler.apply(unedited.get(j))));
      }
    }
    if (n > 2 && rnd.nextDouble() < settings.dropShare()) {
      for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
        int j = otherThanMedian(n, before, rnd);
        unedited.set(j, showing(unedited.get(j), unedited.get(j == 0 ? 1 : j - 1)));
      }
    }
    List<Frame> positive = posEdit.apply(unedited);

    TrainingVideo nv;
    double[] negTimes = new double[n];
    // A hard negative starts at least gap + span before or after the anchor, within the video.
    double span = (n - 1) * r;
    double away = settings.hardNegativeGap() + span;
    double roomBefore = Math.max(0, anchorStart - away - v.start()); // starts in [start, anchor - away]
    double roomAfter = Math.max(0, v.end() - span - (anchorStart + away)); // and in [anchor + away, end - span]
    double kind = rnd.nextDouble();
    boolean hard = kind < settings.hardNegativeShare() && roomBefore + roomAfter > 0;
    int sameShoot = kind >= settings.hardNegativeShare()
        && kind < settings.hardNegativeShare() + settings.sameShootShare() ? sameUnit(vi, rnd) : -1;
    if (hard) {
      nv = v;
      double u = rnd.nextDouble() * (roomBefore + roomAfter);
      double start = u < roomBefore ? v.start() + u : anchorStart + away + (u - roomBefore);
      for (int i = 0; i < n; i++) {
        negTimes[i] = start + i * r;
      }
    } else {
      int ni = sameShoot >= 0 ? sameShoot : otherThan(vi, rnd);
      nv = videos.get(ni);
      double start = startFor(nv, (n - 1) * r, rnd);
      for (int i = 0; i < n; i++) {
        negTimes[i] = start + i * r;
      }
    }
    Augmenter.Augmentation negEdit = augmenter.draw(rnd, background(rnd, vi), settings.editShare(), settings.orientationWeight());
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

  /** Frame {@code f}'s place in the clip (index, time) showing {@code picture}'s pixels. */
  private static Frame showing(Frame f, Frame picture) {
    return new Frame(f.index(), f.timestamp(), picture.width(), picture.height(), picture.rgb());
  }

  /** A frame position other than the median's. */
  private static int otherThanMedian(int n, int median, Random rnd) {
    int j = rnd.nextInt(n - 1);
    return j >= median ? j + 1 : j;
  }

  /** A random other video of video {@code vi}'s content unit, or -1 if it has none. */
  private int sameUnit(int vi, Random rnd) {
    String unit = unitOf.apply(videos.get(vi).id());
    List<Integer> same = new ArrayList<>();
    for (int j = 0; j < videos.size(); j++) {
      if (j != vi && unitOf.apply(videos.get(j).id()).equals(unit)) {
        same.add(j);
      }
    }
    return same.isEmpty() ? -1 : same.get(rnd.nextInt(same.size()));
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
