package org.videosim.testkit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Helpers of the fuzz tests of the project's own parsers and of a user's (Jazzer {@code @FuzzTest}s: their regression inputs run in
 * {@code mvn verify}, and {@code benchmarks/scripts/fuzz-parsers.sh} fuzzes each for longer). A parser may only
 * return or throw the typed exceptions its contract names; anything else (an {@link IllegalArgumentException}, an
 * index out of bounds, an {@link OutOfMemoryError}, a negative array size) is a finding.
 */
public final class ParserFuzzing {
  private ParserFuzzing() {}

  /** A parse that may throw anything. */
  public interface Parse {
    /**
     * Parses.
     *
     * @throws Exception whatever the parser throws
     */
    void run() throws Exception;
  }

  /**
   * {@code data} with its last 4 bytes replaced by the big-endian CRC-32 of the bytes before them, so that a parser
   * that checks a trailing checksum first is fuzzed behind it; {@code data} itself if shorter than 5 bytes.
   */
  public static byte[] withTrailingCrc(byte[] data) {
    if (data.length < 5) {
      return data;
    }
    byte[] b = Arrays.copyOf(data, data.length);
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  /**
   * Runs {@code parse}; returns if it succeeds or throws one of {@code allowed}, and otherwise rethrows (wrapped in
   * an {@link AssertionError} naming what was thrown) so that the fuzzer records the input.
   */
  @SafeVarargs
  public static void expectOnly(Parse parse, Class<? extends Throwable>... allowed) {
    try {
      parse.run();
    } catch (Throwable t) {
      for (Class<? extends Throwable> c : allowed) {
        if (c.isInstance(t)) {
          return;
        }
      }
      throw new AssertionError("untyped failure: " + t, t);
    }
  }
}
