/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup |F_ref(x) − F_cur(x)| between the
 * empirical CDFs of two samples (CONVENTIONS.md §5). Both CDFs are right-continuous step
 * functions, so the supremum is reached at an observed value, and ties are handled as
 * `scipy.stats.ks_2samp` does: at each distinct value v, F(v) counts every value ≤ v.
 * One merge walk over the two sorted arrays, O(n + m), no allocation. Each difference is
 * computed as i/n − j/m in double precision at the same points as scipy, so D matches
 * scipy's to the last bit.
 *
 * @param reference finite values, sorted ascending
 * @param current finite values, sorted ascending
 * @returns D in [0, 1]; NaN when either sample is empty; never throws
 * @example ksStatistic(Float64Array.of(1, 2), Float64Array.of(2, 3)) // => 0.5 (at x = 1: 1/2 − 0)
 */
export function ksStatistic(reference: Float64Array, current: Float64Array): number {
  const n = reference.length;
  const m = current.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let largest = 0;
  // Once either sample is used up the difference only shrinks towards 0, so the walk stops there.
  while (i < n && j < m) {
    const a = reference[i];
    const b = current[j];
    // Step past the smaller value in both samples, ties included.
    if (a <= b) {
      do i++;
      while (i < n && reference[i] === a);
      if (a === b) {
        do j++;
        while (j < m && current[j] === b);
      }
    } else {
      do j++;
      while (j < m && current[j] === b);
    }
    const diff = i / n - j / m;
    if (diff > largest) largest = diff;
    else if (-diff > largest) largest = -diff;
  }
  return largest;
}
