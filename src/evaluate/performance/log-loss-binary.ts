import { compensatedMean } from './compensated-mean.js';

/** float64 machine epsilon, 2^-52: sklearn 1.2.1's `eps="auto"` for float64 scores. */
const EPS = Number.EPSILON;

/**
 * Binary log loss (cross-entropy) from the positive-class probability p of each row,
 * as `sklearn.metrics.log_loss(y_true, p)` in sklearn 1.2.1 with y_true the 0/1
 * indicator of the positive class:
 *   p' = clip(p, ε, 1 − ε) with ε = 2^-52, the row's probabilities are
 *   [1 − p', p'] renormalised by their sum (which rounding can leave off 1), and the
 *   loss is the mean of −ln(probability given to the true class).
 * The clipping keeps scores of exactly 0 or 1 finite: a confident miss costs
 * −ln(2^-52) ≈ 36.04.
 *
 * Unlike sklearn, which needs `labels` for it, a target of only one class is fine:
 * the loss is still defined.
 *
 * @param isPositive 1 for a row of the positive class, 0 otherwise
 * @param score probability of the positive class for each row
 * @returns the mean loss, ≥ 0; NaN when there are no rows or a score is NaN
 * @throws RangeError when the two arrays differ in length
 * @example logLossBinary(Uint8Array.of(1, 0), Float64Array.of(0.5, 0.5)) // => ln 2
 */
export function logLossBinary(isPositive: Uint8Array, score: Float64Array): number {
  const n = isPositive.length;
  if (score.length !== n) {
    throw new RangeError(`logLossBinary: ${n} class indicators but ${score.length} scores`);
  }
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const s = score[i];
    // NaN fails both comparisons and stays NaN, as in numpy's clip.
    const p = s < EPS ? EPS : s > 1 - EPS ? 1 - EPS : s;
    const q = 1 - p;
    const x = -Math.log((isPositive[i] === 0 ? q : p) / (q + p));
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensatedMean(sum, compensation, n);
}
