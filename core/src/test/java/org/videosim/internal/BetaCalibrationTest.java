package org.videosim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BetaCalibrationTest {

  @Test
  void fit_dataDrawnFromAKnownCalibration_recoversIt() {
    BetaCalibration truth = new BetaCalibration(2.0, 3.0, -1.0);
    Random rnd = new Random(20261125);
    int n = 20000;
    double[] x = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble() < truth.apply(x[i]);
    }
    // With equal class weights the intercept absorbs the class ratio; the shape (a, b) is recovered.
    BetaCalibration fit = BetaCalibration.fit(x, y);
    assertThat(fit.a()).isCloseTo(2.0, offset(0.25));
    assertThat(fit.b()).isCloseTo(3.0, offset(0.3));
  }

  @Test
  void fit_separableData_staysFiniteAndMonotone() {
    double[] x = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
    boolean[] y = {false, false, false, true, true, true};
    BetaCalibration c = BetaCalibration.fit(x, y);
    assertThat(Double.isFinite(c.c())).isTrue();
    assertThat(c.apply(0.9)).isGreaterThan(c.apply(0.5)).isGreaterThan(c.apply(0.1));
    assertThat(c.expectedCalibrationError(x, y, 10)).isLessThan(0.2);
    assertThat(c.brierScore(x, y)).isLessThan(0.1);
  }

  @Test
  void fit_oneClassOnly_isRejected() {
    assertThatThrownBy(() -> BetaCalibration.fit(new double[] {0.5}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
  }

  @Test
  void apply_endpoints() {
    BetaCalibration c = new BetaCalibration(1, 1, 0);
    assertThat(c.apply(0)).isZero();
    assertThat(c.apply(1)).isEqualTo(1.0);
    assertThat(c.apply(0.5)).isCloseTo(0.5, offset(1e-12));
  }
}
