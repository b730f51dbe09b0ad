package org.videosim.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.ClipAggregator;
import org.videosim.testkit.ClipAggregatorContract;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;

/** The contract, run on a randomly initialised transformer (the identity-initialised one is trivially invariant). */
class SetTransformerClipAggregatorTest extends ClipAggregatorContract {
  static final SetTransformerClipAggregator RANDOM = SetTransformerClipAggregator.randomInitialised(64, 5);
  @TempDir Path tmp;

  @Override
  protected ClipAggregator aggregator() {
    return RANDOM;
  }

  @Override
  protected int frameDimension() {
    return 64;
  }

  @Test
  void aggregate_isNotTheMean_andPermutationInvariantOnLongClips() {
    List<Embedding> frames = randomFrames(16, 3);
    Embedding a = RANDOM.aggregate(frames);
    assertThat(a.dot(ClipAggregator.mean().aggregate(frames))).isLessThan(0.99);
    for (long seed = 0; seed < 5; seed++) {
      List<Embedding> shuffled = new ArrayList<>(frames);
      Collections.shuffle(shuffled, new Random(seed));
      Embedding b = RANDOM.aggregate(shuffled);
      for (int i = 0; i < a.dimension(); i++) {
        assertThat((double) b.get(i)).as("seed %d, value %d", seed, i).isCloseTo(a.get(i), Offset.offset(1e-5));
      }
    }
  }

  @Test
  void aggregateAll_clipsOfDifferentLengths_equalEachClipAlone() {
    List<List<Embedding>> clips = List.of(randomFrames(1, 1), randomFrames(5, 2), randomFrames(3, 3),
        randomFrames(8, 4));
    List<Embedding> batch = RANDOM.aggregateAll(clips);
    for (int c = 0; c < clips.size(); c++) {
      Embedding alone = RANDOM.aggregate(clips.get(c));
      assertThat(alone.dimension()).isEqualTo(64);
      for (int i = 0; i < 64; i++) {
        assertThat((double) batch.get(c).get(i)).isCloseTo(alone.get(i), Offset.offset(1e-5));
      }
    }
  }

  @Test
  void aggregate_clipWithFramesMissing_staysCloseToTheFullClip() {
    // A clip of one scene: frames are noisy copies of one embedding. Dropping some keeps the clip feature.
    Random rnd = new Random(11);
    float[] base = new float[64];
    for (int i = 0; i < base.length; i++) {
      base[i] = (float) rnd.nextGaussian();
    }
    List<Embedding> frames = new ArrayList<>();
    for (int f = 0; f < 8; f++) {
      float[] v = base.clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.2 * rnd.nextGaussian());
      }
      frames.add(Embedding.of(v).normalized());
    }
    Embedding full = RANDOM.aggregate(frames);
    Embedding partial = RANDOM.aggregate(SetTransformerClipAggregator.dropFrames(frames, 0.5, new Random(2)));
    Embedding other = RANDOM.aggregate(randomFrames(8, 99));
    assertThat(full.dot(partial)).isGreaterThan(0.95).isGreaterThan(full.dot(other) + 0.3);
  }

  @Test
  void identityInitialised_equalsTheMeanAggregator() {
    try (SetTransformerClipAggregator id = SetTransformerClipAggregator.identityInitialised(64)) {
      List<Embedding> frames = randomFrames(7, 8);
      Embedding a = id.aggregate(frames);
      Embedding m = ClipAggregator.mean().aggregate(frames);
      for (int i = 0; i < 64; i++) {
        assertThat((double) a.get(i)).isCloseTo(m.get(i), Offset.offset(1e-5));
      }
      assertThat(id.parameters()).containsEntry("weights", "identity-init@1").containsEntry("heads", "8");
    }
  }

  @Test
  void saveThenLoad_givesBitIdenticalOutputs() throws IOException {
    Path file = tmp.resolve("agg.vsw");
    RANDOM.save(file, "3", "test");
    try (SetTransformerClipAggregator loaded = SetTransformerClipAggregator.load(file)) {
      for (int n : new int[] {1, 4, 9}) {
        List<Embedding> frames = randomFrames(n, n);
        assertThat(loaded.aggregate(frames)).isEqualTo(RANDOM.aggregate(frames));
      }
      assertThat(loaded.parameters().get("weights")).startsWith("set-transformer@3:");
    }
  }

  @Test
  void load_missingOrCorruptFile_throwsCorruptDataExceptionNamingIt() throws IOException {
    Path missing = tmp.resolve("missing.vsw");
    assertThatThrownBy(() -> SetTransformerClipAggregator.load(missing)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining(missing.toString());
    Path file = tmp.resolve("agg.vsw");
    RANDOM.save(file, "1", "test");
    byte[] b = Files.readAllBytes(file);
    Path truncated = tmp.resolve("truncated.vsw");
    Files.write(truncated, java.util.Arrays.copyOf(b, b.length - 100));
    assertThatThrownBy(() -> SetTransformerClipAggregator.load(truncated)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining(truncated.toString());
    Path foreign = tmp.resolve("foreign.vsw");
    Files.copy(TestHeads.head(), foreign);
    assertThatThrownBy(() -> SetTransformerClipAggregator.load(foreign)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("not set-transformer weights");
  }

  @Test
  void dropFrames_keepsOrderAndAtLeastOneFrame() {
    List<Embedding> frames = randomFrames(10, 1);
    Random rnd = new Random(3);
    for (int i = 0; i < 50; i++) {
      List<Embedding> kept = SetTransformerClipAggregator.dropFrames(frames, 0.9, rnd);
      assertThat(kept).isNotEmpty().isSubsetOf(frames);
      assertThat(frames.indexOf(kept.get(kept.size() - 1))).isGreaterThanOrEqualTo(frames.indexOf(kept.get(0)));
    }
    assertThat(SetTransformerClipAggregator.dropFrames(frames, 0, rnd)).isEqualTo(frames);
    assertThatThrownBy(() -> SetTransformerClipAggregator.dropFrames(frames, 1, rnd))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aggregateAll_withDropRate_masksFramesButKeepsOnePerClip() {
    List<List<Embedding>> clips = List.of(randomFrames(6, 1), randomFrames(1, 2));
    List<Embedding> dropped = RANDOM.aggregateAll(clips, 0.5, new Random(1));
    assertThat(dropped).hasSize(2);
    // A one-frame clip keeps its frame.
    Embedding alone = RANDOM.aggregateAll(List.of(clips.get(1))).get(0);
    for (int i = 0; i < 64; i++) {
      assertThat((double) dropped.get(1).get(i)).isCloseTo(alone.get(i), Offset.offset(1e-5));
    }
  }

  @Test
  void aggregate_otherDimension_isRejected() {
    assertThatThrownBy(() -> RANDOM.aggregate(List.of(Embedding.of(1, 2, 3))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RANDOM.dimension(62)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetTransformerClipAggregator.identityInitialised(60))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
