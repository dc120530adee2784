import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import { ExponentialHistogram } from './exponential-histogram.js';

/**
 * Instruments that aggregate in this process, with the Metrics API's shape, so the
 * recorders call them exactly as they call the SDK's. What makes them cheap: a series
 * is found by the identity of the attributes object (the recorders build each one once
 * and never change it), and only a new object's content is turned into a key. The SDK
 * hashes the attributes on every call instead.
 */

/** One metric's series, by attributes. Attribute objects are treated as immutable once passed. */
export class SeriesTable<S> {
  readonly #byObject = new WeakMap<Attributes, S>();
  readonly #byContent = new Map<string, Series<S>>();
  readonly #create: () => S;

  constructor(create: () => S) {
    this.#create = create;
  }

  get(attributes: Attributes): S {
    const known = this.#byObject.get(attributes);
    if (known !== undefined) return known;
    const key = contentKey(attributes);
    let series = this.#byContent.get(key);
    if (series === undefined) {
      series = { attributes: { ...attributes }, startTime: Date.now(), state: this.#create() };
      this.#byContent.set(key, series);
    }
    this.#byObject.set(attributes, series.state);
    return series.state;
  }

  series(): IterableIterator<Series<S>> {
    return this.#byContent.values();
  }
}

/** A series: its attributes (a copy), when it began (ms since the epoch), and its running state. */
export interface Series<S> {
  readonly attributes: Attributes;
  readonly startTime: number;
  readonly state: S;
}

/** The same key for the same attributes in any key order. */
function contentKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** A monotonic sum: negative increments are ignored, as the API's Counter documents. */
export class AggregatedCounter implements Counter {
  readonly table = new SeriesTable(() => ({ value: 0 }));

  add(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    if (!(value >= 0) || value === Infinity) return;
    this.table.get(attributes).value += value;
  }
}

/** Explicit-bucket histogram state: counts[i] holds values in (boundaries[i-1], boundaries[i]], the last bucket the rest. */
export interface BucketCounts {
  readonly counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

export class AggregatedHistogram implements Histogram {
  readonly boundaries: readonly number[];
  readonly table: SeriesTable<BucketCounts>;

  constructor(boundaries: readonly number[]) {
    this.boundaries = boundaries;
    this.table = new SeriesTable(() => ({ counts: new Array<number>(boundaries.length + 1).fill(0), count: 0, sum: 0, min: Infinity, max: -Infinity }));
  }

  record(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    if (!Number.isFinite(value)) return;
    const state = this.table.get(attributes);
    const boundaries = this.boundaries;
    let bucket = 0;
    while (bucket < boundaries.length && value > boundaries[bucket]) bucket++;
    state.counts[bucket]++;
    state.count++;
    state.sum += value;
    if (value < state.min) state.min = value;
    if (value > state.max) state.max = value;
  }
}

/** Something that takes a column's values one at a time. */
export interface ValueSink {
  record(value: number): void;
}

/**
 * Where one series' values go: straight into its running state when aggregated here
 * (the series looked up once per column, not once per value), else one API call each.
 */
export function seriesSink(histogram: Histogram, attributes: Attributes): ValueSink {
  if (histogram instanceof AggregatedExponentialHistogram) return histogram.table.get(attributes);
  return { record: (value) => histogram.record(value, attributes) };
}

/** Base-2 exponential buckets, negative values included (the API's own histogram drops them). */
export class AggregatedExponentialHistogram implements Histogram {
  readonly table = new SeriesTable(() => new ExponentialHistogram());

  record(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    if (!Number.isFinite(value)) return;
    this.table.get(attributes).record(value);
  }
}
