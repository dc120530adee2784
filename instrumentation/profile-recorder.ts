import type { Attributes } from '@opentelemetry/api';
import type { CapturePolicy } from './capture-policy.js';
import type { Instruments } from './instruments.js';
import type { CellValue, ObservedInference } from './observed-inference.js';

/** Distinct values of one categorical feature counted one by one; the rest pool as OVERFLOW. */
export const MAX_CATEGORIES = 100;
/** The pooled category, as the processor names a profile's overflow (CONVENTIONS.md §3). */
export const OVERFLOW = '__other__';

/**
 * Profiles mode (CONVENTIONS.md §3): each captured input feature, and the predictions,
 * recorded as metrics in the app's SDK, which aggregates them, so no raw value leaves
 * the process: numbers into `ml.feature.value`, other values into
 * `ml.feature.category` (at most MAX_CATEGORIES values per feature, the rest as
 * `__other__`, so cardinality stays bounded), missing ones into `ml.feature.missing`.
 * Sensitive features are hashed or dropped as in spans mode.
 */
export class ProfileRecorder {
  readonly #instruments: Instruments;
  /** Categories seen per model and feature. */
  readonly #categories = new Map<string, Set<string>>();

  constructor(instruments: Instruments) {
    this.#instruments = instruments;
  }

  record(model: { name: string; version?: string }, policy: CapturePolicy, observed: ObservedInference): void {
    const base: Attributes = { 'ml.model.name': model.name };
    if (model.version !== undefined) base['ml.model.version'] = model.version;
    const counts = { truncated: 0, overflow: 0 };
    let recorded = 0;
    for (const [name, values] of observed.features) {
      const treatment = policy.treatmentOf(name);
      if (treatment === 'drop') continue;
      if (recorded === policy.maxFeatures) {
        counts.overflow++;
        continue;
      }
      recorded++;
      this.#recordColumn(base, name, policy.values(values, treatment, counts), treatment === 'hash', counts);
    }
    if (observed.predictions !== undefined) {
      this.#recordColumn(base, 'ml.prediction', policy.values(observed.predictions, 'send', counts), false, counts);
    }
    if (counts.truncated > 0) this.#instruments.truncated.add(counts.truncated, base);
    if (counts.overflow > 0) this.#instruments.overflow.add(counts.overflow, base);
  }

  #recordColumn(base: Attributes, feature: string, values: readonly CellValue[], hashed: boolean, counts: { overflow: number }): void {
    const attributes = { ...base, 'ml.feature.name': feature };
    for (const value of values) {
      if (value === null) this.#instruments.featureMissing.add(1, attributes);
      else if (typeof value === 'number' && !hashed) this.#instruments.featureValue.record(value, attributes);
      else this.#instruments.featureCategory.add(1, { ...attributes, 'ml.feature.value': this.#category(base, feature, String(value), counts) });
    }
  }

  #category(base: Attributes, feature: string, value: string, counts: { overflow: number }): string {
    const key = `${base['ml.model.name']}\u0000${base['ml.model.version'] ?? ''}\u0000${feature}`;
    let seen = this.#categories.get(key);
    if (seen === undefined) this.#categories.set(key, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size < MAX_CATEGORIES) {
      seen.add(value);
      return value;
    }
    counts.overflow++;
    return OVERFLOW;
  }
}
