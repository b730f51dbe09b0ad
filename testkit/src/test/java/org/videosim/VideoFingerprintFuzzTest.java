package org.videosim;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.videosim.testkit.ParserFuzzing;

/**
 * Fuzzes {@link VideoFingerprint#fromBytes}: only a fingerprint or a {@link CorruptDataException}, never another
 * exception, an out-of-memory error or a hang; also behind a valid checksum, where the structure itself is parsed.
 * Regression inputs: {@code src/test/resources/org/videosim/VideoFingerprintFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VideoFingerprintFuzzTest {

  @FuzzTest(maxDuration = "1m")
  void fromBytes(byte[] data) {
    ParserFuzzing.expectOnly(() -> roundTrip(VideoFingerprint.fromBytes(data)), CorruptDataException.class);
  }

  @FuzzTest(maxDuration = "1m")
  void fromBytesBehindAValidChecksum(byte[] data) {
    ParserFuzzing.expectOnly(() -> roundTrip(VideoFingerprint.fromBytes(ParserFuzzing.withTrailingCrc(data))),
        CorruptDataException.class);
  }

  /** What parses must write itself back the same. */
  private static void roundTrip(VideoFingerprint fp) {
    if (!VideoFingerprint.fromBytes(fp.toBytes()).equals(fp)) {
      throw new IllegalStateException("does not round-trip: " + fp);
    }
  }
}
