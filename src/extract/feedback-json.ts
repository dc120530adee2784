import { feedbackRecord } from './feedback-fields.js';
import type { FeedbackRecord } from './inference-batch.js';

/** Why one item of a POST /v1/feedback body was refused. */
export interface FeedbackItemError {
  /** The item's position in the body's array (0 for a body that is one object). */
  readonly index: number;
  readonly message: string;
}

/** What a POST /v1/feedback body holds: the valid records, and an error per refused item. */
export interface FeedbackValidation {
  readonly records: FeedbackRecord[];
  readonly errors: FeedbackItemError[];
}

/**
 * Validates the parsed JSON body of POST /v1/feedback: one object, or an array of
 * objects, with the fields of an `ml.feedback` event (CONVENTIONS.md §2), e.g.
 * `{"ml.model.name": "churn", "ml.model.version": "3", "ml.inference.id": "7f2c…", "ml.label": 1}`.
 * Each item is checked alone, by the same rules as the log path (feedbackRecord);
 * other fields are ignored. Every record is dated `nowUnixMs`, the time it arrived.
 */
export function validateFeedbackJson(
  body: unknown, nowUnixMs: number, refusal?: (feedback: FeedbackRecord) => string | undefined,
): FeedbackValidation {
  const records: FeedbackRecord[] = [];
  const errors: FeedbackItemError[] = [];
  const items = Array.isArray(body) ? body : [body];
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ index, message: `expected a JSON object with ml.model.name, ml.inference.id and ml.label, got ${jsonType(item)}` });
      continue;
    }
    const fields = item as Record<string, unknown>;
    const result = feedbackRecord((key) => (Object.hasOwn(fields, key) ? fields[key] : undefined), nowUnixMs);
    const refused = typeof result === 'string' ? result : refusal?.(result);
    if (refused !== undefined) errors.push({ index, message: refused });
    else records.push(result as FeedbackRecord);
  }
  return { records, errors };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
