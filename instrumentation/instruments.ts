import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/**
 * Seconds: from 100 µs (a small tabular model in process) to 10 s (a remote model
 * server or an LLM call). The SDK's default boundaries are meant for milliseconds.
 */
export const DURATION_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Every instrument the instrumentation records, created in one place (CONVENTIONS.md §3). */
export interface Instruments {
  /** `ml.inference.duration`: one per predict call. */
  readonly duration: Histogram;
  /** `ml.inference.records`: rows predicted. */
  readonly records: Counter;
  /** `ml.feature.value` (profiles mode): numeric feature values, an exponential histogram. */
  readonly featureValue: Histogram;
  /** `ml.feature.category` (profiles mode): categorical values, cardinality capped. */
  readonly featureCategory: Counter;
  /** `ml.feature.missing` (profiles mode). */
  readonly featureMissing: Counter;
  /** `modelwatch.instrumentation.truncated_values`: string values cut to maxTextLength. */
  readonly truncated: Counter;
  /** `modelwatch.instrumentation.dropped_features`: features past maxFeatures, or categories past the cap. */
  readonly overflow: Counter;
}

/** What an instrument is: the same whether the SDK aggregates it or modelwatch does (in-process-metrics.ts). */
export interface InstrumentDescriptor {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** `counter`: a monotonic sum; `histogram`: explicit buckets (DURATION_BUCKETS_SECONDS); `exponential`: base-2 exponential buckets. */
  readonly kind: 'counter' | 'histogram' | 'exponential';
}

export const INSTRUMENT_DESCRIPTORS: { readonly [K in keyof Instruments]: InstrumentDescriptor } = {
  duration: { name: 'ml.inference.duration', unit: 's', kind: 'histogram', description: 'Duration of a model predict call.' },
  records: { name: 'ml.inference.records', unit: '{record}', kind: 'counter', description: 'Rows (records) predicted.' },
  featureValue: {
    name: 'ml.feature.value', unit: '', kind: 'exponential',
    description: 'Values of a numeric input feature (profiles mode: no raw value leaves the process).',
  },
  featureCategory: {
    name: 'ml.feature.category', unit: '{record}', kind: 'counter',
    description: 'Rows per value of a categorical input feature (profiles mode).',
  },
  featureMissing: { name: 'ml.feature.missing', unit: '{record}', kind: 'counter', description: 'Rows where an input feature was missing (profiles mode).' },
  truncated: {
    name: 'modelwatch.instrumentation.truncated_values', unit: '{value}', kind: 'counter',
    description: 'String values cut to maxTextLength before leaving the process.',
  },
  overflow: {
    name: 'modelwatch.instrumentation.dropped_features', unit: '{feature}', kind: 'counter',
    description: 'Features left out of a span past maxFeatures, or categories pooled past the cardinality cap.',
  },
};

/**
 * The instruments on an OpenTelemetry Meter: the SDK aggregates them. `ml.feature.value`
 * is exponential only where a view says so (startModelwatch installs one), and the API's
 * histogram drops negative values: in-process-metrics.ts aggregates without either limit.
 */
export function createInstruments(meter: Meter): Instruments {
  const instruments = {} as Record<keyof Instruments, Counter | Histogram>;
  for (const [key, { name, unit, description, kind }] of Object.entries(INSTRUMENT_DESCRIPTORS)) {
    const options = { unit: unit === '' ? undefined : unit, description };
    instruments[key as keyof Instruments] = kind === 'counter'
      ? meter.createCounter(name, options)
      : meter.createHistogram(name, kind === 'histogram' ? { ...options, advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS } } : options);
  }
  return instruments as unknown as Instruments;
}
