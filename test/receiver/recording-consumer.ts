import type { ConsumeResult, LogsConsumer, MetricsConsumer, TracesConsumer } from '../../src/pipeline/consumer.js';
import type { LogsData, MetricsData, TracesData } from '../../src/otlp/types.js';

/** What the consumer answers for one request: a result, or an error to throw. */
export type ConsumerReply = ConsumeResult | Error;

/**
 * A next stage that records what it was handed (the Collector's "sink" test
 * double), answering with `reply` — everything accepted unless a test says otherwise.
 */
export class RecordingConsumer implements TracesConsumer, LogsConsumer, MetricsConsumer {
  readonly traces: TracesData[] = [];
  readonly logs: LogsData[] = [];
  readonly metrics: MetricsData[] = [];
  reply: (data: TracesData | LogsData | MetricsData) => ConsumerReply = () => ({ rejected: 0 });

  consumeTraces(data: TracesData): ConsumeResult {
    this.traces.push(data);
    return this.answer(data);
  }

  consumeLogs(data: LogsData): ConsumeResult {
    this.logs.push(data);
    return this.answer(data);
  }

  consumeMetrics(data: MetricsData): ConsumeResult {
    this.metrics.push(data);
    return this.answer(data);
  }

  private answer(data: TracesData | LogsData | MetricsData): ConsumeResult {
    const reply = this.reply(data);
    if (reply instanceof Error) throw reply;
    return reply;
  }
}
