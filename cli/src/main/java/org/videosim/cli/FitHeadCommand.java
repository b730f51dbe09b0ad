package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.Frame;
import org.videosim.FrameReader;
import org.videosim.FrameRequest;
import org.videosim.FrameSource;
import org.videosim.VideoInput;
import org.videosim.encoders.FrameHeads;
import org.videosim.encoders.MobileNetFrameEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim fit-head}: an untrained MobileNet head fitted without labels on sample videos. */
@Command(name = "fit-head", mixinStandardHelpOptions = true,
    description = {"Fits an untrained head for the mobilenet encoder on the frames of a directory of videos (no",
        "labels): the backbone features' mean and covariance give a centred random projection or a PCA whitening.",
        "Never fit it on a benchmark."})
final class FitHeadCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Directory of sample videos.")
  Path videos;

  @Option(names = "--out", required = true, paramLabel = "FILE.vsw", description = "Where to write the head.")
  Path out;

  @Option(names = "--method", defaultValue = "pca", paramLabel = "pca|projection",
      description = "PCA whitening or centred random projection (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--dimension", defaultValue = "256", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--seed", defaultValue = "20261125", description = "Seed of the projection (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--regularisation", defaultValue = "0.1",
      description = "pca: added to each variance, times the mean variance (default: ${DEFAULT-VALUE}).")
  double regularisation;

  @Option(names = "--max-seconds", defaultValue = "0", paramLabel = "S",
      description = "Leave out videos longer than S seconds (sampled frames over S times the rate): a few long, "
          + "static recordings otherwise make the statistics theirs (default: 0, every video).")
  double maxSeconds;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(maxSeconds >= 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-seconds must be 0 (every video) or more: "
          + maxSeconds);
    }
    java.util.concurrent.atomic.AtomicInteger skipped = new java.util.concurrent.atomic.AtomicInteger();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = VideoFiles.list(videos);
    FrameSource source = FrameSource.discover();
    try (MobileNetFrameEncoder backbone = pipeline.mobileNet(false)) {
      FrameHeads.Fitter fitter = FrameHeads.fitter(backbone.backboneChannels());
      FrameRequest request = new FrameRequest(pipeline.sampleRate != null ? pipeline.sampleRate : 1,
          backbone.preferredFrameSide());
      VideoFiles.forEach(files, err, "fitting", f -> {
        List<Frame> batch = new ArrayList<>();
        List<org.videosim.Embedding> features = new ArrayList<>();
        try (FrameReader r = source.open(VideoInput.of(f), request)) {
          for (Frame fr = r.next(); fr != null; fr = r.next()) {
            batch.add(fr);
            if (batch.size() == backbone.batchSize()) {
              features.addAll(backbone.backboneFeatures(batch));
              batch.clear();
            }
          }
          if (!batch.isEmpty()) {
            features.addAll(backbone.backboneFeatures(batch));
          }
        }
        if (maxSeconds > 0 && features.size() > maxSeconds * request.sampleRate()) {
          skipped.incrementAndGet(); // a long recording: left out
        } else {
          fitter.add(features);
        }
      });
      if (skipped.get() > 0) {
        err.printf(Locale.ROOT, "left out %d videos longer than %s s%n", skipped.get(), maxSeconds);
      }
      String provenance = String.format(Locale.ROOT, "%s, %d files of %s at %s fps%s", backbone, files.size(),
          videos.getFileName(), request.sampleRate(),
          maxSeconds > 0 ? ", files of at most " + maxSeconds + " s" : "");
      FrameHeads.WeightsOut head = switch (method) {
        case "pca" -> fitter.pcaWhitening(dimension, regularisation, provenance);
        case "projection" -> fitter.centredProjection(dimension, seed, provenance);
        default -> throw new CommandLine.ParameterException(spec.commandLine(),
            "--method must be pca or projection: " + method);
      };
      head.write(out);
      spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s from %d frames%n", out, head.id(), fitter.count());
    }
    return 0;
  }
}
