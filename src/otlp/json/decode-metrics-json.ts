import { within } from '../decode-error.js';
import { emptyBuckets } from '../absent-values.js';
import { exponentialHistogramPoint, histogramPoint, metric, numberPoint, summaryPoint } from '../metric-shapes.js';
import type { DataPoint, Metric, MetricType, MetricsData } from '../types.js';
import { jsonAttributes } from './json-common.js';
import {
  jsonArray, jsonBool, jsonDouble, jsonElement, jsonInteger, jsonObject, jsonOptionalDouble, jsonString, jsonUnixMillis,
  type JsonObject,
} from './json-values.js';
import { readExportRequestJson } from './read-export-request-json.js';

/*
 * ExportMetricsServiceRequest in OTLP/JSON:
 *   { resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics: [Metric] }] }] }
 *   Metric { name, description, unit, and one of gauge | sum | histogram |
 *            exponentialHistogram | summary, each { dataPoints, aggregationTemporality,
 *            isMonotonic (sum) } }
 *   NumberDataPoint { attributes, startTimeUnixNano, timeUnixNano, asDouble | asInt }
 *   HistogramDataPoint { ..., count, sum, bucketCounts, explicitBounds, min, max }
 *   ExponentialHistogramDataPoint { ..., count, sum, scale, zeroCount,
 *                                   positive/negative { offset, bucketCounts }, min, max }
 *   SummaryDataPoint { ..., count, sum }
 */

/** Decodes the body of a JSON POST /v1/metrics (ExportMetricsServiceRequest); throws OtlpDecodeError. */
export function decodeMetricsJson(text: string): MetricsData {
  const groups = readExportRequestJson(text, { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' }, readMetric);
  return {
    resourceMetrics: groups.map(({ resource, scopes }) => ({
      resource,
      scopeMetrics: scopes.map(({ scope, items }) => ({ scope, metrics: items })),
    })),
  };
}

/** The keys of Metric's data oneof; a well-formed metric sets one (if several, the last listed here is read). */
const DATA_KEYS: readonly MetricType[] = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'];

function readMetric(value: unknown): Metric {
  const item = jsonElement(value);
  let type: MetricType = 'empty';
  let data: JsonObject | undefined;
  for (const key of DATA_KEYS) {
    const candidate = jsonObject(item[key], key);
    if (candidate !== undefined) {
      type = key;
      data = candidate;
    }
  }
  const name = jsonString(item.name, 'name');
  const description = jsonString(item.description, 'description');
  const unit = jsonString(item.unit, 'unit');
  if (data === undefined) return metric(name, description, unit, 'empty', 0, false, []);
  const body = data;
  return within(type, -1, () => {
    const list = jsonArray(body.dataPoints, 'dataPoints');
    const points: DataPoint[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) points[i] = within('dataPoints', i, () => readPoint(list[i], type));
    return metric(
      name, description, unit, type,
      jsonInteger(body.aggregationTemporality, 'aggregationTemporality'),
      jsonBool(body.isMonotonic, 'isMonotonic'),
      points,
    );
  });
}

function readPoint(value: unknown, type: MetricType): DataPoint {
  const point = jsonElement(value);
  const attributes = jsonAttributes(point.attributes, 'attributes');
  const start = jsonUnixMillis(point.startTimeUnixNano, 'startTimeUnixNano');
  const time = jsonUnixMillis(point.timeUnixNano, 'timeUnixNano');
  switch (type) {
    case 'histogram':
      return histogramPoint(
        attributes, start, time,
        jsonInteger(point.count, 'count'),
        jsonOptionalDouble(point.sum, 'sum'),
        jsonOptionalDouble(point.min, 'min'),
        jsonOptionalDouble(point.max, 'max'),
        numbers(point.bucketCounts, 'bucketCounts', jsonInteger),
        numbers(point.explicitBounds, 'explicitBounds', jsonDouble),
      );
    case 'exponentialHistogram':
      return exponentialHistogramPoint(
        attributes, start, time,
        jsonInteger(point.count, 'count'),
        jsonOptionalDouble(point.sum, 'sum'),
        jsonOptionalDouble(point.min, 'min'),
        jsonOptionalDouble(point.max, 'max'),
        jsonInteger(point.scale, 'scale'),
        jsonInteger(point.zeroCount, 'zeroCount'),
        buckets(point.positive, 'positive'),
        buckets(point.negative, 'negative'),
      );
    case 'summary':
      return summaryPoint(attributes, start, time, jsonInteger(point.count, 'count'), jsonDouble(point.sum, 'sum'));
    default: {
      // asDouble and asInt are a oneof: a well-formed point sets one (if both, asInt is read).
      const asInt = point.asInt;
      const asDouble = point.asDouble;
      const number = asInt !== undefined && asInt !== null
        ? jsonInteger(asInt, 'asInt')
        : jsonOptionalDouble(asDouble, 'asDouble');
      return numberPoint(attributes, start, time, number);
    }
  }
}

function buckets(value: unknown, field: string): { offset: number; bucketCounts: number[] } {
  const item = jsonObject(value, field);
  if (item === undefined) return emptyBuckets();
  return {
    offset: jsonInteger(item.offset, `${field}.offset`),
    bucketCounts: numbers(item.bucketCounts, `${field}.bucketCounts`, jsonInteger),
  };
}

function numbers(value: unknown, field: string, read: (value: unknown, field: string) => number): number[] {
  const list = jsonArray(value, field);
  const out: number[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = read(list[i], `${field}[${i}]`);
  return out;
}
