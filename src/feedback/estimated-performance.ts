import { fitCbpe, type CbpeEstimator } from '../evaluate/estimated/index.js';
import type { FeatureValue } from '../extract/inference-batch.js';
import type { JoinedRows, WindowOutputs } from './joined-rows.js';
import type { PerformanceMetrics } from './observed-performance.js';
import { scoredPositiveClass } from './positive-class.js';

/**
 * Label-free performance of a binary classifier's window (CBPE, see
 * src/evaluate/estimated), fitted on the reference's labelled, scored predictions.
 *
 * The positive class is the one `ml.prediction.score` is the probability of, read
 * from the reference's scores (scoredPositiveClass), so no setting is needed.
 */
export class PerformanceEstimator {
  readonly #estimator: CbpeEstimator;

  private constructor(estimator: CbpeEstimator) {
    this.#estimator = estimator;
  }

  /**
   * Fits on the reference's labelled rows; undefined when they cannot make an
   * estimator: fewer than `minRows` with label, prediction and score, not exactly
   * two classes, or no way to tell the positive one.
   */
  static fit(reference: JoinedRows, minRows: number): PerformanceEstimator | undefined {
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
    try {
      return new PerformanceEstimator(fitCbpe({ scores: Float64Array.from(scores), labels, predictions, positiveLabel }));
    } catch {
      return undefined;
    }
  }

  /** Estimated accuracy, precision, recall, F1 and ROC AUC of a window's scored predictions (the finite ones). */
  estimate(outputs: WindowOutputs): PerformanceMetrics {
    const scores: number[] = [];
    const predictions: string[] = [];
    outputs.scores.forEach((score, i) => {
      const prediction: FeatureValue = outputs.predictions[i];
      if (prediction === null) return;
      scores.push(score);
      predictions.push(String(prediction));
    });
    const { accuracy, precision, recall, f1, roc_auc } = this.#estimator.estimate({ scores: Float64Array.from(scores), predictions });
    const metrics: PerformanceMetrics = {};
    for (const [name, value] of Object.entries({ accuracy, precision, recall, f1, roc_auc })) {
      if (Number.isFinite(value)) metrics[name as keyof PerformanceMetrics] = value;
    }
    return metrics;
  }
}
