package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.testkit.IndexContract;
import org.videosim.VideoFingerprint;

/** The index contract plus what a {@link FingerprintIndex} adds: the stored fingerprints and the video ids. */
abstract class FingerprintIndexContract extends IndexContract {

  @Override
  protected abstract FingerprintIndex newIndex();

  @Test
  void fingerprint_returnsWhatWasAdded_untilRemovedOrReplaced() {
    Random rnd = new Random(12);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint a = video("a", 7, rnd);
      VideoFingerprint b = video("b", 3, rnd);
      index.add(a);
      index.add(b);
      assertThat(index.fingerprint("a")).contains(a);
      assertThat(index.fingerprint("b")).contains(b);
      assertThat(index.fingerprint("c")).isEmpty();
      assertThat(index.videoIds()).containsExactly("a", "b");
      VideoFingerprint a2 = video("a", 2, rnd);
      index.add(a2);
      assertThat(index.fingerprint("a")).contains(a2);
      index.remove("b");
      assertThat(index.fingerprint("b")).isEmpty();
      assertThat(index.videoIds()).containsExactly("a");
    }
  }

  @Test
  void fingerprint_keepsTheCheckCodes() {
    Random rnd = new Random(13);
    try (FingerprintIndex index = newIndex()) {
      VideoFingerprint plain = video("a", 5, rnd);
      java.util.List<org.videosim.BitCode> checks = plain.clips().stream()
          .map(c -> org.videosim.BitCode.of(62, rnd.nextLong() >>> 2)).toList();
      VideoFingerprint a = new VideoFingerprint("a", plain.duration(), plain.spec(), plain.clips(), checks);
      index.add(a);
      index.add(video("b", 3, rnd));
      assertThat(index.fingerprint("a")).contains(a);
      assertThat(index.fingerprint("a").orElseThrow().checks()).isEqualTo(checks);
      assertThat(index.fingerprint("b").orElseThrow().checks()).isEmpty();
    }
  }
}
