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

/** One series of a monotonic sum: negative or non-finite increments are ignored, as the API's Counter documents. */
export class SumSeries implements CountSink {
  value = 0;

  add(increment: number): void {
    if (increment >= 0 && increment !== Infinity) this.value += increment;
  }
}

export class AggregatedCounter implements Counter {
  readonly table = new SeriesTable(() => new SumSeries());

  add(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    this.table.get(attributes).add(value);
  }
}

/** One series of an explicit-bucket histogram: counts[i] holds values in (boundaries[i-1], boundaries[i]], the last bucket the rest. */
export class BucketSeries implements ValueSink {
  readonly boundaries: readonly number[];
  readonly counts: number[];
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(boundaries: readonly number[]) {
    this.boundaries = boundaries;
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  record(value: number): void {
    if (!Number.isFinite(value)) return;
    const boundaries = this.boundaries;
    let bucket = 0;
    while (bucket < boundaries.length && value > boundaries[bucket]) bucket++;
    this.counts[bucket]++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}

export class AggregatedHistogram implements Histogram {
  readonly boundaries: readonly number[];
  readonly table: SeriesTable<BucketSeries>;

  constructor(boundaries: readonly number[]) {
    this.boundaries = boundaries;
    this.table = new SeriesTable(() => new BucketSeries(boundaries));
  }

  record(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    this.table.get(attributes).record(value);
  }
}

/** One series of a histogram, its attributes bound. */
export interface ValueSink {
  record(value: number): void;
}

/** One series of a counter, its attributes bound. */
export interface CountSink {
  add(increment: number): void;
}

/**
 * One series of a histogram to record into many times: its running state itself when
 * aggregated here (found once, not once per value), else a call through the API each.
 */
export function histogramSeries(histogram: Histogram, attributes: Attributes): ValueSink {
  if (histogram instanceof AggregatedExponentialHistogram || histogram instanceof AggregatedHistogram) return histogram.table.get(attributes);
  return { record: (value) => histogram.record(value, attributes) };
}

/** The same for a counter. */
export function counterSeries(counter: Counter, attributes: Attributes): CountSink {
  if (counter instanceof AggregatedCounter) return counter.table.get(attributes);
  return { add: (increment) => counter.add(increment, attributes) };
}

/** Base-2 exponential buckets, negative values included (the API's own histogram drops them). */
export class AggregatedExponentialHistogram implements Histogram {
  readonly table = new SeriesTable(() => new ExponentialHistogram());

  record(value: number, attributes: Attributes = NO_ATTRIBUTES): void {
    this.table.get(attributes).record(value);
  }
}
