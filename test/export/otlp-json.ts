/** Reading OTLP/JSON bodies in tests: attributes flattened to plain objects. */

interface JsonAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}

export type FlatAttributes = Record<string, string | number | boolean>;

export function flatten(attributes: JsonKeyValue[] = []): FlatAttributes {
  const out: FlatAttributes = {};
  for (const { key, value } of attributes) {
    out[key] = value.stringValue ?? value.doubleValue ?? value.boolValue ?? Number(value.intValue);
  }
  return out;
}

export interface GaugePoint {
  readonly metric: string;
  readonly unit: string;
  readonly attributes: FlatAttributes;
  readonly value: number;
  /** startTimeUnixNano and timeUnixNano, read exactly. */
  readonly startNanos: bigint;
  readonly timeNanos: bigint;
}

/** Every gauge data point of an ExportMetricsServiceRequest. */
export function gaugePoints(body: unknown): GaugePoint[] {
  const points: GaugePoint[] = [];
  const request = body as { resourceMetrics: { scopeMetrics: { metrics: { name: string; unit?: string; gauge?: { dataPoints: { attributes?: JsonKeyValue[]; asDouble?: number; asInt?: string | number; startTimeUnixNano?: string | number; timeUnixNano?: string | number }[] } }[] }[] }[] };
  for (const resource of request.resourceMetrics) {
    for (const scope of resource.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.gauge?.dataPoints ?? []) {
          points.push({
            metric: metric.name,
            unit: metric.unit ?? '',
            attributes: flatten(point.attributes),
            value: point.asDouble ?? Number(point.asInt),
            startNanos: BigInt(point.startTimeUnixNano ?? 0),
            timeNanos: BigInt(point.timeUnixNano ?? 0),
          });
        }
      }
    }
  }
  return points;
}

export interface JsonLogRecord {
  eventName?: string;
  severityNumber?: number;
  severityText?: string;
  timeUnixNano?: string | number;
  body?: JsonAnyValue;
  attributes?: JsonKeyValue[];
  traceId?: string;
  spanId?: string;
}

/** Every log record of an ExportLogsServiceRequest, with its resource's attributes. */
export function logRecords(body: unknown): { record: JsonLogRecord; resource: FlatAttributes }[] {
  const request = body as { resourceLogs: { resource?: { attributes?: JsonKeyValue[] }; scopeLogs: { logRecords: JsonLogRecord[] }[] }[] };
  return request.resourceLogs.flatMap((resource) => resource.scopeLogs.flatMap((scope) =>
    scope.logRecords.map((record) => ({ record, resource: flatten(resource.resource?.attributes) }))));
}
