import { nextDown } from './adjacent-double.js';

/** Hint cells of src/profile/bin-counts.ts between the first and last edge. */
const HINT_CELLS = 512;

/**
 * The bin edges of a numeric window profile: the §5 edges of the reference,
 * nextDown(min) and max, and those of the finer reference quantiles that lie at
 * least (max - min) / 512 above the edge below them.
 *
 * Why finer than §5: the window keeps no raw values, so KS and Wasserstein are read
 * from its profile. The profile counts values exactly between consecutive edges, so
 * with edges at the reference percentiles the window's empirical CDF is known
 * exactly at points spread like the data, whatever its offset (the quantile sketch
 * is relative to zero and so coarse on data far from it). Since every §5 edge is
 * among them, the §5 bin counts are sums of window bin counts, still exact (see
 * coarseBinOf). The outer edges make the counts below the reference minimum and
 * above its maximum exact too (the out-of-range values of the data-quality signal).
 *
 * Why the spacing: BinCounts finds a value's bin from a table of 512 equal cells
 * between the first and last edge, then scans; edges crowded into one cell (a
 * heavy-tailed reference, whose percentiles all sit near its minimum) would cost a
 * scan of dozens per value (measured: 6 M values/s instead of 34 M with 100 crowded
 * edges). Where the percentiles crowd, values are spread over many orders of
 * magnitude, which the relative-error sketch resolves well on its own.
 *
 * @param driftEdges the §5 edges of the reference (quantileEdges, B = 10)
 * @param quantiles finer reference quantiles, ascending
 * @param min smallest reference value
 * @param max largest reference value
 * @returns strictly ascending finite edges, driftEdges among them
 */
export function windowEdges(driftEdges: ArrayLike<number>, quantiles: ArrayLike<number>, min: number, max: number): Float64Array {
  const fixed: number[] = Array.from(driftEdges);
  const kept: number[] = [];
  if (Number.isFinite(min) && Number.isFinite(max)) {
    fixed.push(nextDown(min), max);
    fixed.sort((a, b) => a - b);
    const gap = (max - min) / HINT_CELLS;
    let below = -Infinity;
    let f = 0;
    for (let i = 0; i < quantiles.length; i++) {
      const q = quantiles[i];
      while (f < fixed.length && fixed[f] <= q) below = Math.max(below, fixed[f++]);
      if (q - below >= gap && q < max) {
        kept.push(q);
        below = q;
      }
    }
  }
  const all = [...fixed, ...kept].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of all) if (out.length === 0 || x !== out[out.length - 1]) out.push(x);
  return Float64Array.from(out);
}

/**
 * For each window bin, the §5 bin that contains it. Window bin k holds the values in
 * (e[k-1], e[k]]; every §5 edge is a window edge, so no §5 edge lies strictly
 * inside it, and its values all have the same number of §5 edges strictly below
 * them: those at or below e[k-1].
 *
 * @param fine window edges, ascending, a superset of `coarse`
 * @param coarse §5 edges, ascending
 * @returns fine.length + 1 indices into the coarse.length + 1 §5 bins
 * @throws RangeError if a §5 edge is missing from the window edges
 */
export function coarseBinOf(fine: Float64Array, coarse: Float64Array): Int32Array {
  const map = new Int32Array(fine.length + 1);
  let c = 0;
  let matched = 0;
  for (let k = 1; k <= fine.length; k++) {
    while (c < coarse.length && coarse[c] <= fine[k - 1]) {
      if (coarse[c] === fine[k - 1]) matched++;
      c++;
    }
    map[k] = c;
  }
  if (matched !== coarse.length) throw new RangeError('window edges must include every §5 edge');
  return map;
}

/** Sums window bin counts into §5 bins with a map from coarseBinOf. */
export function coarseCounts(fineCounts: ArrayLike<number>, map: Int32Array, coarseBins: number): Float64Array {
  const out = new Float64Array(coarseBins);
  for (let k = 0; k < fineCounts.length; k++) out[map[k]] += fineCounts[k];
  return out;
}
