/**
 * Extraction: decoded OTLP spans and logs → inference batches and feedback records,
 * per CONVENTIONS.md §1–2, plus LLM spans as the GenAI and OpenInference conventions
 * describe them. Decisions and the LLM feature table: README.md in this folder.
 */
export type { FeatureValue, FeedbackRecord, InferenceBatch, InferenceRow, InferenceSink, ModelKey } from './inference-batch.js';
export { SingleRowBatch, type SingleRowFields } from './single-row-batch.js';
export { SpanExtractor, type SpanExtractorOptions } from './span-extractor.js';
export { FEEDBACK_EVENT_NAME, LogExtractor, type LogExtractorOptions } from './log-extractor.js';
export { validateFeedbackJson, type FeedbackItemError, type FeedbackValidation } from './feedback-json.js';
export { AttributeRoles } from './attribute-roles.js';
export { MAX_BATCH_ROWS, MAX_FEATURES, MODEL_NAME_KEY, UNVERSIONED, extractInferenceSpan } from './inference-span.js';
export { extractLlmSpan, llmIdentity, type LlmIdentity } from './llm-span.js';
export { DURATION_FEATURE, LLM_FEATURE_ATTRIBUTES, type LlmFeatureAttribute, type LlmValueKind } from './llm-conventions.js';
export { UNKNOWN_ERROR_TYPE } from './span-outcome.js';
