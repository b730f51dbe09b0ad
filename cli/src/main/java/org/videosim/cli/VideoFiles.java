package org.videosim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.videosim.VideoSimilarityException;

/** Finds the video files of a directory. */
final class VideoFiles {
  static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts",
      "flv", "wmv", "3gp", "ogv", "gif", "y4m");

  private VideoFiles() {}

  /** Video files directly in {@code dir}, sorted by name. */
  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(VideoFiles::isVideo).sorted()
          .collect(Collectors.toList());
      if (files.isEmpty()) {
        throw new IOException("no video files in " + dir + " (extensions: " + EXTENSIONS + ")");
      }
      return files;
    }
  }

  /** An entry of a directory, and why it cannot be fingerprinted ({@code null} if it may be a video). */
  record Entry(Path path, String problem) {}

  /**
   * Every entry directly in {@code dir}, sorted by name, each with the reason it cannot be a video, if there is one:
   * a directory, a FIFO or other special file, a symbolic link loop or to nothing, a name without a video
   * extension. Nothing is skipped silently.
   *
   * @throws IOException if {@code dir} is not a directory or holds no entry that may be a video
   */
  static List<Entry> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    List<Entry> out;
    try (Stream<Path> s = Files.list(dir)) {
      out = s.sorted().map(p -> new Entry(p, problem(p))).collect(Collectors.toList());
    }
    if (out.stream().allMatch(e -> e.problem() != null)) {
      throw new IOException("no video files in " + dir + " (extensions: " + EXTENSIONS + ")");
    }
    return out;
  }

  /** Why {@code p} cannot be a video file, or null. */
  static String problem(Path p) {
    if (!Files.exists(p)) {
      return "not readable: " + org.videosim.internal.LocalFiles.missingReason(p);
    }
    if (!Files.isRegularFile(p)) {
      return "not a video file: " + org.videosim.internal.LocalFiles.typeOf(p);
    }
    if (!isVideo(p)) {
      return "not a video file: the extension is not one of " + new java.util.TreeSet<>(EXTENSIONS);
    }
    return null;
  }

  static boolean isVideo(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Work on one video file; a {@link VideoSimilarityException} skips the file. */
  interface Task {
    void run(Path file);
  }

  /**
   * Runs {@code task} on each file in turn with a progress bar labelled {@code label} on {@code err}; a file the task
   * cannot read ({@link VideoSimilarityException}) is reported and skipped.
   */
  static void forEach(List<Path> files, PrintWriter err, String label, Task task) {
    Progress progress = new Progress(err, label, files.size());
    for (Path f : files) {
      try {
        task.run(f);
        progress.step(true);
      } catch (VideoSimilarityException e) {
        err.println("videosim: skipped " + f + ": " + e.getMessage());
        progress.step(false);
      }
    }
  }

  /** {@link #withUniqueIds}'s answer: the items kept, and how many were left out for an id already taken. */
  record Unique<T>(List<T> kept, int duplicates) {}

  /**
   * The items whose ids ({@link #id}: the file name without its extension) are their own: the first item with an id
   * keeps it, and each later one is left out with the message "skipping F: its id 'x' is also that of G" on {@code
   * err} (the same path twice is kept once, without a message). Score tables, indexes and groups are keyed by id:
   * {@code clip.mp4} and {@code clip.mkv} in one folder would give two contradictory rows for "clip".
   */
  static <T> Unique<T> withUniqueIds(List<T> items, java.util.function.Function<T, Path> path, PrintWriter err) {
    java.util.Map<String, Path> ids = new java.util.HashMap<>();
    List<T> kept = new java.util.ArrayList<>();
    int duplicates = 0;
    for (T item : items) {
      Path f = path.apply(item);
      Path other = ids.putIfAbsent(id(f), f);
      if (other == null) {
        kept.add(item);
      } else if (!other.equals(f)) {
        err.println("videosim: skipping " + f + ": its id '" + id(f) + "' is also that of " + other);
        duplicates++;
      }
    }
    return new Unique<>(List.copyOf(kept), duplicates);
  }

  /** File name without extension: the id used in score tables. */
  static String id(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
