import { labelCounts, type ConfusionMatrix } from '../performance/confusion-matrix.js';
import { precisionRecallF1, type PrecisionRecallF1 } from '../performance/precision-recall-f1.js';

/** The expected macro average, and each label's own figures and weight. */
export interface ExpectedMacroPrecisionRecallF1 {
  macro: PrecisionRecallF1;
  perLabel: (PrecisionRecallF1 & { label: string; weight: number })[];
}

/**
 * Macro-averaged precision, recall and F1 of an expected multiclass confusion matrix
 * (expectedMulticlassConfusionMatrix): each label's one-vs-rest figures as the
 * observed metrics take them (precisionRecallF1: 0 where undefined, sklearn's
 * zero_division), averaged with a weight per label.
 *
 * The observed multiclass metrics (averagedPrecisionRecallF1, sklearn's
 * `average="macro"`) average over the labels that occur in the window's target or
 * prediction. The weights carry that rule over to expectations: 1 for a label
 * predicted at least once; for one never predicted, the probability that it is
 * among the true labels (labelPresenceProbability). A never-predicted label has
 * precision, recall and F1 0, so it only ever adds to the denominator. When every
 * label is predicted this is the plain mean over labels, NannyML's multiclass
 * estimate; on the shifted chunks of test/fixtures/cbpe_multiclass.json the weights
 * bring the estimate closer to the realized macro F1 (bench/cbpe-accuracy.ts).
 *
 * @param cm an expected confusion matrix
 * @param presence per label of `cm`, the probability that it occurs among the true labels (used only when it is not predicted)
 * @returns NaN everywhere when the weights sum to 0 (no rows)
 * @throws RangeError when `presence` does not give one value per label
 * @example expectedMacroPrecisionRecallF1({ labels: ['a', 'b', 'c'], matrix: [[1, 0, 0], [0, 1, 0], [0, 0, 0]] }, [1, 1, 0]).macro.f1
 * // => 1: "c" is neither predicted nor likely present
 */
export function expectedMacroPrecisionRecallF1(cm: ConfusionMatrix, presence: ArrayLike<number>): ExpectedMacroPrecisionRecallF1 {
  const k = cm.labels.length;
  if (presence.length !== k) throw new RangeError(`expected macro average: ${k} labels but ${presence.length} presence probabilities`);
  const perLabel: ExpectedMacroPrecisionRecallF1['perLabel'] = [];
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  let weights = 0;
  for (let l = 0; l < k; l++) {
    const { truePositives, predicted, actual } = labelCounts(cm, l);
    const s = precisionRecallF1(truePositives, predicted, actual);
    const weight = predicted > 0 ? 1 : presence[l];
    perLabel.push({ label: cm.labels[l], ...s, weight });
    precision += weight * s.precision;
    recall += weight * s.recall;
    f1 += weight * s.f1;
    weights += weight;
  }
  const macro = weights > 0 ? { precision: precision / weights, recall: recall / weights, f1: f1 / weights } : { precision: NaN, recall: NaN, f1: NaN };
  return { macro, perLabel };
}
