import { mannWhitneyAuc } from './mann-whitney-auc.js';

/**
 * Binary ROC AUC, as `sklearn.metrics.roc_auc_score(y_true, y_score)` with y_true the
 * 0/1 indicator of the positive class: the trapezoid area under the ROC curve, which
 * with ties is the Mann–Whitney statistic counting a tie 1/2 (see mannWhitneyAuc).
 * O(n log n): the positive and negative scores are sorted separately.
 *
 * @param isPositive 1 for a row of the positive class, 0 otherwise
 * @param score the positive-class score of each row (any monotone score works)
 * @returns the AUC in [0, 1]; NaN when the rows hold only one class (sklearn raises
 *   "Only one class present in y_true"), when there are no rows, or when a score is NaN
 * @throws RangeError when the two arrays differ in length
 * @example rocAucBinary(Uint8Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8))
 * // => 0.75 (sklearn's documented example)
 */
export function rocAucBinary(isPositive: Uint8Array, score: Float64Array): number {
  const n = isPositive.length;
  if (score.length !== n) {
    throw new RangeError(`rocAucBinary: ${n} class indicators but ${score.length} scores`);
  }
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += isPositive[i] === 0 ? 0 : 1;
  const positives = new Float64Array(nPos);
  const negatives = new Float64Array(n - nPos);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const s = score[i];
    if (s !== s) return NaN;
    if (isPositive[i] === 0) negatives[q++] = s;
    else positives[p++] = s;
  }
  // Typed-array sort is numeric and much faster than sorting an index array.
  return mannWhitneyAuc(positives.sort(), negatives.sort());
}
