package org.videosim;

import java.util.List;
import org.videosim.internal.DctFrameEncoder;

/**
 * Stage 3: turns frames into embeddings, one per frame.
 *
 * <p>Implementations must be thread-safe: one encoder is shared by every thread of a {@link VideoSimilarity}. They
 * receive frames in batches of at most {@link #batchSize()}, of the size they asked for with
 * {@link #preferredFrameSide()} (aspect ratio kept, so the shorter side varies), and return embeddings of
 * {@link #dimension()} values. Failures caused by the model or the environment are
 * {@link VideoSimilarityException}s. The contract suite {@code FrameEncoderContract} ({@code videosim-testkit}) checks this.
 */
public interface FrameEncoder extends PipelineStage {

  /** Length of the embeddings. */
  int dimension();

  /** The longer side, in pixels, of the frames this encoder wants from the {@link FrameSource}. */
  default int preferredFrameSide() {
    return 256;
  }

  /** Largest batch that {@link #encode} is given. */
  default int batchSize() {
    return 16;
  }

  /**
   * Encodes a batch of frames.
   *
   * @return one embedding per frame, in order
   */
  List<Embedding> encode(List<Frame> frames);

  /**
   * The training-free default: a 2D DCT of the 32x32 grey frame, the 8x8 lowest frequencies without DC, made
   * mirror-invariant (the 31 even horizontal frequencies as they are, the 32 odd ones as 31 products of
   * neighbours): 62 values. Robust to re-encoding, resizing, colour and contrast changes, blur, noise, overlays and
   * mirroring; crops, rotations, borders and picture-in-picture need the learned encoders.
   */
  static FrameEncoder dct() {
    return new DctFrameEncoder(32, 8);
  }

  /**
   * The DCT descriptor without mirror invariance: the 63 AC coefficients of the 8x8 lowest frequencies of the 32x32
   * grey frame as they are. A mirrored, flipped, turned or transposed frame gets the same values permuted and some
   * negated, so its sign codes map onto each other by fixed bit permutations: the matcher tries all eight
   * orientations of such codes (as check codes, {@link VideoSimilarity.Builder#checkEncoder}), which finds copies
   * turned on their side or upside down at no cost in fingerprinting.
   */
  static FrameEncoder dctOrientable() {
    return dctOrientable(8);
  }

  /**
   * The orientable DCT descriptor with another square of low frequencies: {@code coefficients^2 - 1} values, so
   * shorter check codes (7: 48 bits, 6: 35 bits) for smaller fingerprints.
   *
   * @param coefficients side of the square of low frequencies kept, in [2, 11] (codes of at most 120 bits)
   */
  static FrameEncoder dctOrientable(int coefficients) {
    if (coefficients < 2 || coefficients > 11) {
      throw new IllegalArgumentException("check coefficients must be within [2, 11]: " + coefficients);
    }
    return new DctFrameEncoder(32, coefficients, true);
  }

  /**
   * The DCT encoder with other sizes.
   *
   * @param grid side of the grey image the DCT is taken of, in [8, 128]
   * @param coefficients side of the square of low frequencies kept, in [2, grid]; the embedding has
   *     {@code coefficients^2 - 2} values
   */
  static FrameEncoder dct(int grid, int coefficients) {
    return new DctFrameEncoder(grid, coefficients);
  }
}
