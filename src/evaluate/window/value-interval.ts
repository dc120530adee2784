import type { SerializedQuantileSketch } from '../../profile/quantile-sketch.js';

/**
 * A run of values known only by their count and the interval that holds them. An
 * end marked open is excluded (a bin (a, b] is open below); ±Infinity ends are open.
 */
export interface ValueInterval {
  lo: number;
  hi: number;
  lowerOpen: boolean;
  upperOpen: boolean;
  count: number;
}

/**
 * The profile's exact bins as intervals, ascending: with edges e, bin 0 is
 * (-Infinity, e[0]], bin k is (e[k-1], e[k]], the last (e[last], +Infinity).
 * Without edges, one bin holds every value.
 */
export function binIntervals(edges: Float64Array | undefined, counts: Float64Array | undefined, valueCount: number): ValueInterval[] {
  if (edges === undefined || counts === undefined) {
    return [{ lo: -Infinity, hi: Infinity, lowerOpen: true, upperOpen: true, count: valueCount }];
  }
  const out: ValueInterval[] = [];
  for (let k = 0; k <= edges.length; k++) {
    out.push({
      lo: k === 0 ? -Infinity : edges[k - 1],
      hi: k === edges.length ? Infinity : edges[k],
      lowerOpen: true,
      upperOpen: k === edges.length,
      count: counts[k],
    });
  }
  return out;
}

/**
 * A quantile sketch's buckets as intervals, ascending. A positive bucket with key k
 * holds (γ^(k-1), γ^k] with γ = (1 + α) / (1 - α) (src/profile/quantile-sketch.ts);
 * a negative one holds the negatives of that, [-γ^k, -γ^(k-1)); zeros are [0, 0]. A
 * collapsed store's lowest bucket also holds every smaller magnitude, down to 0.
 * The ends are computed in floating point, so a value within an ulp of an end may
 * sit in the neighbouring bucket: callers treat the ends as hints and clamp.
 */
export function sketchIntervals(sketch: SerializedQuantileSketch): ValueInterval[] {
  const alpha = sketch.relativeAccuracy;
  const lnGamma = Math.log1p((2 * alpha) / (1 - alpha));
  const bound = (key: number): number => Math.exp(key * lnGamma);
  const out: ValueInterval[] = [];
  const neg = sketch.negative;
  for (let i = neg.counts.length - 1; i >= 0; i--) {
    const count = neg.counts[i];
    if (count === 0) continue;
    const key = neg.offset + i;
    const collapsed = neg.collapsedKey !== null && key <= neg.collapsedKey;
    out.push({ lo: -bound(key), hi: collapsed ? 0 : -bound(key - 1), lowerOpen: false, upperOpen: true, count });
  }
  if (sketch.zeroCount > 0) out.push({ lo: 0, hi: 0, lowerOpen: false, upperOpen: false, count: sketch.zeroCount });
  const pos = sketch.positive;
  for (let i = 0; i < pos.counts.length; i++) {
    const count = pos.counts[i];
    if (count === 0) continue;
    const key = pos.offset + i;
    const collapsed = pos.collapsedKey !== null && key <= pos.collapsedKey;
    out.push({ lo: collapsed ? 0 : bound(key - 1), hi: bound(key), lowerOpen: true, upperOpen: false, count });
  }
  return out;
}

/** The intersection of two intervals (count left to the caller), or null if it is empty. */
export function intersect(a: ValueInterval, b: ValueInterval): ValueInterval | null {
  let lo = a.lo;
  let lowerOpen = a.lowerOpen;
  if (b.lo > lo || (b.lo === lo && b.lowerOpen)) {
    lowerOpen = b.lo === lo ? lowerOpen || b.lowerOpen : b.lowerOpen;
    lo = b.lo;
  }
  let hi = a.hi;
  let upperOpen = a.upperOpen;
  if (b.hi < hi || (b.hi === hi && b.upperOpen)) {
    upperOpen = b.hi === hi ? upperOpen || b.upperOpen : b.upperOpen;
    hi = b.hi;
  }
  if (lo > hi || (lo === hi && (lowerOpen || upperOpen))) return null;
  return { lo, hi, lowerOpen, upperOpen, count: 0 };
}
