package org.videosim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.videosim.ffmpeg.FfmpegFrameSource;
import org.videosim.training.PairGenerator;
import org.videosim.training.SvrtnTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videosim train}: self-supervised training of the head and the set transformer. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains SVRTN's frame head and set transformer from a folder of unlabeled videos (self-generated",
        "triplets, frozen MobileNetV2 backbone). Resumable: run the same command again to continue; progress, a",
        "checkpoint per epoch, curves.tsv and curves.png go to --work, the best epoch's weights to",
        "--work/head.vsw and --work/transformer.vsw. The defaults take about 40 minutes on 2 cores."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "DIR", description = "Unlabeled training videos.")
  Path videos;

  @Option(names = "--work", required = true, paramLabel = "DIR", description = "Work directory (features cache, "
      + "checkpoints, curves, weights).")
  Path work;

  @Option(names = "--seed", defaultValue = "20261205", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--triplets", defaultValue = "6144", description = "Training triplets (default: ${DEFAULT-VALUE}).")
  int triplets;

  @Option(names = "--validation-triplets", defaultValue = "512",
      description = "Validation triplets from held-out videos (default: ${DEFAULT-VALUE}).")
  int validationTriplets;

  @Option(names = "--epochs", defaultValue = "40", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "64", description = "Triplets per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--head-rate", paramLabel = "R", description = "Adam learning rate of the frame head "
      + "(default: 3e-4).")
  Double headRate;

  @Option(names = "--transformer-rate", paramLabel = "R", description = "Adam learning rate of the set transformer "
      + "(default: 0: it stays identity-initialised and computes the mean, which beat the trained transformer on the "
      + "evaluation harness, see docs/model-card.md; 1e-4 trains it).")
  Double transformerRate;

  @Option(names = "--logos", paramLabel = "DIR", description = "PNG logos for the logo overlays (default: "
      + "/usr/share/icons/Adwaita/96x96 when present, else generated glyph logos).")
  Path logos;

  @Option(names = "--units", paramLabel = "FILE", description = "Train only on these content units (one per line, "
      + "the file name before '__'; '#' starts a comment, words after the unit are ignored), e.g. "
      + "training/shipped-units.txt for the shipped weights. Default: every video in --videos.")
  Path units;

  @Option(names = "--features", paramLabel = "DIR", description = "Cache of backbone features (default: "
      + "WORK/features). Runs that differ only in rates, masking, negatives or epochs can share one.")
  Path features;

  @Option(names = "--mask-rate", paramLabel = "P", description = "Share of the positive clip's frames dropped in "
      + "the clip loss (masked frame modelling; default: 0.3; 0 turns masking off).")
  Double maskRate;

  @Option(names = "--same-shoot-negatives", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Keep the negatives drawn from the anchor's own shoot (other moments, other videos of its content "
          + "unit). --no-same-shoot-negatives leaves those triplets out (ablation). Default: on.")
  boolean sameShootNegatives;

  @Option(names = "--edit-share", paramLabel = "P", description = "Probability that each of a clip's three "
      + "transformations (photometric, geometric, editing) is applied (default: 0.6; 1 is the method's one of each "
      + "kind).")
  Double editShare;

  @Option(names = "--orientation-weight", paramLabel = "W", description = "Weight of each orientation change (flips, "
      + "transposition, quarter turns) among the geometric transformations, the others weighing 1 (default: 0.4).")
  Double orientationWeight;

  @Option(names = "--init-head", paramLabel = "svrtn|FILE.vsw", description = "Start the frame head from the bundled "
      + "trained head (svrtn) or a head file, instead of the bundled PCA whitening.")
  String initHead;

  @Option(names = "--batch-hard", description = "Triplet losses on each anchor's hardest in-batch negative (v2's "
      + "training) instead of the mean over every violating negative (default).")
  boolean batchHard;

  @Option(names = "--hidden-units", paramLabel = "N", defaultValue = "0", description = "Give the frame head a "
      + "hidden layer of N rectified units beside its linear map (more trainable capacity; its output layer starts at "
      + "zero, so training starts from the linear head). Default: 0, the method's linear head.")
  int hiddenUnits;

  @Option(names = "--input-size", paramLabel = "PX", description = "Side of the backbone's square input (default: "
      + "160, the shipped model's). The feature cache belongs to it.")
  Integer inputSize;

  @Option(names = "--colour", description = "Feed the backbone colour frames instead of grey ones (the shipped "
      + "model is grey). The feature cache belongs to it.")
  boolean colour;

  @Option(names = "--regional", description = "Train the head for regional pooling (use the result with --pooling "
      + "regional): a frame's embedding is the normalised sum of those of the whole map and its 2x2 and 3x3 regions. "
      + "The feature cache belongs to it (14 times the size).")
  boolean regional;

  @Option(names = "--hard-negative-share", paramLabel = "P", description = "Share of the negatives drawn from far "
      + "away in the anchor's own video (default: 0.2).")
  Double hardNegativeShare;

  @Option(names = "--same-shoot-share", paramLabel = "P", description = "Share of the negatives drawn from another "
      + "video of the anchor's shoot (default: 0.2; with --hard-negative-share at most 1 in all).")
  Double sameShootShare;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private PairGenerator.Settings pairs() {
    PairGenerator.Settings p = PairGenerator.Settings.defaults();
    try {
      return p.withEdits(editShare != null ? editShare : p.editShare(),
          orientationWeight != null ? orientationWeight : p.orientationWeight())
          .withNegatives(hardNegativeShare != null ? hardNegativeShare : p.hardNegativeShare(),
              sameShootShare != null ? sameShootShare : p.sameShootShare());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    SvrtnTrainer.Settings d = SvrtnTrainer.Settings.defaults(videos, work);
    Path logoDir = logos;
    Path adwaita = Path.of("/usr/share/icons/Adwaita/96x96");
    if (logoDir == null && Files.isDirectory(adwaita)) {
      logoDir = adwaita;
    }
    SvrtnTrainer.Settings s = new SvrtnTrainer.Settings(videos, work, seed, triplets, validationTriplets, epochs,
        batch, headRate != null ? headRate : d.headRate(),
        transformerRate != null ? transformerRate : d.transformerRate(), d.margin(),
        maskRate != null ? maskRate : d.dropRate(), d.weightDecay(), d.validationShare(), d.decodeRate(),
        d.decodeSide(), pairs(), logoDir, units != null
        ? java.util.Set.copyOf(EvaluateCommand.unitNames(units)) : java.util.Set.of(), sameShootNegatives, features, !batchHard, initHead,
        hiddenUnits, inputSize != null ? inputSize : d.inputSize(), colour, regional);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Progress[] bar = new Progress[1];
    String[] phase = new String[1];
    long[] seen = new long[1];
    SvrtnTrainer.Result r;
    try {
      r = new SvrtnTrainer(s, FfmpegFrameSource.create()).run((p, done, total, detail) -> {
        if (!p.equals(phase[0])) {
          phase[0] = p;
          bar[0] = new Progress(err, p, (int) total);
          seen[0] = 0;
        }
        while (seen[0] < done) {
          bar[0].step(true);
          seen[0]++;
        }
      });
    } catch (IllegalArgumentException | IllegalStateException e) {
      // what the trainer refuses (other settings in a work folder, unknown units, too little heap), said plainly
      err.println();
      err.println("videosim train: " + e.getMessage());
      err.flush();
      return 2;
    }
    out.printf(Locale.ROOT, "trained in %.0f s: best epoch %d, validation clip AP %.4f (untrained %.4f)%n",
        r.seconds(), r.bestEpoch(), r.bestValidation(), r.untrainedValidation());
    out.printf(Locale.ROOT, "weights: %s, %s; curves: %s%n", r.head(), r.transformer(), work.resolve("curves.png"));
    out.printf(Locale.ROOT, "validation videos (held out): %s%n", String.join(", ", r.validationVideos()));
    out.flush();
    return 0;
  }
}
