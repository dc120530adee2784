import type { NumericProfile } from './numeric-profile.js';

/** Values held before they go into the profile in one run. */
export const NUMERIC_ADD_BUFFER_SIZE = 128;

/**
 * Values on their way into a NumericProfile, added in runs: the same profile as adding
 * each value at once (same values, same order, so the same mean and variance to the
 * last bit), once `flush` has run.
 *
 * Why: the processor adds one value to each of a model's dozens of profiles per
 * span, and each add touches the profile's sketch buckets and bin counts at a place
 * that depends on the value. With a hundred profiles those are cache misses, about
 * as costly as the arithmetic (bench:ingest's profile). A run of values into one
 * profile finds its buckets already in cache.
 *
 * Numbers, null and undefined are held (null and undefined as NaN: the profile counts
 * all three as missing); any other value (a string, a bool) flushes and goes straight
 * to the profile, so the order is kept.
 */
export class NumericAddBuffer {
  readonly profile: NumericProfile;
  readonly #values = new Float64Array(NUMERIC_ADD_BUFFER_SIZE);
  #count = 0;

  constructor(profile: NumericProfile) {
    this.profile = profile;
  }

  add(value: unknown): void {
    let x: number;
    if (typeof value === 'number') x = value;
    else if (value === null || value === undefined) x = NaN;
    else {
      this.flush();
      this.profile.add(value);
      return;
    }
    this.#values[this.#count++] = x;
    if (this.#count === NUMERIC_ADD_BUFFER_SIZE) {
      this.profile.addAll(this.#values);
      this.#count = 0;
    }
  }

  /**
   * add(values[row]) for each row of from..to-1, in order: one call per column instead
   * of one per value (the window accumulator adds batches column by column).
   */
  addColumn(values: readonly unknown[], from: number, to: number): void {
    const held = this.#values;
    let count = this.#count;
    for (let row = from; row < to; row++) {
      const value = values[row];
      let x: number;
      if (typeof value === 'number') x = value;
      else if (value === null || value === undefined) x = NaN;
      else {
        this.#count = count;
        this.add(value);
        count = this.#count;
        continue;
      }
      held[count++] = x;
      if (count === NUMERIC_ADD_BUFFER_SIZE) {
        this.profile.addAll(held);
        count = 0;
      }
    }
    this.#count = count;
  }

  /**
   * add(values[row]) for each row of from..to-1, in order, for a column of numbers. A
   * run of at least a buffer's length goes to the profile as it is, after the values
   * held: the same values in the same order, without copying them.
   */
  addNumbers(values: Float64Array, from: number, to: number): void {
    if (to - from >= NUMERIC_ADD_BUFFER_SIZE) {
      this.flush();
      this.profile.addAll(from === 0 && to === values.length ? values : values.subarray(from, to));
      return;
    }
    const held = this.#values;
    let count = this.#count;
    for (let row = from; row < to; row++) {
      held[count++] = values[row];
      if (count === NUMERIC_ADD_BUFFER_SIZE) {
        this.profile.addAll(held);
        count = 0;
      }
    }
    this.#count = count;
  }

  /** add(null) `rows` times: a column the batch lacks. */
  addMissing(rows: number): void {
    for (let row = 0; row < rows; row++) {
      this.#values[this.#count++] = NaN;
      if (this.#count === NUMERIC_ADD_BUFFER_SIZE) {
        this.profile.addAll(this.#values);
        this.#count = 0;
      }
    }
  }

  /** Adds the values held to the profile. */
  flush(): void {
    if (this.#count === 0) return;
    this.profile.addAll(this.#values.subarray(0, this.#count));
    this.#count = 0;
  }
}
