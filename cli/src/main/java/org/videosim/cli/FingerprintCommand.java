package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videosim fingerprint}: fingerprints one video and reports what it took. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = {"Fingerprints a video on the calling thread and prints its clips, code length and wall time",
        "(model loading excluded; with --repeat, every run's time, the first one cold)."})
final class FingerprintCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "VIDEO", description = "The video file.")
  Path video;

  @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "Fingerprint it N times.")
  int repeat;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the fingerprint's bytes here.")
  Path out;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be positive: " + repeat);
    }
    OutputFiles.prepare(out);
    PrintWriter o = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    VideoSimilarity sim = pipeline.decodingOneVideoAtATime().build();
    o.printf(Locale.ROOT, "pipeline  %s%nloaded in %.2f s%n", sim.spec(), (System.nanoTime() - t0) / 1e9);
    VideoFingerprint fp = null;
    for (int i = 0; i < repeat; i++) {
      long t = System.nanoTime();
      fp = sim.fingerprint(video);
      o.printf(Locale.ROOT, "run %d     %.3f s%n", i + 1, (System.nanoTime() - t) / 1e9);
    }
    o.printf(Locale.ROOT, "video     %s: %.2f s, %s of %d bits%n", video, fp.duration(), fp.clipsText(),
        fp.codeBits());
    for (org.videosim.DecodeWarning w : fp.warnings()) {
      o.printf(Locale.ROOT, "warning   %s%n", w);
    }
    Warnings.check(video.toString(), fp.warnings(), pipeline.strict);
    if (out != null) {
      java.nio.file.Files.write(out, fp.toBytes());
    }
    return 0;
  }
}
