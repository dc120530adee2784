import type { FeatureValue } from './inference-batch.js';
import {
  INVOCATION_IGNORED_PARAMETERS, INVOCATION_PARAMETERS_KEY, INVOCATION_STRING_PARAMETERS, MAX_INVOCATION_PARAMETERS,
} from './llm-conventions.js';

/** Longer `llm.invocation_parameters` strings are not parsed: parameters are small, and this runs per span. */
export const MAX_INVOCATION_PARAMETERS_LENGTH = 16_384;

/**
 * Adds the top-level scalar parameters of OpenInference's `llm.invocation_parameters`
 * (a JSON object in a string, e.g. `{"temperature":0.2,"max_tokens":256}`) to
 * `features` as `llm.invocation_parameters.<name>`: finite numbers and bools, and
 * strings only for the parameters named in INVOCATION_STRING_PARAMETERS (others may
 * hold prompt text). Nested objects and arrays are skipped, as are values that are
 * not JSON: these are another library's attributes, so a malformed one costs its
 * features, never the span.
 */
export function addInvocationParameters(json: string, features: Map<string, FeatureValue[]>): void {
  if (json.length > MAX_INVOCATION_PARAMETERS_LENGTH) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  let added = 0;
  for (const name in parsed) {
    if (added === MAX_INVOCATION_PARAMETERS) return;
    const value = (parsed as Record<string, unknown>)[name];
    const keep = typeof value === 'number'
      ? Number.isFinite(value) && !INVOCATION_IGNORED_PARAMETERS.has(name)
      : typeof value === 'boolean' || (typeof value === 'string' && INVOCATION_STRING_PARAMETERS.has(name));
    if (!keep) continue;
    features.set(`${INVOCATION_PARAMETERS_KEY}.${name}`, [value as FeatureValue]);
    added++;
  }
}
