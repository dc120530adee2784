import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { CaptureCounts, CapturePolicy } from './capture-policy.js';
import type { CellValue, ObservedInference } from './observed-inference.js';
import type { ModelOptions } from './types.js';

/** The §1 attributes of one predict call, and what the capture rules did. */
export interface InferenceAttributes {
  readonly attributes: Attributes;
  readonly counts: CaptureCounts;
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
  const counts: CaptureCounts = { truncated: 0, overflow: 0 };
  const attributes: Attributes = { 'ml.model.name': model.name, 'ml.batch.size': observed.rows };
  if (model.version !== undefined) attributes['ml.model.version'] = model.version;
  if (model.task !== undefined) attributes['ml.model.task'] = model.task;
  attributes['ml.inference.id'] = perRow(inferenceIds, observed.rows);
  if (model.mode === 'profiles') return { attributes, counts };

  let sent = 0;
  for (const [name, values] of observed.features) {
    const treatment = policy.treatmentOf(name);
    if (treatment === 'drop') continue;
    if (sent === policy.maxFeatures) {
      counts.overflow++;
      continue;
    }
    attributes[`ml.feature.${name}`] = perRow(policy.values(values, treatment, counts), observed.rows);
    sent++;
  }
  if (observed.predictions !== undefined) {
    attributes['ml.prediction'] = perRow(policy.values(observed.predictions, 'send', counts), observed.rows);
  }
  if (observed.scores !== undefined && areProbabilities(observed.scores)) {
    attributes['ml.prediction.score'] = perRow(observed.scores, observed.rows);
  }
  for (const [label, values] of observed.probabilities ?? []) {
    if (areProbabilities(values)) attributes[`ml.prediction.proba.${label}`] = perRow(values, observed.rows);
  }
  return { attributes, counts };
}

/** A scalar for one row, else a homogeneous array with null for missing values. */
function perRow(values: readonly CellValue[], rows: number): AttributeValue {
  const column = homogeneous(values);
  return rows === 1 && column.length === 1 && column[0] !== null ? column[0] as AttributeValue : column as AttributeValue;
}

function homogeneous(values: readonly CellValue[]): CellValue[] {
  let kind: string | undefined;
  let mixed = false;
  for (const value of values) {
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (kind === undefined) kind = typeof value;
    else if (kind !== typeof value) mixed = true;
  }
  return values.map((value) => {
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return null;
    return mixed ? String(value) : value;
  });
}

function areProbabilities(values: readonly number[]): boolean {
  return values.length > 0 && values.every((p) => p === null || (p >= 0 && p <= 1));
}
