import { fitMulticlassCbpe, type MulticlassCbpeEstimator } from '../evaluate/estimated/index.js';
import type { FeatureValue } from '../extract/inference-batch.js';
import type { WindowEstimate } from './estimated-performance.js';
import type { JoinedRows } from './joined-rows.js';
import { finiteMetrics } from './observed-performance.js';

/**
 * The estimate of a multiclass classifier's windows (fitMulticlassCbpe: per-class
 * calibration, macro averages, see src/evaluate/estimated/multiclass-cbpe.ts), fitted
 * on the reference's labelled rows that carry a probability for every class the
 * reference's rows named. Undefined when fewer than `minRows` such rows are held, or
 * the estimator cannot be fitted.
 *
 * A window is estimated from its predictions that carry a probability for each of the
 * reference's classes (other classes are ignored); with fewer than `minRows` of them,
 * a class missing from all, or more classes than a window keeps (MAX_CLASSES), it
 * gets no figures.
 */
export function fitMulticlassEstimate(reference: JoinedRows, minRows: number): WindowEstimate | undefined {
  if (reference.probabilities.overflowed) return undefined;
  const classes = reference.probabilities.classes.slice();
  const rows = completeRows(reference.probabilities.columnsOf(classes), reference.predictions, reference.labels);
  if (rows === undefined || rows.kept.length < minRows) return undefined;
  let estimator: MulticlassCbpeEstimator;
  try {
    estimator = fitMulticlassCbpe({
      probabilities: { classes, columns: rows.columns },
      labels: rows.kept.map((i) => String(reference.labels[i])),
      predictions: rows.kept.map((i) => String(reference.predictions[i])),
    });
  } catch {
    return undefined;
  }
  return (outputs) => {
    if (outputs.probabilities.overflowed) return {};
    const window = completeRows(outputs.probabilities.columnsOf(estimator.classes), outputs.predictions);
    if (window === undefined || window.kept.length < minRows) return {};
    const e = estimator.estimate({
      probabilities: { classes: estimator.classes.slice(), columns: window.columns },
      predictions: window.kept.map((i) => String(outputs.predictions[i])),
    });
    return finiteMetrics({ accuracy: e.accuracy, precision: e.precision, recall: e.recall, f1: e.f1, roc_auc: e.roc_auc });
  };
}

/**
 * The rows with a prediction (and a label, when labels are given) and a finite value
 * in every column, and those columns restricted to them; undefined when a column is missing.
 */
function completeRows(
  columns: readonly (readonly number[] | undefined)[], predictions: readonly FeatureValue[], labels?: readonly FeatureValue[],
): { kept: number[]; columns: Float64Array[] } | undefined {
  if (columns.some((column) => column === undefined)) return undefined;
  const present = columns as readonly (readonly number[])[];
  const kept: number[] = [];
  for (let i = 0; i < predictions.length; i++) {
    if (predictions[i] === null || (labels !== undefined && labels[i] === null)) continue;
    if (present.every((column) => Number.isFinite(column[i]))) kept.push(i);
  }
  return { kept, columns: present.map((column) => Float64Array.from(kept, (i) => column[i])) };
}
