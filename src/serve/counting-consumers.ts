import type { SelfMetrics } from '../export/self-metrics.js';
import type { SpanTable } from '../otlp/span-table.js';
import type { TracesData } from '../otlp/types.js';
import { dataPointCount, logRecordCount, spanCount } from '../otlp/item-counts.js';
import {
  takesProtobufTraces, takesSpanTables, type ConsumeResult, type LogsConsumer, type MetricsConsumer, type ProtobufTracesConsumer,
  type SpanTableConsumer, type TracesConsumer,
} from '../pipeline/consumer.js';

/**
 * Wraps the processor's consumers so every request's accepted and rejected items
 * (spans, log records, data points) reach the self-metrics. A traces consumer that
 * takes SpanTables, or protobuf bodies undecoded, keeps doing so.
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
  const traces = next.traces;
  const consumeTraces = (data: TracesData): ConsumeResult => count('traces', spanCount(data), traces.consumeTraces(data));
  const tables: Partial<SpanTableConsumer> = !takesSpanTables(traces) ? {} : {
    consumeSpanTable: (table: SpanTable) => count('traces', table.size, traces.consumeSpanTable(table)),
  };
  const bodies: Partial<ProtobufTracesConsumer> = !takesProtobufTraces(traces) ? {} : {
    consumeProtobufTraces: (body: Uint8Array) => traces.consumeProtobufTraces(body).then((outcome) => {
      if (outcome.undecodable === undefined) count('traces', outcome.items, outcome.result);
      return outcome;
    }),
    ...(traces.bodyPool === undefined ? {} : { bodyPool: traces.bodyPool }),
  };
  const countedTraces: TracesConsumer = { consumeTraces, ...tables, ...bodies };
  return {
    traces: countedTraces,
    logs: { consumeLogs: (data) => count('logs', logRecordCount(data), next.logs.consumeLogs(data)) },
    metrics: { consumeMetrics: (data) => count('metrics', dataPointCount(data), next.metrics.consumeMetrics(data)) },
  };
}
