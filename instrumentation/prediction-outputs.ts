import type { CellValue } from './observed-inference.js';
import { isVector } from './vectors.js';
import { cell } from './row-inputs.js';

/** The output columns of a call. */
export interface OutputColumns {
  readonly predictions?: CellValue[];
  readonly scores?: number[];
  readonly probabilities?: Map<string, number[]>;
}

/**
 * Reads a predict function's result into output columns, for `rows` input rows:
 * - a value (number, string, boolean): one prediction;
 * - an array of values: one prediction per row;
 * - an array of probability vectors (rows × classes, or one vector for one row when
 *   the input was one row): the prediction is the class of the largest probability
 *   (its label from `classes`, else its index), the score is the probability of class
 *   1 with two classes (the positive class) and of the predicted class otherwise, and
 *   each class's probability is kept.
 * Anything else (an object from a model server) gives no columns unless the model's
 * `readOutput` option reads it.
 */
export function predictionOutputs(result: unknown, rows: number | undefined, classes?: readonly (string | number)[]): OutputColumns {
  if (isVector(result)) {
    if (result.length > 0 && isVector(result[0])) {
      const rows = Array.isArray(result) ? result as ArrayLike<number>[] : Array.from(result as ArrayLike<ArrayLike<number>>);
      return fromProbabilities(rows, classes);
    }
    if (rows === 1 && result.length > 1 && isProbabilityVector(result)) return fromProbabilities([result as ArrayLike<number>], classes);
    return { predictions: Array.from(result, cell) };
  }
  const value = cell(result);
  return value === null ? {} : { predictions: [value] };
}

/** Output columns from rows of class scores; `classes` label them. */
export function fromProbabilities(rows: readonly ArrayLike<number>[], classes?: readonly (string | number)[]): OutputColumns {
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);
  const labels: string[] = [];
  for (let k = 0; k < width; k++) labels.push(String(classes?.[k] ?? k));
  const predictions = new Array<CellValue>(rows.length);
  const scores = new Array<number>(rows.length);
  const probabilities = new Map(labels.map((label) => [label, [] as number[]]));
  // Column k of each row, looked up once (two classes with one label share their column, as the map has them).
  const columns = labels.map((label) => probabilities.get(label)!);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let best = -1;
    for (let k = 0; k < row.length; k++) if (best < 0 || row[k] > row[best]) best = k;
    predictions[i] = best < 0 ? null : classes?.[best] ?? best;
    scores[i] = width === 2 && row.length === 2 ? row[1] : best < 0 ? NaN : row[best];
    for (let k = 0; k < width; k++) columns[k].push(k < row.length ? row[k] : NaN);
  }
  return { predictions, scores, probabilities };
}

function isProbabilityVector(values: ArrayLike<unknown>): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const p = values[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) return false;
    sum += p;
  }
  return Math.abs(sum - 1) < 1e-3;
}
