import { accuracy } from '../performance/accuracy.js';
import type { ClassProbabilities } from '../performance/classification-metrics.js';
import { compareCodePoints } from '../performance/compare-code-points.js';
import type { PrecisionRecallF1 } from '../performance/precision-recall-f1.js';
import { expectedMacroPrecisionRecallF1 } from './expected-macro-precision-recall-f1.js';
import { expectedMulticlassConfusionMatrix } from './expected-multiclass-confusion-matrix.js';
import { expectedRocAuc } from './expected-roc-auc.js';
import { labelPresenceProbability } from './label-presence-probability.js';
import { fitProbabilityCalibrator, type CalibratorOptions, type ProbabilityCalibrator } from './probability-calibrator.js';
import { renormalisedRows } from './renormalised-rows.js';

/** A labelled reference of a multiclass classifier; rows with a missing value are dropped by the caller. */
export interface MulticlassCbpeReference {
  /** The model's probability of each class per row (`ml.prediction.proba.<class>`), at least two classes, no NaN. */
  probabilities: ClassProbabilities;
  /** True labels; a label that is none of the classes counts as a negative of every class. */
  labels: readonly string[];
  /** The model's predicted labels. */
  predictions: readonly string[];
}

/** An unlabelled window: the model's outputs only. */
export interface MulticlassCbpeAnalysis {
  /** Must hold a column for every class of the reference (in any order; others are ignored), no NaN. */
  probabilities: ClassProbabilities;
  predictions: readonly string[];
}

/** One class's one-vs-rest estimate. */
export interface ClassEstimate extends PrecisionRecallF1 {
  label: string;
  roc_auc: number;
  /** Its weight in the macro average (see expectedMacroPrecisionRecallF1). */
  weight: number;
}

/** Estimated metrics of a multiclass window; the names of ml.performance.<metric>. */
export interface EstimatedMulticlassPerformance {
  accuracy: number;
  /**
   * Macro averages over the classes, as the observed multiclass metrics (sklearn's
   * `average="macro"` over the labels of target and prediction): a class predicted in
   * the window weighs 1, one never predicted weighs the probability that it occurs
   * among the true labels (see expectedMacroPrecisionRecallF1).
   */
  precision: number;
  recall: number;
  f1: number;
  /** Macro (plain mean) over the classes of each class's one-vs-rest expected ROC AUC, as the observed `multi_class="ovr"`. */
  roc_auc: number;
  /** The classes of the reference, then any other predicted label, with their one-vs-rest figures. */
  perClass: ClassEstimate[];
  rows: number;
}

export interface MulticlassCbpeEstimator {
  /** The reference's classes, sorted by code point (as sklearn and NannyML sort them). */
  classes: readonly string[];
  /** Per class of `classes`, the one-vs-rest calibration decision taken on the reference. */
  calibrations: readonly ProbabilityCalibrator[];
  /** A window's probabilities calibrated per class and renormalised per row, one column per class of `classes`. */
  calibrate(probabilities: ClassProbabilities): Float64Array[];
  /** Estimates the window's performance from its per-class probabilities and predictions. */
  estimate(analysis: MulticlassCbpeAnalysis): EstimatedMulticlassPerformance;
}

/**
 * Confidence-based performance estimation (CBPE) for a multiclass classifier, as
 * NannyML publishes it (nannyml/performance_estimation/confidence_based, multiclass):
 *
 * 1. on the labelled reference, each class's probability is judged one-vs-rest
 *    ("is the label this class?"), and calibrated by isotonic regression only when
 *    that lowers its expected calibration error (fitProbabilityCalibrator, the rule
 *    of the binary estimator);
 * 2. a window's probabilities are calibrated class by class, then each row is divided
 *    by its sum (renormalisedRows), since separate calibrations no longer sum to 1;
 * 3. from them: expected accuracy, the mean probability of the predicted class;
 *    expected precision, recall and F1 of each class from its one-vs-rest expected
 *    confusion matrix, macro-averaged; expected ROC AUC, the mean of each class's
 *    expectedRocAuc (ranking by the raw probability of the class, counting with the
 *    calibrated one).
 *
 * Valid under covariate shift (the inputs' distribution moves, P(label | inputs)
 * does not) within the region the reference covered; it cannot see concept drift.
 *
 * @param reference labelled reference rows with per-class probabilities
 * @param options calibration settings, the same for every class
 * @throws RangeError when the reference's columns, labels and predictions differ in
 *   length, a class is named twice, there are fewer than two classes, or a probability is NaN
 * @example fitMulticlassCbpe({ probabilities: { classes, columns }, labels, predictions })
 *   .estimate({ probabilities: window, predictions: predicted }).accuracy
 */
export function fitMulticlassCbpe(reference: MulticlassCbpeReference, options: CalibratorOptions = {}): MulticlassCbpeEstimator {
  const n = reference.labels.length;
  if (reference.predictions.length !== n) throw new RangeError(`reference: ${n} labels but ${reference.predictions.length} predictions`);
  const classes = reference.probabilities.classes.slice().sort(compareCodePoints);
  if (classes.length < 2) throw new RangeError(`reference: ${classes.length} probability column(s); multiclass CBPE needs at least two classes`);
  const raw = columnsOf('reference', reference.probabilities, classes, n);
  const calibrations = classes.map((cls, c) => {
    const outcome = new Uint8Array(n);
    for (let i = 0; i < n; i++) outcome[i] = reference.labels[i] === cls ? 1 : 0;
    return fitProbabilityCalibrator(raw[c], outcome, options);
  });
  const calibrateColumns = (columns: Float64Array[]) => renormalisedRows(columns.map((column, c) => calibrations[c].calibrate(column)));
  return {
    classes,
    calibrations,
    calibrate: (probabilities) => calibrateColumns(columnsOf('analysis', probabilities, classes)),
    estimate(analysis: MulticlassCbpeAnalysis): EstimatedMulticlassPerformance {
      const rows = analysis.predictions.length;
      const columns = columnsOf('analysis', analysis.probabilities, classes, rows);
      return estimateFromProbabilities(classes, columns, calibrateColumns(columns), analysis.predictions);
    },
  };
}

function estimateFromProbabilities(classes: readonly string[], raw: Float64Array[], probability: Float64Array[], predictions: readonly string[]): EstimatedMulticlassPerformance {
  const rows = predictions.length;
  const cm = expectedMulticlassConfusionMatrix(classes, probability, predictions);
  const presence = cm.labels.map((_, l) => (l < classes.length ? labelPresenceProbability(probability[l]) : 0));
  const { macro, perLabel } = expectedMacroPrecisionRecallF1(cm, presence);
  const perClass = perLabel.map((m, l) => ({ ...m, roc_auc: l < classes.length ? expectedRocAuc(raw[l], probability[l]) : NaN }));
  if (rows === 0) return { accuracy: NaN, precision: NaN, recall: NaN, f1: NaN, roc_auc: NaN, perClass, rows };
  let aucSum = 0;
  for (let c = 0; c < classes.length; c++) aucSum += perClass[c].roc_auc;
  return { accuracy: accuracy(cm), ...macro, roc_auc: aucSum / classes.length, perClass, rows };
}

/** The columns of `classes`, in their order, checked for length and NaN. */
function columnsOf(what: string, probabilities: ClassProbabilities, classes: readonly string[], rows?: number): Float64Array[] {
  const { classes: named, columns } = probabilities;
  if (named.length !== columns.length) throw new RangeError(`${what}: ${named.length} classes but ${columns.length} probability columns`);
  if (new Set(named).size !== named.length) throw new RangeError(`${what}: a class is named twice in [${named.map((c) => JSON.stringify(c)).join(', ')}]`);
  return classes.map((cls) => {
    const at = named.indexOf(cls);
    if (at < 0) throw new RangeError(`${what}: no probability column for class ${JSON.stringify(cls)}`);
    const column = columns[at];
    if (rows !== undefined && column.length !== rows) {
      throw new RangeError(`${what}: ${rows} rows but ${column.length} probabilities of class ${JSON.stringify(cls)}; they must be aligned row by row`);
    }
    for (let i = 0; i < column.length; i++) {
      if (Number.isNaN(column[i])) throw new RangeError(`${what}: the probability of class ${JSON.stringify(cls)} in row ${i} is NaN; drop rows with a missing value first`);
    }
    return column;
  });
}
