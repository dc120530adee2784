import type { AnyValue, Attributes, Span } from '../otlp/types.js';
import type { FeatureValue, InferenceBatch, ModelKey } from './inference-batch.js';
import { UNVERSIONED } from './inference-span.js';
import { addInvocationParameters } from './invocation-parameters.js';
import {
  DURATION_FEATURE, EMBEDDING_MODEL_NAME, EMBEDDING_TASK, GENERATION_TASK, GEN_AI_NON_MODEL_OPERATIONS,
  GEN_AI_OPERATION, GEN_AI_REQUEST_MODEL, GEN_AI_RESPONSE_MODEL, LLM_FEATURE_ATTRIBUTES, LLM_MODEL_NAME,
  LLM_REQUEST_MODEL_NAME, LLM_RESPONSE_MODEL_NAME, OPENINFERENCE_SPAN_KIND,
} from './llm-conventions.js';
import { batchTime, errorTypeOf } from './span-outcome.js';

/** Which model an LLM span is about, and what it did. */
export interface LlmIdentity extends ModelKey {
  readonly task: string;
}

/**
 * Tells whether a span is one call to an LLM (or embedding model) as the GenAI or
 * OpenInference conventions describe it, and names the model. Returns undefined for
 * any other span, which is then ignored, not rejected.
 *
 * - GenAI: a string `gen_ai.request.model` or `gen_ai.response.model`, unless
 *   `gen_ai.operation.name` is an agent, tool, workflow or retrieval operation.
 * - OpenInference: `openinference.span.kind` LLM (model from `llm.request.model_name`,
 *   `llm.response.model_name`, `llm.model_name`) or EMBEDDING (`embedding.model_name`);
 *   without a span kind, a `llm.model_name` alone makes an LLM span.
 *
 * Name and version: the model asked for is the name, the model that answered is the
 * version (`gpt-4o` served by `gpt-4o-2024-08-06`): a provider's silent upgrade of the
 * snapshot behind an alias then starts a new version, with its own reference. With only
 * one of the two, that one is the name and the version is "unversioned".
 */
export function llmIdentity(attributes: Attributes): LlmIdentity | undefined {
  const genAiRequest = nonEmptyString(attributes.get(GEN_AI_REQUEST_MODEL));
  const genAiResponse = nonEmptyString(attributes.get(GEN_AI_RESPONSE_MODEL));
  if (genAiRequest !== undefined || genAiResponse !== undefined) {
    const operation = attributes.get(GEN_AI_OPERATION);
    if (typeof operation === 'string' && GEN_AI_NON_MODEL_OPERATIONS.has(operation)) return undefined;
    return named(genAiRequest, genAiResponse, operation === 'embeddings' ? EMBEDDING_TASK : GENERATION_TASK);
  }
  const kind = attributes.get(OPENINFERENCE_SPAN_KIND);
  const modelName = nonEmptyString(attributes.get(LLM_MODEL_NAME));
  if (kind === undefined ? modelName !== undefined : typeof kind === 'string' && kind.toUpperCase() === 'LLM') {
    const request = nonEmptyString(attributes.get(LLM_REQUEST_MODEL_NAME));
    const response = nonEmptyString(attributes.get(LLM_RESPONSE_MODEL_NAME)) ?? modelName;
    return named(request, response, GENERATION_TASK);
  }
  if (typeof kind === 'string' && kind.toUpperCase() === 'EMBEDDING') {
    return named(undefined, nonEmptyString(attributes.get(EMBEDDING_MODEL_NAME)), EMBEDDING_TASK);
  }
  return undefined;
}

/**
 * Reads an LLM span (see llmIdentity) as a one-row inference batch, in one pass over
 * its attributes: each attribute in LLM_FEATURE_ATTRIBUTES becomes a feature named as
 * the table says, plus DURATION_FEATURE, the span's duration in seconds. A value of
 * the wrong type is dropped (that feature is missing on this row), never rejecting the
 * span: these conventions are other libraries', which the app owner cannot fix.
 */
export function extractLlmSpan(span: Span, identity: LlmIdentity, now: () => number): InferenceBatch {
  const features = new Map<string, FeatureValue[]>();
  let errorType: AnyValue | undefined;
  for (const [key, value] of span.attributes) {
    const attribute = LLM_FEATURE_ATTRIBUTES.get(key);
    if (attribute === undefined) {
      if (key === 'error.type') errorType = value;
      continue;
    }
    if (attribute.kind === 'invocation-parameters') {
      if (typeof value === 'string') addInvocationParameters(value, features);
      continue;
    }
    const featureValue = readValue(attribute.kind, value);
    if (featureValue === undefined) continue;
    // An old alias yields to the current key, whichever comes first in the span.
    if (attribute.alias === true && features.has(attribute.feature)) continue;
    features.set(attribute.feature, [featureValue]);
  }
  if (span.startTimeUnixMs > 0 && span.endTimeUnixMs >= span.startTimeUnixMs) {
    features.set(DURATION_FEATURE, [(span.endTimeUnixMs - span.startTimeUnixMs) / 1000]);
  }
  return {
    model: identity.model,
    version: identity.version,
    task: identity.task,
    rows: 1,
    timeUnixMs: batchTime(span, now),
    traceId: span.traceId,
    spanId: span.spanId,
    inferenceIds: [span.spanId],
    features,
    predictions: undefined,
    scores: undefined,
    probabilities: undefined,
    labels: undefined,
    errorType: errorTypeOf(span, errorType),
  };
}

function readValue(kind: string, value: AnyValue): FeatureValue | undefined {
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'category':
      return typeof value === 'string' ? value : undefined;
    case 'flag':
      return typeof value === 'boolean' ? value : undefined;
    case 'first-category':
      if (typeof value === 'string') return value;
      return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
    default:
      return undefined;
  }
}

function named(request: string | undefined, response: string | undefined, task: string): LlmIdentity | undefined {
  if (request !== undefined) return { model: request, version: response ?? UNVERSIONED, task };
  if (response !== undefined) return { model: response, version: UNVERSIONED, task };
  return undefined;
}

function nonEmptyString(value: AnyValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
