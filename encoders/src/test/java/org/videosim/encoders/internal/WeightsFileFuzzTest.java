package org.videosim.encoders.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.videosim.CorruptDataException;
import org.videosim.testkit.ParserFuzzing;

/**
 * Fuzzes the reader of videosim's weights files ({@code .vsw}: heads, set transformers, the imported backbone):
 * only a {@link WeightsFile} or a {@link CorruptDataException}, never another exception, an out-of-memory error or a
 * hang; also behind a valid checksum. Regression inputs:
 * {@code src/test/resources/org/videosim/encoders/internal/WeightsFileFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WeightsFileFuzzTest {

  @FuzzTest(maxDuration = "1m")
  void parse(byte[] data) {
    ParserFuzzing.expectOnly(() -> WeightsFile.parse(data, "fuzz").tensors().values()
        .forEach(WeightsFile.Tensor::values), CorruptDataException.class);
  }

  @FuzzTest(maxDuration = "1m")
  void parseBehindAValidChecksum(byte[] data) {
    ParserFuzzing.expectOnly(() -> WeightsFile.parse(ParserFuzzing.withTrailingCrc(data), "fuzz").tensors().values()
        .forEach(WeightsFile.Tensor::values), CorruptDataException.class);
  }
}
