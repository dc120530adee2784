import type { FeatureValue, InferenceBatch } from '../extract/inference-batch.js';

/**
 * Output drift is judged like input drift, under the feature names CONVENTIONS.md §4
 * gives them: the prediction and the prediction score.
 */
export const PREDICTION = 'ml.prediction';
export const PREDICTION_SCORE = 'ml.prediction.score';
export const OUTPUT_FEATURES: readonly string[] = [PREDICTION, PREDICTION_SCORE];

/** The batch's outputs as feature columns, for those it carries. */
export function outputColumns(batch: InferenceBatch): [string, readonly FeatureValue[]][] {
  const columns: [string, readonly FeatureValue[]][] = [];
  if (batch.predictions !== undefined) columns.push([PREDICTION, batch.predictions]);
  if (batch.scores !== undefined) columns.push([PREDICTION_SCORE, batch.scores]);
  return columns;
}
