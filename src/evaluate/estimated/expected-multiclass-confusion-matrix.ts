import type { ConfusionMatrix } from '../performance/confusion-matrix.js';

/**
 * The expected confusion matrix of a multiclass window given each row's calibrated
 * class probabilities and its predicted label (CBPE, NannyML's "how it works:
 * performance estimation", multiclass): a row predicted as label j adds its
 * probability of each class t to cell [t][j]. The one-vs-rest expected matrix of a
 * class c, which NannyML builds per class, is read from it: TP = [c][c], FP = column
 * c minus TP (the rows predicted c: Σ(1 − p_c) when rows sum to 1), FN = row c minus
 * TP (Σ p_c over the rows predicted otherwise). The observed metrics' functions
 * (accuracy, precisionRecallF1) read it as they read a counted matrix: its trace over
 * its total is the mean probability of the predicted class, NannyML's expected accuracy.
 *
 * A predicted label that is none of `classes` gets a column (and an empty row: no
 * row has a probability of being it), so its rows count as wrong, as sklearn counts
 * a prediction outside the true labels.
 *
 * @param classes the class of each probability column
 * @param probability `probability[c][i]`, the calibrated probability that row i is `classes[c]`; rows summing to 1
 * @param predictions the predicted label of each row
 * @returns labels: `classes` in their order, then the other predicted labels in order of appearance;
 *   rows are (expected) true labels, columns predicted labels
 * @throws RangeError when a column's length differs from the predictions'
 * @example expectedMulticlassConfusionMatrix(['a', 'b', 'c'],
 *   [Float64Array.of(0.7, 0.1), Float64Array.of(0.2, 0.6), Float64Array.of(0.1, 0.3)], ['a', 'b'])
 * // => matrix [[0.7, 0.1, 0], [0.2, 0.6, 0], [0.1, 0.3, 0]]
 */
export function expectedMulticlassConfusionMatrix(classes: readonly string[], probability: readonly Float64Array[], predictions: readonly string[]): ConfusionMatrix {
  const n = predictions.length;
  for (let c = 0; c < probability.length; c++) {
    if (probability[c].length !== n) throw new RangeError(`expected confusion matrix: ${n} predictions but ${probability[c].length} probabilities of ${JSON.stringify(classes[c])}`);
  }
  const labels = classes.slice();
  const indexOf = new Map(labels.map((label, i) => [label, i]));
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let j = indexOf.get(predictions[i]);
    if (j === undefined) indexOf.set(predictions[i], (j = labels.push(predictions[i]) - 1));
    predicted[i] = j;
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let t = 0; t < classes.length; t++) {
    const row = matrix[t];
    const column = probability[t];
    for (let i = 0; i < n; i++) row[predicted[i]] += column[i];
  }
  return { labels, matrix };
}
