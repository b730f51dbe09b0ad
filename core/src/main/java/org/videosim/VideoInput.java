package org.videosim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A video to fingerprint: a file, or bytes already in memory. Immutable and thread-safe.
 *
 * <p>Creating an input does not touch the file; a missing or unreadable file is reported by
 * {@link VideoSimilarity#fingerprint} as a {@link VideoDecodeException}.
 */
public final class VideoInput {
  private final Path path;
  private final byte[] bytes;
  private final String name;

  private VideoInput(Path path, byte[] bytes, String name) {
    this.path = path;
    this.bytes = bytes;
    this.name = name;
  }

  /** A video file. */
  public static VideoInput of(Path path) {
    Objects.requireNonNull(path, "path");
    Path fileName = path.getFileName();
    return new VideoInput(path, null, fileName == null ? path.toString() : fileName.toString());
  }

  /**
   * A video held in memory, e.g. an upload.
   *
   * @param name a file name used as the id and in messages, e.g. {@code "upload-17.mp4"}
   * @param data the encoded file; copied
   */
  public static VideoInput of(String name, byte[] data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    return new VideoInput(null, data.clone(), name);
  }

  /** The file, if this input is one. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** True if this input's bytes are in memory rather than in a file. */
  public boolean inMemory() {
    return bytes != null;
  }

  /** The file name, e.g. {@code clip.mp4}. */
  public String name() {
    return name;
  }

  /** The file name without its extension, e.g. {@code clip}: the id used in fingerprints and score tables. */
  public String id() {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** What to call this input in messages: the path as given, or the name of an in-memory video. */
  public String description() {
    return path != null ? path.toString() : name;
  }

  /** Size in bytes. */
  public long size() {
    if (bytes != null) {
      return bytes.length;
    }
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the content as a stream; the caller closes it. */
  public InputStream openStream() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
  }

  @Override
  public String toString() {
    return "VideoInput(" + description() + ")";
  }
}
