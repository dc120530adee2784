import { within } from '../decode-error.js';
import { emptyBuckets } from '../absent-values.js';
import { exponentialHistogramPoint, histogramPoint, metric, numberPoint, summaryPoint } from '../metric-shapes.js';
import type {
  Attributes, DataPoint, Metric, MetricType, MetricsData,
} from '../types.js';
import { readKeyValue } from './protobuf-common.js';
import { ProtobufReader } from './protobuf-reader.js';
import { readExportRequest } from './read-export-request.js';

/*
 * Field numbers (otlp-subset.proto):
 *   ExportMetricsServiceRequest { resource_metrics 1 }
 *   ResourceMetrics { resource 1, scope_metrics 2 }   ScopeMetrics { scope 1, metrics 2 }
 *   Metric { name 1, description 2, unit 3, gauge 5, sum 7, histogram 9,
 *            exponential_histogram 10, summary 11 }
 *   Gauge / Summary { data_points 1 }
 *   Sum { data_points 1, aggregation_temporality 2, is_monotonic 3 }
 *   Histogram / ExponentialHistogram { data_points 1, aggregation_temporality 2 }
 *   NumberDataPoint { start_time 2, time 3, as_double 4, as_int 6 (sfixed64), attributes 7 }
 *   HistogramDataPoint { start_time 2, time 3, count 4, sum 5, bucket_counts 6 (fixed64),
 *                        explicit_bounds 7, attributes 9, min 11, max 12 }
 *   ExponentialHistogramDataPoint { attributes 1, start_time 2, time 3, count 4, sum 5,
 *                        scale 6 (sint32), zero_count 7, positive 8, negative 9, min 12, max 13 }
 *   Buckets { offset 1 (sint32), bucket_counts 2 (uint64) }
 *   SummaryDataPoint { start_time 2, time 3, count 4, sum 5, attributes 7 }
 * Times are fixed64; counts fixed64 except the exponential buckets' (varint).
 * Repeated numbers are read packed or unpacked, as protobuf requires of parsers.
 */

/** Decodes the body of a protobuf POST /v1/metrics (ExportMetricsServiceRequest); throws OtlpDecodeError. */
export function decodeMetricsProtobuf(bytes: Uint8Array): MetricsData {
  const groups = readExportRequest(bytes, { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' }, readMetric);
  return {
    resourceMetrics: groups.map(({ resource, scopes }) => ({
      resource,
      scopeMetrics: scopes.map(({ scope, items }) => ({ scope, metrics: items })),
    })),
  };
}

/** The data oneof of a Metric, as read so far: the last one present wins, as in protobuf. */
interface MetricData {
  type: MetricType;
  temporality: number;
  monotonic: boolean;
  points: DataPoint[];
}

function readMetric(r: ProtobufReader): Metric {
  const end = r.end();
  let name = '';
  let description = '';
  let unit = '';
  let data: MetricData = { type: 'empty', temporality: 0, monotonic: false, points: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: name = r.string(); break;
      case 18: description = r.string(); break;
      case 26: unit = r.string(); break;
      case 42: data = within('gauge', -1, () => readMetricData(r, 'gauge')); break;
      case 58: data = within('sum', -1, () => readMetricData(r, 'sum')); break;
      case 74: data = within('histogram', -1, () => readMetricData(r, 'histogram')); break;
      case 82: data = within('exponentialHistogram', -1, () => readMetricData(r, 'exponentialHistogram')); break;
      case 90: data = within('summary', -1, () => readMetricData(r, 'summary')); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return metric(name, description, unit, data.type, data.temporality, data.monotonic, data.points);
}

/** Gauge, Sum, Histogram, ExponentialHistogram and Summary share field numbers 1 to 3. */
function readMetricData(r: ProtobufReader, type: MetricType): MetricData {
  const end = r.end();
  const data: MetricData = { type, temporality: 0, monotonic: false, points: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: data.points.push(within('dataPoints', data.points.length, () => readPoint(r, type))); break;
      case 16: data.temporality = r.int32(); break;
      case 24: data.monotonic = r.bool(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return data;
}

function readPoint(r: ProtobufReader, type: MetricType): DataPoint {
  switch (type) {
    case 'histogram': return readHistogramPoint(r);
    case 'exponentialHistogram': return readExponentialHistogramPoint(r);
    case 'summary': return readSummaryPoint(r);
    default: return readNumberPoint(r);
  }
}

function readNumberPoint(r: ProtobufReader): DataPoint {
  const end = r.end();
  const attributes: Attributes = new Map();
  let start = 0;
  let time = 0;
  let value: number | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: start = r.unixMillis(); break;
      case 25: time = r.unixMillis(); break;
      case 33: value = r.double(); break;
      case 49: value = r.sfixed64(); break;
      case 58: readKeyValue(r, attributes, 0); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return numberPoint(attributes, start, time, value);
}

function readHistogramPoint(r: ProtobufReader): DataPoint {
  const end = r.end();
  const attributes: Attributes = new Map();
  let start = 0;
  let time = 0;
  let count = 0;
  let sum: number | undefined;
  let min: number | undefined;
  let max: number | undefined;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: start = r.unixMillis(); break;
      case 25: time = r.unixMillis(); break;
      case 33: count = r.fixed64(); break;
      case 41: sum = r.double(); break;
      case 49: bucketCounts.push(r.fixed64()); break;
      case 50: {
        const packedEnd = r.end();
        while (r.pos < packedEnd) bucketCounts.push(r.fixed64());
        r.expectEnd(packedEnd);
        break;
      }
      case 57: explicitBounds.push(r.double()); break;
      case 58: {
        const packedEnd = r.end();
        while (r.pos < packedEnd) explicitBounds.push(r.double());
        r.expectEnd(packedEnd);
        break;
      }
      case 74: readKeyValue(r, attributes, 0); break;
      case 89: min = r.double(); break;
      case 97: max = r.double(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return histogramPoint(attributes, start, time, count, sum, min, max, bucketCounts, explicitBounds);
}

function readExponentialHistogramPoint(r: ProtobufReader): DataPoint {
  const end = r.end();
  const attributes: Attributes = new Map();
  let start = 0;
  let time = 0;
  let count = 0;
  let sum: number | undefined;
  let min: number | undefined;
  let max: number | undefined;
  let scale = 0;
  let zeroCount = 0;
  let positive = emptyBuckets();
  let negative = emptyBuckets();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: readKeyValue(r, attributes, 0); break;
      case 17: start = r.unixMillis(); break;
      case 25: time = r.unixMillis(); break;
      case 33: count = r.fixed64(); break;
      case 41: sum = r.double(); break;
      case 48: scale = r.sint32(); break;
      case 57: zeroCount = r.fixed64(); break;
      case 66: positive = within('positive', -1, () => readBuckets(r)); break;
      case 74: negative = within('negative', -1, () => readBuckets(r)); break;
      case 97: min = r.double(); break;
      case 105: max = r.double(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return exponentialHistogramPoint(attributes, start, time, count, sum, min, max, scale, zeroCount, positive, negative);
}

function readBuckets(r: ProtobufReader): { offset: number; bucketCounts: number[] } {
  const end = r.end();
  let offset = 0;
  const bucketCounts: number[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 8: offset = r.sint32(); break;
      case 16: bucketCounts.push(r.uint64()); break;
      case 18: {
        const packedEnd = r.end();
        while (r.pos < packedEnd) bucketCounts.push(r.uint64());
        r.expectEnd(packedEnd);
        break;
      }
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { offset, bucketCounts };
}

function readSummaryPoint(r: ProtobufReader): DataPoint {
  const end = r.end();
  const attributes: Attributes = new Map();
  let start = 0;
  let time = 0;
  let count = 0;
  let sum = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: start = r.unixMillis(); break;
      case 25: time = r.unixMillis(); break;
      case 33: count = r.fixed64(); break;
      case 41: sum = r.double(); break;
      case 58: readKeyValue(r, attributes, 0); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return summaryPoint(attributes, start, time, count, sum);
}
