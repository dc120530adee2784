import { bucketTotal, difference, type ExponentialBuckets } from './exponential-buckets.js';

/** OTLP's AggregationTemporality: 1 delta; cumulative otherwise (2, or 0 unspecified, read as the safer of the two). */
export const DELTA = 1;

/** Series remembered at most (replicas × features × categories); the least recently updated go first. */
export const DEFAULT_MAX_SERIES = 50_000;

export interface SeriesIncrementsOptions {
  /** @default DEFAULT_MAX_SERIES */
  readonly maxSeries?: number;
  /**
   * When the tracker started (Unix ms). A cumulative series first seen with a start
   * time before it began before modelwatch was listening (or before a restart): its
   * first point is only the baseline, as the Collector's `cumulativetodelta`
   * processor does with `initial_value: auto`. A series that started later counts
   * from its first point. @default Date.now() at construction
   */
  readonly startedUnixMs?: number;
}

interface Last<T> {
  readonly startUnixMs: number;
  readonly value: T;
}

/** Exponential buckets as JSON holds them: the maps as [index, count] pairs. */
interface SavedBuckets {
  readonly scale: number;
  readonly zeroCount: number;
  readonly positive: readonly (readonly [number, number])[];
  readonly negative: readonly (readonly [number, number])[];
}

/**
 * What SeriesIncrements needs to go on after a restart as if it had not stopped: each
 * series' last cumulative point (least recently updated first), and when it started
 * listening. Without the points, a replica's next cumulative point after a restart
 * would be taken as a baseline and what it added since its previous one lost; without
 * the start, a series that began while modelwatch listened would count its first
 * point differently when replayed than it did live.
 */
export interface SeriesIncrementsSnapshot {
  readonly startedUnixMs: number;
  readonly resets: number;
  readonly series: readonly (readonly [key: string, startUnixMs: number, value: number | SavedBuckets])[];
}

/**
 * Turns the points of many series (a replica's counter or histogram for one
 * attribute set) into what each added since its previous point. Delta points are
 * taken as they are. For cumulative ones the previous point is remembered, and a
 * reset — the start time changed, or a count went down (a restarted process that
 * kept its start time) — makes the new point the increment in full: everything it
 * holds came after the reset.
 */
export class SeriesIncrements {
  readonly #last = new Map<string, Last<number | ExponentialBuckets>>();
  readonly #maxSeries: number;
  #startedUnixMs: number;
  /** Cumulative series seen to restart (for a test, and a diagnostic). */
  resets = 0;

  constructor(options: SeriesIncrementsOptions = {}) {
    this.#maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    this.#startedUnixMs = options.startedUnixMs ?? Date.now();
  }

  /** Series remembered now. */
  get size(): number {
    return this.#last.size;
  }

  /** The state to restore after a restart (see SeriesIncrementsSnapshot). */
  snapshot(): SeriesIncrementsSnapshot {
    const series: [string, number, number | SavedBuckets][] = [];
    for (const [key, { startUnixMs, value }] of this.#last) {
      series.push([key, startUnixMs, typeof value === 'number' ? value
        : { scale: value.scale, zeroCount: value.zeroCount, positive: [...value.positive], negative: [...value.negative] }]);
    }
    return { startedUnixMs: this.#startedUnixMs, resets: this.resets, series };
  }

  /** Replaces the state with a snapshot's (taken by this class, so trusted). */
  restore(saved: SeriesIncrementsSnapshot): void {
    this.#startedUnixMs = saved.startedUnixMs;
    this.resets = saved.resets;
    this.#last.clear();
    for (const [key, startUnixMs, value] of saved.series) {
      this.#remember(key, startUnixMs, typeof value === 'number' ? value
        : { scale: value.scale, zeroCount: value.zeroCount, positive: new Map(value.positive), negative: new Map(value.negative) });
    }
  }

  /** What a monotonic sum's point adds (0 for a baseline or a repeat). */
  sum(key: string, startUnixMs: number, value: number, temporality: number): number {
    if (temporality === DELTA) return value;
    startUnixMs = toWholeMs(startUnixMs);
    const last = this.#remember(key, startUnixMs, value) as Last<number> | undefined;
    if (last === undefined) return this.#firstCounts(startUnixMs) ? value : 0;
    if (last.startUnixMs !== startUnixMs || value < last.value) {
      this.resets++;
      return value;
    }
    return value - last.value;
  }

  /** What an exponential histogram's point adds; undefined when nothing (a baseline). */
  histogram(key: string, startUnixMs: number, buckets: ExponentialBuckets, temporality: number): ExponentialBuckets | undefined {
    if (temporality === DELTA) return buckets;
    startUnixMs = toWholeMs(startUnixMs);
    const last = this.#remember(key, startUnixMs, buckets) as Last<ExponentialBuckets> | undefined;
    if (last === undefined) return this.#firstCounts(startUnixMs) ? buckets : undefined;
    const added = last.startUnixMs === startUnixMs ? difference(buckets, last.value) : undefined;
    if (added === undefined) {
      this.resets++;
      return buckets;
    }
    return bucketTotal(added) === 0 ? undefined : added;
  }

  #firstCounts(startUnixMs: number): boolean {
    return startUnixMs > 0 && startUnixMs >= this.#startedUnixMs;
  }

  /** Keeps `value` as the series' last point, most recent last in the map's order; returns the one it replaces. */
  #remember(key: string, startUnixMs: number, value: number | ExponentialBuckets): Last<number | ExponentialBuckets> | undefined {
    const last = this.#last.get(key);
    if (last !== undefined) this.#last.delete(key);
    this.#last.set(key, { startUnixMs, value });
    if (this.#last.size > this.#maxSeries) this.#last.delete(this.#last.keys().next().value!);
    return last;
  }
}

/**
 * A start time to the millisecond: a restart moves it by far more, and the same
 * nanoseconds come out of the protobuf decoder a few tenths of a microsecond off the
 * JSON decoder's value (float arithmetic), which compared exactly would read as a reset
 * when a replica's points arrive both ways (or its journalled ones are replayed).
 */
function toWholeMs(unixMs: number): number {
  return Math.round(unixMs);
}
