/**
 * How modelwatch reads LLM spans that other libraries emit, as a table: which
 * attributes identify the model, and which become features (and how). Two
 * conventions are read as they are:
 *
 * - OpenTelemetry GenAI semantic conventions (`gen_ai.*`, status "development";
 *   keys as in the semantic-conventions-genai registry, including the deprecated
 *   `gen_ai.system` and `gen_ai.usage.prompt_tokens` / `completion_tokens` that older
 *   instrumentations still emit, and OpenLLMetry's `llm.usage.total_tokens`);
 * - OpenInference (`openinference.span.kind`, `llm.*`, `embedding.model_name`).
 *
 * Privacy by construction: only the attributes listed here are read, and none holds
 * prompt or completion text (`gen_ai.input.messages`, `llm.input_messages.*`,
 * `input.value`... are never looked at). To extend, add a row to LLM_FEATURE_ATTRIBUTES
 * and a line to src/extract/README.md (a test checks they agree).
 */

/** How an attribute's value becomes one feature value. */
export type LlmValueKind =
  /** A finite number (token counts, sampling parameters); anything else is dropped. */
  | 'number'
  /** A string (provider, output type), a categorical feature. */
  | 'category'
  /** A bool (streaming), a categorical feature. */
  | 'flag'
  /** A string array (finish reasons): its first element, or a plain string as is. */
  | 'first-category'
  /** OpenInference's JSON string of request parameters: see invocation-parameters.ts. */
  | 'invocation-parameters';

/** One row of the table. */
export interface LlmFeatureAttribute {
  /** The feature's name: the attribute key itself, or for an old alias the current key. */
  readonly feature: string;
  readonly kind: LlmValueKind;
  /** An older key for `feature`: used only when the span lacks the current key. */
  readonly alias?: boolean;
}

/** The feature holding the span's duration in seconds, for every LLM span. */
export const DURATION_FEATURE = 'span.duration';

/**
 * Prefix of the features taken from `llm.invocation_parameters`:
 * `llm.invocation_parameters.<parameter>`.
 */
export const INVOCATION_PARAMETERS_KEY = 'llm.invocation_parameters';

function row(feature: string, kind: LlmValueKind): [string, LlmFeatureAttribute] {
  return [feature, Object.freeze({ feature, kind })];
}

function alias(key: string, feature: string, kind: LlmValueKind): [string, LlmFeatureAttribute] {
  return [key, Object.freeze({ feature, kind, alias: true })];
}

/** Attribute key → the feature it feeds. Looked up once per attribute of an LLM span. */
export const LLM_FEATURE_ATTRIBUTES: ReadonlyMap<string, LlmFeatureAttribute> = new Map([
  // OpenTelemetry GenAI: usage.
  row('gen_ai.usage.input_tokens', 'number'),
  alias('gen_ai.usage.prompt_tokens', 'gen_ai.usage.input_tokens', 'number'),
  row('gen_ai.usage.output_tokens', 'number'),
  alias('gen_ai.usage.completion_tokens', 'gen_ai.usage.output_tokens', 'number'),
  row('gen_ai.usage.cache_read.input_tokens', 'number'),
  row('gen_ai.usage.cache_creation.input_tokens', 'number'),
  row('gen_ai.usage.reasoning.output_tokens', 'number'),
  row('llm.usage.total_tokens', 'number'),
  // OpenTelemetry GenAI: request parameters (gen_ai.request.seed is left out: an id, not a distribution).
  row('gen_ai.request.temperature', 'number'),
  row('gen_ai.request.top_p', 'number'),
  row('gen_ai.request.top_k', 'number'),
  row('gen_ai.request.max_tokens', 'number'),
  row('gen_ai.request.frequency_penalty', 'number'),
  row('gen_ai.request.presence_penalty', 'number'),
  row('gen_ai.request.choice.count', 'number'),
  row('gen_ai.request.stream', 'flag'),
  // OpenTelemetry GenAI: response and provider.
  row('gen_ai.response.finish_reasons', 'first-category'),
  row('gen_ai.response.time_to_first_chunk', 'number'),
  row('gen_ai.output.type', 'category'),
  row('gen_ai.provider.name', 'category'),
  alias('gen_ai.system', 'gen_ai.provider.name', 'category'),
  // OpenInference.
  row('llm.token_count.prompt', 'number'),
  row('llm.token_count.completion', 'number'),
  row('llm.token_count.total', 'number'),
  row('llm.token_count.prompt_details.cache_read', 'number'),
  row('llm.token_count.prompt_details.cache_write', 'number'),
  row('llm.token_count.prompt_details.audio', 'number'),
  row('llm.token_count.completion_details.reasoning', 'number'),
  row('llm.token_count.completion_details.audio', 'number'),
  row('llm.provider', 'category'),
  row('llm.system', 'category'),
  row('llm.finish_reason', 'category'),
  row(INVOCATION_PARAMETERS_KEY, 'invocation-parameters'),
]);

/**
 * String parameters of `llm.invocation_parameters` that become features. Strings are
 * allowed by name only: some APIs pass prompt text as a parameter (`system`,
 * `instructions`, `prompt`), and that must never become a feature.
 */
export const INVOCATION_STRING_PARAMETERS: ReadonlySet<string> = new Set([
  'tool_choice', 'reasoning_effort', 'service_tier', 'response_format', 'truncation',
]);

/** Numeric invocation parameters left out: ids, not distributions. */
export const INVOCATION_IGNORED_PARAMETERS: ReadonlySet<string> = new Set(['seed']);

/** At most this many features come from one span's `llm.invocation_parameters`. */
export const MAX_INVOCATION_PARAMETERS = 32;

/** GenAI: the model asked for (the batch's model name). */
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** GenAI: the model that answered (the batch's version). */
export const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** GenAI: chat, embeddings, invoke_agent... decides the task and which spans are model calls. */
export const GEN_AI_OPERATION = 'gen_ai.operation.name';

/**
 * GenAI operations that are not one call to a model (agents, tools, workflows,
 * retrieval): their spans may name a model, but the model calls inside them have
 * spans of their own, so reading these would count each call twice.
 */
export const GEN_AI_NON_MODEL_OPERATIONS: ReadonlySet<string> = new Set([
  'invoke_agent', 'create_agent', 'execute_tool', 'invoke_workflow', 'retrieval',
]);

/** OpenInference: LLM, EMBEDDING, CHAIN, AGENT, TOOL... only LLM and EMBEDDING spans are model calls. */
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
/** OpenInference: the model used, in practice the one that answered. */
export const LLM_MODEL_NAME = 'llm.model_name';
/** OpenInference: the model asked for (the batch's model name). */
export const LLM_REQUEST_MODEL_NAME = 'llm.request.model_name';
/** OpenInference: the model that answered (the batch's version). */
export const LLM_RESPONSE_MODEL_NAME = 'llm.response.model_name';
/** OpenInference: the model of an EMBEDDING span. */
export const EMBEDDING_MODEL_NAME = 'embedding.model_name';

/** `ml.model.task` of an LLM span that generates (chat, completion, content generation). */
export const GENERATION_TASK = 'generation';
/** `ml.model.task` of GenAI `embeddings` and OpenInference EMBEDDING spans. */
export const EMBEDDING_TASK = 'embedding';
