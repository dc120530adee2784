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

/** One label's counts in a confusion matrix, read one-vs-rest. */
export interface LabelCounts {
  /** Rows of this true label predicted as it (the diagonal cell). */
  readonly truePositives: number;
  /** Rows predicted as this label (its column). */
  readonly predicted: number;
  /** Rows whose true label is this one (its row). */
  readonly actual: number;
}

/** The counts of label `l` (an index into `cm.labels`) against all the others. */
export function labelCounts(cm: ConfusionMatrix, l: number): LabelCounts {
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < cm.labels.length; i++) {
    predicted += cm.matrix[i][l];
    actual += cm.matrix[l][i];
  }
  return { truePositives: cm.matrix[l][l], predicted, actual };
}
