package org.videosim.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one pipeline on one benchmark: retrieval over all pairs, average precision per transformation kind
 * and per group, the negatives by kind (same-shoot look-alikes, other footage, flat clips), localization, calibration
 * and the similarity of copies against the number of shots. Written as JSON (Jackson) and as markdown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String name, int queries, int queriesWithMatch, int distractorQueries, int references,
    int positivePairs, int pairs, int failedVideos, double microAp, double meanAp, double recallAt1, double rocAuc,
    double recallAtP90, double thresholdP90, double recallAtP99, double thresholdP99, int falsePositivesAtP99,
    int distractorsHitAtP99, Map<String, KindFigures> kinds, Map<String, KindFigures> groups,
    Map<String, NegativeFigures> negatives, Metrics.Localization localization,
    Map<String, Metrics.Localization> localizationByKind, Calibration calibration, List<ShotFigures> shots) {

  /**
   * One kind's (or group's) figures.
   *
   * @param positivePairs copies of that kind
   * @param ap their average precision ranked against all negative pairs
   * @param recallAtP99 the share of them at or above the global threshold of precision 0.99
   * @param recallAtThreshold the share at or above the pipeline's decision threshold
   * @param meanScore their mean score
   */
  public record KindFigures(int positivePairs, double ap, double recallAtP99, double recallAtThreshold,
      double meanScore) {}

  /**
   * Negative pairs of one kind.
   *
   * @param pairs how many
   * @param maxScore the highest score among them
   * @param atThreshold how many reach the pipeline's decision threshold
   * @param shareAtThreshold that as a share of {@code pairs}
   * @param atP99 how many reach the threshold of precision 0.99
   */
  public record NegativeFigures(int pairs, double maxScore, int atThreshold, double shareAtThreshold, int atP99) {}

  /**
   * Calibration of the scores as probabilities.
   *
   * @param threshold the pipeline's decision threshold
   * @param precisionAtThreshold precision of the pairs at or above it
   * @param recallAtThreshold recall of the copies there
   * @param ece expected calibration error (10 bins) over all pairs
   * @param brier Brier score over all pairs
   * @param maxNegative the highest score of a non-copy pair
   * @param printingOne pairs whose score prints as 1.0000 with four decimals
   * @param exactlyOne pairs whose score is exactly 1
   * @param distinctTopScores distinct values among the scores that print as 1.0000 (ties cannot be ranked)
   */
  public record Calibration(double threshold, double precisionAtThreshold, double recallAtThreshold, double ece,
      double brier, double maxNegative, int printingOne, int exactlyOne, int distinctTopScores) {}

  /**
   * Copies whose reference has a given number of shots.
   *
   * @param shots the bucket, e.g. {@code 1}, {@code 2}, {@code 3-4}, {@code 5+}
   * @param positivePairs copies in it
   * @param meanScore their mean score
   * @param meanRaw their mean raw similarity
   * @param ap their average precision against all negatives
   */
  public record ShotFigures(String shots, int positivePairs, double meanScore, double meanRaw, double ap) {}

  private static String f(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** The report as markdown tables. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("### ").append(name).append("\n\n");
    sb.append(String.format(Locale.ROOT, "%d queries (%d copies, %d distractors) x %d references = %d pairs, %d "
        + "positive%s%n%n", queries, queriesWithMatch, distractorQueries, references, pairs, positivePairs,
        failedVideos > 0 ? "; " + failedVideos + " videos could not be read" : ""));
    sb.append("| micro-AP | mAP | Recall@1 | ROC-AUC | R@P90 (thr) | R@P99 (thr) | FP pairs / distractors hit @P99 |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s (%s) | %s (%s) | %d / %d |%n%n", f(microAp, 3),
        f(meanAp, 3), f(recallAt1, 3), f(rocAuc, 3), f(recallAtP90, 3), f(thresholdP90, 4), f(recallAtP99, 3),
        f(thresholdP99, 4), falsePositivesAtP99, distractorsHitAtP99));
    sb.append("| group | copies | AP | recall @P99 thr | recall @ threshold |\n|---|---|---|---|---|\n");
    groups.forEach((g, v) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", g,
        v.positivePairs(), f(v.ap(), 3), f(v.recallAtP99(), 2), f(v.recallAtThreshold(), 2))));
    sb.append("\n| transformation | copies | AP | recall @P99 thr | recall @ threshold | mean score |\n"
        + "|---|---|---|---|---|---|\n");
    kinds.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", k,
        v.positivePairs(), f(v.ap(), 3), f(v.recallAtP99(), 2), f(v.recallAtThreshold(), 2), f(v.meanScore(), 3))));
    sb.append("\n| negatives | pairs | highest score | at threshold | share | at P99 thr |\n|---|---|---|---|---|---|\n");
    negatives.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %d |%n", k,
        v.pairs(), f(v.maxScore(), 6), v.atThreshold(), f(v.shareAtThreshold(), 4), v.atP99())));
    sb.append(String.format(Locale.ROOT, "%nlocalization (VCSL-style, %d pairs): precision %s, recall %s, F1 %s%n",
        localization.pairs(), f(localization.precision(), 3), f(localization.recall(), 3),
        f(localization.f1(), 3)));
    localizationByKind.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "- %s: precision %s, recall %s, F1 "
        + "%s%n", k, f(v.precision(), 3), f(v.recall(), 3), f(v.f1(), 3))));
    Calibration c = calibration;
    sb.append(String.format(Locale.ROOT, "%ncalibration: threshold %s gives precision %s, recall %s; ECE %s, Brier %s;"
        + " highest non-copy %s; %d pairs print as 1.0000 (%d exactly 1, %d distinct values)%n", f(c.threshold(), 4),
        f(c.precisionAtThreshold(), 3), f(c.recallAtThreshold(), 3), f(c.ece(), 4), f(c.brier(), 4),
        f(c.maxNegative(), 6), c.printingOne(), c.exactlyOne(), c.distinctTopScores()));
    sb.append("\n| shots in the reference | copies | mean score | mean raw | AP |\n|---|---|---|---|---|\n");
    for (ShotFigures s : shots) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", s.shots(), s.positivePairs(),
          f(s.meanScore(), 3), f(s.meanRaw(), 3), f(s.ap(), 3)));
    }
    return sb.toString();
  }
}
