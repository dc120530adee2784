import { accuracy } from '../performance/accuracy.js';
import { binaryPrecisionRecallF1 } from '../performance/binary-precision-recall-f1.js';
import { compareCodePoints } from '../performance/compare-code-points.js';
import { defaultPositiveLabel } from '../performance/default-positive-label.js';
import { expectedConfusionMatrix, POSITIVE } from './expected-confusion-matrix.js';
import { expectedRocAuc } from './expected-roc-auc.js';
import { fitProbabilityCalibrator, type CalibratorOptions, type ProbabilityCalibrator } from './probability-calibrator.js';

/** A labelled reference of a binary classifier; rows with a missing value are dropped by the caller. */
export interface CbpeReference {
  /** The model's probability (or any score in [0, 1]) of the positive class per row. */
  scores: Float64Array;
  /** True labels. */
  labels: readonly string[];
  /** The model's predicted labels. */
  predictions: readonly string[];
  /**
   * The label whose probability `scores` holds. A label other than it, in `labels` or
   * `predictions`, counts as negative.
   * @default "1" if seen, else a label equal to "true" ignoring case (see defaultPositiveLabel)
   */
  positiveLabel?: string;
}

/** An unlabelled window: the model's outputs only. */
export interface CbpeAnalysis {
  scores: Float64Array;
  predictions: readonly string[];
}

/** Estimated metrics of a window; the names of ml.performance.<metric>. */
export interface EstimatedPerformance {
  accuracy: number;
  /** Of the positive label, as the observed binary metrics; 0 when undefined (sklearn's zero_division). */
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number;
  /** Expected counts of the window's confusion matrix. */
  expected: { true_positives: number; false_positives: number; true_negatives: number; false_negatives: number };
  rows: number;
}

export interface CbpeEstimator {
  positiveLabel: string;
  /** The calibration decision taken on the reference, and the calibration applied to every window. */
  calibration: ProbabilityCalibrator;
  /** Estimates the window's performance from its scores and predictions. */
  estimate(analysis: CbpeAnalysis): EstimatedPerformance;
}

/**
 * Confidence-based performance estimation (CBPE, NannyML) for a binary classifier:
 * performance of windows without labels, from the model's scores. Fitting on a
 * labelled reference (not the training set: a calibrator fitted on training scores
 * inherits the model's overfit) decides whether isotonic calibration improves the
 * scores as probabilities (fitProbabilityCalibrator). An estimate calibrates the
 * window's scores, takes the expected confusion matrix (expectedConfusionMatrix) and
 * reads accuracy, precision, recall and F1 from it with the observed metrics'
 * functions; ROC AUC comes from expectedRocAuc.
 *
 * Valid under covariate shift (the inputs' distribution moves, P(label | inputs)
 * does not) within the region the reference covered; it cannot see concept drift.
 *
 * @param reference labelled reference rows; needs both classes for calibration
 * @param options calibration settings
 * @throws RangeError when the reference arrays differ in length or a score is NaN
 * @throws Error when the positive label cannot be told (pass it)
 * @example fitCbpe({ scores, labels, predictions, positiveLabel: 'malignant' }).estimate({ scores: s, predictions: p }).accuracy
 */
export function fitCbpe(reference: CbpeReference, options: CalibratorOptions = {}): CbpeEstimator {
  const n = reference.scores.length;
  checkAligned('reference', reference.scores, reference.predictions, reference.labels);
  const positiveLabel = reference.positiveLabel ?? positiveLabelOf(reference);
  const outcome = new Uint8Array(n);
  for (let i = 0; i < n; i++) outcome[i] = reference.labels[i] === positiveLabel ? 1 : 0;
  const calibration = fitProbabilityCalibrator(reference.scores, outcome, options);
  return {
    positiveLabel,
    calibration,
    estimate(analysis: CbpeAnalysis): EstimatedPerformance {
      checkAligned('analysis', analysis.scores, analysis.predictions);
      const probability = calibration.calibrate(analysis.scores);
      const predictedPositive = new Uint8Array(analysis.predictions.length);
      for (let i = 0; i < predictedPositive.length; i++) predictedPositive[i] = analysis.predictions[i] === positiveLabel ? 1 : 0;
      return estimateFromProbabilities(analysis.scores, probability, predictedPositive);
    },
  };
}

function estimateFromProbabilities(scores: Float64Array, probability: Float64Array, predictedPositive: Uint8Array): EstimatedPerformance {
  const cm = expectedConfusionMatrix(probability, predictedPositive);
  const [[tn, fp], [fn, tp]] = cm.matrix;
  const expected = { true_positives: tp, false_positives: fp, true_negatives: tn, false_negatives: fn };
  const rows = scores.length;
  if (rows === 0) return { accuracy: NaN, precision: NaN, recall: NaN, f1: NaN, roc_auc: NaN, expected, rows };
  return { accuracy: accuracy(cm), ...binaryPrecisionRecallF1(cm, POSITIVE), roc_auc: expectedRocAuc(scores, probability), expected, rows };
}

function positiveLabelOf(reference: CbpeReference): string {
  const labels = [...new Set([...reference.labels, ...reference.predictions])].sort(compareCodePoints);
  const positive = labels.length <= 2 ? defaultPositiveLabel(labels) : undefined;
  if (positive === undefined) {
    throw new Error(`cannot tell the positive class from the labels [${labels.map((l) => JSON.stringify(l)).join(', ')}]: pass positiveLabel`);
  }
  return positive;
}

function checkAligned(what: string, scores: Float64Array, predictions: readonly string[], labels?: readonly string[]): void {
  if (predictions.length !== scores.length || (labels !== undefined && labels.length !== scores.length)) {
    const labelCount = labels === undefined ? '' : `, ${labels.length} labels`;
    throw new RangeError(`${what}: ${scores.length} scores, ${predictions.length} predictions${labelCount}; they must be aligned row by row`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`${what}: the score of row ${i} is NaN; drop rows with a missing score first`);
  }
}
