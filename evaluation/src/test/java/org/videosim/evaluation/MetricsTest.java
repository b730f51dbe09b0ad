package org.videosim.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics on tiny hand-made tables whose answers are worked out in the comments. */
class MetricsTest {

  @Test
  void averagePrecision_ofAPerfectRanking_isOne_andOfAKnownRanking_isTheHandValue() {
    assertThat(Metrics.averagePrecision(new double[] {0.9, 0.8, 0.1}, new boolean[] {true, true, false}))
        .isEqualTo(1.0);
    // ranked: + (p 1/1), - , + (p 2/3): AP = (1 + 2/3) / 2
    assertThat(Metrics.averagePrecision(new double[] {0.9, 0.8, 0.7}, new boolean[] {true, false, true}))
        .isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
  }

  @Test
  void averagePrecision_countsATieAsOneStep_notOptimistically() {
    // a positive and a negative tied at the top: one step with recall 1/1 at precision 1/2
    assertThat(Metrics.averagePrecision(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
  }

  @Test
  void averagePrecision_neverRetrievesMissingScores() {
    // the second positive is NaN (never retrieved): recall stops at 1/2
    assertThat(Metrics.averagePrecision(new double[] {0.9, Double.NaN, 0.1}, new boolean[] {true, true, false}))
        .isEqualTo(0.5);
    assertThat(Metrics.averagePrecision(new double[] {0.3}, new boolean[] {false})).isNaN();
  }

  @Test
  void recallAtPrecision_takesTheBestThresholdThatReachesThePrecision() {
    double[] s = {0.9, 0.8, 0.7, 0.6, 0.5};
    boolean[] y = {true, true, false, true, false};
    Metrics.Curve c = Metrics.curve(s, y, 3);
    // thresholds 0.9: p 1 r 1/3; 0.8: p 1 r 2/3; 0.7: p 2/3; 0.6: p 3/4 r 1; 0.5: p 3/5
    double[] r99 = Metrics.recallAtPrecision(c, 0.99);
    assertThat(r99[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r99[1]).isEqualTo(0.8);
    assertThat(Metrics.recallAtPrecision(c, 0.75)[0]).isEqualTo(1.0);
    assertThat(Metrics.recallAtPrecision(Metrics.curve(new double[] {0.5}, new boolean[] {false}, 1), 0.9)[1])
        .isNaN();
  }

  @Test
  void rocAuc_isTheShareOfPositiveNegativeOrdersRight_withTiesHalf() {
    // pairs (p, n): (0.9, 0.5) right, (0.9, 0.4) right, (0.4, 0.5) wrong, (0.4, 0.4) tie: (1 + 1 + 0 + 0.5) / 4
    assertThat(Metrics.rocAuc(new double[] {0.9, 0.4, 0.5, 0.4}, new boolean[] {true, true, false, false}))
        .isCloseTo(2.5 / 4, within(1e-12));
  }

  @Test
  void calibrationErrors_ofKnownProbabilities() {
    double[] p = {0.05, 0.05, 0.95, 0.95};
    boolean[] y = {false, false, true, false};
    // bin 0: mean p 0.05, rate 0 -> |0.1 - 0| / 4; bin 9: p sum 1.9, one positive -> |1.9 - 1| / 4
    assertThat(Metrics.expectedCalibrationError(p, y, 10)).isCloseTo((0.1 + 0.9) / 4, within(1e-12));
    assertThat(Metrics.brierScore(p, y)).isCloseTo((0.0025 * 2 + 0.0025 + 0.9025) / 4, within(1e-12));
  }

  @Test
  void localization_followsTheCoveredShares() {
    // truth: query 0-10 <-> ref 0-10; prediction: query 0-5 <-> ref 0-5 (inside): precision 1, recall 1/2 * 1/2
    Map<String, List<Segment>> truth = Map.of("q1\tr1", List.of(new Segment(0, 10, 0, 10)));
    Map<String, List<Segment>> pred = Map.of("q1\tr1", List.of(new Segment(0, 5, 0, 5)));
    Metrics.Localization l = Metrics.localization(pred, truth);
    assertThat(l.precision()).isCloseTo(1, within(1e-6));
    assertThat(l.recall()).isCloseTo(0.25, within(1e-6));
    assertThat(l.f1()).isCloseTo(2 * 0.25 / 1.25, within(1e-6));
    // a prediction on a non-copy pair of the same query: P 0, R 1 for that pair, averaged within the query
    Metrics.Localization l2 = Metrics.localization(Map.of("q1\tr1", List.of(new Segment(0, 10, 0, 10)),
        "q1\tr2", List.of(new Segment(0, 1, 0, 1))), truth);
    assertThat(l2.precision()).isCloseTo(0.5, within(1e-6));
    assertThat(l2.recall()).isCloseTo(1, within(1e-6));
    assertThat(l2.pairs()).isEqualTo(2);
    assertThat(l2.queries()).isEqualTo(1);
    // a copy without predictions: P 1, R 0
    assertThat(Metrics.localization(Map.of(), truth).recall()).isZero();
  }

  @Test
  void unionLength_mergesOverlaps() {
    assertThat(Metrics.unionLength(List.of(new double[] {0, 2}, new double[] {1, 3}, new double[] {5, 6})))
        .isEqualTo(4.0);
  }
}
