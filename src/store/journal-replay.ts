import type { InferenceSink } from '../extract/inference-batch.js';
import { FEEDBACK_PATH, handleFeedback } from '../feedback/feedback-route.js';
import { OTLP_PATHS, otlpRouteHandlers, type OtlpConsumers } from '../receiver/otlp-routes.js';
import { ReceiverStats } from '../receiver/receiver-stats.js';
import type { RouteRequest } from '../receiver/route.js';
import type { JournalEntry } from './journal-entry.js';

/**
 * Redoes a journalled request through the same handlers the receiver runs (decode,
 * extract, consume), without the durable step and without the self-metrics, which
 * counted it the first time. The pipeline's clock is held at the entry's arrival by
 * the caller (DurableState.recover).
 */
export function journalReplayer(consumers: OtlpConsumers, feedbackSink: InferenceSink, now: () => number): (entry: JournalEntry) => void {
  const handlers = otlpRouteHandlers(consumers, new ReceiverStats());
  return (entry) => {
    const path = entry.signal === 'feedback' ? FEEDBACK_PATH : OTLP_PATHS[entry.signal];
    const request: RouteRequest = { method: 'POST', path, query: '', mediaType: entry.mediaType, headers: {}, body: entry.body };
    if (entry.signal === 'feedback') handleFeedback(request, feedbackSink, undefined, now);
    else void handlers[entry.signal](request);
  };
}
