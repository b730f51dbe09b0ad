package org.videosim.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What a path that is not a readable regular file is, in words for messages. */
public final class LocalFiles {
  private LocalFiles() {}

  /**
   * Why {@code path}, which does not exist when links are followed, cannot be opened: {@code file not found}, a
   * dangling symbolic link, or a symbolic link loop.
   */
  public static String missingReason(Path path) {
    if (!Files.isSymbolicLink(path)) {
      return "file not found";
    }
    try {
      path.toRealPath();
      return "file not found";
    } catch (FileSystemException e) {
      String reason = e.getReason();
      if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("levels of symbolic links")) {
        return "a symbolic link loop (" + e.getReason() + ")";
      }
      return "a symbolic link to a missing file";
    } catch (IOException e) {
      return "a symbolic link that cannot be followed: " + e;
    }
  }

  /**
   * What went wrong with a file, in words: {@code no such file or folder} (the file to read, or the folder of the file
   * to write, is missing), {@code permission denied}, the system's reason, or the exception itself. The message of
   * {@link java.nio.file.NoSuchFileException} and its kin is the bare path.
   */
  public static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * The kind of an existing entry that is not a regular file: {@code a directory}, {@code a FIFO (named pipe)},
   * {@code a socket}, {@code a character device}, {@code a block device}, or {@code a special file}.
   */
  public static String typeOf(Path path) {
    if (Files.isDirectory(path)) {
      return "a directory";
    }
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO (named pipe)";
          case 0140000:
            return "a socket";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // not a Unix file system: fall through
    }
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "a special file" : "missing";
  }
}
