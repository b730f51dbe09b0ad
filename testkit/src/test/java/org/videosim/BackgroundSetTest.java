package org.videosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundSetTest {
  private static final PipelineSpec SPEC = new PipelineSpec(Map.of("encoder", new StageSpec("bg-test", "1",
      Map.of()), "binarizer", new StageSpec("bits", "1", Map.of("n", "64"))));

  private static VideoFingerprint fp(String id, Random rnd, int n) {
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clips.add(new Clip(i, i + 1, 1, BitCode.of(64, rnd.nextLong())));
    }
    return new VideoFingerprint(id, n, SPEC, clips);
  }

  @Test
  void toBytes_roundTrips_codesGroupsAndWhatItAppliesTo_andCorruptionIsRefused() {
    Random rnd = new Random(1);
    BackgroundSet s = BackgroundSet.of(List.of(fp("g0", rnd, 20), fp("g1", rnd, 20), fp("g2", rnd, 20)),
        VideoFingerprint::videoId);
    byte[] bytes = s.toBytes();
    BackgroundSet back = BackgroundSet.fromBytes(bytes, "test");
    long[] probe = new long[10];
    for (int i = 0; i < probe.length; i++) {
      probe[i] = rnd.nextLong();
    }
    assertThat(back.commonness(probe, 10)).containsExactly(s.commonness(probe, 10));
    assertThat(back.groups()).containsExactly("g0", "g1", "g2");
    assertThat(back.size()).isEqualTo(60);
    assertThat(back.appliesTo(SPEC)).isTrue();
    assertThat(back.appliesTo(new PipelineSpec(Map.of("encoder", new StageSpec("other", "1", Map.of()))))).isFalse();
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 1;
    assertThatThrownBy(() -> BackgroundSet.fromBytes(flipped, "flipped")).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("checksum");
    byte[] future = bytes.clone();
    ByteBuffer.wrap(future).putInt(4, 99);
    assertThatThrownBy(() -> BackgroundSet.fromBytes(future, "future")).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("format 99");
  }
}
