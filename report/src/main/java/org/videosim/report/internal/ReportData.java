package org.videosim.report.internal;

import java.util.List;
import org.videosim.Clip;
import org.videosim.Score;

/**
 * Everything a report shows, computed once by {@link org.videosim.report.ComparisonReporter}.
 *
 * @param a the first video
 * @param b the second video
 * @param score the comparison
 * @param pipelineSummary one line on the pipeline
 * @param pipelineSpec the full pipeline spec
 * @param bits code length
 * @param grid the clip-to-clip similarity matrix
 * @param pairs the frame pairs, by segment
 */
public record ReportData(Side a, Side b, Score score, String pipelineSummary, String pipelineSpec, int bits,
    SimilarityGrid grid, List<Pair> pairs) {

  /**
   * One video.
   *
   * @param name as given (path or name)
   * @param duration seconds
   * @param clips its fingerprint's clips
   */
  public record Side(String name, double duration, List<Clip> clips) {}

  /**
   * A frame pair shown side by side.
   *
   * @param segment index of its segment in the score, -1 for the closest clips of a pair without segments
   * @param i clip of A
   * @param j clip of B
   * @param timeA the frame's time in A
   * @param timeB the frame's time in B
   * @param similarity of the two clips
   * @param imageA the frame of A, null if none could be decoded
   * @param imageB the frame of B, null if none could be decoded
   */
  public record Pair(int segment, int i, int j, double timeA, double timeB, double similarity, EmbeddedImage imageA,
      EmbeddedImage imageB) {}
}
