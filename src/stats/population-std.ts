/**
 * Population standard deviation (ddof = 0, like numpy.std's default):
 * sqrt(sum (x - mean)^2 / n).
 *
 * Two passes with the correction term of Chan, Golub & LeVeque (1983):
 * var = (sum d^2 - (sum d)^2 / n) / n with d = x - mean, where the second sum, zero
 * in exact arithmetic, cancels most of the rounding error of the computed mean. This
 * stays accurate when the spread is tiny next to the values (say 1e9 ± 0.001), where
 * the one-pass sum-of-squares formula loses every digit.
 *
 * @param values finite numbers
 * @returns the standard deviation; 0 for a single value; NaN for no values
 * @example populationStd([2, 4, 4, 4, 5, 5, 7, 9]) // => 2 (mean 5, squared deviations sum to 32, 32 / 8 = 4)
 */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let sumD = 0;
  let sumD2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    sumD += d;
    sumD2 += d * d;
  }
  return Math.sqrt(Math.max(sumD2 - (sumD * sumD) / n, 0) / n);
}
