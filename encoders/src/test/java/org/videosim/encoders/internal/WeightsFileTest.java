package org.videosim.encoders.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videosim.CorruptDataException;

class WeightsFileTest {
  @TempDir Path tmp;

  static WeightsFile sample() {
    Random rnd = new Random(1);
    float[] a = new float[12];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    Map<String, WeightsFile.Tensor> t = new LinkedHashMap<>();
    t.put("a/weight", WeightsFile.Tensor.of(new long[] {3, 4}, a));
    t.put("a/bias", WeightsFile.Tensor.of(new long[] {3}, new float[] {Float.MIN_VALUE, -0f, 1e30f}));
    return new WeightsFile("test", "2", "made by a test", t);
  }

  @Test
  void writeThenRead_isExact() throws IOException {
    Path f = tmp.resolve("w.vsw");
    WeightsFile w = sample();
    w.write(f);
    WeightsFile r = WeightsFile.read(f);
    assertThat(r.model()).isEqualTo("test");
    assertThat(r.version()).isEqualTo("2");
    assertThat(r.provenance()).isEqualTo("made by a test");
    assertThat(r.tensors().keySet()).containsExactly("a/weight", "a/bias");
    for (String k : w.tensors().keySet()) {
      assertThat(r.tensors().get(k).shape()).isEqualTo(w.tensors().get(k).shape());
      assertThat(Arrays.equals(r.tensors().get(k).values(), w.tensors().get(k).values())).isTrue();
    }
    assertThat(r.id()).isEqualTo(w.id()).startsWith("test@2:");
  }

  @Test
  void bundledBackbone_isTheImportedQuantisedModel() {
    WeightsFile w = WeightsFile.readResource(WeightsFile.class, "/org/videosim/encoders/mobilenetv2-nsfwjs-v1.vsw");
    assertThat(w.model()).isEqualTo("mobilenetv2-nsfwjs");
    assertThat(w.provenance()).startsWith("nsfwjs@4.4.0");
    assertThat(w.tensors()).hasSize(260).allSatisfy((k, t) -> assertThat(t.isQuantised()).isTrue());
    assertThat(w.require("Conv1/kernel", "x", 3, 3, 3, 32).values()).hasSize(864);
  }

  @Test
  void damagedFiles_throwCorruptDataExceptionNamingTheFile() throws IOException {
    byte[] good = sample().toBytes();
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("empty", new byte[0]);
    cases.put("truncated", Arrays.copyOf(good, good.length - 7));
    byte[] flipped = good.clone();
    flipped[40] ^= 1;
    cases.put("flipped", flipped);
    byte[] magic = good.clone();
    magic[0] = 'X';
    cases.put("magic", magic);
    byte[] random = new byte[500];
    new Random(3).nextBytes(random);
    cases.put("random", random);
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      Path f = tmp.resolve(c.getKey() + ".vsw");
      Files.write(f, c.getValue());
      assertThatThrownBy(() -> WeightsFile.read(f)).as(c.getKey()).isInstanceOf(CorruptDataException.class)
          .hasMessageContaining(f.toString());
    }
  }

  @Test
  void missingFileOrResource_throwsCorruptDataExceptionNamingIt() {
    Path f = tmp.resolve("none.vsw");
    assertThatThrownBy(() -> WeightsFile.read(f)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("not found");
    assertThatThrownBy(() -> WeightsFile.readResource(WeightsFile.class, "/org/videosim/encoders/none-v9.vsw"))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("/org/videosim/encoders/none-v9.vsw")
        .hasMessageContaining("not found on the class path");
  }

  @Test
  void require_wrongShapeOrMissingTensor_namesIt() {
    WeightsFile w = sample();
    assertThatThrownBy(() -> w.require("a/weight", "file 'x'", 4, 3)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("a/weight").hasMessageContaining("[3, 4]");
    assertThatThrownBy(() -> w.require("b", "file 'x'")).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("lack tensor 'b'");
  }
}
