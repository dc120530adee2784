import type { LogRecord, LogsData } from '../otlp/types.js';
import type { ConsumeResult, LogsConsumer } from '../pipeline/consumer.js';
import { feedbackRecord } from './feedback-fields.js';
import type { FeedbackRecord, InferenceSink } from './inference-batch.js';
import { RejectionSummary } from './rejection-summary.js';

/** The event name of ground truth (CONVENTIONS.md §2). */
export const FEEDBACK_EVENT_NAME = 'ml.feedback';

/** Options of a LogExtractor. */
export interface LogExtractorOptions {
  /**
   * The clock that dates a feedback event with neither time nor observed time (Unix milliseconds).
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * The extraction stage for logs: hands the sink one FeedbackRecord per `ml.feedback`
 * event of a request (event name in the LogRecord's `event_name` field, or, for SDKs
 * older than that field, in the attribute `event.name`). A feedback event missing a
 * required attribute or with one of the wrong type (see feedbackRecord) is rejected
 * alone and counted; every other log record is ignored.
 */
export class LogExtractor implements LogsConsumer {
  readonly #sink: InferenceSink;
  readonly #now: () => number;

  constructor(sink: InferenceSink, options: LogExtractorOptions = {}) {
    this.#sink = sink;
    this.#now = options.now ?? Date.now;
  }

  consumeLogs(data: LogsData): ConsumeResult {
    const rejections = new RejectionSummary('feedback event');
    let position = -1;
    for (const resourceLogs of data.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const record of scopeLogs.logRecords) {
          position++;
          if (!isFeedbackEvent(record)) continue;
          const attributes = record.attributes;
          const time = record.timeUnixMs || record.observedTimeUnixMs || this.#now();
          const feedback = feedbackRecord((key) => attributes.get(key), time);
          const refused = typeof feedback === 'string' ? feedback : this.#sink.feedbackRefusal?.(feedback);
          if (refused !== undefined) rejections.add(`log record ${position} of the request: ${refused}`);
          else this.#sink.acceptFeedback(feedback as FeedbackRecord);
        }
      }
    }
    return rejections.result();
  }
}

function isFeedbackEvent(record: LogRecord): boolean {
  if (record.eventName !== '') return record.eventName === FEEDBACK_EVENT_NAME;
  return record.attributes.get('event.name') === FEEDBACK_EVENT_NAME;
}
