import type { EncodedLabels } from './encode-labels.js';

/** Counts of (true label, predicted label) pairs. */
export interface ConfusionMatrix {
  /** Sorted by code point: the union of target and prediction labels. */
  labels: string[];
  /** `matrix[i][j]` = rows whose true label is `labels[i]` and predicted label `labels[j]`. */
  matrix: number[][];
}

/**
 * The confusion matrix of `sklearn.metrics.confusion_matrix(y_true, y_pred)`: rows
 * are true labels, columns predicted labels, both in sklearn's sorted label order.
 *
 * @param encoded target and prediction as codes into a sorted label set
 * @returns a labels.length × labels.length matrix of counts
 * @example confusionMatrix(encodeLabels(['a', 'a', 'b'], ['a', 'b', 'b']))
 * // => { labels: ['a', 'b'], matrix: [[1, 1], [0, 1]] }
 */
export function confusionMatrix(encoded: EncodedLabels): ConfusionMatrix {
  const k = encoded.labels.length;
  const counts = new Float64Array(k * k);
  const { target, prediction } = encoded;
  for (let i = 0; i < target.length; i++) counts[target[i] * k + prediction[i]]++;
  const matrix: number[][] = [];
  for (let r = 0; r < k; r++) matrix.push(Array.from(counts.subarray(r * k, (r + 1) * k)));
  return { labels: encoded.labels.slice(), matrix };
}
