import type { ConfusionMatrix } from '../performance/confusion-matrix.js';

/** Internal label names of an expected binary confusion matrix. */
export const NEGATIVE = 'negative';
export const POSITIVE = 'positive';

/**
 * The expected binary confusion matrix given the calibrated probability p of the
 * positive class and the predicted label of each row (CBPE, NannyML's "how it works:
 * performance estimation", binary classification): a row predicted positive adds p
 * to the expected true positives and 1 − p to the false positives; a row predicted
 * negative adds 1 − p to the true negatives and p to the false negatives. Entries
 * are expected counts (fractional); the existing observed metrics (accuracy,
 * binaryPrecisionRecallF1) read them as they read a counted matrix.
 *
 * @param probability calibrated probability of the positive class per row
 * @param predictedPositive 1 for a row predicted positive, 0 otherwise
 * @returns labels [NEGATIVE, POSITIVE]; rows are the (expected) true labels, columns the predicted
 * @example expectedConfusionMatrix(Float64Array.of(0.9, 0.2), Uint8Array.of(1, 0))
 * // => matrix [[TN 0.8, FP 0.1], [FN 0.2, TP 0.9]]
 */
export function expectedConfusionMatrix(probability: Float64Array, predictedPositive: Uint8Array): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    if (predictedPositive[i] === 0) {
      tn += 1 - p;
      fn += p;
    } else {
      tp += p;
      fp += 1 - p;
    }
  }
  return { labels: [NEGATIVE, POSITIVE], matrix: [[tn, fp], [fn, tp]] };
}
