import { describeValue } from './describe-value.js';
import type { FeatureValue, FeedbackRecord } from './inference-batch.js';

/** The keys of a feedback record (CONVENTIONS.md §2), as attributes and as JSON fields. */
export const FEEDBACK_KEYS = Object.freeze({
  model: 'ml.model.name',
  version: 'ml.model.version',
  inferenceId: 'ml.inference.id',
  label: 'ml.label',
});

/**
 * Checks the fields of one piece of ground truth, from an `ml.feedback` log record's
 * attributes or from a POST /v1/feedback JSON item, so both paths accept and reject
 * alike. `get` returns a field's value (undefined when absent; null, an empty
 * value, counts as absent).
 *
 * Required: `ml.model.name` and `ml.inference.id`, non-empty strings; `ml.label`, a
 * bool, string or finite number (one row's label: arrays are not part of §2).
 * Optional: `ml.model.version`, a string ('' when absent: the join then finds the
 * version by inference id). Returns the record, or a sentence saying what is wrong.
 */
export function feedbackRecord(get: (key: string) => unknown, timeUnixMs: number): FeedbackRecord | string {
  const model = get(FEEDBACK_KEYS.model);
  const problem = requiredString(FEEDBACK_KEYS.model, model);
  if (problem !== undefined) return problem;
  const inferenceId = get(FEEDBACK_KEYS.inferenceId);
  const idProblem = requiredString(FEEDBACK_KEYS.inferenceId, inferenceId);
  if (idProblem !== undefined) return idProblem;
  const label = get(FEEDBACK_KEYS.label);
  if (label === undefined || label === null) return `${FEEDBACK_KEYS.label} is missing`;
  if (typeof label === 'number' ? !Number.isFinite(label) : typeof label !== 'string' && typeof label !== 'boolean') {
    return `${FEEDBACK_KEYS.label} is ${typeof label === 'number' ? String(label) : describeValue(label)}; expected a bool, string or finite number`;
  }
  const version = get(FEEDBACK_KEYS.version);
  if (version !== undefined && version !== null && typeof version !== 'string') {
    return `${FEEDBACK_KEYS.version} is ${describeValue(version)}; expected a string`;
  }
  return {
    model: model as string,
    version: typeof version === 'string' ? version : '',
    inferenceId: inferenceId as string,
    label: label as FeatureValue,
    timeUnixMs,
  };
}

function requiredString(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return `${key} is missing`;
  if (typeof value !== 'string') return `${key} is ${describeValue(value)}; expected a string`;
  if (value === '') return `${key} is empty`;
  return undefined;
}
