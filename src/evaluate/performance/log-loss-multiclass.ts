import { compensatedMean } from './compensated-mean.js';

/** float64 machine epsilon, 2^-52: sklearn 1.2.1's `eps="auto"` for float64 scores. */
const EPS = Number.EPSILON;

/**
 * Multiclass log loss (cross-entropy) from per-class probability columns, as
 * `sklearn.metrics.log_loss(y_true, y_pred, labels=classes)` in sklearn 1.2.1:
 * every probability is clipped to [ε, 1 − ε] with ε = 2^-52, each row is divided by
 * its sum (so rows that do not sum to 1 are renormalised), and the loss is the mean
 * of −ln(renormalised probability of the true class).
 *
 * sklearn silently scores a row whose class has no column as 0; this returns NaN
 * instead, since such a row has no defined loss.
 *
 * @param targetClass index into `columns` of each row's true class, or −1 if none
 * @param columns one probability array per class, each aligned with targetClass
 * @returns the mean loss, ≥ 0; NaN when there are no rows, fewer than two columns
 *   (sklearn raises), a row's class has no column, or a probability is NaN
 * @throws RangeError when a column's length differs from targetClass's
 * @example logLossMulticlass(Int32Array.of(0, 1), [Float64Array.of(0.5, 0.25), Float64Array.of(0.5, 0.25)])
 * // => ln 2: row 1 sums to 0.5 and renormalises to [0.5, 0.5]
 */
export function logLossMulticlass(targetClass: Int32Array, columns: readonly Float64Array[]): number {
  const n = targetClass.length;
  const k = columns.length;
  for (let c = 0; c < k; c++) {
    if (columns[c].length !== n) {
      throw new RangeError(`logLossMulticlass: ${n} rows but probability column ${c} has ${columns[c].length}`);
    }
  }
  if (k < 2) return NaN;
  for (let i = 0; i < n; i++) {
    if (targetClass[i] < 0 || targetClass[i] >= k) return NaN;
  }
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(columns[c][i]);
    const x = -Math.log(clip(columns[targetClass[i]][i]) / rowSum);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensatedMean(sum, compensation, n);
}

function clip(s: number): number {
  return s < EPS ? EPS : s > 1 - EPS ? 1 - EPS : s;
}
