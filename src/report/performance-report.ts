import { ModelwatchError } from '../errors.js';
import type { NumericColumn, Table } from '../io/table.js';
import { classificationMetrics, regressionMetrics } from '../evaluate/performance/index.js';

export interface PerformanceColumns {
  readonly table: Table;
  readonly target: string;
  readonly prediction: string;
  readonly score?: readonly string[];
  readonly positiveLabel?: string;
  readonly task?: 'classification' | 'regression';
}

/** Above this many distinct integer targets, `auto` calls a numeric target a regression. */
const MAX_CLASSES_FOR_AUTO = 10;

/**
 * Model performance on one file. Rows where the target, the prediction or a score
 * is missing are left out. The task, unless given: regression when target and
 * prediction are both numeric and the target has a non-integer value or more than
 * 10 distinct values; classification otherwise.
 */
export function performanceReport(columns: PerformanceColumns): Record<string, unknown> {
  const { table } = columns;
  const targetIndex = table.columns.indexOf(columns.target);
  const predictionIndex = table.columns.indexOf(columns.prediction);
  const targetNumbers = table.numeric(targetIndex);
  const predictionNumbers = table.numeric(predictionIndex);
  const bothNumeric = targetNumbers.mismatched === 0 && predictionNumbers.mismatched === 0;
  const task = columns.task ?? (bothNumeric && looksContinuous(targetNumbers.values) ? 'regression' : 'classification');

  if (task === 'regression') {
    for (const [name, numbers] of [[columns.target, targetNumbers], [columns.prediction, predictionNumbers]] as const) {
      if (numbers.mismatched > 0) throw notANumber(table, name, numbers);
    }
    const keep = presentRows(table.rows, [targetNumbers.values, predictionNumbers.values]);
    return { ...regressionMetrics(select(targetNumbers.values, keep), select(predictionNumbers.values, keep)) };
  }

  // Numeric labels compare by value, so "1" and "1.0" are one class.
  const target = bothNumeric ? numbersAsLabels(targetNumbers.values) : table.text(targetIndex).values;
  const prediction = bothNumeric ? numbersAsLabels(predictionNumbers.values) : table.text(predictionIndex).values;
  const scores = (columns.score ?? []).map((name) => {
    const numbers = table.numeric(table.columns.indexOf(name));
    if (numbers.mismatched > 0) throw notANumber(table, name, numbers);
    return numbers.values;
  });
  const keep = presentRows(table.rows, scores);
  for (let row = 0; row < table.rows; row++) {
    if (target[row] === null || prediction[row] === null) keep[row] = 0;
  }
  const labels = (values: ReadonlyArray<string | null>) => values.filter((_, row) => keep[row] === 1) as string[];
  const selectedScores = scores.map((values) => select(values, keep));
  try {
    return {
      ...classificationMetrics({
        target: labels(target),
        prediction: labels(prediction),
        positiveLabel: columns.positiveLabel,
        score: selectedScores.length === 1 ? selectedScores[0] : undefined,
        probabilities: selectedScores.length > 1
          ? { classes: classNames(columns.score!), columns: selectedScores }
          : undefined,
      }),
    };
  } catch (error) {
    if (error instanceof ModelwatchError || !(error instanceof Error)) throw error;
    throw new ModelwatchError('MODELWATCH_ERR_BAD_TARGET', table.file, error.message);
  }
}

function looksContinuous(values: Float64Array): boolean {
  const distinct = new Set<number>();
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) return true;
    distinct.add(v);
    if (distinct.size > MAX_CLASSES_FOR_AUTO) return true;
  }
  return false;
}

function numbersAsLabels(values: Float64Array): (string | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? String(v) : null));
}

/** 1 for rows where every given column holds a finite value. */
function presentRows(rows: number, columns: readonly Float64Array[]): Uint8Array {
  const keep = new Uint8Array(rows).fill(1);
  for (const values of columns) {
    for (let row = 0; row < rows; row++) if (!Number.isFinite(values[row])) keep[row] = 0;
  }
  return keep;
}

function select(values: Float64Array, keep: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i];
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i] === 1) out[j++] = values[i];
  return out;
}

/**
 * Class names for per-class probability columns: the column names less their
 * longest common prefix that ends in a separator (`_`, `.`, `:`, `-`, `=`), so
 * `proba_cat,proba_car` names the classes cat and car.
 */
export function classNames(columns: readonly string[]): string[] {
  let prefix = columns[0];
  for (const name of columns) {
    while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  const cut = Math.max(...['_', '.', ':', '-', '='].map((separator) => prefix.lastIndexOf(separator))) + 1;
  return columns.map((name) => name.slice(cut));
}

function notANumber(table: Table, name: string, numbers: NumericColumn): ModelwatchError {
  const row = numbers.firstMismatchRow;
  const text = table.text(table.columns.indexOf(name)).values[row];
  return new ModelwatchError('MODELWATCH_ERR_BAD_TARGET', table.file,
    `data row ${row + 1}, column "${name}": ${JSON.stringify(text)} is not a number`);
}
