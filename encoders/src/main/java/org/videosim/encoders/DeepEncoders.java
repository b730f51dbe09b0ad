package org.videosim.encoders;

import java.nio.file.Path;

/**
 * Static factories of the deep pipeline stages, on DJL's PyTorch engine, running offline with bundled weights.
 *
 * <pre>{@code
 * MobileNetFrameEncoder encoder = DeepEncoders.mobileNetV2();
 * VideoSimilarity deep = VideoSimilarity.builder()
 *     .encoder(encoder)
 *     .aggregator(DeepEncoders.setTransformer(encoder.dimension()))
 *     .sampleRate(1).clipSeconds(1)
 *     .build();
 * }</pre>
 *
 * <p>Every stage returned is thread-safe and holds native memory until it is closed; build them once and share them.
 * Every JVM that runs them needs {@code OMP_WAIT_POLICY=PASSIVE} in its environment (see DEVELOPERS.md).
 */
public final class DeepEncoders {
  private DeepEncoders() {}

  /**
   * The default MobileNetV2 frame encoder ({@link MobileNetFrameEncoder#create()}).
   *
   * @throws org.videosim.CorruptDataException if the bundled weights are missing or corrupt
   */
  public static MobileNetFrameEncoder mobileNetV2() {
    return MobileNetFrameEncoder.create();
  }

  /** The untrained, identity-initialised set transformer ({@link SetTransformerClipAggregator#identityInitialised}). */
  public static SetTransformerClipAggregator setTransformer(int dimension) {
    return SetTransformerClipAggregator.identityInitialised(dimension);
  }

  /** A builder of a frame encoder from a TorchScript model file ({@link TorchScriptFrameEncoder#builder}). */
  public static TorchScriptFrameEncoder.Builder torchScript(Path model) {
    return TorchScriptFrameEncoder.builder(model);
  }
}
