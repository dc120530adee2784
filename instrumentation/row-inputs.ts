import type { CellValue } from './observed-inference.js';
import { isVector } from './vectors.js';

/** The input columns of a call and its row count. */
export interface InputColumns {
  readonly rows: number;
  readonly features: Map<string, CellValue[]>;
}

/**
 * Reads what a predict function was given into feature columns:
 * - a row object `{ tenure: 12, plan: 'pro' }`: one row, a feature per key;
 * - an array of row objects: one row each (a key absent from a row is missing there);
 * - an array of values `[12, 3.5]`: one row, named by `featureNames` (else f0, f1, ...);
 * - an array of arrays (a matrix): one row per inner array.
 * A typed array counts as an array of numbers. Anything else (a string prompt, a
 * Buffer) gives no columns: the call is still traced, with its outputs.
 */
export function rowInputs(input: unknown, featureNames?: readonly string[]): InputColumns | undefined {
  if (isVector(input)) {
    if (input.length > 0 && isVector(input[0])) return matrixColumns(input as ArrayLike<unknown>[], featureNames);
    if (input.length > 0 && isRowObject(input[0])) return objectColumns(input as Record<string, unknown>[]);
    return matrixColumns([input], featureNames);
  }
  if (isRowObject(input)) return { rows: 1, features: oneRowColumns(input) };
  return undefined;
}

/** One row object (the most common call of all): its keys and values in one pass each, a column of one per key. */
function oneRowColumns(row: Record<string, unknown>): Map<string, CellValue[]> {
  const keys = Object.keys(row);
  const values = Object.values(row);
  const features = new Map<string, CellValue[]>();
  if (values.length !== keys.length) {
    // A getter removed a property of its row while it was read: what is left, by key.
    for (const key of keys) features.set(key, [cell(row[key])]);
    return features;
  }
  for (let j = 0; j < keys.length; j++) features.set(keys[j], [cell(values[j])]);
  return features;
}

function objectColumns(rows: readonly Record<string, unknown>[]): InputColumns {
  const keys = sharedKeys(rows);
  return { rows: rows.length, features: keys === undefined ? columnsByRow(rows) : columnsByKey(rows, keys) };
}

/**
 * The usual batch, every row with the same keys in the same order (a JSON body's
 * rows): each row's values taken in one call, in key order, instead of a lookup per
 * key, and each column built from its values (a column of numbers then keeps them
 * unboxed, where a column prefilled with null would box each one).
 */
function columnsByKey(rows: readonly Record<string, unknown>[], keys: readonly string[]): Map<string, CellValue[]> {
  const columns = keys.map(() => new Array<CellValue>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const values = Object.values(row);
    if (values.length === keys.length) {
      for (let j = 0; j < keys.length; j++) columns[j][i] = cell(values[j]);
    } else {
      // A getter removed a property of its own row while it was read: what is left, by
      // key (that row's getters run twice, the only way this reading differs from key by key).
      for (let j = 0; j < keys.length; j++) columns[j][i] = cell(row[keys[j]]);
    }
  }
  const features = new Map<string, CellValue[]>();
  for (let j = 0; j < keys.length; j++) features.set(keys[j], columns[j]);
  return features;
}

/** Any rows: features in the order their keys first appear, null where a row lacks one (or is not a row object). */
function columnsByRow(rows: readonly Record<string, unknown>[]): Map<string, CellValue[]> {
  const features = new Map<string, CellValue[]>();
  rows.forEach((row, index) => {
    if (!isRowObject(row)) return;
    for (const key of Object.keys(row)) {
      let column = features.get(key);
      if (column === undefined) features.set(key, (column = new Array<CellValue>(rows.length).fill(null)));
      column[index] = cell(row[key]);
    }
  });
  return features;
}

/** The keys of the rows when all are row objects with the same keys in the same order (and there is one at least). */
function sharedKeys(rows: readonly Record<string, unknown>[]): string[] | undefined {
  if (rows.length === 0 || !isRowObject(rows[0])) return undefined;
  const keys = Object.keys(rows[0]);
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    if (!isRowObject(row) || !sameKeys(Object.keys(row), keys)) return undefined;
  }
  return keys;
}

function sameKeys(keys: readonly string[], expected: readonly string[]): boolean {
  if (keys.length !== expected.length) return false;
  for (let j = 0; j < keys.length; j++) if (keys[j] !== expected[j]) return false;
  return true;
}

function matrixColumns(rows: readonly ArrayLike<unknown>[], featureNames: readonly string[] | undefined): InputColumns {
  let width = 0;
  for (const row of rows) width = Math.max(width, isVector(row) ? row.length : 0);
  const features = new Map<string, CellValue[]>();
  for (let j = 0; j < width; j++) {
    features.set(featureNames?.[j] ?? `f${j}`, rows.map((row) => (isVector(row) && j < row.length ? cell(row[j]) : null)));
  }
  return { rows: rows.length, features };
}

/** A value the convention can carry; anything else (objects, nested arrays, bigint) is missing. */
export function cell(value: unknown): CellValue {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    default:
      return null;
  }
}

function isRowObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isVector(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
