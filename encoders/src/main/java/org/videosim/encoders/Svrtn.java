package org.videosim.encoders;

import org.videosim.BackgroundSet;
import org.videosim.ClipAggregator;
import org.videosim.CorruptDataException;
import org.videosim.FrameEncoder;
import org.videosim.LayoutDetector;
import org.videosim.TemporalVideoMatcher;
import org.videosim.VideoSimilarity;
import org.videosim.encoders.internal.WeightsFile;
import org.videosim.hashing.IsoHashBinarizer;

/**
 * The trained SVRTN pipeline, preconfigured: MobileNetV2 with the self-supervised trained head, one-second clips at
 * one frame per second averaged (the set transformer's clip-level training did not generalise to held-out videos, so
 * the mean, which is what the identity-initialised transformer computes, is the clip aggregator), borders cropped and picture-in-picture insets described
 * on their own, 256-bit IsoHash codes fitted on the trained clip embeddings of the training videos, and the score
 * calibration fitted on the evaluation harness's held-out units. Every bundled weight and constant comes from the
 * training folder's licence-clean units only (no non-commercial clip, none of doubtful origin). Model card:
 * {@code docs/model-card.md}.
 *
 * <pre>{@code
 * try (Svrtn.Pipeline p = Svrtn.pipeline()) {
 *   Score s = p.similarity().score(Path.of("a.mp4"), Path.of("b.mp4"));
 * }
 * }</pre>
 */
public final class Svrtn {
  /**
   * Version of the bundled weights, binarizer and calibration (the model card's "svrtn v3"). Fingerprints record the
   * stages themselves (the head's and the binarizer's content hashes, the check encoder), not this number, so
   * fingerprints of a version with other stages are refused ({@link org.videosim.IncompatibleFingerprintException}:
   * fingerprint the videos again); 3.2 changed only the matcher's raw similarity and its calibration, and 3.3 only
   * the calibration (read against a bundled background set), and 3.4 only how the matcher aligns segments (the
   * look-alike level of short videos, a path that must stand above it; the calibration is 3.3's), so 3.1's to 3.3's
   * fingerprints were compared by 3.4. 3.5 adds band views ({@link VideoSimilarity.Builder#bandView}: the middle band
   * of a landscape picture in 9:16, of a portrait one in 16:9), so its fingerprints differ from 3.4's, which it
   * refused (fingerprint the videos again; {@code bandView(false)} makes 3.4's codes); its
   * calibrations are 3.4's, registered for both pipelines. 3.6 changes only the layout stage (version 3: insets found
   * whole, a seam that is an inset's side no longer splits the frame): the spec records it, so 3.6 refuses 3.5's and
   * 3.4's fingerprints (fingerprint the videos again; {@code bandView(false)} makes 3.4's codes with layout 3); the
   * calibrations, fitted for the code stages, are 3.5's. 3.7 changes only the layout stage again (version 4: a
   * picture turned by 1.5-45 degrees in its frame is turned back), so it refuses 3.6's fingerprints (fingerprint the
   * videos again); the calibrations are 3.5's. 3.8 changes only the layout stage (version 5: a picture turned on a
   * canvas of any flat colour, not only black, is turned back, and a thin frame around a picture is no longer read
   * as a turn of 1.5-3 degrees), so it refuses 3.7's fingerprints; the calibrations are 3.5's. 3.9 measures motion
   * ({@link VideoSimilarity.Builder#motion}: how much the picture changes every eighth of a second), which the
   * matcher reads where the codes align nothing (a copy of a fixed camera's footage); the sampling stage records it,
   * so 3.9 refuses 3.8's fingerprints; the calibrations are 3.5's. 3.10 changes only the layout stage (version 6:
   * small copies, a sixth to a quarter of the frame each way, are found as insets), so it refuses 3.9's fingerprints
   * (fingerprint the videos again); the calibrations are 3.5's.
   */
  public static final String VERSION = "3.10";
  /** Class-path resource of the IsoHash binarizer fitted on the trained clip embeddings. */
  public static final String BINARIZER_RESOURCE = "/org/videosim/encoders/svrtn-isohash-v3.bin";
  /**
   * The bundled background set ({@link #background()}): the clip codes of the 52 files of the weights' licence-clean
   * training units (training/shipped-units.txt), written by {@code videosim fit-background}.
   */
  public static final String BACKGROUND_RESOURCE = "/org/videosim/encoders/svrtn-background-v3.bin";
  /** Sampled frames per second. */
  public static final double SAMPLE_RATE = 1;
  /** Longest clip, seconds. */
  public static final double CLIP_SECONDS = 1;

  // Beta calibration of the raw similarity, for fingerprints without check codes (docs/model-card.md,
  // "Calibration"): videosim calibrate --check none on the 13 files of evaluation/calibration-units.txt.
  static final double CALIBRATION_A = 9.333658;
  static final double CALIBRATION_B = 7.856987;
  static final double CALIBRATION_C = -4.103826;
  static final double THRESHOLD = 0.88;
  /**
   * Fused calibration of the raw similarity, the check (orientable DCT) similarity and the presence of a matched
   * segment (docs/model-card.md, "Calibration"): fitted by {@code videosim evaluate --refit-calibration} on the pairs
   * of the licence-clean held-out units of the evaluation benchmark (evaluation/calibration-units.txt), never on the
   * weights' training units. 3.3's, kept for 3.4 and 3.5: refitted for 3.4's matcher it ranked worse on both draws
   * of the harness and raised look-alikes with segments (README, "Short videos"); refitted for 3.5's band views
   * (a=5.716726 b=1.541454 c=-1.577948 d=2.676577) it ranked as these do on the calibration units' pairs, so the
   * constants in use stay (README, "Band views").
   */
  static final double FUSED_A = 5.795880;
  static final double FUSED_B = 2.060486;
  static final double FUSED_C = -1.307109;
  static final double FUSED_D = 1.343629;
  /** {@link org.videosim.PipelineSpec#codeKey()} of this pipeline, which the calibration belongs to (tested). */
  static final String PIPELINE_KEY = "2aa4a35677e6d30d";
  /**
   * The key of this pipeline without band views ({@code bandView(false)}: 3.4's pipeline, half the bytes), whose
   * calibration the same constants are (tested).
   */
  static final String PIPELINE_KEY_NO_BANDS = "84c117b3388e1594";
  /**
   * Side of the zoom view of {@link #zoomPipeline()} as a share of the picture's ({@link
   * VideoSimilarity.Builder#zoomView}): chosen on the evaluation harness among 0.6, 0.7 and 0.8 (README, "Zoom view").
   */
  public static final double ZOOM_VIEW = 0.7;
  /** Fused calibration of {@link #zoomPipeline()}, fitted as {@link #FUSED_A}'s on the same pairs. */
  static final double ZOOM_FUSED_A = 5.651973;
  static final double ZOOM_FUSED_B = 1.699544;
  static final double ZOOM_FUSED_C = -1.705546;
  static final double ZOOM_FUSED_D = 1.594090;
  /** {@link org.videosim.PipelineSpec#codeKey()} of {@link #zoomPipeline()} (tested). */
  static final String ZOOM_PIPELINE_KEY = "94d72c639549ea25";
  /** The key of {@link #zoomPipeline()} without band views (3.4's), calibrated by the same constants (tested). */
  static final String ZOOM_PIPELINE_KEY_NO_BANDS = "c63eb2990a2ac44a";
  /**
   * Clip similarity that may extend a matched segment (256-bit codes match more weakly than 62-bit DCT codes under
   * blur or scaling): chosen on whole copies of the held-out training videos, localization F1 0.718 / 0.727 / 0.730
   * at 0.5 / 0.4 / 0.3.
   */
  static final double EXTEND_THRESHOLD = 0.3;

  private Svrtn() {}

  /**
   * The trained pipeline and the deep stages it made, which hold native memory until closed; build once, share,
   * close at the end. Its {@link #similarity()} owns the encoder ({@link VideoSimilarity.Builder#owns}), so closing
   * either the pipeline or its {@code VideoSimilarity} frees it.
   */
  public static final class Pipeline implements AutoCloseable {
    private final VideoSimilarity similarity;

    private Pipeline(VideoSimilarity.Builder base, MobileNetFrameEncoder.Builder encoderSettings, boolean zoom) {
      MobileNetFrameEncoder encoder = encoderSettings.build();
      try {
        this.similarity = (zoom ? configureZoomed(base, encoder) : configure(base, encoder)).owns(encoder).build();
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
    }

    /**
     * The pipeline (thread-safe).
     *
     * @return the pipeline, open until this is closed
     */
    public VideoSimilarity similarity() {
      return similarity;
    }

    /** Frees the native memory of the deep stages: closes {@link #similarity()}. Later calls do nothing. */
    @Override
    public void close() {
      similarity.close();
    }
  }

  /**
   * Loads the trained pipeline with the default frame source. Its weights are read and checked here; torch starts,
   * and they go to native memory, at the first fingerprint, so that a pipeline built only to compare stored
   * fingerprints (building it resolves their specs: see {@link org.videosim.PipelineSpec#isResolved()}) takes about
   * 0.3 s and no native memory ({@link MobileNetFrameEncoder#load()} starts torch at once).
   *
   * @throws CorruptDataException if a bundled resource is missing or corrupt
   */
  public static Pipeline pipeline() {
    return new Pipeline(VideoSimilarity.builder(), encoderBuilder(), false);
  }

  /**
   * Loads the trained pipeline on top of a builder that sets other stages, e.g. the frame source.
   *
   * @param base a builder whose SVRTN settings are overwritten ({@link #configure})
   * @return the pipeline
   * @throws CorruptDataException if a bundled resource is missing or corrupt
   */
  public static Pipeline pipeline(VideoSimilarity.Builder base) {
    return new Pipeline(base, encoderBuilder(), false);
  }

  /**
   * Loads the trained pipeline with encoder settings of your own, e.g. torch's threads:
   * {@code Svrtn.pipeline(VideoSimilarity.builder(), Svrtn.encoderBuilder().intraOpThreads(1))}.
   *
   * @param base a builder whose SVRTN settings are overwritten ({@link #configure})
   * @param encoder the frame encoder's settings, starting from {@link #encoderBuilder()}
   * @return the pipeline
   * @throws CorruptDataException if a bundled resource is missing or corrupt
   */
  public static Pipeline pipeline(VideoSimilarity.Builder base, MobileNetFrameEncoder.Builder encoder) {
    return new Pipeline(base, encoder, false);
  }

  /**
   * The trained pipeline with a zoom view ({@link #ZOOM_VIEW}): each clip also describes the centre of its picture,
   * enlarged, so zooms, strong crops, small turns and copies stacked in a reaction layout rank higher (evaluation
   * harness: recall at precision 0.99 0.878 -> 0.903), for 1.3-2 times the fingerprinting time and twice the bytes
   * (README, "Zoom view"). Its own calibration; its fingerprints are not compatible with {@link #pipeline()}'s.
   *
   * @throws CorruptDataException if a bundled resource is missing or corrupt
   */
  public static Pipeline zoomPipeline() {
    return new Pipeline(VideoSimilarity.builder(), encoderBuilder(), true);
  }

  /**
   * {@link #zoomPipeline()} on top of a builder that sets other stages, e.g. the frame source.
   *
   * @param base a builder whose SVRTN settings are overwritten ({@link #configureZoomed})
   * @return the pipeline
   * @throws CorruptDataException if a bundled resource is missing or corrupt
   */
  public static Pipeline zoomPipeline(VideoSimilarity.Builder base) {
    return new Pipeline(base, encoderBuilder(), true);
  }

  /**
   * The frame encoder's settings: the trained head (with its hidden layer), pooled over the whole map and its 2x2
   * and 3x3 regions, as it was trained. (Mirror invariance, {@link MobileNetFrameEncoder.Builder#mirrorInvariant},
   * finds mirrored copies but cost precision elsewhere: see the model card.)
   */
  public static MobileNetFrameEncoder.Builder encoderBuilder() {
    return MobileNetFrameEncoder.builder().trainedHead().pooling("regional");
  }

  /** The SVRTN settings applied to a builder, with the given frame encoder. */
  public static VideoSimilarity.Builder configure(VideoSimilarity.Builder b, MobileNetFrameEncoder encoder) {
    return b.encoder(encoder)
        .aggregator(ClipAggregator.mean())
        .binarizer(binarizer())
        .sampleRate(SAMPLE_RATE)
        .clipSeconds(CLIP_SECONDS)
        .layoutDetector(LayoutDetector.auto())
        .widenPanels(true)
        .bandView(true)
        .motion(true)
        .checkEncoder(FrameEncoder.dctOrientable())
        .matcher(matcher());
  }

  /** The SVRTN settings with the zoom view ({@link #zoomPipeline()}) applied to a builder. */
  public static VideoSimilarity.Builder configureZoomed(VideoSimilarity.Builder b, MobileNetFrameEncoder encoder) {
    return configure(b, encoder).zoomView(ZOOM_VIEW).matcher(zoomMatcher());
  }

  /** The score calibration and threshold fitted for this pipeline. */
  public static TemporalVideoMatcher matcher() {
    return TemporalVideoMatcher.builder().calibration(CALIBRATION_A, CALIBRATION_B, CALIBRATION_C)
        .fusedCalibration(FUSED_A, FUSED_B, FUSED_C, FUSED_D).calibratedFor(PIPELINE_KEY, PIPELINE_KEY_NO_BANDS).threshold(THRESHOLD)
        .extendThreshold(EXTEND_THRESHOLD).background(background()).normalisedCalibration(true).build();
  }

  /**
   * The score calibration and threshold fitted for {@link #zoomPipeline()} (its fingerprints always have check
   * codes, so no calibration of the clip codes alone).
   */
  public static TemporalVideoMatcher zoomMatcher() {
    return matcher().toBuilder().fusedCalibration(ZOOM_FUSED_A, ZOOM_FUSED_B, ZOOM_FUSED_C, ZOOM_FUSED_D)
        .calibratedFor(ZOOM_PIPELINE_KEY, ZOOM_PIPELINE_KEY_NO_BANDS).build();
  }

  /**
   * The bundled background set: unrelated footage's clip codes, against which {@link #matcher()} measures how much
   * each clip of a pair resembles everything ({@link TemporalVideoMatcher.Builder#normalisedCalibration}).
   *
   * @throws CorruptDataException if it is missing or corrupt
   */
  public static BackgroundSet background() {
    BackgroundSet s = loadedBackground;
    if (s == null) {
      s = BackgroundSet.fromBytes(WeightsFile.resourceBytes(Svrtn.class, BACKGROUND_RESOURCE, "background set"),
          BACKGROUND_RESOURCE);
      loadedBackground = s; // immutable: a second reader at worst reads it again
    }
    return s;
  }

  /** {@link #background()} once read (53 KB, shared by every pipeline). */
  private static volatile BackgroundSet loadedBackground;

  /**
   * The bundled IsoHash binarizer.
   *
   * @throws CorruptDataException if it is missing or corrupt
   */
  public static IsoHashBinarizer binarizer() {
    return IsoHashBinarizer.fromBytes(WeightsFile.resourceBytes(Svrtn.class, BINARIZER_RESOURCE, "binarizer"));
  }
}
