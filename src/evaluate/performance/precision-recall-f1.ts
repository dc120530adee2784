/** Precision, recall and their harmonic mean F1. */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision, recall and F1 of one label from its counts, with sklearn's default
 * `zero_division` behaviour (`precision_recall_fscore_support`, sklearn 1.2.1): a
 * ratio whose denominator is 0 is 0, and F1 is 0 when precision + recall is 0.
 * F1 = 2·P·R / (P + R), evaluated in sklearn's order so results agree to the bit.
 *
 * @param truePositives rows with this true label predicted as this label
 * @param predicted rows predicted as this label
 * @param actual rows whose true label is this label
 * @example precisionRecallF1(2, 4, 2) // => { precision: 0.5, recall: 1, f1: 2/3 }
 */
export function precisionRecallF1(truePositives: number, predicted: number, actual: number): PrecisionRecallF1 {
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = actual === 0 ? 0 : truePositives / actual;
  const denominator = precision + recall;
  const f1 = denominator === 0 ? 0 : (2 * precision * recall) / denominator;
  return { precision, recall, f1 };
}
