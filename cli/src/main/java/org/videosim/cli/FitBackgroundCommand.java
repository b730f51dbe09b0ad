package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.videosim.BackgroundSet;
import org.videosim.VideoFingerprint;
import org.videosim.VideoSimilarity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videosim fit-background}: the background set of a pipeline from a folder of unrelated footage. */
@Command(name = "fit-background", mixinStandardHelpOptions = true,
    description = {"Fingerprints a folder of footage with the pipeline and writes its clip codes, grouped by content",
        "unit (file name before '__'), as a background set: how well unrelated footage matches a clip raises that",
        "clip's chance level in the matcher. Use footage that no benchmark or calibration video comes from."})
final class FitBackgroundCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Footage (at least two units).")
  Path videos;

  @Option(names = "--exclude-units", paramLabel = "FILE",
      description = "Leave out these content units (one per line, '#' comments; e.g. held-out evaluation units).")
  Path exclude;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the set.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
  Integer threads;

  @Mixin PipelineOptions pipeline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Set<String> skip = exclude == null ? Set.of()
        : Set.copyOf(EvaluateCommand.unitNames(exclude));
    List<Path> files = new ArrayList<>();
    for (Path p : VideoFiles.list(videos)) {
      if (!skip.contains(unit(p))) {
        files.add(p);
      }
    }
    VideoSimilarity sim = pipeline.build();
    Map<Path, VideoFingerprint> fps = Fingerprinter.fingerprintAll(sim, files, threads != null ? threads
        : Runtime.getRuntime().availableProcessors(), err);
    List<VideoFingerprint> list = new ArrayList<>();
    Map<String, String> unitOf = new java.util.HashMap<>();
    fps.forEach((p, f) -> {
      list.add(f);
      unitOf.put(f.videoId(), unit(p));
    });
    BackgroundSet set = BackgroundSet.of(list, f -> unitOf.get(f.videoId()));
    Files.write(out, set.toBytes());
    spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d codes of %d bits from %d videos of %d units%n", out,
        set.size(), set.bits(), list.size(), set.groups().size());
    return fps.size() == files.size() ? 0 : Main.EXIT_INPUT;
  }

  private static String unit(Path p) {
    String name = p.getFileName().toString();
    int sep = name.indexOf("__");
    return sep > 0 ? name.substring(0, sep) : VideoFiles.id(p);
  }
}
