package org.videosim.ffmpeg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.videosim.FrameRequest;
import org.videosim.UnsupportedVideoException;
import org.videosim.VideoDecodeException;
import org.videosim.VideoInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every frame reader of this module does the same way, whatever the decoding library. */
public final class ReaderSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderSupport.class);

  private ReaderSupport() {}

  /** The local file a decoder opens: the input's own file, or its in-memory bytes staged in a temporary file. */
  public static final class LocalFile implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private LocalFile(Path path, boolean temporary) {
      this.path = path;
      this.temporary = temporary;
    }

    public Path path() {
      return path;
    }

    /** Deletes the temporary file, if one was made. */
    @Override
    public void close() {
      if (temporary) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          LOG.warn("cannot delete temporary file {}", path, e);
        }
      }
    }
  }

  /**
   * Checks that the input is a readable, non-empty regular file (staging in-memory bytes first).
   *
   * @throws VideoDecodeException naming the video and the problem
   */
  public static LocalFile localFile(VideoInput input, String stage) {
    String video = input.description();
    LocalFile file;
    if (input.path().isPresent()) {
      file = new LocalFile(input.path().get(), false);
    } else {
      try {
        Path tmp = Files.createTempFile("videosim-", "-" + input.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        file = new LocalFile(tmp, true);
        try (InputStream in = input.openStream()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          file.close();
          throw e;
        }
      } catch (IOException e) {
        throw new VideoDecodeException(video, stage, "cannot stage the in-memory video in a temporary file: " + e,
            e);
      }
    }
    Path path = file.path();
    String problem = null;
    Throwable cause = null;
    if (!Files.exists(path)) {
      problem = "file not found";
      cause = new NoSuchFileException(path.toString());
    } else if (Files.isDirectory(path)) {
      problem = "is a directory, not a video file";
    } else if (!Files.isRegularFile(path)) {
      problem = "not a regular file"; // a FIFO or a device would block or never end
    } else if (!Files.isReadable(path)) {
      problem = "file is not readable";
    } else {
      try {
        if (Files.size(path) == 0) {
          problem = "file is empty (0 bytes)";
        }
      } catch (IOException e) {
        problem = "cannot read file: " + e;
        cause = e;
      }
    }
    if (problem != null) {
      file.close();
      throw new VideoDecodeException(video, stage, problem, cause);
    }
    return file;
  }

  /**
   * Refuses pictures outside the limits; a 0x0 size is accepted when {@code beforeDecoding} (unknown until the
   * first frame).
   *
   * @throws UnsupportedVideoException naming the size and the limit
   */
  public static void checkSize(int width, int height, boolean beforeDecoding, int minSide, long maxPixels,
      String video, String stage) {
    if (width == 0 && height == 0 && beforeDecoding) {
      return;
    }
    if (width < minSide || height < minSide) {
      throw new UnsupportedVideoException(video, stage, "picture of " + width + "x" + height
          + " pixels is too small (each side must be at least " + minSide + " pixels)");
    }
    if ((long) width * height > maxPixels) {
      throw new UnsupportedVideoException(video, stage, "picture of " + width + "x" + height
          + " pixels is too large (at most " + maxPixels + " pixels per frame)");
    }
  }

  /**
   * Presentation times of decoded frames, kept monotonic, and the sampling decision: the first frame, then the
   * first frame at or after each multiple of {@code 1 / sampleRate}. The next sample time is computed in O(1), so
   * an absurd timestamp jump cannot make a loop run for years of video time. Not thread-safe.
   */
  public static final class SamplingClock {
    private final double period;
    private double lastTime = Double.NEGATIVE_INFINITY;
    private double nextSampleTime = Double.NEGATIVE_INFINITY;

    public SamplingClock(FrameRequest request) {
      this.period = 1.0 / request.sampleRate();
    }

    /** Records a decoded frame's time (raised to the previous one if it goes back) and returns it. */
    public double advance(double t) {
      if (t < lastTime) {
        t = lastTime; // damaged or reordered timestamps: keep time monotonic
      }
      lastTime = t;
      return t;
    }

    /** Whether the frame at time {@code t} (as returned by {@link #advance}) is kept. */
    public boolean sample(double t) {
      if (t + 1e-6 < nextSampleTime) {
        return false;
      }
      nextSampleTime = (Math.floor(t / period + 1e-6) + 1) * period;
      return true;
    }

    /** The time of the last decoded frame, or negative infinity before the first. */
    public double lastTime() {
      return lastTime;
    }

    /** The last decoded frame's time, or NaN before the first: for error messages. */
    public double lastTimeOrNaN() {
      return lastTime > Double.NEGATIVE_INFINITY ? lastTime : Double.NaN;
    }
  }

  /** A clockwise rotation in degrees rounded to a quarter turn in [0, 360). */
  public static int quarterTurns(double clockwiseDegrees) {
    if (Double.isNaN(clockwiseDegrees)) {
      return 0;
    }
    long r = Math.round(clockwiseDegrees / 90.0) * 90;
    return (int) (((r % 360) + 360) % 360);
  }

  /** Rotates packed RGB clockwise by 90, 180 or 270 degrees. */
  public static byte[] rotate(byte[] src, int w, int h, int degrees) {
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int nx;
        int ny;
        int nw;
        switch (degrees) {
          case 90: nx = h - 1 - y; ny = x; nw = h; break;
          case 180: nx = w - 1 - x; ny = h - 1 - y; nw = w; break;
          case 270: nx = y; ny = w - 1 - x; nw = h; break;
          default: throw new IllegalArgumentException("rotation " + degrees);
        }
        int s = (y * w + x) * 3;
        int d = (ny * nw + nx) * 3;
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
      }
    }
    return dst;
  }
}
