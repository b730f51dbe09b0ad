package org.videosim;

import java.util.Locale;
import java.util.Objects;

/**
 * What a container says about its video stream. Immutable.
 *
 * <p>These values come from metadata and may be wrong for damaged files (a duration of years, a frame rate of 0);
 * the library never bounds work by them, only by what is actually decoded.
 *
 * @param durationSeconds duration as declared, or NaN when unknown
 * @param frameRate average frame rate as declared, or NaN when unknown
 * @param width display width in pixels, after rotation
 * @param height display height in pixels, after rotation
 * @param rotation clockwise display rotation applied to decoded frames, in degrees (0, 90, 180 or 270)
 * @param codec the codec's short name, e.g. {@code h264}
 * @param container the container's short name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 */
public record VideoInfo(
    double durationSeconds, double frameRate, int width, int height, int rotation, String codec,
    String container) {

  /**
   * Checks the description.
   *
   * @throws NullPointerException if {@code codec} or {@code container} is null
   */
  public VideoInfo {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(container, "container");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%dx%d %s/%s %.3fs @ %.3f fps%s", width, height, codec, container,
        durationSeconds, frameRate, rotation == 0 ? "" : " rotated " + rotation);
  }
}
