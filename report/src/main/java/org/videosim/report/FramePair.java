package org.videosim.report;

import java.util.Locale;

/**
 * A pair of frames that a report shows side by side: a frame of A in a matched segment and the frame of B aligned
 * with it. Immutable.
 *
 * @param segment index of the segment in {@link org.videosim.Score#segments()}, or -1 for the most similar pair of
 *     clips, shown when nothing matched
 * @param timeA time of the frame in A, seconds (the middle sampled frame of its clip)
 * @param timeB time of the frame in B, seconds
 * @param similarity similarity of the two clips' codes, {@code 1 - 2 * hamming / bits}, in [-1, 1]
 */
public record FramePair(int segment, double timeA, double timeB, double similarity) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FramePair(segment %d: A %.2fs <-> B %.2fs, similarity %.3f)", segment, timeA,
        timeB, similarity);
  }
}
