import { mannWhitneyAuc } from './mann-whitney-auc.js';

/**
 * Multiclass ROC AUC, one-vs-rest, macro average: the mean over classes c of the
 * binary AUC of "target is c" against the probability column of c, as
 * `sklearn.metrics.roc_auc_score(y_true, y_score, multi_class="ovr", average="macro")`
 * when the columns are the classes of y_true in sorted order.
 *
 * sklearn raises, and this returns NaN, when the AUC is undefined: a class of the
 * columns never occurs in the target (its one-vs-rest AUC has no positives), or a
 * target row's class has no column (`targetClass` −1). sklearn also refuses rows
 * whose probabilities do not sum to 1; this does not check that, since each
 * one-vs-rest AUC depends only on the order of its own column.
 *
 * @param targetClass index into `columns` of each row's true class, or −1 if none
 * @param columns one score array per class, each aligned with targetClass
 * @returns the macro-averaged AUC; NaN when undefined, when there are no rows or
 *   columns, or when a score is NaN
 * @throws RangeError when a column's length differs from targetClass's
 * @example rocAucOneVsRest(Int32Array.of(0, 1, 2),
 *   [Float64Array.of(0.8, 0.1, 0.1), Float64Array.of(0.1, 0.8, 0.1), Float64Array.of(0.1, 0.1, 0.8)])
 * // => 1 (each class's own column ranks it first)
 */
export function rocAucOneVsRest(targetClass: Int32Array, columns: readonly Float64Array[]): number {
  const n = targetClass.length;
  const k = columns.length;
  for (let c = 0; c < k; c++) {
    if (columns[c].length !== n) {
      throw new RangeError(`rocAucOneVsRest: ${n} rows but probability column ${c} has ${columns[c].length}`);
    }
  }
  if (n === 0 || k === 0) return NaN;
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const t = targetClass[i];
    if (t < 0 || t >= k) return NaN;
    count[t]++;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const positives = new Float64Array(count[c]);
    const negatives = new Float64Array(n - count[c]);
    const column = columns[c];
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const s = column[i];
      if (s !== s) return NaN;
      if (targetClass[i] === c) positives[p++] = s;
      else negatives[q++] = s;
    }
    sum += mannWhitneyAuc(positives.sort(), negatives.sort());
  }
  return sum / k;
}
