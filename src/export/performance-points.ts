import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import type { DataPoint, GaugeMetricData } from '@opentelemetry/sdk-metrics';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import { gaugeMetricData } from './gauge-points.js';
import { SIGNAL_ATTRIBUTES as A, SIGNAL_METRICS as M } from './signal-names.js';

/** Data points by metric name, for the performance gauges (their names are only known as figures come). */
export type PerformancePoints = Map<string, DataPoint<number>[]>;

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  [M.feedbackCoverage]: "Share of a labelled window's predictions that have ground truth",
};

/**
 * Adds one window's `ml.performance.<metric>` points (with `ml.performance.source`)
 * and, for observed figures, its `ml.feedback.coverage`, all from `startTime` to
 * `endTime`. A metric that could not be computed (NaN) is left out.
 */
export function addPerformancePoints(points: PerformancePoints, signals: PerformanceSignals, startTime: HrTime, endTime: HrTime): void {
  const model: Attributes = { [A.modelName]: signals.model, [A.modelVersion]: signals.version };
  const add = (name: string, value: number, attributes: Attributes) => {
    if (!Number.isFinite(value)) return;
    let list = points.get(name);
    if (list === undefined) points.set(name, (list = []));
    list.push({ startTime, endTime, attributes, value });
  };
  const withSource = { ...model, [A.performanceSource]: signals.source };
  for (const [metric, value] of Object.entries(signals.metrics)) add(`${M.performancePrefix}${metric}`, value, withSource);
  if (signals.source === 'observed') add(M.feedbackCoverage, signals.coverage, model);
}

/** The gauges of the points gathered, one per metric name. */
export function performanceGauges(points: PerformancePoints): GaugeMetricData[] {
  return [...points].map(([name, dataPoints]) => gaugeMetricData(name, DESCRIPTIONS[name] ?? name, ValueType.DOUBLE, dataPoints));
}
