package org.videosim.dedup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;
import org.videosim.edit.FrameEdits;
import org.videosim.ffmpeg.EditedCopy;
import org.videosim.ffmpeg.FfmpegVideoWriter;

/**
 * A small generated corpus with known versions, written with the bundled FFmpeg: three unrelated sources, a whole
 * edited copy of the first, a part of the first, a compilation of the second and the third, and a re-upload of the
 * compilation. Shared with the spark module's tests (test-jar).
 */
public final class TestCorpus {
  /** Frames per second of the written videos. */
  public static final double FPS = 10;
  /** Seconds of each source. */
  public static final double SECONDS = 8;

  private TestCorpus() {}

  /**
   * The groups the corpus should give, as sets of member ids: {@code s1} with its copy and its part; the compilation
   * (and its re-upload) with each of its two sources, never joining them; nothing else.
   */
  public static final Set<Set<String>> EXPECTED = Set.of(Set.of("s1", "s1-copy", "s1-part"),
      Set.of("s2", "comp", "comp-reupload"), Set.of("s3", "comp", "comp-reupload"));

  /** Writes the corpus into {@code dir}; returns the files sorted by name. */
  public static List<Path> write(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int n = (int) (SECONDS * FPS);
    Path s1 = source(dir.resolve("s1.mp4"), 1, 0, n);
    Path s2 = source(dir.resolve("s2.mp4"), 2, 0, n);
    source(dir.resolve("s3.mp4"), 3, 0, n);
    EditedCopy.of(s1).edit(FrameEdits.gray().andThen(FrameEdits.eq(0.05, 1.1, 1))).writeTo(dir.resolve("s1-copy.mp4"));
    EditedCopy.of(s1).trim(2.0, 6.0).writeTo(dir.resolve("s1-part.mp4"));
    // the compilation: the first five seconds of s2, then the last five of s3
    List<Frame> comp = new ArrayList<>();
    comp.addAll(frames(2, 0, (int) (5 * FPS), 0));
    comp.addAll(frames(3, (int) (3 * FPS), (int) (5 * FPS), comp.size()));
    write(dir.resolve("comp.mp4"), comp);
    EditedCopy.of(dir.resolve("comp.mp4")).edit(FrameEdits.eq(-0.04, 0.95, 1)).writeTo(dir.resolve("comp-reupload.mp4"));
    source(dir.resolve("other.mp4"), 4, 0, n);
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path source(Path file, int source, int from, int count) {
    return write(file, frames(source, from, count, 0));
  }

  /**
   * Frames {@code from .. from + count} of a source whose content changes every second (a new generated scene per
   * second), re-timed to start at index {@code at}.
   */
  static List<Frame> frames(int source, int from, int count, int at) {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int k = from + i;
      double t = k / FPS;
      Frame f = TestFrames.scene(source * 1000 + (int) t, k, t, 160, 96, -1);
      out.add(new Frame(at + i, (at + i) / FPS, f.width(), f.height(), f.rgb()));
    }
    return out;
  }

  private static Path write(Path file, List<Frame> frames) {
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 160, 96, FPS)) {
      for (Frame f : frames) {
        w.write(f);
      }
    }
    return file;
  }
}
