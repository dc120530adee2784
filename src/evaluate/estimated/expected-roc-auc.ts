/**
 * ROC AUC expected from calibrated probabilities, without labels: NannyML's estimate
 * (nannyml/performance_estimation/confidence_based/metrics.py, `estimate_roc_auc`,
 * whose current code ranks by the model's raw score and counts with the calibrated
 * probability; its earlier code and the docs page "how it works: performance
 * estimation" threshold the calibrated probability itself).
 *
 * Rows are ranked by raw score, highest first. Cutting the ranking after each score
 * predicts the rows above the cut positive; each of them is a true positive with
 * probability p (its calibrated probability) and a false positive with probability
 * 1 − p, so the expected true- and false-positive counts are running sums of p and
 * 1 − p, and TPR = TP / Σp, FPR = FP / Σ(1 − p). The AUC is the trapezoid area
 * under these points. Rows with tied raw scores form one step (one ROC point), as
 * sklearn's roc_curve does, so ties count one half like the observed ROC AUC; NannyML
 * walks tied rows one by one in numpy's sort order.
 *
 * Ranking by the raw score or by the calibrated probability gives the same value
 * when the calibration is non-decreasing (isotonic is): a run of raw scores that
 * calibration maps to one probability p contributes p(1 − p) per pair either way,
 * as one ordered pair or as two half-counted ties. The raw score is taken so that a
 * window's estimate and its observed ROC AUC rank rows alike.
 *
 * @param rankScore the model's raw score per row (any monotone score), no NaN
 * @param probability the calibrated probability of the positive class per row
 * @returns a value in [0, 1]; NaN when there are no rows, or the expected count of
 *   positives or of negatives is 0 (every p is 0, or every p is 1)
 * @throws RangeError when the arrays differ in length
 * @example expectedRocAuc(Float64Array.of(0.9, 0.1), Float64Array.of(1, 0)) // => 1
 */
export function expectedRocAuc(rankScore: Float64Array, probability: Float64Array): number {
  const n = rankScore.length;
  if (probability.length !== n) throw new RangeError(`expected ROC AUC: ${n} scores but ${probability.length} probabilities`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rankScore[b] - rankScore[a]);
  let truePositives = 0; // expected, above the current cut
  let twiceArea = 0; // Σ ΔFP · (TP before + TP after), the trapezoids' doubled area in count units
  for (let k = 0; k < n; ) {
    const score = rankScore[order[k]];
    let stepPositives = 0;
    let stepNegatives = 0;
    for (; k < n && rankScore[order[k]] === score; k++) {
      stepPositives += probability[order[k]];
      stepNegatives += 1 - probability[order[k]];
    }
    twiceArea += stepNegatives * (2 * truePositives + stepPositives);
    truePositives += stepPositives;
  }
  const negatives = n - truePositives;
  if (n === 0 || truePositives <= 0 || negatives <= 0) return NaN;
  return twiceArea / (2 * truePositives * negatives);
}
