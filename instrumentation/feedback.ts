import { type AnyValueMap, logs, SeverityNumber } from '@opentelemetry/api-logs';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './version.js';

/** Ground truth for one prediction (CONVENTIONS.md §2). */
export interface Feedback {
  /** `ml.model.name` of the prediction. */
  readonly model: string;
  /** `ml.model.version`, when the prediction had one. */
  readonly version?: string;
  /** The prediction's `ml.inference.id` (inferenceIdsOf, or the onInference hook). */
  readonly inferenceId: string;
  /** The true label or value. */
  readonly label: string | number | boolean;
}

/**
 * Emits the §2 ground-truth log record (event `ml.feedback`) through the global
 * LoggerProvider (the app's SDK), for the processor to join to the prediction.
 * @throws TypeError when a field is missing or of the wrong type (a programming error, not data)
 */
export function recordFeedback(feedback: Feedback): void {
  const { model, version, inferenceId, label } = feedback;
  if (typeof model !== 'string' || model === '') throw new TypeError('recordFeedback: model must be a non-empty string');
  if (typeof inferenceId !== 'string' || inferenceId === '') throw new TypeError('recordFeedback: inferenceId must be a non-empty string');
  if (!['string', 'number', 'boolean'].includes(typeof label)) throw new TypeError('recordFeedback: label must be a string, number or boolean');
  if (version !== undefined && typeof version !== 'string') throw new TypeError('recordFeedback: version must be a string');
  const attributes: AnyValueMap = { 'ml.model.name': model, 'ml.inference.id': inferenceId, 'ml.label': label };
  if (version !== undefined) attributes['ml.model.version'] = version;
  logs.getLogger(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION).emit({
    eventName: 'ml.feedback',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    attributes,
  });
}
