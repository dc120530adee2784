import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality, type CollectionResult, type DataPoint, DataPointType, type MetricData, type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import {
  AggregatedCounter, AggregatedExponentialHistogram, AggregatedHistogram, type Series, type SeriesTable,
} from './aggregated-instruments.js';
import { DURATION_BUCKETS_SECONDS, INSTRUMENT_DESCRIPTORS, type InstrumentDescriptor, type Instruments } from './instruments.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './version.js';

type AnyAggregated = AggregatedCounter | AggregatedHistogram | AggregatedExponentialHistogram;

/**
 * The §3 metrics aggregated in this process and handed to a MetricReader as a
 * MetricProducer (`metricProducers: [producer]`): the reader adds them to what the
 * SDK collects, and its exporter sends them with the app's other metrics. Cheaper per
 * call than the Metrics API, and profiles mode keeps negative values.
 *
 * Temporality is cumulative, whatever the reader's exporter prefers: a producer is
 * not told its reader, cumulative is what Prometheus needs, and a Collector's
 * `cumulativetodelta` processor turns it into deltas where a backend wants those.
 */
export class InProcessMetrics implements MetricProducer {
  readonly instruments: Instruments;
  readonly #aggregated: Record<keyof Instruments, AnyAggregated>;

  constructor() {
    const aggregated = {} as Record<keyof Instruments, AnyAggregated>;
    for (const [key, { kind }] of Object.entries(INSTRUMENT_DESCRIPTORS)) {
      aggregated[key as keyof Instruments] = kind === 'counter'
        ? new AggregatedCounter()
        : kind === 'histogram' ? new AggregatedHistogram(DURATION_BUCKETS_SECONDS) : new AggregatedExponentialHistogram();
    }
    this.#aggregated = aggregated;
    this.instruments = aggregated as unknown as Instruments;
  }

  async collect(): Promise<CollectionResult> {
    const endTime = millisToHrTime(Date.now());
    const metrics: MetricData[] = [];
    for (const [key, instrument] of Object.entries(this.#aggregated)) {
      const data = metricData(INSTRUMENT_DESCRIPTORS[key as keyof Instruments], instrument, endTime);
      if (data.dataPoints.length > 0) metrics.push(data);
    }
    return {
      // The reader keeps the SDK's resource and takes only the scope metrics from a producer.
      resourceMetrics: { resource: resourceFromAttributes({}), scopeMetrics: [{ scope: { name: INSTRUMENTATION_NAME, version: INSTRUMENTATION_VERSION }, metrics }] },
      errors: [],
    };
  }
}

function metricData(descriptor: InstrumentDescriptor, instrument: AnyAggregated, endTime: HrTime): MetricData {
  const base = {
    descriptor: { name: descriptor.name, unit: descriptor.unit, description: descriptor.description, valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
  };
  if (instrument instanceof AggregatedCounter) {
    return { ...base, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints: points(instrument.table, endTime, (s) => s.value) };
  }
  if (instrument instanceof AggregatedHistogram) {
    const boundaries = [...instrument.boundaries];
    return {
      ...base,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: points(instrument.table, endTime, (s) => ({ buckets: { boundaries, counts: [...s.counts] }, count: s.count, sum: s.sum, min: s.min, max: s.max })),
    };
  }
  return { ...base, dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM, dataPoints: points(instrument.table, endTime, (s) => s.value()) };
}

function points<S, V>(table: SeriesTable<S>, endTime: HrTime, value: (state: S) => V): DataPoint<V>[] {
  const out: DataPoint<V>[] = [];
  for (const series of table.series() as IterableIterator<Series<S>>) {
    out.push({ attributes: series.attributes as Attributes, startTime: millisToHrTime(series.startTime), endTime, value: value(series.state) });
  }
  return out;
}

let processMetrics: InProcessMetrics | undefined;

/**
 * The process's model metrics as a MetricProducer, for the app's MetricReader:
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [modelMetricsProducer()] })`.
 * From the first call on, every recorder without metrics of its own (instrumentModel's
 * default, ModelInstrumentation's) records the §3 metrics here instead of through the
 * Metrics API, so they reach only readers this producer was given to.
 * `node --import modelwatch/register` does this itself.
 */
export function modelMetricsProducer(): InProcessMetrics {
  processMetrics ??= new InProcessMetrics();
  return processMetrics;
}

/** The process's in-process metrics, once modelMetricsProducer handed them to a reader. */
export function processInstruments(): Instruments | undefined {
  return processMetrics?.instruments;
}
