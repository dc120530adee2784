import type { LogsData, MetricsData, TracesData } from '../otlp/types.js';

/**
 * What a stage reports back about the data it was handed: how many items (spans,
 * log records, data points) it rejected, and why in one English sentence. The
 * receiver turns this into OTLP's `partial_success`.
 */
export interface ConsumeResult {
  readonly rejected: number;
  readonly message?: string;
}

export const ACCEPTED_ALL: ConsumeResult = Object.freeze({ rejected: 0 });

/**
 * The Collector's consumer shape: the next stage is handed to a stage when it is
 * built, so a test can plug a sink anywhere. Consumption is synchronous: modelwatch
 * extracts and profiles a request before answering it, so `partial_success` is exact.
 */
export interface TracesConsumer {
  consumeTraces(data: TracesData): ConsumeResult;
}

export interface LogsConsumer {
  consumeLogs(data: LogsData): ConsumeResult;
}

export interface MetricsConsumer {
  consumeMetrics(data: MetricsData): ConsumeResult;
}

export interface Lifecycle {
  start(): Promise<void>;
  /** Safe to call twice. */
  shutdown(): Promise<void>;
}
