import { labelCounts, type ConfusionMatrix } from './confusion-matrix.js';
import { precisionRecallF1, type PrecisionRecallF1 } from './precision-recall-f1.js';

/**
 * Precision, recall and F1 for one positive label, as sklearn's `precision_score`,
 * `recall_score` and `f1_score` with `average="binary"` and `pos_label` set. A positive
 * label absent from the matrix has no true positives, predictions or support, so all
 * three are 0 (sklearn's default `zero_division`).
 *
 * @param cm a confusion matrix
 * @param positiveLabel the label that counts as positive
 * @example binaryPrecisionRecallF1({ labels: ['0', '1'], matrix: [[3, 1], [0, 1]] }, '1')
 * // => { precision: 0.5, recall: 1, f1: 2/3 }
 */
export function binaryPrecisionRecallF1(cm: ConfusionMatrix, positiveLabel: string): PrecisionRecallF1 {
  const p = cm.labels.indexOf(positiveLabel);
  if (p < 0) return precisionRecallF1(0, 0, 0);
  const { truePositives, predicted, actual } = labelCounts(cm, p);
  return precisionRecallF1(truePositives, predicted, actual);
}
