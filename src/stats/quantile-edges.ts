/**
 * Bin edges for a numeric feature (CONVENTIONS.md §5): the reference quantiles q(i/B)
 * for i = 1..B-1, with duplicates removed.
 *
 * q(p) is numpy's default ("linear", Hyndman & Fan type 7) quantile: with n sorted
 * values x[0..n-1], the virtual index h = (n - 1) p is split into j = floor(h) and
 * g = h - j, and q(p) = x[j] + (x[j+1] - x[j]) g. Like numpy.quantile (1.24, the
 * oracle of the tests), the interpolation is written from the upper neighbour when
 * g >= 0.5, x[j+1] - (x[j+1] - x[j]) (1 - g), so that the same rounding happens and
 * the edges are bit-for-bit those of numpy.unique(numpy.quantile(sorted, [i/B ...])).
 *
 * A constant reference gives one edge, hence two bins; an empty reference gives no
 * edge (one bin).
 *
 * @param sorted reference sample: finite values, ascending (see sortedFinite)
 * @param bins B, the number of quantile bins before de-duplication; default 10
 * @returns strictly ascending edges, at most B - 1 of them
 * @throws RangeError if `bins` is not an integer >= 1
 * @example quantileEdges(Float64Array.of(1, 2, 3, 4, 5), 4) // => Float64Array [2, 3, 4]
 * @example quantileEdges(Float64Array.of(7, 7, 7))          // => Float64Array [7]
 */
export function quantileEdges(sorted: Float64Array, bins = 10): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`quantileEdges: bins must be an integer >= 1, got ${bins}`);
  }
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const raw = new Float64Array(bins - 1);
  for (let i = 1; i < bins; i++) {
    const h = (n - 1) * (i / bins);
    const j = Math.floor(h);
    if (j >= n - 1) {
      raw[i - 1] = sorted[n - 1];
      continue;
    }
    const g = h - j;
    const lo = sorted[j];
    const hi = sorted[j + 1];
    const diff = hi - lo;
    raw[i - 1] = g >= 0.5 ? hi - diff * (1 - g) : lo + diff * g;
  }
  // Sorting first mirrors numpy.unique; the quantiles of a sorted sample are already
  // ascending, so this costs nothing but a pass over B - 1 values.
  raw.sort();
  let m = 0;
  for (let i = 0; i < raw.length; i++) {
    if (m === 0 || raw[i] !== raw[m - 1]) raw[m++] = raw[i];
  }
  return raw.slice(0, m);
}
