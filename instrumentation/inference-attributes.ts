import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { CaptureCounts, CapturePolicy } from './capture-policy.js';
import type { CellValue, ObservedInference } from './observed-inference.js';
import type { ModelOptions } from './types.js';

/** The §1 attributes of one predict call, and what the capture rules did. */
export interface InferenceAttributes {
  readonly attributes: Attributes;
  readonly counts: CaptureCounts;
}

/** Where the attributes go, one by one. */
export interface AttributeSink {
  setAttribute(key: string, value: AttributeValue): unknown;
}

/**
 * Attributes held in order until all of a call's are known, then set on its span:
 * a span gets all of them or none (as when one object was built and set), without
 * building that object (an object with dozens of keys added one by one is slow to
 * build and to enumerate).
 */
export class PendingAttributes implements AttributeSink {
  readonly #keys: string[] = [];
  readonly #values: AttributeValue[] = [];

  setAttribute(key: string, value: AttributeValue): void {
    this.#keys.push(key);
    this.#values.push(value);
  }

  applyTo(target: AttributeSink): void {
    for (let i = 0; i < this.#keys.length; i++) target.setAttribute(this.#keys[i], this.#values[i]);
  }
}

/** `ml.prediction.proba.<class>` keys, built once per label (labels are a model's few classes; bounded all the same). */
const probabilityKeys = new Map<string, string>();
const MAX_PROBABILITY_KEYS = 4096;

function probabilityKey(label: string): string {
  let key = probabilityKeys.get(label);
  if (key === undefined) {
    key = `ml.prediction.proba.${label}`;
    if (probabilityKeys.size < MAX_PROBABILITY_KEYS) probabilityKeys.set(label, key);
  }
  return key;
}

/**
 * The attributes of CONVENTIONS.md §1 for one call: the model's identity, the batch
 * size, the inference ids, and (in spans mode) the captured features and the outputs.
 * One row gives scalars, N rows arrays of N; arrays are homogeneous, as the processor
 * requires (a column mixing numbers and strings is sent as strings), and missing or
 * non-finite values are null elements. Scores and probabilities are sent only when
 * every one is in [0, 1] (a model's logits are not probabilities, and the processor
 * rejects a span that says they are).
 */
export function inferenceAttributes(
  model: Pick<ModelOptions, 'name' | 'version' | 'task' | 'mode'>,
  policy: CapturePolicy,
  observed: ObservedInference,
  inferenceIds: readonly string[],
): InferenceAttributes {
  const attributes: Attributes = {};
  const counts = writeInferenceAttributes(model, policy, observed, inferenceIds, {
    setAttribute: (key, value) => (attributes[key] = value),
  });
  return { attributes, counts };
}

/**
 * inferenceAttributes, each attribute set on `sink` in the same order.
 * @returns what the capture rules did
 */
export function writeInferenceAttributes(
  model: Pick<ModelOptions, 'name' | 'version' | 'task' | 'mode'>,
  policy: CapturePolicy,
  observed: ObservedInference,
  inferenceIds: readonly string[],
  sink: AttributeSink,
): CaptureCounts {
  const counts: CaptureCounts = { truncated: 0, overflow: 0 };
  const rows = observed.rows;
  sink.setAttribute('ml.model.name', model.name);
  sink.setAttribute('ml.batch.size', rows);
  if (model.version !== undefined) sink.setAttribute('ml.model.version', model.version);
  if (model.task !== undefined) sink.setAttribute('ml.model.task', model.task);
  sink.setAttribute('ml.inference.id', perRow(inferenceIds, rows));
  if (model.mode === 'profiles') return counts;

  let sent = 0;
  for (const [name, values] of observed.features) {
    const { treatment, key } = policy.featureOf(name);
    if (treatment === 'drop') continue;
    if (sent === policy.maxFeatures) {
      counts.overflow++;
      continue;
    }
    sink.setAttribute(key, capturedPerRow(values, treatment, policy, counts, rows));
    sent++;
  }
  if (observed.predictions !== undefined) {
    sink.setAttribute('ml.prediction', capturedPerRow(observed.predictions, 'send', policy, counts, rows));
  }
  if (observed.scores !== undefined && areProbabilities(observed.scores)) {
    sink.setAttribute('ml.prediction.score', perRow(observed.scores, rows));
  }
  if (observed.probabilities !== undefined) {
    for (const [label, values] of observed.probabilities) {
      if (areProbabilities(values)) sink.setAttribute(probabilityKey(label), perRow(values, rows));
    }
  }
  return counts;
}

/** A value sent as missing: null, or a number that is not finite. */
function isMissing(value: unknown): boolean {
  return value === null || (typeof value === 'number' && !Number.isFinite(value));
}

/** A scalar for one row, else a homogeneous array with null for missing values. */
function perRow(values: readonly CellValue[], rows: number): AttributeValue {
  if (rows === 1 && values.length === 1) return (isMissing(values[0]) ? [null] : values[0]) as AttributeValue;
  let kind: string | undefined;
  let mixed = false;
  let nonFinite = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) continue;
    const type = typeof value;
    if (type === 'number' && !Number.isFinite(value)) {
      nonFinite = true;
      continue;
    }
    if (kind === undefined) kind = type;
    else if (kind !== type) mixed = true;
  }
  // Nothing to convert (the usual case): a plain copy, the same array map would make.
  if (!mixed && !nonFinite) return values.slice() as AttributeValue;
  return values.map((value) => (isMissing(value) ? null : mixed ? String(value) : value)) as AttributeValue;
}

/**
 * perRow of a column after the capture rules (`policy.values`). The usual column,
 * an array of finite numbers, booleans, or strings within maxTextLength (nulls
 * aside), is what the rules and perRow give back unchanged: it is copied as it is.
 */
function capturedPerRow(values: readonly CellValue[], treatment: 'send' | 'hash', policy: CapturePolicy, counts: CaptureCounts, rows: number): AttributeValue {
  if (rows === 1 && values.length === 1) {
    const value = policy.value(values[0], treatment, counts);
    return (isMissing(value) ? [null] : value) as AttributeValue;
  }
  if (treatment === 'send' && Array.isArray(values) && isSentAsItIs(values, policy.maxTextLength)) return values.slice() as AttributeValue;
  // The rules keep numbers, booleans and strings (cut, still strings), make anything
  // else missing, or, hashing, make every present value text: so whether the captured
  // column mixes types is known from the values before the rules run.
  const mixed = treatment === 'send' && hasMixedCapturedTypes(values);
  const out = new Array<CellValue>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = policy.value(values[i], treatment, counts);
    out[i] = isMissing(value) ? null : mixed ? String(value) : value;
  }
  return out as AttributeValue;
}

/** Nulls, and values of one type: finite numbers, booleans, or strings of at most maxText characters. */
function isSentAsItIs(values: readonly CellValue[], maxText: number): boolean {
  let kind: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) continue;
    const type = typeof value;
    if (type === 'number') {
      if (!Number.isFinite(value)) return false;
    } else if (type === 'string') {
      if ((value as string).length > maxText) return false;
    } else if (type !== 'boolean') return false;
    if (kind === undefined) kind = type;
    else if (kind !== type) return false;
  }
  return true;
}

/** Whether the values the capture rules keep as they are (numbers, strings, booleans; missing ones aside) are of more than one type. */
function hasMixedCapturedTypes(values: readonly CellValue[]): boolean {
  let kind: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const type = typeof value;
    if ((type !== 'number' && type !== 'string' && type !== 'boolean') || isMissing(value)) continue;
    if (kind === undefined) kind = type;
    else if (kind !== type) return true;
  }
  return false;
}

function areProbabilities(values: readonly number[]): boolean {
  if (values.length === 0) return false;
  for (let i = 0; i < values.length; i++) {
    if (!(i in values)) continue; // every() skips holes
    const p = values[i];
    if (!(p === null || (p >= 0 && p <= 1))) return false;
  }
  return true;
}
