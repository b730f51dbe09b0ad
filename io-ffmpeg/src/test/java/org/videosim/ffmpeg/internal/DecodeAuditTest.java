package org.videosim.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.videosim.DecodeWarning;
import org.videosim.VideoInfo;
import org.videosim.ffmpeg.internal.ReaderSupport.DecodeAudit;

/** What the decode audit warns about, on the timestamps a reader reports. */
class DecodeAuditTest {
  /** Debian's opencv-doc tree.avi: 444 frames declared at 15 fps over 29.6 s, 68 pictures held. */
  private static final VideoInfo TREE = new VideoInfo(29.6, 15, 320, 240, 0, "cinepak", "avi");

  private static List<DecodeWarning.Kind> kinds(DecodeAudit audit, VideoInfo info, long declaredFrames) {
    return audit.warnings(info, declaredFrames).stream().map(DecodeWarning::kind).toList();
  }

  @Test
  void warnings_fewerPicturesSpanningTheDeclaredDuration_none() {
    // the reproduction of a false MISSING_FRAMES on a clean AVI whose empty chunks repeat the previous picture
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 68; i++) {
      audit.frame(i * 29.6 / 68);
    }
    assertThat(kinds(audit, TREE, 444)).isEmpty();
  }

  /**
   * A 4-s file cut 0.9 s short: under the duration warning's second, but its missing frames are said (it decoded
   * without a warning while fewer frames than declared counted as repeats whenever the span was not short).
   */
  @Test
  void warnings_fileCutShortByLessThanASecond_missingFrames() {
    VideoInfo fourSeconds = new VideoInfo(4, 25, 320, 240, 0, "h264", "mov,mp4,m4a,3gp,3g2,mj2");
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 78; i++) {
      audit.frame(i / 25.0);
    }
    assertThat(kinds(audit, fourSeconds, 100)).containsExactly(DecodeWarning.Kind.MISSING_FRAMES);
  }

  @Test
  void warnings_fewerPicturesEndingEarly_shortDurationAndMissingFrames() {
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 68; i++) {
      audit.frame(i / 15.0);
    }
    assertThat(kinds(audit, TREE, 444)).containsExactly(DecodeWarning.Kind.SHORT_DURATION,
        DecodeWarning.Kind.MISSING_FRAMES);
  }

  /**
   * Non-reference frames left out between samples count as decoded in both warnings of a file cut short: the duration
   * warning gave the frames the decoder put out (167) beside "decoded 209 of the 241" of the same file.
   */
  @Test
  void warnings_withNonReferenceFramesSkipped_bothWarningsCountTheSameFrames() {
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 120; i++) {
      boolean skippable = i % 3 != 0;
      audit.packet(skippable);
      if (!skippable) {
        audit.frame(i / 25.0);
      }
    }
    VideoInfo tenSeconds = new VideoInfo(10, 25, 320, 240, 0, "h264", "mov,mp4,m4a,3gp,3g2,mj2");
    List<DecodeWarning> w = audit.warnings(tenSeconds, 250);
    assertThat(w).extracting(DecodeWarning::kind).containsExactly(DecodeWarning.Kind.SHORT_DURATION,
        DecodeWarning.Kind.MISSING_FRAMES);
    assertThat(w.get(0).detail()).endsWith("(120 frames)");
    assertThat(w.get(1).detail()).startsWith("decoded 120 of the 250");
  }

  @Test
  void warnings_fewerPicturesWithDecodeErrors_missingFramesAndDamagedPackets() {
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 68; i++) {
      audit.frame(i * 29.6 / 68);
    }
    audit.decodeError("invalid data");
    assertThat(kinds(audit, TREE, 444)).containsExactly(DecodeWarning.Kind.MISSING_FRAMES,
        DecodeWarning.Kind.DAMAGED_PACKETS);
  }

  @Test
  void warnings_fewerFramesWithoutADeclaredDuration_missingFrames() {
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 68; i++) {
      audit.frame(i * 29.6 / 68);
    }
    VideoInfo noDuration = new VideoInfo(0, 15, 320, 240, 0, "cinepak", "avi");
    assertThat(kinds(audit, noDuration, 444)).containsExactly(DecodeWarning.Kind.MISSING_FRAMES);
  }

  /**
   * Keyframe-only reading: two keyframes 100 s apart and the last one 20 s before the end, every other frame left
   * out on purpose. Nothing was lost: no gap, no short duration, no missing frames, no still image. The same
   * timestamps without the dropped packets warn of all of it.
   */
  @Test
  void warnings_framesLeftOutOnPurpose_none() {
    VideoInfo twoMinutes = new VideoInfo(120, 30, 640, 360, 0, "h264", "mov,mp4,m4a,3gp,3g2,mj2");
    DecodeAudit audit = new DecodeAudit();
    audit.frame(0);
    for (int i = 1; i < 3000; i++) {
      audit.dropped(i / 30.0);
    }
    audit.frame(100);
    for (int i = 3001; i < 3600; i++) {
      audit.dropped(i / 30.0);
    }
    assertThat(kinds(audit, twoMinutes, 3600)).isEmpty();

    DecodeAudit lost = new DecodeAudit();
    lost.frame(0);
    lost.frame(100);
    assertThat(kinds(lost, twoMinutes, 3600)).containsExactly(DecodeWarning.Kind.SHORT_DURATION,
        DecodeWarning.Kind.MISSING_FRAMES, DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS);
    // decoding order with B-frames (I0 P3 B1 B2 P6 B4 B5 ...): times a few frames back are not implausible; one
    // seconds back is
    DecodeAudit reordered = new DecodeAudit();
    reordered.frame(0);
    for (int i = 3; i < 3600; i += 3) {
      reordered.dropped(i / 30.0);
      reordered.dropped((i - 2) / 30.0);
      reordered.dropped((i - 1) / 30.0);
    }
    assertThat(kinds(reordered, twoMinutes, 3600)).isEmpty();
    reordered.dropped(10);
    assertThat(kinds(reordered, twoMinutes, 3600)).containsExactly(DecodeWarning.Kind.IMPLAUSIBLE_TIMESTAMPS);
    DecodeAudit one = new DecodeAudit();
    one.frame(0);
    for (int i = 1; i < 3600; i++) {
      one.dropped(i / 30.0);
    }
    assertThat(kinds(one, twoMinutes, 3600)).isEmpty();
  }
}
