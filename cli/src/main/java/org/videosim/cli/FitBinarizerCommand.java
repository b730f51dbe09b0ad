package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.Embedding;
import org.videosim.VideoInput;
import org.videosim.VideoSimilarity;
import org.videosim.hashing.Binarizers;
import org.videosim.hashing.IsoHashBinarizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim fit-binarizer}: IsoHash fitted on the clip embeddings of sample videos. */
@Command(name = "fit-binarizer", mixinStandardHelpOptions = true,
    description = {"Fits an IsoHash binarizer on the clip embeddings that the pipeline (the encoder and aggregator",
        "options) gives for a directory of videos, and writes it for --binarizer. Never fit it on a benchmark."})
final class FitBinarizerCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Directory of sample videos.")
  Path videos;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the binarizer.")
  Path out;

  @Option(names = "--bits", defaultValue = "256", description = "Code length (default: ${DEFAULT-VALUE}).")
  int bits;

  @Option(names = "--seed", defaultValue = "20261125", description = "Seed of the rotation's start (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = VideoFiles.list(videos);
    VideoSimilarity sim = pipeline.build();
    List<Embedding> sample = new ArrayList<>();
    VideoFiles.forEach(files, err, "embedding", f -> sample.addAll(sim.clipEmbeddings(VideoInput.of(f))));
    if (sample.size() <= bits) {
      throw new CommandLine.ParameterException(spec.commandLine(), "need more than " + bits + " clips to fit "
          + bits + " bits; " + videos + " gave " + sample.size());
    }
    IsoHashBinarizer b = Binarizers.isoHash(sample, bits, seed);
    b.save(out);
    spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s fitted on %d clips of %d files%n", out, b,
        sample.size(), files.size());
    return 0;
  }
}
