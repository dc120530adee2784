/**
 * The bin a value falls in, given sorted bin edges (CONVENTIONS.md §5): the number of
 * edges strictly less than `x`. With E edges there are E + 1 bins; the first and last
 * are open-ended, and a value equal to an edge falls in the lower bin.
 *
 * @param edges ascending, without duplicates
 * @param x a finite value
 * @returns an integer in [0, edges.length]
 * @example binIndex(Float64Array.of(1, 2), 2) // => 1 (edges 1 < 2; 2 is not < 2)
 */
export function binIndex(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  // Invariant: edges[i] < x for every i < lo, and edges[i] >= x for every i >= hi.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
