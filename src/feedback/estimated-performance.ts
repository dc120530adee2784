import { fitCbpe } from '../evaluate/estimated/index.js';
import type { JoinedRows, WindowOutputs } from './joined-rows.js';
import { fitMulticlassEstimate } from './multiclass-estimated-performance.js';
import { finiteMetrics, type PerformanceMetrics } from './observed-performance.js';
import { scoredPositiveClass } from './positive-class.js';

/** Estimated metrics of a window's outputs. */
export type WindowEstimate = (outputs: WindowOutputs) => PerformanceMetrics;

/**
 * Label-free performance of a classifier's windows (CBPE, see src/evaluate/estimated),
 * fitted on the reference's labelled predictions. The model's outputs choose the
 * estimator: per-class probabilities (`ml.prediction.proba.<class>`) of more than two
 * classes make it multiclass (fitMulticlassEstimate); otherwise `ml.prediction.score`
 * makes it binary, as below.
 *
 * Binary: the positive class is the one `ml.prediction.score` is the probability of,
 * read from the reference's scores (scoredPositiveClass), so no setting is needed.
 */
export class PerformanceEstimator {
  readonly #estimate: WindowEstimate;

  private constructor(estimate: WindowEstimate) {
    this.#estimate = estimate;
  }

  /**
   * Fits on the reference's labelled rows; undefined when they cannot make an
   * estimator. Binary: fewer than `minRows` with label, prediction and score, not
   * exactly two classes, or no way to tell the positive one. Multiclass: fewer than
   * `minRows` with label, prediction and every class's probability.
   */
  static fit(reference: JoinedRows, minRows: number): PerformanceEstimator | undefined {
    const multiclass = reference.probabilities.classes.length > 2 || reference.probabilities.overflowed;
    const estimate = multiclass ? fitMulticlassEstimate(reference, minRows) : fitBinaryEstimate(reference, minRows);
    return estimate === undefined ? undefined : new PerformanceEstimator(estimate);
  }

  /** Estimated accuracy, precision, recall, F1 and ROC AUC of a window's predictions (those with what the estimator reads). */
  estimate(outputs: WindowOutputs): PerformanceMetrics {
    return this.#estimate(outputs);
  }
}

function fitBinaryEstimate(reference: JoinedRows, minRows: number): WindowEstimate | undefined {
  const labels: string[] = [];
  const predictions: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < reference.labels.length; i++) {
    const label = reference.labels[i];
    const prediction = reference.predictions[i];
    const score = reference.scores[i];
    if (label === null || prediction === null || score === null || !Number.isFinite(score)) continue;
    labels.push(String(label));
    predictions.push(String(prediction));
    scores.push(score);
  }
  if (scores.length < minRows || new Set([...labels, ...predictions]).size !== 2) return undefined;
  const positiveLabel = scoredPositiveClass(predictions, scores);
  if (positiveLabel === undefined) return undefined;
  let estimator;
  try {
    estimator = fitCbpe({ scores: Float64Array.from(scores), labels, predictions, positiveLabel });
  } catch {
    return undefined;
  }
  return (outputs) => {
    const windowScores: number[] = [];
    const windowPredictions: string[] = [];
    outputs.scores.forEach((score, i) => {
      const prediction = outputs.predictions[i];
      // A prediction kept for its probabilities alone has no score.
      if (prediction === null || !Number.isFinite(score)) return;
      windowScores.push(score);
      windowPredictions.push(String(prediction));
    });
    const { accuracy, precision, recall, f1, roc_auc } = estimator.estimate({ scores: Float64Array.from(windowScores), predictions: windowPredictions });
    return finiteMetrics({ accuracy, precision, recall, f1, roc_auc });
  };
}
