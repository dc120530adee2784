import type { HrTime, ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type DataPoint, type GaugeMetricData } from '@opentelemetry/sdk-metrics';

/** A gauge of the §4 signals, as a MetricProducer hands it to a reader (no unit: see signal-names.ts). */
export function gaugeMetricData(name: string, description: string, valueType: ValueType, dataPoints: DataPoint<number>[]): GaugeMetricData {
  return { descriptor: { name, description, unit: '', valueType }, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
}

/** A Unix time in milliseconds as OpenTelemetry's [seconds, nanoseconds]. */
export function hrTimeOf(unixMs: number): HrTime {
  const seconds = Math.floor(unixMs / 1_000);
  return [seconds, Math.round((unixMs - seconds * 1_000) * 1e6)];
}

/** The key of a model version in the producers' maps. */
export function modelKey(model: string, version: string): string {
  return JSON.stringify([model, version]);
}
