package org.videosim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the command line writes (fingerprints, score and segment tables): each is checked and its folder made before
 * any video is read, so that a path that cannot be written fails at once, naming the path and why, instead of after
 * the work with a bare path.
 */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Makes the folder of {@code file} (and the folders above it) unless it exists; nothing for null.
   *
   * @throws IOException if {@code file} is a folder or its folder cannot be made
   */
  static void prepare(Path file) throws IOException {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + file + ": it is a folder");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new IOException("cannot write " + file + ": " + e.getFile() + " is a file, not a folder", e);
      }
    }
  }
}
