import type { AnyValue } from '../otlp/types.js';
import { describeValue } from './describe-value.js';
import type { FeatureValue } from './inference-batch.js';

/**
 * The number of rows of an inference span and where it comes from, so that a
 * rejection can say why it expected that many values.
 */
export interface BatchShape {
  readonly rows: number;
  /** `ml.batch.size`, or the attribute whose array length gave the rows. */
  readonly source: string;
}

/**
 * Reads a per-row attribute of an inference span (CONVENTIONS.md §1: a feature,
 * `ml.prediction`, `ml.label`) as one value per row: a bool, number or string (or an
 * empty value, which is missing) for a single row, or a homogeneous array of
 * `shape.rows` of them for a batch, where a null element is a missing value.
 *
 * Returns the column, or a sentence saying how the value breaks the convention. An
 * array comes back as is, not copied: the batch shares it with the decoded request.
 * The key is passed as prefix and name, joined only for a message: this runs per
 * feature per span.
 */
export function valueColumn(prefix: string, name: string, value: AnyValue, shape: BatchShape): FeatureValue[] | string {
  if (Array.isArray(value)) {
    const key = prefix + name;
    if (value.length !== shape.rows) return lengthMismatch(key, value.length, shape);
    let kind: string | undefined;
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (element === null) continue;
      const type = typeof element;
      if (type !== 'number' && type !== 'string' && type !== 'boolean') {
        return `${key}[${i}] is ${describeValue(element)}; array elements must be bools, numbers or strings`;
      }
      if (kind === undefined) kind = type;
      else if (type !== kind) return `${key} mixes ${kind} and ${type} elements; an OTLP array holds one type`;
    }
    return value as FeatureValue[];
  }
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return shape.rows === 1 ? [value] : singleValueInBatch(prefix + name, shape);
  }
  return `${prefix}${name} is ${describeValue(value)}; expected a bool, number or string, or an array of them`;
}

/**
 * Reads `ml.prediction.score` or `ml.prediction.proba.<class>` (§1): a double in
 * [0, 1] per row, a scalar for a single row or an array for a batch; null is missing.
 * NaN is not in [0, 1]. Returns the column (arrays not copied) or the reason it breaks
 * the convention.
 */
export function probabilityColumn(prefix: string, name: string, value: AnyValue, shape: BatchShape): (number | null)[] | string {
  const key = prefix + name;
  if (Array.isArray(value)) {
    if (value.length !== shape.rows) return lengthMismatch(key, value.length, shape);
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (element === null) continue;
      if (typeof element !== 'number') return `${key}[${i}] is ${describeValue(element)}; expected a double in [0, 1]`;
      if (!(element >= 0 && element <= 1)) return `${key}[${i}] = ${element} is outside [0, 1]`;
    }
    return value as (number | null)[];
  }
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= 1)) return `${key} = ${value} is outside [0, 1]`;
    return shape.rows === 1 ? [value] : singleValueInBatch(key, shape);
  }
  if (value === null) return shape.rows === 1 ? [null] : singleValueInBatch(key, shape);
  return `${key} is ${describeValue(value)}; expected a double in [0, 1], or an array of them`;
}

/**
 * `ml.inference.id` per row (§1): a string for one row or a string array for a batch.
 * Absent, empty or null ids take the default: the span id for a single row,
 * `<span id>:<row index>` in a batch (an empty id could never be joined to feedback).
 */
export function inferenceIdColumn(value: AnyValue | undefined, shape: BatchShape, spanId: string): string[] | string {
  const rows = shape.rows;
  if (value === undefined || value === null) return defaultIds(spanId, rows);
  if (typeof value === 'string') {
    if (rows !== 1) return singleValueInBatch('ml.inference.id', shape);
    return [value === '' ? spanId : value];
  }
  if (!Array.isArray(value)) return `ml.inference.id is ${describeValue(value)}; expected a string or an array of strings`;
  if (value.length !== rows) return lengthMismatch('ml.inference.id', value.length, shape);
  let ids: string[] | undefined;
  for (let i = 0; i < rows; i++) {
    const id = value[i];
    if (typeof id === 'string' && id !== '') {
      if (ids !== undefined) ids[i] = id;
      continue;
    }
    if (id !== null && id !== '') return `ml.inference.id[${i}] is ${describeValue(id)}; expected a string`;
    // Copy only when a default must be filled in: most batches carry every id.
    ids ??= (value as string[]).slice(0, i);
    ids[i] = rows === 1 ? spanId : `${spanId}:${i}`;
  }
  return ids ?? (value as string[]);
}

function defaultIds(spanId: string, rows: number): string[] {
  if (rows === 1) return [spanId];
  const ids = new Array<string>(rows);
  for (let i = 0; i < rows; i++) ids[i] = `${spanId}:${i}`;
  return ids;
}

function lengthMismatch(key: string, length: number, shape: BatchShape): string {
  return `${key} has ${length} values for a batch of ${shape.rows} rows (from ${shape.source})`;
}

function singleValueInBatch(key: string, shape: BatchShape): string {
  return `${key} is a single value for a batch of ${shape.rows} rows (from ${shape.source}); expected an array of ${shape.rows}`;
}
