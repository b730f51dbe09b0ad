package org.videosim.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.Frame;
import org.videosim.testkit.TestFrames;
import org.videosim.encoders.MobileNetFrameEncoder;
import org.videosim.encoders.SetTransformerClipAggregator;
import org.videosim.ffmpeg.FfmpegFrameSource;
import org.videosim.ffmpeg.FfmpegVideoWriter;

/** A tiny training run on generated videos, then a resumed one. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SvrtnTrainerTest {

  @Test
  void run_tinyTraining_writesLoadableWeightsCurvesAndResumes(@TempDir Path dir) throws Exception {
    Path videos = Files.createDirectory(dir.resolve("videos"));
    String[] names = {"a__1", "a__2", "b__1", "c__1", "d__1", "e__1", "f__1"};
    for (int v = 0; v < names.length; v++) {
      try (FfmpegVideoWriter w = FfmpegVideoWriter.create(videos.resolve(names[v] + ".mp4"), 96, 64, 10)) {
        for (Frame f : TestFrames.clip(v + 1, 60, 10, 96, 64)) {
          w.write(f);
        }
      }
    }
    Path work = dir.resolve("work");
    SvrtnTrainer.Settings d = SvrtnTrainer.Settings.defaults(videos, work);
    SvrtnTrainer.Settings two = settings(d, 2);
    SvrtnTrainer.Result r = new SvrtnTrainer(two, FfmpegFrameSource.create()).run((p, done, total, detail) -> { });
    assertThat(r.validationVideos()).isNotEmpty();
    assertThat(r.trainVideos()).hasSize(names.length - r.validationVideos().size());
    assertThat(Files.readAllLines(work.resolve("curves.tsv"))).hasSize(1 + 3); // header, untrained, 2 epochs
    assertThat(Files.size(work.resolve("curves.png"))).isPositive();
    try (MobileNetFrameEncoder enc = MobileNetFrameEncoder.builder().head(r.head()).build();
        SetTransformerClipAggregator agg = SetTransformerClipAggregator.load(r.transformer())) {
      var e = enc.encode(List.of(TestFrames.scene(1, 0, 0, 96, 64, 0)));
      assertThat(agg.aggregate(e).norm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(enc.spec().toString()).contains("trained-1");
    }

    // Resume with one more epoch: the features are not recomputed and the curves grow by one row.
    Path chunk = work.resolve("features/train-00000.bin");
    FileTime before = Files.getLastModifiedTime(chunk);
    new SvrtnTrainer(settings(d, 3), FfmpegFrameSource.create()).run((p, done, total, detail) -> { });
    assertThat(Files.getLastModifiedTime(chunk)).isEqualTo(before);
    assertThat(Files.readAllLines(work.resolve("curves.tsv"))).hasSize(1 + 4);

    // Other training settings in the same work directory are refused; in another one they share the features.
    SvrtnTrainer.Settings noShoot = withTraining(settings(d, 3), false, work.resolve("features"), work);
    assertThatThrownBy(() -> new SvrtnTrainer(noShoot, FfmpegFrameSource.create()).run((p, done, total, x) -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("other settings");
    Path other = dir.resolve("ablation");
    SvrtnTrainer.Result ablation = new SvrtnTrainer(withTraining(settings(d, 1), false, work.resolve("features"),
        other), FfmpegFrameSource.create()).run((p, done, total, x) -> { });
    assertThat(Files.getLastModifiedTime(chunk)).isEqualTo(before);
    assertThat(Files.readAllLines(other.resolve("curves.tsv"))).hasSize(1 + 2);
    assertThat(ablation.head()).exists();

    // Starting from the bundled trained head (which has a hidden layer) instead of the PCA whitening: another
    // untrained validation row; the hidden layer's size must be the starting head's.
    SvrtnTrainer.Settings one = settings(d, 1);
    Path fromSvrtn = dir.resolve("from-svrtn");
    int units;
    try (org.videosim.encoders.MobileNetFrameEncoder bundled = org.videosim.encoders.MobileNetFrameEncoder.builder()
        .trainedHead().build()) {
      units = bundled.headHiddenUnits();
    }
    java.util.function.IntFunction<SvrtnTrainer.Settings> fromBundled = hidden -> new SvrtnTrainer.Settings(
        one.videos(), fromSvrtn, one.seed(), one.trainTriplets(), one.validationTriplets(), 1, one.batch(),
        one.headRate(), one.transformerRate(), one.margin(), one.dropRate(), one.weightDecay(), one.validationShare(),
        one.decodeRate(), one.decodeSide(), one.pairs(), one.logos(), one.units(), true, work.resolve("features"), true,
        "svrtn", hidden, one.inputSize(), one.colour(), false);
    if (units > 0) {
      assertThatThrownBy(() -> new SvrtnTrainer(fromBundled.apply(0), FfmpegFrameSource.create())
          .run((p, done, total, x) -> { })).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--hidden-units " + units);
      assertThat(fromSvrtn).as("refused before anything is written").doesNotExist();
    }
    new SvrtnTrainer(fromBundled.apply(units), FfmpegFrameSource.create()).run((p, done, total, x) -> { });
    assertThat(Files.readAllLines(fromSvrtn.resolve("curves.tsv")).get(1))
        .isNotEqualTo(Files.readAllLines(work.resolve("curves.tsv")).get(1));
  }

  @Test
  void run_unitsNotInTheFolder_areRefusedByName(@TempDir Path dir) throws Exception {
    Path videos = Files.createDirectory(dir.resolve("videos"));
    for (int v = 0; v < 4; v++) {
      try (FfmpegVideoWriter w = FfmpegVideoWriter.create(videos.resolve("u" + v + "__clip.mp4"), 96, 64, 10)) {
        for (Frame f : TestFrames.clip(v + 1, 20, 10, 96, 64)) {
          w.write(f);
        }
      }
    }
    SvrtnTrainer.Settings d = settings(SvrtnTrainer.Settings.defaults(videos, dir.resolve("work")), 1);
    SvrtnTrainer.Settings s = new SvrtnTrainer.Settings(d.videos(), d.work(), d.seed(), d.trainTriplets(),
        d.validationTriplets(), d.epochs(), d.batch(), d.headRate(), d.transformerRate(), d.margin(), d.dropRate(),
        d.weightDecay(), d.validationShare(), d.decodeRate(), d.decodeSide(), d.pairs(), d.logos(),
        java.util.Set.of("u0", "u1", "nosuchunit"), true, null, true, null, 0, d.inputSize(),
        d.colour(), false);
    assertThatThrownBy(() -> new SvrtnTrainer(s, FfmpegFrameSource.create()).run((p, done, total, x) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuchunit");
  }

  private static SvrtnTrainer.Settings withTraining(SvrtnTrainer.Settings d, boolean sameShoot, Path features,
      Path work) {
    return new SvrtnTrainer.Settings(d.videos(), work, d.seed(), d.trainTriplets(), d.validationTriplets(),
        d.epochs(), d.batch(), d.headRate(), d.transformerRate(), d.margin(), d.dropRate(), d.weightDecay(),
        d.validationShare(), d.decodeRate(), d.decodeSide(), d.pairs(), d.logos(), d.units(), sameShoot, features,
        d.batchAll(), d.initialHead(), d.hiddenUnits(), d.inputSize(), d.colour(), d.regional());
  }

  private static SvrtnTrainer.Settings settings(SvrtnTrainer.Settings d, int epochs) {
    return new SvrtnTrainer.Settings(d.videos(), d.work(), 7, 24, 12, epochs, 8, d.headRate(), d.transformerRate(),
        d.margin(), d.dropRate(), d.weightDecay(), 0.3, 4, 96,
        new PairGenerator.Settings(5, 0.5, 0.3, 0.8, 0.25, 2, 0.25, 0.2, 0.2, 1, 1), null, java.util.Set.of(), true, null, true, null, 0,
        d.inputSize(), d.colour(), false);
  }
}
