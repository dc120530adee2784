import { labelCounts, type ConfusionMatrix } from './confusion-matrix.js';
import { precisionRecallF1, type PrecisionRecallF1 } from './precision-recall-f1.js';

/** Macro and support-weighted averages of per-label precision, recall and F1. */
export interface AveragedPrecisionRecallF1 {
  macro: PrecisionRecallF1;
  weighted: PrecisionRecallF1;
}

/**
 * Per-label precision, recall and F1 (each label in turn positive, sklearn's default
 * `zero_division`: 0 where undefined), averaged over every label of the matrix:
 * - macro: the plain mean, as `average="macro"`;
 * - weighted: weighted by each label's support (its count of true rows), as
 *   `average="weighted"`.
 * A label that is only ever predicted counts in both with recall 0 and weight 0, as in
 * sklearn, whose label set is the union of target and prediction labels.
 *
 * @param cm a confusion matrix
 * @returns NaN everywhere when the matrix has no labels
 * @example averagedPrecisionRecallF1({ labels: ['a', 'b'], matrix: [[1, 1], [0, 2]] }).macro.recall
 * // => 0.75 (mean of 1/2 and 2/2)
 */
export function averagedPrecisionRecallF1(cm: ConfusionMatrix): AveragedPrecisionRecallF1 {
  const k = cm.labels.length;
  let macroP = 0;
  let macroR = 0;
  let macroF = 0;
  let weightedP = 0;
  let weightedR = 0;
  let weightedF = 0;
  let support = 0;
  for (let l = 0; l < k; l++) {
    const { truePositives, predicted, actual } = labelCounts(cm, l);
    const s = precisionRecallF1(truePositives, predicted, actual);
    macroP += s.precision;
    macroR += s.recall;
    macroF += s.f1;
    weightedP += s.precision * actual;
    weightedR += s.recall * actual;
    weightedF += s.f1 * actual;
    support += actual;
  }
  return {
    macro: { precision: macroP / k, recall: macroR / k, f1: macroF / k },
    // sklearn returns 0 here when no row has a true label; that needs an empty
    // matrix, where every metric of this module is NaN instead.
    weighted: { precision: weightedP / support, recall: weightedR / support, f1: weightedF / support },
  };
}
