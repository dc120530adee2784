import type { FeatureValue } from '../extract/inference-batch.js';
import { classificationMetrics, compareCodePoints, defaultPositiveLabel, regressionMetrics } from '../evaluate/performance/index.js';
import { scoredPositiveClass } from './positive-class.js';
import type { JoinedRows } from './joined-rows.js';

/** Above this many distinct integer labels, a numeric model is taken for a regression (as `modelwatch report` does). */
const MAX_CLASSES_FOR_AUTO = 10;

/** The §4 performance metrics of one window: those that apply to its task and could be computed. */
export type PerformanceMetrics = Partial<Record<PerformanceMetric, number>>;

export const ACCURACY_LIKE = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'r2'] as const;
export const ERROR_LIKE = ['log_loss', 'mae', 'rmse', 'mape'] as const;
export type PerformanceMetric = (typeof ACCURACY_LIKE)[number] | (typeof ERROR_LIKE)[number];

/**
 * Observed performance of a window's labelled rows, with the metrics of `modelwatch
 * report` (sklearn's definitions). The task comes from `ml.model.task` when given,
 * else from the values: a regression when labels and predictions are numbers and
 * the labels continuous (a non-integer, or more than 10 distinct), else a
 * classification. Rows whose label or prediction is missing are left out; ROC AUC
 * and log loss need every kept row's score. A binary task's positive class is "1" or
 * "true" when present, else the class the scores are the probability of
 * (scoredPositiveClass); when neither can be told, accuracy alone. A model whose rows
 * carry probabilities of more than two classes (`ml.prediction.proba.<class>`) is
 * multiclass in every window, however few classes one shows (macro averages, as its
 * estimate), with ROC AUC (one-vs-rest) and log loss when every kept row has every
 * class's probability. Undefined when no row is left or nothing can be computed.
 */
export function observedPerformance(rows: JoinedRows, task: string): PerformanceMetrics | undefined {
  const keep: number[] = [];
  for (let i = 0; i < rows.labels.length; i++) {
    if (present(rows.labels[i]) && present(rows.predictions[i])) keep.push(i);
  }
  if (keep.length === 0) return undefined;
  const labels = keep.map((i) => rows.labels[i]!);
  const predictions = keep.map((i) => rows.predictions[i]!);
  const numeric = labels.every((v) => typeof v === 'number') && predictions.every((v) => typeof v === 'number');
  const regression = task === 'regression' || (task !== 'classification' && numeric && continuous(labels as number[]));
  try {
    if (regression) {
      if (!numeric) return undefined;
      const m = regressionMetrics(Float64Array.from(labels as number[]), Float64Array.from(predictions as number[]));
      return finiteMetrics({ mae: m.mae, rmse: m.rmse, mape: m.mape, r2: m.r2 });
    }
    if (rows.probabilities.classes.length > 2 || rows.probabilities.overflowed) return multiclassPerformance(rows, keep, labels.map(String), predictions.map(String));
    const scores = keep.map((i) => rows.scores[i]);
    const scored = scores.every((s) => typeof s === 'number' && Number.isFinite(s));
    const target = labels.map(String);
    const prediction = predictions.map(String);
    const classes = [...new Set([...target, ...prediction])].sort(compareCodePoints);
    const positiveLabel = classes.length <= 2 && defaultPositiveLabel(classes) === undefined ? scoredPositiveClass(prediction, scores) : undefined;
    if (classes.length === 2 && defaultPositiveLabel(classes) === undefined && positiveLabel === undefined) {
      return { accuracy: target.filter((t, i) => t === prediction[i]).length / target.length };
    }
    const m = classificationMetrics({ target, prediction, positiveLabel, score: scored ? Float64Array.from(scores as number[]) : undefined });
    return finiteMetrics({ accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, roc_auc: m.roc_auc, log_loss: m.log_loss });
  } catch {
    // A window's labels can be what no metric takes (two classes and no positive label, say).
    return undefined;
  }
}

function multiclassPerformance(rows: JoinedRows, keep: readonly number[], target: string[], prediction: string[]): PerformanceMetrics {
  const classes = rows.probabilities.classes.slice();
  const columns = rows.probabilities.columnsOf(classes) as readonly (readonly number[])[];
  const complete = !rows.probabilities.overflowed && keep.every((i) => columns.every((column) => Number.isFinite(column[i])));
  const probabilities = complete ? { classes, columns: columns.map((column) => Float64Array.from(keep, (i) => column[i])) } : undefined;
  const m = classificationMetrics({ target, prediction, probabilities, multiclass: true });
  return finiteMetrics({ accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, roc_auc: m.roc_auc, log_loss: m.log_loss });
}

function present(value: FeatureValue | undefined): boolean {
  return value !== null && value !== undefined && (typeof value !== 'number' || Number.isFinite(value));
}

function continuous(values: readonly number[]): boolean {
  const distinct = new Set<number>();
  for (const v of values) {
    if (!Number.isInteger(v)) return true;
    distinct.add(v);
    if (distinct.size > MAX_CLASSES_FOR_AUTO) return true;
  }
  return false;
}

/** The metrics that are finite numbers (a metric can be undefined for a window: NaN). */
export function finiteMetrics(metrics: Record<string, number | undefined>): PerformanceMetrics {
  const out: PerformanceMetrics = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) out[name as PerformanceMetric] = value;
  }
  return out;
}
