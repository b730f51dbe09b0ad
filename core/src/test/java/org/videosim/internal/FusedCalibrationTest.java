package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FusedCalibrationTest {

  @Test
  void fit_dataDrawnFromAKnownCalibration_recoversItsWeights() {
    FusedCalibration truth = new FusedCalibration(3.0, 1.5, 0.5);
    Random rnd = new Random(20261126);
    int n = 30000;
    double[] x = new double[n];
    double[] y = new double[n];
    boolean[] copy = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble();
      copy[i] = rnd.nextDouble() < truth.apply(x[i], y[i]);
    }
    // equal class weights move the intercept; the weights of the two similarities are recovered
    FusedCalibration fit = FusedCalibration.fit(x, y, copy);
    assertThat(fit.a()).isCloseTo(3.0, offset(0.2));
    assertThat(fit.b()).isCloseTo(1.5, offset(0.15));
  }

  @Test
  void apply_risesWithEitherSimilarityAndStaysAProbability() {
    FusedCalibration c = new FusedCalibration(6.6, 5.4, -5.5);
    double prev = -1;
    for (double x = 0; x <= 1.0001; x += 0.05) {
      double row = -1;
      for (double y = 0; y <= 1.0001; y += 0.05) {
        double p = c.apply(x, y);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(p).isGreaterThanOrEqualTo(row);
        row = p;
      }
      assertThat(c.apply(x, 0.5)).isGreaterThanOrEqualTo(prev);
      prev = c.apply(x, 0.5);
    }
    // one similarity alone does not make a copy: a learned encoder fooled by look-alike footage is checked
    assertThat(c.apply(0.75, 0.4)).isLessThan(0.5);
    assertThat(c.apply(0.75, 0.9)).isGreaterThan(0.9);
  }

  @Test
  void fit_separatesPairsThatOnlyTheSecondSimilarityTellsApart() {
    // copies: both similar; look-alikes: the first similarity as high, the second at chance
    Random rnd = new Random(7);
    int n = 2000;
    double[] x = new double[n];
    double[] y = new double[n];
    boolean[] copy = new boolean[n];
    for (int i = 0; i < n; i++) {
      copy[i] = i % 2 == 0;
      x[i] = 0.7 + 0.2 * rnd.nextDouble();
      y[i] = copy[i] ? 0.75 + 0.25 * rnd.nextDouble() : 0.4 + 0.2 * rnd.nextDouble();
    }
    FusedCalibration c = FusedCalibration.fit(x, y, copy);
    assertThat(c.b()).isGreaterThan(c.a());
    assertThat(c.expectedCalibrationError(x, y, copy, 10)).isLessThan(0.1);
    assertThat(c.brierScore(x, y, copy)).isLessThan(0.05);
  }

  @Test
  void constructor_rejectsNonPositiveWeights() {
    assertThatThrownBy(() -> new FusedCalibration(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FusedCalibration(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FusedCalibration(1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
