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

  @Test
  void warnings_fewerPicturesEndingEarly_shortDurationAndMissingFrames() {
    DecodeAudit audit = new DecodeAudit();
    for (int i = 0; i < 68; i++) {
      audit.frame(i / 15.0);
    }
    assertThat(kinds(audit, TREE, 444)).containsExactly(DecodeWarning.Kind.SHORT_DURATION,
        DecodeWarning.Kind.MISSING_FRAMES);
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
}
