import type { LogsData, MetricsData, TracesData } from './types.js';

/*
 * Items in an export request, as OTLP's partial_success counts them: spans, log
 * records, data points. Used by the receiver's responses and the self-metrics.
 */

export function spanCount(data: TracesData): number {
  let n = 0;
  for (const rs of data.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

export function logRecordCount(data: LogsData): number {
  let n = 0;
  for (const rl of data.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

export function dataPointCount(data: MetricsData): number {
  let n = 0;
  for (const rm of data.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.dataPoints.length;
  return n;
}
