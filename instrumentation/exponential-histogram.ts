/**
 * OpenTelemetry's base-2 exponential histogram, accumulated in process (profiles mode's
 * `ml.feature.value`). Written here rather than recorded through the Metrics API
 * because the API's histogram refuses negative values, and because the SDK hashes a
 * call's attributes on every value: a batch of 64 rows × 20 features is 1,280 calls.
 *
 * Bucket i at scale s holds the values in (2^(i/2^s), 2^((i+1)/2^s)]; negative values
 * go by their magnitude into the negative buckets, exact zeros into zeroCount. The
 * histogram starts at MAX_SCALE and lowers its scale (merging neighbouring buckets
 * pairwise per step) when a sign's buckets would span more than MAX_BUCKETS indices,
 * as the SDK's own exponential aggregation does with the same defaults, so both give
 * the same buckets for the same values (test/instrumentation/exponential-histogram.test.ts).
 */

/** The OpenTelemetry SDKs' default: the finest scale, relative error under 2^-20. */
export const MAX_SCALE = 20;
/** The OpenTelemetry SDKs' default bucket count per sign. */
export const MAX_BUCKETS = 160;

/** The data point value, as the SDK's ExponentialHistogram type has it. */
export interface ExponentialHistogramValue {
  count: number;
  sum: number;
  min: number;
  max: number;
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
}

export class ExponentialHistogram {
  #scale = MAX_SCALE;
  /** 2^scale, kept: a power with a variable exponent is a call on the hot path. */
  #scaleFactor = 2 ** MAX_SCALE;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;
  #zeroCount = 0;
  readonly #positive = new BucketRange();
  readonly #negative = new BucketRange();

  /** Adds one value; NaN and ±Infinity have no bucket and are left out (the recorders count them missing). */
  record(value: number): void {
    if (!Number.isFinite(value)) return;
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (value === 0) {
      this.#zeroCount++;
      return;
    }
    const range = value > 0 ? this.#positive : this.#negative;
    const magnitude = Math.abs(value);
    let index = bucketIndex(magnitude, this.#scale, this.#scaleFactor);
    if (range.incrementHeld(index)) return;
    const lower = range.lowerScaleToFit(index);
    if (lower > 0) {
      this.#positive.downscale(lower);
      this.#negative.downscale(lower);
      this.#scale -= lower;
      this.#scaleFactor = 2 ** this.#scale;
      index = bucketIndex(magnitude, this.#scale, this.#scaleFactor);
    }
    range.increment(index);
  }

  get count(): number {
    return this.#count;
  }

  /** The cumulative data point value (fresh arrays: the caller may keep them). */
  value(): ExponentialHistogramValue {
    return {
      count: this.#count,
      sum: this.#sum,
      min: this.#min,
      max: this.#max,
      scale: this.#scale,
      zeroCount: this.#zeroCount,
      positive: this.#positive.toBuckets(),
      negative: this.#negative.toBuckets(),
    };
  }
}

/** A double's bits as two 32-bit words (the high word second: V8 runs little-endian on every platform Node supports). */
const doubleBits = new Float64Array(1);
const wordsOfDouble = new Uint32Array(doubleBits.buffer);
/** The smallest positive normal double, 2^-1022: below it the exponent field is zero. */
const MIN_NORMAL = 2 ** -1022;

/**
 * The index of the bucket holding `magnitude` (> 0) at `scale`. As the specification
 * allows, subnormal values count as the smallest normal one, 2^-1022, and the largest
 * doubles, whose logarithm rounds up to 1024, stay in the last bucket.
 */
export function bucketIndex(magnitude: number, scale: number, scaleFactor = 2 ** scale): number {
  if (scale > 0 && magnitude >= MIN_NORMAL) {
    // The usual case: the logarithm, unless it lands exactly on a boundary (a power of
    // two is the upper end of its bucket, and only there can the bits decide better).
    const position = Math.log2(magnitude) * scaleFactor;
    const index = Math.floor(position);
    if (index !== position) return index < MAX_EXPONENT * scaleFactor ? index : MAX_EXPONENT * scaleFactor - 1;
  }
  const normal = magnitude < MIN_NORMAL ? MIN_NORMAL : magnitude;
  // floor(log2(normal)) from the bits, and whether normal is exactly that power of two.
  doubleBits[0] = normal;
  const high = wordsOfDouble[1];
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  if ((high & 0xfffff) === 0 && wordsOfDouble[0] === 0) return scale > 0 ? exponent * scaleFactor - 1 : (exponent - 1) >> -scale;
  // At scale <= 0 a bucket is 2^-scale whole binary exponents: exact from the bits.
  if (scale <= 0) return exponent >> -scale;
  return Math.min(Math.floor(Math.log2(normal) * scaleFactor), MAX_EXPONENT * scaleFactor - 1);
}

/** Doubles are below 2^1024. */
const MAX_EXPONENT = 1024;

/**
 * One sign's counts by bucket index, dense from `#low` (grown at either end as indices
 * arrive; never more than MAX_BUCKETS wide, since the histogram lowers its scale first).
 */
class BucketRange {
  #counts: number[] = [];
  #low = 0;

  /** How many scale steps make `index` fit beside the indices already held (0 when it fits). */
  lowerScaleToFit(index: number): number {
    if (this.#counts.length === 0) return 0;
    let low = Math.min(this.#low, index);
    let high = Math.max(this.#low + this.#counts.length - 1, index);
    let steps = 0;
    while (high - low + 1 > MAX_BUCKETS) {
      low = Math.floor(low / 2);
      high = Math.floor(high / 2);
      steps++;
    }
    return steps;
  }

  /** Counts `index` if its bucket is already held (the usual case, and the cheap one); false otherwise. */
  incrementHeld(index: number): boolean {
    const at = index - this.#low;
    if (at < 0 || at >= this.#counts.length) return false;
    this.#counts[at]++;
    return true;
  }

  increment(index: number): void {
    const counts = this.#counts;
    if (counts.length === 0) {
      this.#low = index;
      counts.push(1);
      return;
    }
    if (index < this.#low) {
      const grow = this.#low - index;
      counts.unshift(...new Array<number>(grow).fill(0));
      this.#low = index;
    } else if (index >= this.#low + counts.length) {
      while (counts.length < index - this.#low) counts.push(0);
      counts.push(0);
    }
    counts[index - this.#low]++;
  }

  /** Merges each run of 2^steps neighbouring buckets into one (the scale drops by `steps`). */
  downscale(steps: number): void {
    if (this.#counts.length === 0) return;
    const factor = 2 ** steps;
    const low = Math.floor(this.#low / factor);
    const merged: number[] = [];
    for (let i = 0; i < this.#counts.length; i++) {
      const at = Math.floor((this.#low + i) / factor) - low;
      merged[at] = (merged[at] ?? 0) + this.#counts[i];
    }
    this.#counts = merged;
    this.#low = low;
  }

  toBuckets(): { offset: number; bucketCounts: number[] } {
    return { offset: this.#counts.length === 0 ? 0 : this.#low, bucketCounts: [...this.#counts] };
  }
}
