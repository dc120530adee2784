import type { SelfMetrics } from '../export/self-metrics.js';
import { dataPointCount, logRecordCount, spanCount } from '../otlp/item-counts.js';
import type { ConsumeResult, LogsConsumer, MetricsConsumer, TracesConsumer } from '../pipeline/consumer.js';

/**
 * Wraps the processor's consumers so every request's accepted and rejected items
 * (spans, log records, data points) reach the self-metrics.
 */
export function countingConsumers(
  next: { traces: TracesConsumer; logs: LogsConsumer; metrics: MetricsConsumer },
  metrics: SelfMetrics,
): { traces: TracesConsumer; logs: LogsConsumer; metrics: MetricsConsumer } {
  const count = (signal: 'traces' | 'logs' | 'metrics', items: number, result: ConsumeResult): ConsumeResult => {
    metrics.recordsAccepted(Math.max(0, items - result.rejected), signal);
    if (result.rejected > 0) metrics.recordsRejected(result.rejected, signal);
    return result;
  };
  return {
    traces: { consumeTraces: (data) => count('traces', spanCount(data), next.traces.consumeTraces(data)) },
    logs: { consumeLogs: (data) => count('logs', logRecordCount(data), next.logs.consumeLogs(data)) },
    metrics: { consumeMetrics: (data) => count('metrics', dataPointCount(data), next.metrics.consumeMetrics(data)) },
  };
}
