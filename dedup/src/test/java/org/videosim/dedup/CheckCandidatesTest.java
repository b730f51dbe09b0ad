package org.videosim.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.videosim.BitCode;
import org.videosim.Clip;
import org.videosim.FrameEncoder;
import org.videosim.PipelineSpec;
import org.videosim.TemporalVideoMatcher;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.CheckKeys;

/**
 * Candidates through the check codes: a turned copy whose learned codes are far from its source's. Its corpus also
 * serves the Spark job's test of the same candidates.
 */
public class CheckCandidatesTest {
  /** Orientable DCT check codes, and a matcher that trusts them (a fused calibration of its own). */
  public static final VideoSimilarity SIM = VideoSimilarity.builder().checkEncoder(FrameEncoder.dctOrientable())
      .matcher(TemporalVideoMatcher.builder().fusedCalibration(1, 6, 0).build()).build();
  static final int CLIPS = 12;

  /** The four test videos: a source, its copy turned by orientation 3, an unrelated one and a flat one. */
  public static List<VideoFingerprint> corpus(PipelineSpec spec, boolean withChecks) {
    Random rnd = new Random(7);
    int checkBits = 63;
    List<BitCode> source = randomCodes(rnd, checkBits, CLIPS);
    VideoFingerprint a = fingerprint("a", spec, rnd, source);
    long[] turned = CheckKeys.orientations(a.spec().equals(SIM.spec()) ? a
        : new VideoFingerprint("a", a.duration(), SIM.spec(), a.clips(), a.checks()))[3];
    List<BitCode> turnedCodes = new ArrayList<>();
    int words = BitCode.wordsFor(checkBits);
    for (int i = 0; i < CLIPS; i++) {
      turnedCodes.add(BitCode.of(checkBits, java.util.Arrays.copyOfRange(turned, i * words, (i + 1) * words)));
    }
    List<BitCode> flat = new ArrayList<>();
    for (int i = 0; i < CLIPS; i++) {
      flat.add(BitCode.of(checkBits, 0L));
    }
    List<VideoFingerprint> out = List.of(a, fingerprint("b", spec, rnd, turnedCodes),
        fingerprint("c", spec, rnd, randomCodes(rnd, checkBits, CLIPS)), fingerprint("d", spec, rnd, flat));
    if (withChecks) {
      return out;
    }
    return out.stream().map(f -> new VideoFingerprint(f.videoId(), f.duration(), spec, f.clips())).toList();
  }

  /** Random learned codes of 64 bits, one-second clips, these check codes. */
  static VideoFingerprint fingerprint(String id, PipelineSpec spec, Random rnd, List<BitCode> checks) {
    List<Clip> clips = new ArrayList<>();
    List<BitCode> codes = randomCodes(rnd, 64, checks.size());
    for (int i = 0; i < checks.size(); i++) {
      clips.add(new Clip(i, i + 1, 2, codes.get(i)));
    }
    return new VideoFingerprint(id, checks.size(), spec, clips, checks);
  }

  static List<BitCode> randomCodes(Random rnd, int bits, int n) {
    return org.videosim.testkit.VideoMatcherContract.random("codes", n, bits, rnd).clips().stream()
        .map(Clip::code).toList();
  }

  public static List<FingerprintStore.Entry> entries(List<VideoFingerprint> fps) {
    return fps.stream().map(f -> new FingerprintStore.Entry(f, 640, 360)).toList();
  }

  @Test
  void group_turnedCopy_isACandidateThroughItsCheckCodesOnly() {
    Deduplicator dd = Deduplicator.builder(SIM).threads(2).build();
    DedupResult with = dd.group(entries(corpus(SIM.spec(), true)));
    assertThat(with.stats().candidatePairs()).isEqualTo(1); // a-b; not c, not the flat d
    assertThat(DeduplicatorTest.memberSets(with)).containsExactly(java.util.Set.of("a", "b"));
    assertThat(with.versionsOf("b")).isEqualTo(1);

    // the learned codes alone: far apart, no candidate, no group
    VideoSimilarity plain = VideoSimilarity.builder().matcher(TemporalVideoMatcher.builder()
        .fusedCalibration(1, 6, 0).build()).build();
    DedupResult without = Deduplicator.builder(plain).threads(2).build().group(entries(corpus(plain.spec(), false)));
    assertThat(without.stats().candidatePairs()).isZero();
    assertThat(DeduplicatorTest.memberSets(without)).isEmpty();
  }

  @Test
  void keys_cutTheCodeIntoFourSubstringsNumberedInTheUpperBits() {
    long[] code = {-1L >>> 1}; // 63 bits set
    int[] keys = CheckKeys.keys(code, 0, 1, 63);
    assertThat(keys).containsExactly(0xffff, 1 << 16 | 0xffff, 2 << 16 | 0xffff, 3 << 16 | 0x7fff);
    assertThat(CheckKeys.radiusFor(63)).isEqualTo(12);
    assertThat(CheckKeys.flat(new long[] {0, 5}, 0, 1)).isTrue();
    assertThat(CheckKeys.flat(new long[] {0, 5}, 1, 1)).isFalse();
  }
}
