package org.videosim.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.videosim.BitCode;
import org.videosim.CorruptDataException;
import org.videosim.Embedding;
import org.videosim.VideoSimilarityException;

/** IsoHash against the properties the method promises, on random anisotropic data with reported seeds. */
class IsoHashBinarizerTest {
  @TempDir Path dir;

  /**
   * {@code n} samples of dimension {@code d}: the first {@code active} dimensions have standard deviations from 1 to
   * 9 (strongly anisotropic), the rest are nearly constant; all are shifted by a random mean.
   */
  static float[][] anisotropic(Random rnd, int n, int d, int active) {
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (3 * rnd.nextGaussian());
    }
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double sd = j < active ? 1 + 8.0 * j / active : 1e-3;
        x[i][j] = mean[j] + (float) (sd * rnd.nextGaussian());
      }
    }
    return x;
  }

  static double[][] projected(IsoHashBinarizer b, float[][] x) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = b.project(Embedding.of(x[i]));
    }
    return y;
  }

  @Test
  void fit_anisotropicData_givesEqualVariancesOrthonormalRowsAndCentredProjections() {
    long seed = 20261125;
    float[][] x = anisotropic(new Random(seed), 3000, 96, 64);
    IsoHashBinarizer b = Binarizers.isoHash(x, 64, seed);
    double[][] y = projected(b, x);
    double[] var = new double[64];
    for (int k = 0; k < 64; k++) {
      double mean = 0;
      for (double[] row : y) {
        mean += row[k];
      }
      mean /= y.length;
      assertThat(mean).as("seed %d: mean of dimension %d", seed, k).isCloseTo(0, within(1e-3));
      for (double[] row : y) {
        var[k] += (row[k] - mean) * (row[k] - mean);
      }
      var[k] /= y.length - 1;
    }
    double avg = java.util.Arrays.stream(var).average().orElseThrow();
    // PCA keeps the 64 active dimensions: the total variance is theirs, sum of (1 + 8j/64)^2
    double expectedTotal = 0;
    for (int j = 0; j < 64; j++) {
      expectedTotal += Math.pow(1 + 8.0 * j / 64, 2);
    }
    assertThat(avg * 64).as("seed %d: total variance", seed).isCloseTo(expectedTotal, within(expectedTotal * 0.05));
    for (int k = 0; k < 64; k++) {
      assertThat(var[k] / avg).as("seed %d: variance of dimension %d relative to the mean", seed, k)
          .isCloseTo(1.0, within(1e-4));
    }
    float[][] p = b.projection();
    for (int r = 0; r < 64; r++) {
      for (int c = 0; c < 64; c++) {
        double dot = 0;
        for (int j = 0; j < 96; j++) {
          dot += (double) p[r][j] * p[c][j];
        }
        assertThat(dot).as("row %d . row %d", r, c).isCloseTo(r == c ? 1 : 0, within(1e-5));
      }
      for (int j = 64; j < 96; j++) { // nothing of the near-constant dimensions
        assertThat(Math.abs(p[r][j])).as("row %d, inactive dimension %d", r, j).isLessThan(0.01f);
      }
    }
  }

  @Test
  void fit_anisotropicInput_projectedVariancesSpreadFarLessThanTheInputs() {
    // The input variances spread by a factor of about 80; the projected ones must not.
    long seed = 7;
    float[][] x = anisotropic(new Random(seed), 2000, 80, 64);
    IsoHashBinarizer b = Binarizers.isoHash(x, 64, seed);
    double[] in = new double[64];
    double[] out = new double[64];
    double[][] y = projected(b, x);
    for (int k = 0; k < 64; k++) {
      for (int i = 0; i < x.length; i++) {
        in[k] += x[i][k] * (double) x[i][k];
        out[k] += y[i][k] * y[i][k];
      }
    }
    double inSpread = java.util.Arrays.stream(in).max().orElseThrow() / java.util.Arrays.stream(in).min().orElseThrow();
    double outSpread = java.util.Arrays.stream(out).max().orElseThrow()
        / java.util.Arrays.stream(out).min().orElseThrow();
    assertThat(outSpread).as("seed %d", seed).isLessThan(1.2).isLessThan(inSpread / 5);
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {64, 128, 256, 512})
  void fit_eachCodeLength_givesBalancedCodesOfThatLength(int bits) {
    long seed = 31L * bits;
    Random rnd = new Random(seed);
    float[][] x = anisotropic(rnd, bits * 2 + 50, bits + 32, bits);
    IsoHashBinarizer b = Binarizers.isoHash(x, bits, seed);
    assertThat(b.bits(bits + 32)).isEqualTo(bits);
    assertThat(b.parameters()).containsEntry("bits", Integer.toString(bits))
        .containsEntry("dimension", Integer.toString(bits + 32)).containsKey("fit");
    int[] ones = new int[bits];
    for (float[] row : x) {
      BitCode c = b.binarize(Embedding.of(row));
      assertThat(c.bits()).isEqualTo(bits);
      for (int k = 0; k < bits; k++) {
        ones[k] += c.get(k) ? 1 : 0;
      }
    }
    for (int k = 0; k < bits; k++) { // centred, symmetric data: every bit is set about half the time
      assertThat((double) ones[k] / x.length).as("seed %d, bit %d", seed, k).isBetween(0.35, 0.65);
    }
  }

  @Test
  void fit_sameSeed_isBitIdentical_otherSeed_isAnotherFit() {
    long seed = 99;
    float[][] x = anisotropic(new Random(seed), 500, 48, 40);
    IsoHashBinarizer a = Binarizers.isoHash(x, 32, 1);
    IsoHashBinarizer b = Binarizers.isoHash(x, 32, 1);
    IsoHashBinarizer c = Binarizers.isoHash(x, 32, 2);
    assertThat(b).isEqualTo(a);
    assertThat(b.spec()).isEqualTo(a.spec());
    assertThat(c.spec()).isNotEqualTo(a.spec());
    assertThat(c.parameters().get("fit")).isNotEqualTo(a.parameters().get("fit"));
  }

  @Test
  void fit_fromEmbeddings_equalsFitFromMatrix() {
    float[][] x = anisotropic(new Random(5), 200, 40, 40);
    List<Embedding> list = new ArrayList<>();
    for (float[] row : x) {
      list.add(Embedding.of(row));
    }
    assertThat(Binarizers.isoHash(list, 16, 3)).isEqualTo(Binarizers.isoHash(x, 16, 3));
  }

  @Test
  void fit_badSamples_areRejectedNamingTheProblem() {
    float[][] x = anisotropic(new Random(1), 100, 40, 40);
    assertThatThrownBy(() -> Binarizers.isoHash(x, 64, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 40").hasMessageContaining("bits 64");
    assertThatThrownBy(() -> Binarizers.isoHash(java.util.Arrays.copyOf(x, 16), 16, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more embeddings than bits");
    float[][] mixed = x.clone();
    mixed[7] = new float[39];
    assertThatThrownBy(() -> Binarizers.isoHash(mixed, 16, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample[7]");
    assertThatThrownBy(() -> Binarizers.isoHash(x, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bits");
    assertThatThrownBy(() -> Binarizers.isoHash((float[][]) null, 8, 0)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sample");
    IsoHashBinarizer b = Binarizers.isoHash(x, 16, 0);
    assertThatThrownBy(() -> b.binarize(Embedding.of(new float[39]))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40");
  }

  @Test
  void saveAndLoad_roundTrip_givesAnEqualBinarizerWithTheSameCodes() {
    long seed = 11;
    float[][] x = anisotropic(new Random(seed), 400, 70, 64);
    IsoHashBinarizer b = Binarizers.isoHash(x, 64, seed);
    Path file = dir.resolve("isohash.bin");
    b.save(file);
    IsoHashBinarizer loaded = IsoHashBinarizer.load(file);
    assertThat(loaded).isEqualTo(b);
    assertThat(loaded.spec()).isEqualTo(b.spec());
    assertThat(loaded.seed()).isEqualTo(seed);
    for (float[] row : x) {
      assertThat(loaded.binarize(Embedding.of(row))).isEqualTo(b.binarize(Embedding.of(row)));
    }
    assertThat(IsoHashBinarizer.fromBytes(b.toBytes())).isEqualTo(b);
  }

  @Test
  void load_corruptTruncatedForeignOrNewerData_givesCorruptDataException() throws Exception {
    IsoHashBinarizer b = Binarizers.isoHash(anisotropic(new Random(2), 100, 20, 20), 16, 0);
    byte[] good = b.toBytes();
    Random rnd = new Random(3);
    for (int t = 0; t < 50; t++) { // any single flipped bit is caught
      byte[] bad = good.clone();
      int i = rnd.nextInt(bad.length);
      bad[i] ^= (byte) (1 << rnd.nextInt(8));
      assertThatThrownBy(() -> IsoHashBinarizer.fromBytes(bad)).as("byte %d", i)
          .isInstanceOf(CorruptDataException.class);
    }
    for (int len : new int[] {0, 3, 27, good.length / 2, good.length - 1}) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> IsoHashBinarizer.fromBytes(cut)).as("length %d", len)
          .isInstanceOf(CorruptDataException.class);
    }
    byte[] newer = good.clone();
    ByteBuffer.wrap(newer).putInt(4, 2);
    CRC32 crc = new CRC32();
    crc.update(newer, 0, newer.length - 4);
    ByteBuffer.wrap(newer).putInt(newer.length - 4, (int) crc.getValue());
    assertThatThrownBy(() -> IsoHashBinarizer.fromBytes(newer)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 2");
    Path foreign = dir.resolve("foreign.bin");
    Files.writeString(foreign, "#!/bin/sh\necho this is not an IsoHash binarizer at all\n");
    assertThatThrownBy(() -> IsoHashBinarizer.load(foreign)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("foreign.bin").hasMessageContaining("not a videosim IsoHash");
    assertThatThrownBy(() -> IsoHashBinarizer.load(dir.resolve("missing.bin")))
        .isInstanceOf(VideoSimilarityException.class).hasMessageContaining("missing.bin");
  }
}
