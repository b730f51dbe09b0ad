package org.videosim.cli;

import java.nio.file.Path;
import org.videosim.ClipAggregator;
import org.videosim.FrameEncoder;
import org.videosim.LayoutDetector;
import org.videosim.VideoSimilarity;
import org.videosim.encoders.MobileNetFrameEncoder;
import org.videosim.encoders.SetTransformerClipAggregator;
import org.videosim.encoders.Svrtn;
import picocli.CommandLine.Option;

/** Options shared by the commands that fingerprint videos. */
final class PipelineOptions {
  /** The command this mixin belongs to, for usage errors (null when built outside picocli, as tests do). */
  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE) picocli.CommandLine.Model.CommandSpec mixee;

  @Option(names = "--strict", description = "Treat decode warnings (a file that ends before its declared duration, "
      + "missing frames, damaged packets, implausible timestamps, a still image) as errors: the video is refused "
      + "(exit status 3). Without it the warnings are printed and the video is used.")
  boolean strict;

  @Option(names = "--sample-rate", paramLabel = "FPS",
      description = "Frames sampled per second of video (default: 2 with dct, 1 with mobilenet).")
  Double sampleRate;

  @Option(names = "--encoder", defaultValue = "svrtn", paramLabel = "NAME",
      description = "Frame encoder: svrtn (the trained model: MobileNetV2 with the self-supervised trained head, "
          + "borders cropped and insets found, IsoHash codes, calibrated; the most accurate), dct (training-free, "
          + "no model, fastest) or "
          + "mobilenet (untrained head; its scores are not calibrated, see README). Default: ${DEFAULT-VALUE}.")
  String encoder;

  @Option(names = "--cut", paramLabel = "LAYER",
      description = "mobilenet: backbone layer that feeds the head (default: "
          + MobileNetFrameEncoder.DEFAULT_CUT + ").")
  String cut;

  @Option(names = "--input-size", paramLabel = "PX",
      description = "mobilenet and svrtn: side of the square input (default: " + MobileNetFrameEncoder.DEFAULT_INPUT_SIZE
          + "; svrtn's head and calibration belong to it).")
  Integer inputSize;

  @Option(names = "--head", paramLabel = "FILE.vsw",
      description = "mobilenet and svrtn: head weights written by 'videosim fit-head' or 'videosim train' (default: the "
          + "bundled head).")
  Path head;

  @Option(names = "--pooling", paramLabel = "avg|regional", description = "mobilenet and svrtn: how the head pools "
      + "the backbone's map, avg (global average; mobilenet's default) or regional (the whole map and its 2x2 and 3x3 "
      + "grids of regions; svrtn's default, to which its head and calibration belong).")
  String pooling;

  @Option(names = "--colour", description = "mobilenet and svrtn: feed the backbone colour frames (default: grey).")
  boolean colour;

  @Option(names = "--mirror-invariant", negatable = true, description = "mobilenet: average each frame's features "
      + "with its mirror image's (flipped copies match; twice the cost; see docs/model-card.md). Default: off.")
  Boolean mirror;

  @Option(names = "--normalise-contrast", description = "mobilenet and svrtn: stretch each frame's contrast first "
      + "(svrtn's head and calibration belong to frames as they are).")
  boolean contrast;

  @Option(names = "--aggregator", paramLabel = "NAME",
      description = "Clip aggregator: mean or transformer (set transformer, identity-initialised). "
          + "Default: mean.")
  String aggregator;

  @Option(names = "--transformer", paramLabel = "FILE.vsw",
      description = "Set transformer weights (e.g. trained by 'videosim train'); implies --aggregator transformer.")
  Path transformer;

  @Option(names = "--clip-seconds", paramLabel = "S",
      description = "Longest clip in seconds (default: 0.5 with dct, 1 with mobilenet).")
  Double clipSeconds;

  @Option(names = "--layout", paramLabel = "none|auto",
      description = "Frame normalisation: auto crops borders and describes picture-in-picture insets and split-screen "
          + "panels on their own (default: auto for svrtn, none for the other encoders).")
  String layout;

  @Option(names = "--zoom-view", description = "Also describe the centre of each picture, " + Svrtn.ZOOM_VIEW
      + " of its width and height, enlarged, as a view of its own: zooms, strong crops and small turns rank higher, for "
      + "1.3-2x the fingerprinting time and twice the bytes (README, \"Zoom view\"); svrtn has a calibration fitted "
      + "for it. Default: none.")
  boolean zoomView;

  @Option(names = "--zoom-side", paramLabel = "SIDE", description = "A zoom view of another side, in (0, 1), as a "
      + "share of the picture's width and height (implies --zoom-view; no fitted calibration: scores print "
      + "'uncalibrated' unless --fused-calibration).")
  Double zoomSide;

  @Option(names = "--band-view", negatable = true, description = "Band views: also describe the middle band of each "
      + "picture far from square in the other orientation (9:16 of a landscape picture, 16:9 of a portrait one) as a "
      + "view of its own, so that copies cropped to a phone's portrait frame, and portrait videos filling a landscape "
      + "frame or panel, are found (README, \"Band views\"). Default: on for svrtn (--no-band-view: svrtn 3.4's "
      + "codes, half the bytes and about two thirds of the time, with the same calibration), off for the other "
      + "encoders.")
  Boolean bandView;

  /** The zoom view's side these options ask for, or null for none. */
  Double zoomViewSide() {
    return zoomSide != null ? zoomSide : zoomView ? Svrtn.ZOOM_VIEW : null;
  }

  @Option(names = "--check", paramLabel = "none|dct|dct-oriented",
      description = "Check codes: a second, training-free description of each clip that the score combines with the "
          + "first (default: dct with svrtn, whose calibration fuses both; none otherwise).")
  String check;

  @Option(names = "--check-coefficients", paramLabel = "K",
      description = "With dct-oriented check codes (svrtn's): the side of the square of low DCT frequencies they keep, "
          + "K*K-1 bits per clip (default: the pipeline's; 8, 63 bits).")
  Integer checkCoefficients;

  @Option(names = "--binarizer", paramLabel = "FILE",
      description = "An IsoHash binarizer written by 'videosim fit-binarizer' (default: sign bits).")
  Path binarizer;

  @Option(names = "--background", paramLabel = "FILE",
      description = "A background set written by 'videosim fit-background': unrelated footage's codes against which "
          + "each clip's chance level is raised (svrtn bundles one, which this replaces: its calibration was fitted "
          + "with the bundled set, so scores print as uncalibrated unless --fused-calibration gives one fitted with "
          + "this set by 'evaluate --refit-calibration --background FILE').")
  Path background;

  @Option(names = "--fused-calibration", paramLabel = "A,B,C,D", split = ",",
      description = "Score calibration for a pipeline of your own (e.g. --encoder svrtn --head FILE --binarizer FILE): "
          + "the four constants that 'evaluate --refit-calibration' prints. Scores are then calibrated "
          + "probabilities; without it such a pipeline prints 'uncalibrated'.")
  java.util.List<Double> fusedCalibration;

  boolean deep() {
    return encoder.equals("mobilenet") || encoder.equals("svrtn");
  }

  /** Whether {@link #build()} gives check codes: {@code --check} when given, else svrtn's own (dct-oriented). */
  boolean checkCodes() {
    return check != null ? !check.equals("none") : encoder.equals("svrtn");
  }

  /**
   * The options both MobileNet pipelines take, set on {@code b} where given (input size, pooling, colour, mirror
   * invariance); the rest keep {@code b}'s settings.
   */
  private MobileNetFrameEncoder.Builder frameOptions(MobileNetFrameEncoder.Builder b) {
    if (inputSize != null) {
      b.inputSize(inputSize);
    }
    if (pooling != null) {
      b.pooling(pooling);
    }
    if (colour) {
      b.greyscale(false);
    }
    if (mirror != null) {
      b.mirrorInvariant(mirror);
    }
    if (contrast) {
      b.normaliseContrast(true);
    }
    return b;
  }

  /** The MobileNet encoder these options describe; {@code withHead} false gives backbone features only. */
  MobileNetFrameEncoder mobileNet(boolean withHead) {
    MobileNetFrameEncoder.Builder b = MobileNetFrameEncoder.builder();
    if (cut != null) {
      b.cut(cut);
    }
    frameOptions(b);
    if (!withHead) {
      b.withoutHead();
    } else if (head != null) {
      b.head(head);
    }
    return b.build().load();
  }

  /** Decoder threads for commands that read one video at a time: one per core, unless given. */
  PipelineOptions decodingOneVideoAtATime() {
    if (decodeThreads == null) {
      decodeThreads = Math.min(16, Runtime.getRuntime().availableProcessors());
    }
    return this;
  }

  @Option(names = "--encoding-threads", paramLabel = "N", description = "Threads that encode one video's windows of "
      + "frames (layout stage and encoders) side by side, beside the one that decodes (default 1). More finish a "
      + "single video sooner on idle cores and hold a batch of frames each (about 20 MB with svrtn). The fingerprint "
      + "is the same whatever the count.")
  Integer encodingThreads;

  double sampleRate() {
    return sampleRate != null ? sampleRate : deep() ? 1 : 2;
  }

  @Option(names = "--decode-threads", paramLabel = "N", description = "FFmpeg decoder threads per video (default: "
      + "one per core for fingerprint and compare, which read one video at a time; 1 for the commands that "
      + "fingerprint many videos at once, one per core).")
  Integer decodeThreads;

  @Option(names = "--keyframes-only", description = "Decode only the keyframes: a quick scan for a pre-filter "
      + "(a fraction of the decoding time; the fingerprint describes the video at its keyframes, often seconds apart, "
      + "so rank candidates with it and fingerprint them in full for a verdict). Fingerprints stay comparable with "
      + "full ones.")
  boolean keyframesOnly;

  /**
   * The pipeline these options describe.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error: exit status 2, the message and the usage) if an
   *     option's value is refused, e.g. an unknown encoder or an input size the encoder does not take
   */
  VideoSimilarity build() {
    try {
      return assemble();
    } catch (IllegalArgumentException e) {
      if (mixee == null) {
        throw e;
      }
      throw new picocli.CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  private VideoSimilarity assemble() {
    if (encoder.equals("dct")) {
      java.util.List<String> deepOnly = new java.util.ArrayList<>();
      if (cut != null) {
        deepOnly.add("--cut");
      }
      if (inputSize != null) {
        deepOnly.add("--input-size");
      }
      if (head != null) {
        deepOnly.add("--head");
      }
      if (pooling != null) {
        deepOnly.add("--pooling");
      }
      if (colour) {
        deepOnly.add("--colour");
      }
      if (contrast) {
        deepOnly.add("--normalise-contrast");
      }
      if (mirror != null) {
        deepOnly.add("--[no-]mirror-invariant");
      }
      if (!deepOnly.isEmpty()) {
        throw new IllegalArgumentException(String.join(", ", deepOnly) + ": for the mobilenet and svrtn encoders; "
            + "--encoder dct has no network");
      }
    }
    if (encoder.equals("svrtn") && cut != null) {
      throw new IllegalArgumentException("--cut: svrtn's head is trained on the backbone's "
          + MobileNetFrameEncoder.DEFAULT_CUT + "; for another layer use --encoder mobilenet --cut LAYER");
    }
    VideoSimilarity.Builder b = VideoSimilarity.builder();
    if (decodeThreads != null || keyframesOnly) {
      b.frameSource(org.videosim.ffmpeg.FfmpegFrameSource.builder().threads(decodeThreads == null ? 1 : decodeThreads)
          .keyframesOnly(keyframesOnly).build());
    }
    FrameEncoder enc;
    switch (encoder) {
      case "dct" -> enc = FrameEncoder.dct();
      case "mobilenet" -> enc = mobileNet(true);
      case "svrtn" -> {
        MobileNetFrameEncoder.Builder mb = frameOptions(Svrtn.encoderBuilder());
        // torch starts here, on the main thread, before decoding begins (MobileNetFrameEncoder#load)
        enc = (head != null ? mb.head(head) : mb).build().load();
        Double side = zoomViewSide();
        if (side != null && side == Svrtn.ZOOM_VIEW) {
          Svrtn.configureZoomed(b, (MobileNetFrameEncoder) enc);
        } else {
          Svrtn.configure(b, (MobileNetFrameEncoder) enc);
        }
      }
      default -> throw new IllegalArgumentException("--encoder must be dct, mobilenet or svrtn: " + encoder);
    }
    b.encoder(enc).sampleRate(sampleRate());
    if (transformer != null) {
      b.aggregator(SetTransformerClipAggregator.load(transformer));
    } else if (aggregator != null) {
      switch (aggregator) {
        case "mean" -> b.aggregator(ClipAggregator.mean());
        case "transformer" -> b.aggregator(SetTransformerClipAggregator.identityInitialised(enc.dimension()));
        default -> throw new IllegalArgumentException("--aggregator must be mean or transformer: " + aggregator);
      }
    }
    if (zoomSide != null && !(zoomSide > 0 && zoomSide < 1)) {
      throw new IllegalArgumentException("--zoom-side must be within (0, 1), the side of the centre it describes as a "
          + "share of the picture's: " + zoomSide);
    }
    if (zoomViewSide() != null) {
      b.zoomView(zoomViewSide());
    }
    if (bandView != null) {
      b.bandView(bandView);
    }
    if (binarizer != null) {
      b.binarizer(org.videosim.hashing.IsoHashBinarizer.load(binarizer));
    }
    if (layout != null) {
      switch (layout) {
        case "none" -> b.layoutDetector(LayoutDetector.none());
        case "auto" -> b.layoutDetector(LayoutDetector.auto());
        default -> throw new IllegalArgumentException("--layout must be none or auto: " + layout);
      }
    }
    if (check != null) {
      switch (check) {
        case "none" -> b.checkEncoder(null);
        case "dct" -> b.checkEncoder(FrameEncoder.dct());
        case "dct-oriented" -> b.checkEncoder(FrameEncoder.dctOrientable());
        default -> throw new IllegalArgumentException("--check must be none, dct or dct-oriented: " + check);
      }
    }
    if (checkCoefficients != null) {
      boolean orientable = check != null ? check.equals("dct-oriented") : encoder.equals("svrtn");
      if (!orientable) {
        throw new IllegalArgumentException("--check-coefficients sets dct-oriented check codes; this pipeline's are "
            + (checkCodes() ? "mirror-invariant dct" : "none"));
      }
      try {
        b.checkEncoder(FrameEncoder.dctOrientable(checkCoefficients));
      } catch (IllegalArgumentException e) { // the encoder's own bounds, named after the option
        throw new IllegalArgumentException("--check-coefficients: " + e.getMessage(), e);
      }
    }
    if (clipSeconds != null || !encoder.equals("svrtn")) {
      b.clipSeconds(clipSeconds != null ? clipSeconds : deep() ? 1 : 0.5);
    }
    if (encodingThreads != null) {
      b.encodingThreads(encodingThreads);
    }
    VideoSimilarity sim = b.build();
    if (background != null) {
      if (!(sim.matcher() instanceof org.videosim.TemporalVideoMatcher t)) {
        throw new IllegalArgumentException("--background needs the temporal matcher");
      }
      byte[] data;
      try {
        data = java.nio.file.Files.readAllBytes(background);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + background, e);
      }
      org.videosim.TemporalVideoMatcher.Builder m = t.toBuilder().background(org.videosim.BackgroundSet.fromBytes(data,
          background.toString()));
      if (t.normalisesCalibration() && fusedCalibration == null) {
        // the calibration reads the similarity against the bundled set: with another set it does not hold
        m.calibratedFor("fitted with another background set than " + background);
      }
      sim = sim.toBuilder().matcher(m.build()).build();
    }
    if (fusedCalibration != null) {
      if (!(sim.matcher() instanceof org.videosim.TemporalVideoMatcher t)) {
        throw new IllegalArgumentException("--fused-calibration needs the temporal matcher");
      }
      if (!checkCodes()) {
        throw new IllegalArgumentException("--fused-calibration fuses the check similarity: this pipeline has no "
            + "check codes (--check none)");
      }
      double[] v = fusedCalibration.stream().mapToDouble(Double::doubleValue).toArray();
      if (v.length != 4 || !java.util.Arrays.stream(v).allMatch(Double::isFinite)) {
        throw new IllegalArgumentException("--fused-calibration needs 4 finite numbers a,b,c,d (as 'evaluate "
            + "--refit-calibration' prints them): " + fusedCalibration);
      }
      sim = sim.toBuilder().matcher(t.toBuilder().fusedCalibration(v[0], v[1], v[2], v[3]).build()).build();
    }
    return sim;
  }
}
