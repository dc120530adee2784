import type { SelfMetrics } from '../export/self-metrics.js';
import { validateFeedbackJson } from '../extract/feedback-json.js';
import type { InferenceSink } from '../extract/inference-batch.js';
import type { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';

export const FEEDBACK_PATH = '/v1/feedback';

/** Errors listed in an answer, at most: a batch of 100,000 bad items answers with the first ones and the count. */
const MAX_LISTED_ERRORS = 100;

/**
 * `POST /v1/feedback` (CONVENTIONS.md §2): a JSON object, or an array of them, each
 * `{"ml.model.name", "ml.inference.id", "ml.label", "ml.model.version"?}`. Each item
 * stands alone: the valid ones are taken whatever the others are. Answers JSON
 * `{"accepted": n, "rejected": m, "errors": [{"index", "message"}]}`: 200 when at
 * least one item was taken or the batch was empty, 400 when the body is not JSON or
 * every item was refused. The receiver already bounded and decompressed the body.
 */
export function addFeedbackRoute(
  receiver: OtlpHttpReceiver, sink: InferenceSink, selfMetrics?: SelfMetrics, now: () => number = Date.now,
  durable?: (request: RouteRequest) => Promise<void>,
): void {
  receiver.route(FEEDBACK_PATH, (request) => {
    const { response, accepted } = handleFeedback(request, sink, selfMetrics, now);
    // Answered once durable (`--data-dir`) when it took anything.
    return durable !== undefined && accepted > 0 ? durable(request).then(() => response) : response;
  }, { methods: ['POST'], mediaTypes: ['application/json'] });
}

/** The feedback request's effect on `sink`, and its answer (replay calls it again with the journalled request). */
export function handleFeedback(
  request: RouteRequest, sink: InferenceSink, selfMetrics: SelfMetrics | undefined, now: () => number,
): { response: RouteResponse; accepted: number } {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    return { response: answer(400, { accepted: 0, rejected: 0, errors: [{ index: 0, message: `the body is not JSON: ${(error as Error).message}` }] }), accepted: 0 };
  }
  const { records, errors } = validateFeedbackJson(body, now(), sink.feedbackRefusal?.bind(sink));
  for (const record of records) sink.acceptFeedback(record);
  selfMetrics?.recordsAccepted(records.length, 'feedback');
  selfMetrics?.recordsRejected(errors.length, 'feedback');
  const status = records.length === 0 && errors.length > 0 ? 400 : 200;
  return { response: answer(status, { accepted: records.length, rejected: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) }), accepted: records.length };
}

function answer(status: number, body: { accepted: number; rejected: number; errors: readonly { index: number; message: string }[] }): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
