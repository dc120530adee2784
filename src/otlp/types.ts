/**
 * OTLP data as modelwatch reads it: the subset of the OTLP data model that the
 * extractors use, in one shape whether it arrived as OTLP/JSON or OTLP/protobuf.
 * Decoders (src/otlp/json, src/otlp/protobuf) produce it; nothing downstream knows
 * the wire format.
 *
 * Conventions:
 * - Ids are lower-case hex strings ('' when absent); JSON's upper-case hex is folded.
 * - Times are Unix milliseconds as a double (sub-microsecond precision at today's
 *   dates), 0 when absent: windows work in milliseconds and a double is cheap.
 * - int64 attribute values become numbers (exact up to 2^53; beyond that rounded,
 *   which no feature value needs).
 */

/** An attribute or log body value: OTLP's AnyValue. */
export type AnyValue =
  | string
  | number
  | boolean
  | Uint8Array
  | null
  | AnyValue[]
  | KeyValueList;

/** OTLP's kvlist_value, kept as a Map to tell it apart from an array and from bytes. */
export type KeyValueList = Map<string, AnyValue>;

/** Attributes by key; a repeated key keeps its last value, as the SDKs do. */
export type Attributes = Map<string, AnyValue>;

export interface Resource {
  readonly attributes: Attributes;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
}

export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixMs: number;
  readonly endTimeUnixMs: number;
  readonly attributes: Attributes;
  readonly status: { readonly code: number; readonly message: string };
}

export interface ScopeSpans {
  readonly scope: InstrumentationScope;
  readonly spans: Span[];
}

export interface ResourceSpans {
  readonly resource: Resource;
  readonly scopeSpans: ScopeSpans[];
}

/** The body of POST /v1/traces: ExportTraceServiceRequest. */
export interface TracesData {
  readonly resourceSpans: ResourceSpans[];
}

export interface LogRecord {
  readonly timeUnixMs: number;
  readonly observedTimeUnixMs: number;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AnyValue;
  readonly attributes: Attributes;
  readonly traceId: string;
  readonly spanId: string;
  /** The LogRecord `event_name` field (OTLP 1.5+); '' when absent. */
  readonly eventName: string;
}

export interface ScopeLogs {
  readonly scope: InstrumentationScope;
  readonly logRecords: LogRecord[];
}

export interface ResourceLogs {
  readonly resource: Resource;
  readonly scopeLogs: ScopeLogs[];
}

/** The body of POST /v1/logs: ExportLogsServiceRequest. */
export interface LogsData {
  readonly resourceLogs: ResourceLogs[];
}

/** One data point of any metric type, with what profile-at-source mode (§3) needs. */
export interface DataPoint {
  readonly attributes: Attributes;
  readonly timeUnixMs: number;
  readonly startTimeUnixMs: number;
  /** Gauge and sum points. */
  readonly value?: number;
  /** Histogram, exponential histogram and summary points. */
  readonly count?: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  /** Explicit-bucket histograms. */
  readonly bucketCounts?: number[];
  readonly explicitBounds?: number[];
  /** Exponential histograms. */
  readonly scale?: number;
  readonly zeroCount?: number;
  readonly positive?: { readonly offset: number; readonly bucketCounts: number[] };
  readonly negative?: { readonly offset: number; readonly bucketCounts: number[] };
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary' | 'empty';

export interface Metric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly type: MetricType;
  /** Sums only. */
  readonly isMonotonic?: boolean;
  /** Sums and histograms: 1 delta, 2 cumulative, 0 unspecified. */
  readonly aggregationTemporality?: number;
  readonly dataPoints: DataPoint[];
}

export interface ScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly metrics: Metric[];
}

export interface ResourceMetrics {
  readonly resource: Resource;
  readonly scopeMetrics: ScopeMetrics[];
}

/** The body of POST /v1/metrics: ExportMetricsServiceRequest. */
export interface MetricsData {
  readonly resourceMetrics: ResourceMetrics[];
}
