/**
 * First Wasserstein distance between two empirical distributions (CONVENTIONS.md §5),
 * as scipy.stats.wasserstein_distance(u, v) without weights: the area between the two
 * empirical CDFs, integral of |F_ref(x) - F_cur(x)| dx, which for sorted samples is
 * a sum over consecutive values of the merged sample.
 *
 * One merge walk over both sorted samples, O(n + m), nothing allocated and nothing
 * re-sorted. Between consecutive merged values the CDF gap is |i / n - j / m| for the
 * i reference and j current values already passed; the walk accumulates the integer
 * |i m - j n| times the step and divides by n m once at the end, so the only rounding
 * is in the steps and the running sum (i m - j n is exact while n m <= 2^53).
 *
 * @param reference finite values, ascending (see sortedFinite)
 * @param current finite values, ascending
 * @returns the distance, in the unit of the values; NaN if either sample is empty
 *   (scipy raises there; an empty window is data, not an error)
 * @example wassersteinDistance(Float64Array.of(0, 1, 3), Float64Array.of(5, 6, 8)) // => 5 (every value moves by 5)
 * @example wassersteinDistance(Float64Array.of(0, 10), Float64Array.of(0, 0, 10, 10)) // => 0 (same distribution)
 */
export function wassersteinDistance(reference: Float64Array, current: Float64Array): number {
  const n = reference.length;
  const m = current.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let prev = Math.min(reference[0], current[0]);
  let area = 0;
  while (i < n && j < m) {
    const a = reference[i];
    const b = current[j];
    if (a <= b) {
      area += Math.abs(i * m - j * n) * (a - prev);
      prev = a;
      i++;
    } else {
      area += Math.abs(i * m - j * n) * (b - prev);
      prev = b;
      j++;
    }
  }
  // One sample is used up: its CDF is 1, and the gap is the other's remaining share.
  for (; i < n; i++) {
    const a = reference[i];
    area += (n - i) * m * (a - prev);
    prev = a;
  }
  for (; j < m; j++) {
    const b = current[j];
    area += (m - j) * n * (b - prev);
    prev = b;
  }
  return area / n / m;
}
