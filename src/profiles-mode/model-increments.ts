import { seededUniform } from '../evaluate/calibration/seeded-random.js';
import type { FeatureValue, InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import { PREDICTION } from '../model/output-features.js';
import { bucketRepresentative, bucketTotal, type ExponentialBuckets } from './exponential-buckets.js';

/** One feature's increments from the §3 metrics: numbers as buckets, other values by category, and missing ones. */
interface FeatureIncrements {
  readonly buckets: ExponentialBuckets[];
  readonly categories: Map<string, number>;
  missing: number;
}

/**
 * What one request's §3 profiles-mode metrics added for one model version, summed
 * over the replicas that sent them: `ml.inference.records`, and per feature the new
 * values of `ml.feature.value` (buckets), `ml.feature.category` and
 * `ml.feature.missing`.
 */
export class ModelIncrements {
  readonly key: ModelKey;
  records = 0;
  readonly #features = new Map<string, FeatureIncrements>();

  constructor(key: ModelKey) {
    this.key = key;
  }

  addValues(feature: string, buckets: ExponentialBuckets): void {
    this.#feature(feature).buckets.push(buckets);
  }

  addCategory(feature: string, category: string, count: number): void {
    const categories = this.#feature(feature).categories;
    categories.set(category, (categories.get(category) ?? 0) + count);
  }

  addMissing(feature: string, count: number): void {
    this.#feature(feature).missing += count;
  }

  #feature(name: string): FeatureIncrements {
    let feature = this.#features.get(name);
    if (feature === undefined) this.#features.set(name, (feature = { buckets: [], categories: new Map(), missing: 0 }));
    return feature;
  }

  /**
   * The increments as the rows span mode would have extracted, so the model version's
   * reference and windows take them as they take spans: each number as its bucket's
   * representative (see bucketRepresentative), each category as itself, missing as
   * null. Rows: `ml.inference.records`, or the most values any feature counted if more;
   * a feature with fewer is missing on the rest (span mode's rule for a feature a call
   * lacked). Each column is shuffled (seeded), so that where the first rows complete
   * the reference and the rest open the window, both get a random share of the
   * values and not the smallest ones.
   *
   * @returns undefined when nothing was added
   */
  toBatch(nowUnixMs: number, seed: number): InferenceBatch | undefined {
    let rows = this.records;
    for (const feature of this.#features.values()) rows = Math.max(rows, featureTotal(feature));
    if (rows === 0) return undefined;
    const uniform = seededUniform(seed);
    const features = new Map<string, FeatureValue[]>();
    let predictions: FeatureValue[] | undefined;
    for (const [name, increments] of this.#features) {
      const column = columnOf(increments, rows);
      shuffle(column, uniform);
      if (name === PREDICTION) predictions = column;
      else features.set(name, column);
    }
    return {
      model: this.key.model,
      version: this.key.version,
      task: '',
      rows,
      timeUnixMs: nowUnixMs,
      traceId: '',
      spanId: '',
      // No call made these rows: no id a label could be joined by.
      inferenceIds: new Array<string>(rows).fill(''),
      features,
      ...(predictions === undefined ? {} : { predictions }),
    };
  }
}

function featureTotal(feature: FeatureIncrements): number {
  let total = feature.missing;
  for (const buckets of feature.buckets) total += bucketTotal(buckets);
  for (const count of feature.categories.values()) total += count;
  return total;
}

/** The feature's values, then nulls up to `rows`. */
function columnOf(feature: FeatureIncrements, rows: number): FeatureValue[] {
  const column: FeatureValue[] = [];
  const repeat = (value: FeatureValue, count: number) => {
    for (let i = 0; i < count; i++) column.push(value);
  };
  for (const buckets of feature.buckets) {
    repeat(0, buckets.zeroCount);
    for (const [index, count] of buckets.positive) repeat(bucketRepresentative(index, buckets.scale), count);
    for (const [index, count] of buckets.negative) repeat(-bucketRepresentative(index, buckets.scale), count);
  }
  for (const [category, count] of feature.categories) repeat(category, count);
  repeat(null, rows - column.length);
  return column;
}

/** Fisher–Yates with the given uniforms in (0, 1). */
function shuffle<T>(items: T[], uniform: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
}
