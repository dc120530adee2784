import { binIndex } from './bin-index.js';

/**
 * Counts of a numeric sample per bin (CONVENTIONS.md §5): a value x falls in bin
 * k = number of edges strictly less than x, so with E edges there are E + 1 bins, the
 * first and last open-ended, and a value equal to an edge counts in the lower bin.
 *
 * NaN and ±Infinity are invalid measurements, counted as missing by the callers
 * (README, "Missing and invalid values"): they are skipped here, so shares computed
 * from these counts are over the non-missing count as §5 requires.
 *
 * O(n log E). For a sample already sorted, numericBinCountsSorted is faster.
 *
 * @param values the sample, in any order
 * @param edges ascending, without duplicates (see quantileEdges)
 * @returns a new Float64Array of length edges.length + 1; all zeros for an empty sample
 * @example numericBinCounts([0, 1, 1.5, 2, 9], Float64Array.of(1, 2)) // => Float64Array [2, 2, 1]
 */
export function numericBinCounts(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isFinite(x)) counts[binIndex(edges, x)]++;
  }
  return counts;
}
