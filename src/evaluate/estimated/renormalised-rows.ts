/**
 * Per-class probabilities made to sum to 1 row by row: each row's values divided by
 * their sum, and 1/k for every class of a row whose values sum to 0. NannyML applies
 * it after calibrating each class one-vs-rest (nannyml/performance_estimation/
 * confidence_based/cbpe.py, `_calibrate_predicted_probabilities`), since separate
 * calibrations no longer sum to 1, and expected confusion matrices need rows that
 * are probability distributions over the classes.
 *
 * @param columns one array per class, `columns[c][i]` the value of class c for row i, none negative or NaN
 * @returns new columns, in the same order
 * @throws RangeError when the columns differ in length
 * @example renormalisedRows([Float64Array.of(0.6, 0), Float64Array.of(0.2, 0)])
 * // => [[0.75, 0.5], [0.25, 0.5]]
 */
export function renormalisedRows(columns: readonly Float64Array[]): Float64Array[] {
  const k = columns.length;
  const n = k === 0 ? 0 : columns[0].length;
  for (const column of columns) {
    if (column.length !== n) throw new RangeError(`renormalised rows: columns of ${n} and ${column.length} rows`);
  }
  const out = columns.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += columns[c][i];
    for (let c = 0; c < k; c++) out[c][i] = sum === 0 ? 1 / k : columns[c][i] / sum;
  }
  return out;
}
