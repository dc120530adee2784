import {
  SpanKind, StatusCode,
  type AnyValue, type Attributes, type LogRecord, type LogsData, type Span, type TracesData,
} from '../../src/otlp/types.js';

/** A plain JS value as a test writes it: objects stand for kvlists. */
export type PlainValue = string | number | boolean | null | Uint8Array | PlainValue[] | { [key: string]: PlainValue };

/** A plain value as the decoded OTLP model holds it (objects become kvlist Maps). */
export function anyValue(value: PlainValue): AnyValue {
  if (Array.isArray(value)) return value.map(anyValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return new Map(Object.entries(value).map(([k, v]) => [k, anyValue(v)]));
  }
  return value;
}

/** Attributes from a plain object, in its key order. */
export function attributes(values: Record<string, PlainValue>): Attributes {
  return new Map(Object.entries(values).map(([key, value]) => [key, anyValue(value)]));
}

let spanCounter = 0;

/** A decoded span: a fresh span id each call unless given; times 1 s apart in 2024. */
export function span(attrs: Record<string, PlainValue>, overrides: Partial<Span> = {}): Span {
  spanCounter++;
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: spanCounter.toString(16).padStart(16, '0'),
    parentSpanId: '',
    name: 'predict',
    kind: SpanKind.INTERNAL,
    startTimeUnixMs: 1_717_171_717_000,
    endTimeUnixMs: 1_717_171_718_000,
    attributes: attributes(attrs),
    status: { code: StatusCode.UNSET, message: '' },
    ...overrides,
  };
}

/** A request holding the spans, split over two resources to exercise the traversal. */
export function traces(...spans: Span[]): TracesData {
  const scope = { name: 'test', version: '', attributes: new Map() };
  const resource = { attributes: new Map<string, AnyValue>([['service.name', 'svc']]) };
  const half = Math.ceil(spans.length / 2);
  return {
    resourceSpans: [
      { resource, scopeSpans: [{ scope, spans: spans.slice(0, half) }] },
      { resource, scopeSpans: [{ scope, spans: [] }, { scope, spans: spans.slice(half) }] },
    ],
  };
}

/** A decoded log record. */
export function logRecord(attrs: Record<string, PlainValue>, overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixMs: 1_717_171_800_000,
    observedTimeUnixMs: 1_717_171_800_500,
    severityNumber: 9,
    severityText: 'INFO',
    body: null,
    attributes: attributes(attrs),
    traceId: '',
    spanId: '',
    eventName: '',
    ...overrides,
  };
}

/** A request holding the log records. */
export function logs(...records: LogRecord[]): LogsData {
  const scope = { name: 'test', version: '', attributes: new Map() };
  return { resourceLogs: [{ resource: { attributes: new Map() }, scopeLogs: [{ scope, logRecords: records }] }] };
}
