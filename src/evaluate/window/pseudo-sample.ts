import type { NumericProfile } from '../../profile/numeric-profile.js';
import { binIntervals, intersect, sketchIntervals, type ValueInterval } from './value-interval.js';

/**
 * The finest intervals a numeric profile knows its values' counts in, ascending:
 * what is exact in a profile is the count in every bin (between consecutive edges),
 * the count in every bucket of its quantile sketch, and min and max. Bins and
 * buckets are both intervals, so walking both in rank order assigns every rank to
 * the intersection of its bin and its bucket: a piece, with the count of ranks in it.
 */
export function profilePieces(profile: NumericProfile): ValueInterval[] {
  const n = profile.valueCount;
  if (n === 0) return [];
  const range: ValueInterval = { lo: profile.min, hi: profile.max, lowerOpen: false, upperOpen: false, count: n };
  const bins = binIntervals(profile.edges, profile.binCounts, n);
  const buckets = sketchIntervals(profile.serialize().sketch);
  const pieces: ValueInterval[] = [];
  let b = 0;
  let k = 0;
  let binLeft = bins[0].count;
  let bucketLeft = buckets.length > 0 ? buckets[0].count : 0;
  while (b < bins.length && k < buckets.length) {
    if (binLeft === 0) {
      binLeft = ++b < bins.length ? bins[b].count : 0;
      continue;
    }
    if (bucketLeft === 0) {
      bucketLeft = ++k < buckets.length ? buckets[k].count : 0;
      continue;
    }
    const count = Math.min(binLeft, bucketLeft);
    // Bins and buckets count the same values, so their intersection holds these ranks;
    // a rounding disagreement at a bucket end can only leave the bin to trust.
    const piece = clamp(intersect(bins[b], buckets[k]), bins[b], range);
    pieces.push({ ...piece, count });
    binLeft -= count;
    bucketLeft -= count;
  }
  return pieces;
}

/**
 * Sorted values that a numeric profile could have come from: what KS and Wasserstein
 * are computed on when the raw values are gone. Each piece's values (see
 * profilePieces) are placed inside it at the quantiles of the `guide` (the
 * reference: a window like its reference then looks locally like it, ties included;
 * see placement), or evenly where the guide has no mass. The KS statistic read from
 * the result is exact at every bin edge and bucket boundary and may miss a
 * difference inside a piece; test/evaluate/window/streaming-agreement.test.ts
 * measures how much.
 *
 * @param profile the numeric profile (window or reference)
 * @param points how many values to return, at most profile.valueCount. Fewer than
 *   valueCount gives the values at evenly spaced ranks, (j + 0.5) n / points, so a
 *   window of millions of records is judged from a bounded array.
 * @param guide values ascending that shape the placement inside each piece
 * @returns `points` values ascending (empty when the profile has no value)
 */
export function pseudoSample(profile: NumericProfile, points: number, guide?: Float64Array): Float64Array {
  const n = profile.valueCount;
  if (n === 0) return new Float64Array(0);
  const size = Math.min(Math.max(Math.floor(points), 1), n);
  const out = new Float64Array(size);
  const rankOf = (j: number): number => (size === n ? j : Math.floor(((j + 0.5) * n) / size));
  let j = 0;
  let start = 0;
  for (const piece of profilePieces(profile)) {
    const place = placement(piece, piece.count, guide);
    while (j < size && rankOf(j) < start + piece.count) {
      out[j] = place(rankOf(j) - start);
      j++;
    }
    start += piece.count;
  }
  // Ranks past a disagreement between bins and sketch (a corrupt profile) sit at max.
  for (; j < size; j++) out[j] = profile.max;
  if (rankOf(0) === 0) out[0] = profile.min;
  if (rankOf(size - 1) === n - 1) out[size - 1] = profile.max;
  for (let i = 1; i < size; i++) if (out[i] < out[i - 1]) out[i] = out[i - 1];
  return out;
}

/**
 * `sorted` with the values inside each of `pieces` spread evenly over it, as
 * pseudoSample spreads a profile's own values without a guide; values outside every
 * piece are kept. A window compared with a reference known only by its profile is
 * first seen at the reference's resolution this way: both sides are then smoothed
 * inside the same pieces, and KS and Wasserstein see only the differences the
 * reference can resolve, not the reference's smoothing itself.
 *
 * @param pieces ascending, disjoint (a profile's pieces)
 * @param sorted values ascending
 * @returns a new array, ascending
 */
export function smearedSample(pieces: readonly ValueInterval[], sorted: Float64Array): Float64Array {
  const out = sorted.slice();
  let i = 0;
  for (const piece of pieces) {
    while (i < out.length && below(out[i], piece)) i++;
    let end = i;
    while (end < out.length && !above(out[end], piece)) end++;
    const place = placement(piece, end - i, undefined);
    for (let t = 0; t < end - i; t++) out[i + t] = place(t);
    i = end;
  }
  return out;
}

function below(x: number, piece: ValueInterval): boolean {
  return x < piece.lo || (x === piece.lo && piece.lowerOpen);
}

function above(x: number, piece: ValueInterval): boolean {
  return x > piece.hi || (x === piece.hi && piece.upperOpen);
}

function clamp(piece: ValueInterval | null, bin: ValueInterval, range: ValueInterval): ValueInterval {
  return (piece === null ? null : intersect(piece, range)) ?? intersect(bin, range) ?? range;
}

/**
 * Where the t-th of `count` values in `piece` goes (t = 0..count-1): evenly spaced in
 * the guide's continuous CDF over the piece (the inverse of numpy's linear quantile,
 * which climbs linearly between consecutive distinct guide values and jumps at ties),
 * so values follow the guide's density without copying its atoms, except where the
 * guide itself has ties: a tied value takes its whole share. Where the guide has no
 * mass (outside its range), evenly spaced in value.
 */
function placement(piece: ValueInterval, count: number, guide: Float64Array | undefined): (t: number) => number {
  const { lo, hi } = piece;
  if (lo === hi) return () => lo;
  if (guide !== undefined && guide.length > 1) {
    const from = piece.lowerOpen ? rankAbove(guide, lo) : rankBelow(guide, lo);
    const to = piece.upperOpen ? rankBelow(guide, hi) : rankAbove(guide, hi);
    if (to > from) {
      return (t) => {
        const x = quantileAt(guide, from + ((t + 0.5) / count) * (to - from));
        return x < lo ? lo : x > hi ? hi : x;
      };
    }
  }
  return (t) => lo + ((t + 0.5) / count) * (hi - lo);
}

/** numpy's linear quantile at fractional rank h in [0, n - 1]. */
function quantileAt(sorted: Float64Array, h: number): number {
  const i = Math.floor(h);
  const x = sorted[i];
  return i + 1 < sorted.length ? x + (h - i) * (sorted[i + 1] - x) : x;
}

/** Fractional rank where the guide's continuous CDF reaches x from below (before a tie at x). */
function rankBelow(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  if (!(x > sorted[0])) return 0;
  if (x > sorted[n - 1]) return n - 1;
  const i = lowerBound(sorted, x);
  if (sorted[i] === x) return i;
  return i - 1 + (x - sorted[i - 1]) / (sorted[i] - sorted[i - 1]);
}

/** Fractional rank where the guide's continuous CDF leaves x (after a tie at x). */
function rankAbove(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  if (x < sorted[0]) return 0;
  if (!(x < sorted[n - 1])) return n - 1;
  const i = upperBound(sorted, x) - 1;
  return i + (x - sorted[i]) / (sorted[i + 1] - sorted[i]);
}

/** First index whose value is >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
