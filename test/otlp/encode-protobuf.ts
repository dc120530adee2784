import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import type {
  AnyValue, Attributes, DataPoint, InstrumentationScope, LogsData, Metric, MetricsData, Resource, Span, TracesData,
} from '../../src/otlp/types.js';

/*
 * A test-side protobuf encoder of the data model, written from the OTLP field numbers
 * (src/otlp/protobuf/otlp-subset.proto): it turns the decoded official JSON examples
 * into protobuf, so the two decoders can be compared on data the SDK never makes
 * (summaries, negative exponential buckets), and lets a test choose packed or
 * unpacked repeated numbers.
 */

export interface EncodeOptions {
  /** Write repeated numbers packed (proto3's default) or one field each. */
  readonly packed: boolean;
}

/** Unix milliseconds back to nanoseconds as a fixed64, exact for what the decoders produce. */
function writeTime(w: ProtobufWriter, field: number, ms: number): void {
  if (ms === 0) return;
  const whole = Math.floor(ms);
  const nanos = BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
  w.fixed64Field(field, Number(nanos & 0xffffffffn) + Number(nanos >> 32n) * 4294967296);
}

function writeAnyValue(w: ProtobufWriter, value: AnyValue): void {
  if (value === null) return;
  if (typeof value === 'string') w.stringField(1, value);
  else if (typeof value === 'boolean') w.varintField(2, value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) w.varintField(3, value);
    else w.doubleField(4, value);
  } else if (value instanceof Uint8Array) w.bytesField(7, value);
  else if (Array.isArray(value)) w.messageField(5, (a) => value.forEach((v) => a.messageField(1, (x) => writeAnyValue(x, v))));
  else w.messageField(6, (l) => writeKeyValues(l, 1, value));
}

function writeKeyValues(w: ProtobufWriter, field: number, attributes: Attributes): void {
  for (const [key, value] of attributes) {
    w.messageField(field, (kv) => {
      kv.stringField(1, key);
      kv.messageField(2, (v) => writeAnyValue(v, value));
    });
  }
}

function writeResource(w: ProtobufWriter, resource: Resource): void {
  w.messageField(1, (r) => writeKeyValues(r, 1, resource.attributes));
}

function writeScope(w: ProtobufWriter, scope: InstrumentationScope): void {
  w.messageField(1, (s) => {
    if (scope.name !== '') s.stringField(1, scope.name);
    if (scope.version !== '') s.stringField(2, scope.version);
    writeKeyValues(s, 3, scope.attributes);
  });
}

function writeId(w: ProtobufWriter, field: number, hex: string): void {
  if (hex !== '') w.bytesField(field, Buffer.from(hex, 'hex'));
}

function writeSpan(w: ProtobufWriter, span: Span): void {
  writeId(w, 1, span.traceId);
  writeId(w, 2, span.spanId);
  writeId(w, 4, span.parentSpanId);
  w.stringField(5, span.name);
  if (span.kind !== 0) w.varintField(6, span.kind);
  writeTime(w, 7, span.startTimeUnixMs);
  writeTime(w, 8, span.endTimeUnixMs);
  writeKeyValues(w, 9, span.attributes);
  if (span.status.code !== 0 || span.status.message !== '') {
    w.messageField(15, (s) => {
      if (span.status.message !== '') s.stringField(2, span.status.message);
      if (span.status.code !== 0) s.varintField(3, span.status.code);
    });
  }
}

export function encodeTraces(data: TracesData): Uint8Array {
  const w = new ProtobufWriter();
  for (const rs of data.resourceSpans) {
    w.messageField(1, (r) => {
      writeResource(r, rs.resource);
      for (const ss of rs.scopeSpans) {
        r.messageField(2, (s) => {
          writeScope(s, ss.scope);
          for (const span of ss.spans) s.messageField(2, (x) => writeSpan(x, span));
        });
      }
    });
  }
  return w.finish();
}

export function encodeLogs(data: LogsData): Uint8Array {
  const w = new ProtobufWriter();
  for (const rl of data.resourceLogs) {
    w.messageField(1, (r) => {
      writeResource(r, rl.resource);
      for (const sl of rl.scopeLogs) {
        r.messageField(2, (s) => {
          writeScope(s, sl.scope);
          for (const record of sl.logRecords) {
            s.messageField(2, (x) => {
              writeTime(x, 1, record.timeUnixMs);
              if (record.severityNumber !== 0) x.varintField(2, record.severityNumber);
              if (record.severityText !== '') x.stringField(3, record.severityText);
              if (record.body !== null) x.messageField(5, (b) => writeAnyValue(b, record.body));
              writeKeyValues(x, 6, record.attributes);
              writeId(x, 9, record.traceId);
              writeId(x, 10, record.spanId);
              writeTime(x, 11, record.observedTimeUnixMs);
              if (record.eventName !== '') x.stringField(12, record.eventName);
            });
          }
        });
      }
    });
  }
  return w.finish();
}

function writeRepeated(w: ProtobufWriter, field: number, values: readonly number[], kind: 'fixed64' | 'double' | 'varint', options: EncodeOptions): void {
  if (values.length === 0) return;
  if (options.packed) {
    const packed = new ProtobufWriter();
    for (const v of values) {
      if (kind === 'fixed64') packed.fixed64(v);
      else if (kind === 'double') packed.double(v);
      else packed.varint(v);
    }
    w.bytesField(field, packed.finish());
    return;
  }
  for (const v of values) {
    if (kind === 'fixed64') w.fixed64Field(field, v);
    else if (kind === 'double') w.doubleField(field, v);
    else w.varintField(field, v);
  }
}

function writePoint(w: ProtobufWriter, type: Metric['type'], p: DataPoint, options: EncodeOptions): void {
  writeTime(w, 2, p.startTimeUnixMs);
  writeTime(w, 3, p.timeUnixMs);
  switch (type) {
    case 'gauge':
    case 'sum':
      if (p.value !== undefined) {
        if (Number.isInteger(p.value)) {
          // as_int is sfixed64: two's complement in 8 little-endian bytes.
          const bits = BigInt.asUintN(64, BigInt(p.value));
          w.tag(6, 1).raw(new Uint8Array(new BigUint64Array([bits]).buffer));
        } else w.doubleField(4, p.value);
      }
      writeKeyValues(w, 7, p.attributes);
      return;
    case 'histogram':
      w.fixed64Field(4, p.count!);
      if (p.sum !== undefined) w.doubleField(5, p.sum);
      writeRepeated(w, 6, p.bucketCounts!, 'fixed64', options);
      writeRepeated(w, 7, p.explicitBounds!, 'double', options);
      writeKeyValues(w, 9, p.attributes);
      if (p.min !== undefined) w.doubleField(11, p.min);
      if (p.max !== undefined) w.doubleField(12, p.max);
      return;
    case 'exponentialHistogram':
      writeKeyValues(w, 1, p.attributes);
      w.fixed64Field(4, p.count!);
      if (p.sum !== undefined) w.doubleField(5, p.sum);
      if (p.scale !== 0) w.sint32Field(6, p.scale!);
      w.fixed64Field(7, p.zeroCount!);
      for (const [field, buckets] of [[8, p.positive!], [9, p.negative!]] as const) {
        w.messageField(field, (b) => {
          if (buckets.offset !== 0) b.sint32Field(1, buckets.offset);
          writeRepeated(b, 2, buckets.bucketCounts, 'varint', options);
        });
      }
      if (p.min !== undefined) w.doubleField(12, p.min);
      if (p.max !== undefined) w.doubleField(13, p.max);
      return;
    case 'summary':
      w.fixed64Field(4, p.count!);
      w.doubleField(5, p.sum!);
      writeKeyValues(w, 7, p.attributes);
      return;
    default:
  }
}

const DATA_FIELD = { gauge: 5, sum: 7, histogram: 9, exponentialHistogram: 10, summary: 11 } as const;

export function encodeMetrics(data: MetricsData, options: EncodeOptions): Uint8Array {
  const w = new ProtobufWriter();
  for (const rm of data.resourceMetrics) {
    w.messageField(1, (r) => {
      writeResource(r, rm.resource);
      for (const sm of rm.scopeMetrics) {
        r.messageField(2, (s) => {
          writeScope(s, sm.scope);
          for (const metric of sm.metrics) {
            s.messageField(2, (m) => {
              m.stringField(1, metric.name);
              m.stringField(2, metric.description);
              m.stringField(3, metric.unit);
              if (metric.type === 'empty') return;
              m.messageField(DATA_FIELD[metric.type], (d) => {
                for (const point of metric.dataPoints) d.messageField(1, (x) => writePoint(x, metric.type, point, options));
                if (metric.aggregationTemporality) d.varintField(2, metric.aggregationTemporality);
                if (metric.isMonotonic) d.varintField(3, 1);
              });
            });
          }
        });
      }
    });
  }
  return w.finish();
}
