import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes as ApiAttributes, type HrTime } from '@opentelemetry/api';
import type { AnyValue as LogAnyValue } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Tracer } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Logger } from '@opentelemetry/api-logs';
import { AggregationType, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Meter } from '@opentelemetry/api';
import type { AnyValue, LogRecord, Span } from '../../src/otlp/types.js';

/*
 * Telemetry made by the real OpenTelemetry JS SDKs, in memory: what the tests feed
 * to the decoders (through @opentelemetry/otlp-transformer's serializers, the code
 * the SDK exporters use) and compare the decodes against.
 */

/** The resource every helper's provider reports. */
export const TEST_RESOURCE = { 'service.name': 'modelwatch-test', 'service.instance.id': 'abc-1', 'host.cpu.count': 2 };

/** Spans ended inside `record`, as the SDK hands them to exporters. */
export async function recordSpans(record: (tracer: Tracer) => void): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(TEST_RESOURCE),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  record(provider.getTracer('modelwatch-test-scope', '1.2.3'));
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** Log records emitted inside `record`, as the SDK hands them to exporters. */
export async function recordLogs(record: (logger: Logger) => void): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(TEST_RESOURCE),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  record(provider.getLogger('modelwatch-test-scope', '1.2.3'));
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return records;
}

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Metrics recorded inside `record`, collected once. Instruments named `*.exponential`
 * aggregate as exponential histograms, so every OTLP metric type the SDK can make
 * appears: sum (counter, up-down counter), gauge, histogram, exponential histogram.
 */
export async function collectMetrics(record: (meter: Meter) => void): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes(TEST_RESOURCE),
    readers: [reader],
    views: [{ instrumentName: '*.exponential', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  record(provider.getMeter('modelwatch-test-scope', '1.2.3'));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
  await provider.shutdown();
  return resourceMetrics;
}

/** An SDK HrTime as the data model's Unix milliseconds, by the same exact split the decoders use. */
export function hrTimeToMillis([seconds, nanos]: HrTime): number {
  const remainder = nanos % 1e6;
  const whole = seconds * 1000 + (nanos - remainder) / 1e6;
  return remainder === 0 ? whole : whole + remainder / 1e6;
}

/** Attributes of every type the SDK sends: the scalars, homogeneous arrays, and arrays with gaps. */
export const EVERY_TYPE: ApiAttributes = {
  'ml.model.name': 'churn',
  'ml.model.version': 'v2',
  'ml.batch.size': 3,
  'ml.feature.age': [34, 51, 22],
  'ml.feature.income': [52000.5, 61000.25, 0.125],
  'ml.feature.segment': ['a', 'b', 'c'],
  'ml.feature.active': [true, false, true],
  'ml.feature.score': [0.5, null, 0.75],
  'ml.feature.city': ['Paris', '', 'naïve ☃ 😀'],
  'ml.prediction': [1, 0, 1],
  'int.negative': -7,
  'int.large': 2 ** 40 + 3,
  'double.value': -0.1,
  'bool.value': false,
  'string.empty': '',
  'array.empty': [],
};

/** Three spans (a server span, its client child with an error status, a bare span) carrying EVERY_TYPE. */
export async function sdkSpansOfEveryType(): Promise<ReadableSpan[]> {
  return recordSpans((tracer) => {
    const parent = tracer.startSpan('predict churn', {
      kind: SpanKind.SERVER,
      startTime: [1_700_000_000, 123_456_789],
      attributes: EVERY_TYPE,
    });
    const child = tracer.startSpan(
      'call model server',
      { kind: SpanKind.CLIENT, startTime: [1_700_000_000, 200_000_000], attributes: { 'ml.model.name': 'churn', 'ml.feature.x': 1.5 } },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'model server timed out' });
    child.end([1_700_000_000, 999_999_999]);
    parent.setStatus({ code: SpanStatusCode.OK });
    parent.end([1_700_000_001, 1]);
    tracer.startSpan('bare').end();
  });
}


/** What the decoders must make of one SDK span: its fields (compare with `fields(decoded)`). */
export function expectedSpan(span: ReadableSpan): Span {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    name: span.name,
    // The API's SpanKind starts at INTERNAL = 0; OTLP's at UNSPECIFIED = 0.
    kind: span.kind + 1,
    startTimeUnixMs: hrTimeToMillis(span.startTime),
    endTimeUnixMs: hrTimeToMillis(span.endTime),
    attributes: new Map(Object.entries(span.attributes).map(([k, v]) => [k, expectedValue(v)])),
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}


/**
 * What the decoders must make of one SDK attribute or log value: arrays element by
 * element with null for gaps, maps as Maps, bytes as plain Uint8Arrays.
 */
export function expectedValue(value: LogAnyValue | unknown): AnyValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((v) => expectedValue(v));
  if (typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, expectedValue(v)]));
  return value as AnyValue;
}

/** What the decoders must make of one SDK log record. */
export function expectedLogRecord(record: ReadableLogRecord): LogRecord {
  return {
    timeUnixMs: hrTimeToMillis(record.hrTime),
    observedTimeUnixMs: hrTimeToMillis(record.hrTimeObserved),
    severityNumber: record.severityNumber ?? 0,
    severityText: record.severityText ?? '',
    body: expectedValue(record.body),
    attributes: new Map(Object.entries(record.attributes).map(([k, v]) => [k, expectedValue(v)])),
    traceId: record.spanContext?.traceId ?? '',
    spanId: record.spanContext?.spanId ?? '',
    eventName: record.eventName ?? '',
  };
}

/** A decoded span's fields as a plain object: the decoders make class instances (see DecodedSpan). */
export function fields(span: Span | undefined): Span | undefined {
  return span === undefined ? undefined : { ...span };
}
