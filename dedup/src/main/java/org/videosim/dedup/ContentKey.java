package org.videosim.dedup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.videosim.VideoSimilarityException;

/**
 * What a video file holds, as a key: its size and the SHA-256 of its bytes. Two files with the same key have the
 * same content whatever their names, so a stored fingerprint serves both; a file changed in place gets a new key.
 * Immutable.
 *
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 */
public record ContentKey(long size, String sha256) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a value is out of range
   */
  public ContentKey {
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
  }

  /**
   * Reads a file and makes its key.
   *
   * @throws VideoSimilarityException if the file cannot be read
   */
  public static ContentKey of(Path file) {
    Objects.requireNonNull(file, "file");
    MessageDigest sha = newSha256();
    byte[] buf = new byte[1 << 16];
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        sha.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new VideoSimilarityException("cannot read '" + file + "' to make its content key: " + e, e);
    }
    return new ContentKey(size, HexFormat.of().formatHex(sha.digest()));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return size + ":" + sha256.substring(0, 12);
  }
}
