import type { ConfusionMatrix } from './confusion-matrix.js';

/**
 * Share of rows whose prediction equals the target: the trace of the confusion
 * matrix over its total, as `sklearn.metrics.accuracy_score(y_true, y_pred)`.
 *
 * @param cm a confusion matrix
 * @returns a value in [0, 1]; NaN when the matrix counts no rows (sklearn would
 *   return NaN with a warning too: 0/0)
 * @example accuracy({ labels: ['a', 'b'], matrix: [[1, 1], [0, 2]] }) // => 0.75
 */
export function accuracy(cm: ConfusionMatrix): number {
  let correct = 0;
  let total = 0;
  for (let r = 0; r < cm.matrix.length; r++) {
    const row = cm.matrix[r];
    correct += row[r];
    for (let c = 0; c < row.length; c++) total += row[c];
  }
  return total === 0 ? NaN : correct / total;
}
