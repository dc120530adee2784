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
  /** `ml.feature.value` (profiles mode): numeric feature values; an exponential histogram by the SDK's view. */
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

export function createInstruments(meter: Meter): Instruments {
  return {
    duration: meter.createHistogram('ml.inference.duration', {
      unit: 's',
      description: 'Duration of a model predict call.',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
    }),
    records: meter.createCounter('ml.inference.records', { unit: '{record}', description: 'Rows (records) predicted.' }),
    featureValue: meter.createHistogram('ml.feature.value', {
      description: 'Values of a numeric input feature (profiles mode: no raw value leaves the process).',
    }),
    featureCategory: meter.createCounter('ml.feature.category', {
      unit: '{record}',
      description: 'Rows per value of a categorical input feature (profiles mode).',
    }),
    featureMissing: meter.createCounter('ml.feature.missing', { unit: '{record}', description: 'Rows where an input feature was missing (profiles mode).' }),
    truncated: meter.createCounter('modelwatch.instrumentation.truncated_values', {
      unit: '{value}',
      description: 'String values cut to maxTextLength before leaving the process.',
    }),
    overflow: meter.createCounter('modelwatch.instrumentation.dropped_features', {
      unit: '{feature}',
      description: 'Features left out of a span past maxFeatures, or categories pooled past the cardinality cap.',
    }),
  };
}
