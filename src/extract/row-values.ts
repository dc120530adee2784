import type { AnyValue } from '../otlp/types.js';
import type { FeatureValue } from './inference-batch.js';

/** What the single-row readers return for a value that breaks the convention; the column readers say why. */
export const NOT_A_ROW_VALUE: unique symbol = Symbol('not a row value');

/**
 * A per-row attribute of a single-row span (a feature, `ml.prediction`, `ml.label`) as
 * its one value: a bool, number or string, or null (missing), given as a scalar or as
 * a one-element array (CONVENTIONS.md §1). Returns NOT_A_ROW_VALUE for anything else,
 * for which `valueColumn` with a one-row shape gives the rejection message: the rules
 * are those of valueColumn for one row, without the one-element array it returns.
 */
export function rowValue(value: AnyValue): FeatureValue | typeof NOT_A_ROW_VALUE {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value) && value.length === 1) {
    const element = value[0];
    const type = typeof element;
    if (element === null || type === 'number' || type === 'string' || type === 'boolean') return element as FeatureValue;
  }
  return NOT_A_ROW_VALUE;
}

/**
 * `ml.prediction.score` or `ml.prediction.proba.<class>` of a single-row span: a
 * number in [0, 1] or null, as a scalar or a one-element array. Returns
 * NOT_A_ROW_VALUE otherwise; `probabilityColumn` gives the message.
 */
export function rowProbability(value: AnyValue): number | null | typeof NOT_A_ROW_VALUE {
  const element = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (element === null) return null;
  if (typeof element === 'number' && element >= 0 && element <= 1) return element;
  return NOT_A_ROW_VALUE;
}

/**
 * `ml.inference.id` of a single-row span: absent, null, empty (or a one-element array
 * of null or '') takes the span id; a string (or a one-element array of one) is kept.
 * Returns NOT_A_ROW_VALUE otherwise; `inferenceIdColumn` gives the message.
 */
export function rowInferenceId(value: AnyValue | undefined, spanId: string): string | typeof NOT_A_ROW_VALUE {
  if (value === undefined || value === null || value === '') return spanId;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1) {
    const id = value[0];
    if (id === null || id === '') return spanId;
    if (typeof id === 'string') return id;
  }
  return NOT_A_ROW_VALUE;
}
