package org.videosim.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.videosim.Embedding;
import org.videosim.Frame;
import org.videosim.FrameEncoder;
import org.videosim.Score;
import org.videosim.VideoSimilarity;

/**
 * Writing your own stage: a frame encoder of 64 values, the mean brightness of each cell of an 8x8 grid (centred and
 * scaled to unit length), plugged into the pipeline through the builder. The contract suite
 * {@code FrameEncoderContract} of {@code videosim-testkit} checks it (see the example's test).
 *
 * <pre>
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.videosim.examples.CustomEncoder A.mp4 B.mp4
 * </pre>
 */
public final class CustomEncoder {
  private CustomEncoder() {}

  /** The example encoder. Immutable and thread-safe, as every stage must be. */
  public static final class GridLumaEncoder implements FrameEncoder {
    private static final int GRID = 8;

    /** Creates the encoder. */
    public GridLumaEncoder() {}

    @Override
    public String name() {
      return "grid-luma";
    }

    /** Change it whenever the output changes, so that old fingerprints are refused rather than compared. */
    @Override
    public String version() {
      return "1";
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of("grid", Integer.toString(GRID));
    }

    @Override
    public int dimension() {
      return GRID * GRID;
    }

    @Override
    public int preferredFrameSide() {
      return 64;
    }

    @Override
    public List<Embedding> encode(List<Frame> frames) {
      List<Embedding> out = new ArrayList<>(frames.size());
      for (Frame f : frames) {
        float[] luma = f.luma();
        float[] cells = new float[GRID * GRID];
        int[] counts = new int[GRID * GRID];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++) {
            int cell = (y * GRID / f.height()) * GRID + x * GRID / f.width();
            cells[cell] += luma[y * f.width() + x];
            counts[cell]++;
          }
        }
        float mean = 0;
        for (int i = 0; i < cells.length; i++) {
          cells[i] /= Math.max(1, counts[i]);
          mean += cells[i] / cells.length;
        }
        for (int i = 0; i < cells.length; i++) {
          cells[i] -= mean;
        }
        out.add(Embedding.of(cells).normalized());
      }
      return out;
    }

    @Override
    public String toString() {
      return "GridLumaEncoder(grid=" + GRID + ")";
    }
  }

  /**
   * Scores two videos with the example encoder.
   *
   * @param args the two videos
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CustomEncoder A.mp4 B.mp4");
      System.exit(2);
    }
    System.out.println(run(Path.of(args[0]), Path.of(args[1])));
  }

  /**
   * Scores a pair with a pipeline that uses {@link GridLumaEncoder}.
   *
   * @param a the original
   * @param b the suspected copy
   * @return the score and the pipeline
   */
  public static String run(Path a, Path b) {
    try (VideoSimilarity custom = VideoSimilarity.builder()
        .encoder(new GridLumaEncoder())   // any FrameEncoder; the binarizer takes its 64 values
        .build()) {
      Score s = custom.score(a, b);
      // Not calibrated for this encoder: rank by the value, do not read it as a probability (README, threshold).
      return String.format(Locale.ROOT, "raw similarity %.4f with %s", s.rawSimilarity(), custom.encoder());
    }
  }
}
