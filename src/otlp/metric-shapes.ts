import type { Attributes, DataPoint, Metric, MetricType } from './types.js';

/*
 * One constructor per data-point and metric shape, used by both decoders: a point
 * always has the same own keys for its metric type (an optional value left out is
 * present as undefined), so JSON and protobuf decodes of the same data are
 * deep-equal and every point of a type shares one hidden class.
 */

/** A gauge or sum point; `value` is undefined when the point carries neither as_double nor as_int. */
export function numberPoint(attributes: Attributes, startTimeUnixMs: number, timeUnixMs: number, value: number | undefined): DataPoint {
  return { attributes, startTimeUnixMs, timeUnixMs, value };
}

/** An explicit-bucket histogram point; sum, min and max are undefined when absent (they are optional in OTLP). */
export function histogramPoint(
  attributes: Attributes, startTimeUnixMs: number, timeUnixMs: number, count: number,
  sum: number | undefined, min: number | undefined, max: number | undefined,
  bucketCounts: number[], explicitBounds: number[],
): DataPoint {
  return { attributes, startTimeUnixMs, timeUnixMs, count, sum, min, max, bucketCounts, explicitBounds };
}

/** An exponential-histogram point; absent bucket ranges are empty at offset 0. */
export function exponentialHistogramPoint(
  attributes: Attributes, startTimeUnixMs: number, timeUnixMs: number, count: number,
  sum: number | undefined, min: number | undefined, max: number | undefined,
  scale: number, zeroCount: number,
  positive: { readonly offset: number; readonly bucketCounts: number[] },
  negative: { readonly offset: number; readonly bucketCounts: number[] },
): DataPoint {
  return { attributes, startTimeUnixMs, timeUnixMs, count, sum, min, max, scale, zeroCount, positive, negative };
}

/** A summary point (its quantiles are not read: nothing downstream uses them). */
export function summaryPoint(attributes: Attributes, startTimeUnixMs: number, timeUnixMs: number, count: number, sum: number): DataPoint {
  return { attributes, startTimeUnixMs, timeUnixMs, count, sum };
}

/**
 * A metric: `isMonotonic` is set for sums only, `aggregationTemporality` for sums and
 * (exponential) histograms, as in OTLP.
 */
export function metric(
  name: string, description: string, unit: string, type: MetricType,
  aggregationTemporality: number, isMonotonic: boolean, dataPoints: DataPoint[],
): Metric {
  switch (type) {
    case 'sum':
      return { name, description, unit, type, aggregationTemporality, isMonotonic, dataPoints };
    case 'histogram':
    case 'exponentialHistogram':
      return { name, description, unit, type, aggregationTemporality, dataPoints };
    default:
      return { name, description, unit, type, dataPoints };
  }
}
