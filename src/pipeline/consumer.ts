import type { SpanTable } from '../otlp/span-table.js';
import type { InstrumentationScope, LogsData, MetricsData, Resource, Span, TracesData } from '../otlp/types.js';
import type { BodyPool } from '../receiver/route.js';

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

/**
 * A TracesConsumer that also takes a request as a SpanTable (columns, no object per
 * span), which is what the receiver decodes protobuf /v1/traces into when its
 * consumer takes one. `consumeSpanTable(table)` must answer as
 * `consumeTraces(table.toTracesData())` would.
 */
export interface SpanTableConsumer extends TracesConsumer {
  consumeSpanTable(table: SpanTable): ConsumeResult;
}

/** Whether `consumer` takes SpanTables too. */
export function takesSpanTables(consumer: TracesConsumer): consumer is SpanTableConsumer {
  return typeof (consumer as Partial<SpanTableConsumer>).consumeSpanTable === 'function';
}

/** What became of a protobuf /v1/traces body handed over undecoded (ProtobufTracesConsumer). */
export type ProtobufTracesOutcome =
  /** The body does not decode; `undecodable` says why, as the decoder worded it. */
  | { readonly undecodable: string }
  | {
    readonly undecodable?: undefined;
    /** Spans in the request. */
    readonly items: number;
    readonly result: ConsumeResult;
  };

/**
 * A traces consumer that takes protobuf bodies undecoded, decoding them elsewhere
 * (another thread, src/ingest-threads): the outcome is what decoding the body here
 * into a SpanTable and calling `consumeSpanTable` would give. The body stays the
 * caller's, unchanged.
 */
export interface ProtobufTracesConsumer extends SpanTableConsumer {
  consumeProtobufTraces(body: Uint8Array): Promise<ProtobufTracesOutcome>;
  /**
   * Where a receiver may read protobuf bodies for this consumer (memory it shares with
   * its threads, saving a copy). A body from it is the consumer's only until the
   * promise of consumeProtobufTraces settles.
   */
  readonly bodyPool?: BodyPool;
}

/** Whether `consumer` takes protobuf bodies undecoded. */
export function takesProtobufTraces(consumer: TracesConsumer): consumer is ProtobufTracesConsumer {
  return typeof (consumer as Partial<ProtobufTracesConsumer>).consumeProtobufTraces === 'function';
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
