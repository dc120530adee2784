import type { Attributes } from '@opentelemetry/api';
import { type CountSink, counterSeries, histogramSeries, type ValueSink } from './aggregated-instruments.js';
import { type CaptureCounts, type CapturePolicy, MAX_CACHED_FEATURES } from './capture-policy.js';
import type { Instruments } from './instruments.js';
import type { CellValue, ObservedInference } from './observed-inference.js';

/** Distinct values of one categorical feature counted one by one; the rest pool as OVERFLOW. */
export const MAX_CATEGORIES = 100;
/** The pooled category, as the processor names a profile's overflow (CONVENTIONS.md §3). */
export const OVERFLOW = '__other__';

/** A model as profiles are keyed: by name and version. */
type ProfiledModel = { name: string; version?: string };

/**
 * One feature's series: its attributes, built once (the SDK only reads them), and
 * its categories (shared by every recorder entry of the same model name and version).
 */
interface FeatureSeries {
  /** Model name/version and `ml.feature.name`: for `ml.feature.value` and `ml.feature.missing`. */
  readonly attributes: Attributes;
  /** Categories counted one by one, at most MAX_CATEGORIES. */
  readonly seen: Set<string>;
  /** `ml.feature.category` attributes per category (a seen one, or OVERFLOW): bounded as `seen` is. */
  readonly categories: Map<string, Attributes>;
  /** The series found for the instruments last recorded into (found again when they change: a producer handed out later). */
  bound: BoundSeries | undefined;
}

/** A feature's series in one set of instruments, each found once (made at its first use). */
interface BoundSeries {
  readonly instruments: Instruments;
  values: ValueSink | undefined;
  missing: CountSink | undefined;
  /** By category: bounded as FeatureSeries.categories is. */
  readonly categories: Map<string, CountSink>;
}

/** A model's series, by feature name (bounded as CapturePolicy's decisions are). */
interface ModelSeries {
  readonly base: Attributes;
  readonly features: Map<string, FeatureSeries>;
}

/**
 * Profiles mode (CONVENTIONS.md §3): each captured input feature, and the predictions,
 * recorded as metrics, aggregated in the process (by modelwatch's in-process metrics
 * when a reader has their producer, else by the app's SDK), so no raw value leaves
 * the process: numbers into `ml.feature.value`, other values into
 * `ml.feature.category` (at most MAX_CATEGORIES values per feature, the rest as
 * `__other__`, so cardinality stays bounded), missing ones into `ml.feature.missing`.
 * Sensitive features are hashed or dropped as in spans mode.
 *
 * Counts are added once per call and series (the rows of a value, the missing rows),
 * not once per row: the exported sums are the same, and the SDK's cost is per call
 * to it (it hashes the attributes every time). Numbers go one by one: the Metrics API
 * takes no pre-aggregated histogram (in process, a value costs a bucket increment).
 */
export class ProfileRecorder {
  /** Categories seen per model and feature. */
  readonly #categories = new Map<string, Set<string>>();
  /** Series per model options object (MonitoredModel's are frozen and live as long as the model). */
  readonly #models = new WeakMap<ProfiledModel, ModelSeries>();
  /** Rows per category in the column being recorded (reused: emptied after each column). */
  readonly #tally = new Map<string, number>();

  record(instruments: Instruments, model: ProfiledModel, policy: CapturePolicy, observed: ObservedInference): void {
    const series = this.#modelSeries(model);
    const counts: CaptureCounts = { truncated: 0, overflow: 0 };
    let recorded = 0;
    for (const [name, values] of observed.features) {
      const { treatment } = policy.featureOf(name);
      if (treatment === 'drop') continue;
      if (recorded === policy.maxFeatures) {
        counts.overflow++;
        continue;
      }
      recorded++;
      this.#recordColumn(instruments, model, series, name, values, treatment, policy, counts);
    }
    if (observed.predictions !== undefined) {
      this.#recordColumn(instruments, model, series, 'ml.prediction', observed.predictions, 'send', policy, counts);
    }
    if (counts.truncated > 0) instruments.truncated.add(counts.truncated, series.base);
    if (counts.overflow > 0) instruments.overflow.add(counts.overflow, series.base);
  }

  /** The column's values after the capture rules (`policy.value`), into the feature's series. */
  #recordColumn(
    instruments: Instruments, model: ProfiledModel, series: ModelSeries, feature: string, values: readonly CellValue[],
    treatment: 'send' | 'hash', policy: CapturePolicy, counts: CaptureCounts,
  ): void {
    const featureSeries = this.#featureSeries(model, series, feature);
    const bound = boundSeries(featureSeries, instruments);
    const tally = this.#tally;
    let missing = 0;
    try {
      for (let i = 0; i < values.length; i++) {
        const value = policy.value(values[i], treatment, counts);
        // NaN and ±Infinity are missing, as the processor counts them.
        if (value === null || (typeof value === 'number' && !Number.isFinite(value))) missing++;
        // Through the Metrics API (no producer), the SDK drops negative values; in process they are kept.
        else if (typeof value === 'number') (bound.values ??= histogramSeries(instruments.featureValue, featureSeries.attributes)).record(value); // (hashed values are text)
        else {
          const category = categoryOf(featureSeries.seen, String(value), counts);
          // One row needs no tally: its one value is one add.
          if (values.length === 1) categorySeries(bound, featureSeries, category).add(1);
          else tally.set(category, (tally.get(category) ?? 0) + 1);
        }
      }
      if (missing > 0) (bound.missing ??= counterSeries(instruments.featureMissing, featureSeries.attributes)).add(missing);
      if (tally.size > 0) {
        for (const [category, rows] of tally) categorySeries(bound, featureSeries, category).add(rows);
      }
    } finally {
      // (Emptying a map reallocates its table: a numeric column's tally stays untouched.)
      if (tally.size > 0) tally.clear();
    }
  }

  #modelSeries(model: ProfiledModel): ModelSeries {
    let series = this.#models.get(model);
    if (series === undefined) {
      const base: Attributes = { 'ml.model.name': model.name };
      if (model.version !== undefined) base['ml.model.version'] = model.version;
      series = { base, features: new Map() };
      this.#models.set(model, series);
    }
    return series;
  }

  #featureSeries(model: ProfiledModel, series: ModelSeries, feature: string): FeatureSeries {
    let featureSeries = series.features.get(feature);
    if (featureSeries === undefined) {
      const key = `${model.name}\u0000${model.version ?? ''}\u0000${feature}`;
      let seen = this.#categories.get(key);
      if (seen === undefined) this.#categories.set(key, (seen = new Set()));
      featureSeries = { attributes: { ...series.base, 'ml.feature.name': feature }, seen, categories: new Map(), bound: undefined };
      if (series.features.size < MAX_CACHED_FEATURES) series.features.set(feature, featureSeries);
    }
    return featureSeries;
  }
}

/** The value itself while the feature has fewer than MAX_CATEGORIES, else OVERFLOW (counted). */
function categoryOf(seen: Set<string>, value: string, counts: { overflow: number }): string {
  if (seen.has(value)) return value;
  if (seen.size < MAX_CATEGORIES) {
    seen.add(value);
    return value;
  }
  counts.overflow++;
  return OVERFLOW;
}

function boundSeries(featureSeries: FeatureSeries, instruments: Instruments): BoundSeries {
  // Every field from the start: objects of one shape keep the hot loop's property reads monomorphic.
  if (featureSeries.bound?.instruments !== instruments) featureSeries.bound = { instruments, values: undefined, missing: undefined, categories: new Map() };
  return featureSeries.bound;
}

function categorySeries(bound: BoundSeries, featureSeries: FeatureSeries, category: string): CountSink {
  let series = bound.categories.get(category);
  if (series === undefined) {
    series = counterSeries(bound.instruments.featureCategory, categoryAttributes(featureSeries, category));
    bound.categories.set(category, series);
  }
  return series;
}

function categoryAttributes(series: FeatureSeries, category: string): Attributes {
  let attributes = series.categories.get(category);
  if (attributes === undefined) {
    attributes = { ...series.attributes, 'ml.feature.value': category };
    series.categories.set(category, attributes);
  }
  return attributes;
}
