/**
 * The area under the ROC curve from the scores of the positive and of the negative
 * rows: the probability that a random positive outscores a random negative, a tie
 * counting 1/2 (the Mann–Whitney U statistic over n₊·n₋). It equals the trapezoid
 * area under the ROC curve that `sklearn.metrics.roc_auc_score` computes, ties
 * included, because a run of tied scores is one diagonal segment of that curve.
 *
 * A merge walk over the two sorted samples counts, for each positive score s, the
 * negatives below s and those equal to s; the sum of 2·below + equal is an integer
 * (exact in a double up to 2^53, i.e. for n₊·n₋ < 4.5e15), so the result is rounded
 * once, in the final division.
 *
 * @param positives scores of the positive rows, sorted ascending, no NaN
 * @param negatives scores of the negative rows, sorted ascending, no NaN
 * @returns a value in [0, 1]; NaN when either sample is empty (the AUC is undefined)
 * @example mannWhitneyAuc(Float64Array.of(0.5, 0.9), Float64Array.of(0.1, 0.5))
 * // => (2 + 1.5) / 4 = 0.875: 0.9 beats both, 0.5 beats 0.1 and ties 0.5
 */
export function mannWhitneyAuc(positives: Float64Array, negatives: Float64Array): number {
  const nPos = positives.length;
  const nNeg = negatives.length;
  if (nPos === 0 || nNeg === 0) return NaN;
  let twiceWins = 0;
  let below = 0; // negatives strictly less than the current positive score
  let i = 0;
  while (i < nPos) {
    const s = positives[i];
    let run = 1;
    while (i + run < nPos && positives[i + run] === s) run++;
    while (below < nNeg && negatives[below] < s) below++;
    let atMost = below;
    while (atMost < nNeg && negatives[atMost] === s) atMost++;
    twiceWins += run * (below + atMost);
    i += run;
  }
  return twiceWins / (2 * nPos * nNeg);
}
