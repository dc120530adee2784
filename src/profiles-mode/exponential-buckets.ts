import type { DataPoint } from '../otlp/types.js';

/**
 * The counts of one OpenTelemetry base-2 exponential histogram point (or the
 * difference of two), by bucket index. At scale s the base is γ = 2^(2^-s), and
 * bucket i holds the magnitudes in (γ^i, γ^(i+1)]; negative values go by their
 * magnitude into `negative`, exact zeros into `zeroCount` (OpenTelemetry data model,
 * "ExponentialHistogram"). Maps, not dense arrays: a difference or a downscale touches
 * only the buckets that hold something.
 */
export interface ExponentialBuckets {
  readonly scale: number;
  readonly zeroCount: number;
  readonly positive: ReadonlyMap<number, number>;
  readonly negative: ReadonlyMap<number, number>;
}

/** The data model's scale range: finer than 20 no SDK makes, coarser than -10 spans all doubles already. */
export const MIN_SCALE = -10;
export const MAX_SCALE = 20;
/** Most buckets per sign a point may carry (the SDKs default to 160; this leaves room for other settings). */
export const MAX_POINT_BUCKETS = 16_384;

/**
 * The buckets of an exponential histogram data point as decoded (src/otlp), or why
 * they cannot be read: a scale out of range, a negative or fractional count, too many
 * buckets.
 */
export function bucketsOfPoint(point: DataPoint): ExponentialBuckets | string {
  const scale = point.scale ?? NaN;
  if (!(Number.isInteger(scale) && scale >= MIN_SCALE && scale <= MAX_SCALE)) return `scale ${scale} is not an integer in [${MIN_SCALE}, ${MAX_SCALE}]`;
  const zeroCount = point.zeroCount ?? 0;
  if (!isCount(zeroCount)) return `zero count ${zeroCount} is not a count`;
  const positive = rangeCounts(point.positive);
  if (typeof positive === 'string') return `positive ${positive}`;
  const negative = rangeCounts(point.negative);
  if (typeof negative === 'string') return `negative ${negative}`;
  return { scale, zeroCount, positive, negative };
}

function rangeCounts(range: { readonly offset: number; readonly bucketCounts: number[] } | undefined): Map<number, number> | string {
  const counts = new Map<number, number>();
  if (range === undefined) return counts;
  if (!Number.isInteger(range.offset)) return `offset ${range.offset} is not an integer`;
  if (range.bucketCounts.length > MAX_POINT_BUCKETS) return `buckets: ${range.bucketCounts.length}, more than ${MAX_POINT_BUCKETS}`;
  for (let i = 0; i < range.bucketCounts.length; i++) {
    const count = range.bucketCounts[i];
    if (!isCount(count)) return `bucket count ${count} is not a count`;
    if (count > 0) counts.set(range.offset + i, count);
  }
  return counts;
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Values held: zeros and both signs' buckets. */
export function bucketTotal(buckets: ExponentialBuckets): number {
  let total = buckets.zeroCount;
  for (const count of buckets.positive.values()) total += count;
  for (const count of buckets.negative.values()) total += count;
  return total;
}

/**
 * The same counts at a coarser (or equal) scale: each bucket goes into the one that
 * holds it at `scale`, index i becoming floor(i / 2^(s - scale)), as the SDKs
 * downscale (neighbouring buckets merged pairwise per step).
 */
export function downscaled(buckets: ExponentialBuckets, scale: number): ExponentialBuckets {
  if (scale >= buckets.scale) return buckets;
  const shift = buckets.scale - scale;
  return { scale, zeroCount: buckets.zeroCount, positive: merged(buckets.positive, shift), negative: merged(buckets.negative, shift) };
}

function merged(counts: ReadonlyMap<number, number>, shift: number): Map<number, number> {
  const out = new Map<number, number>();
  // An arithmetic shift is floor(i / 2^shift) for negative indices too (they fit in 32 bits: |i| <= 1075 * 2^20).
  for (const [index, count] of counts) {
    const coarse = index >> shift;
    out.set(coarse, (out.get(coarse) ?? 0) + count);
  }
  return out;
}

/**
 * `later - earlier`, both at the coarser of their scales: the values a cumulative
 * series took between two points. Undefined when a bucket would go negative (the
 * series was reset).
 */
export function difference(later: ExponentialBuckets, earlier: ExponentialBuckets): ExponentialBuckets | undefined {
  const scale = Math.min(later.scale, earlier.scale);
  const a = downscaled(later, scale);
  const b = downscaled(earlier, scale);
  const zeroCount = a.zeroCount - b.zeroCount;
  const positive = subtracted(a.positive, b.positive);
  const negative = subtracted(a.negative, b.negative);
  if (zeroCount < 0 || positive === undefined || negative === undefined) return undefined;
  return { scale, zeroCount, positive, negative };
}

function subtracted(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> | undefined {
  const out = new Map<number, number>();
  for (const [index, count] of b) if ((a.get(index) ?? 0) < count) return undefined;
  for (const [index, count] of a) {
    const left = count - (b.get(index) ?? 0);
    if (left > 0) out.set(index, left);
  }
  return out;
}

/**
 * The magnitude that stands for every value of bucket `index` at `scale`: the
 * harmonic mean of the bucket's ends, 2γ^(i+1)/(1+γ), the point whose largest relative
 * distance to any value of (γ^i, γ^(i+1)] is smallest (DDSketch's choice: Masson,
 * Rim & Lee, VLDB 2019). Computed in the exponent, so neither γ nor γ^(i+1) overflows
 * at coarse scales: log2 = i·w + 1 − log2(1 + 2^−w), w = 2^−scale.
 */
export function bucketRepresentative(index: number, scale: number): number {
  const w = 2 ** -scale;
  const value = 2 ** (index * w + 1 - Math.log2(1 + 2 ** -w));
  return value > Number.MAX_VALUE ? Number.MAX_VALUE : value;
}

/**
 * The largest relative distance between a value and its bucket's representative at
 * `scale`: (γ − 1)/(γ + 1) = tanh(w·ln2/2), w = 2^−scale; about half the bucket's
 * relative width γ − 1. Scale 5 (a feature spanning a factor of 2^5 in 160 buckets):
 * 1.08%. Zero is exact.
 */
export function representativeError(scale: number): number {
  return Math.tanh((2 ** -scale * Math.LN2) / 2);
}
