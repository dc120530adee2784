import { checkSameLength } from './check-same-length.js';
import { compensatedMean } from './compensated-mean.js';
import { meanSquaredError } from './mean-squared-error.js';

/**
 * Coefficient of determination R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)², as
 * `sklearn.metrics.r2_score` with its default `force_finite=True`:
 * - perfect predictions (numerator 0) score 1, even for a constant target;
 * - imperfect predictions of a constant target (denominator 0) score 0, not −∞.
 *
 * A constant target is detected exactly (all values equal). sklearn instead tests
 * its computed denominator against 0, and numpy's mean of a constant is not always
 * the constant (the mean of three 0.1s is 0.10000000000000002), so for such targets
 * sklearn returns numbers like −5e27 where this returns the documented 0.
 *
 * @param target true values
 * @param prediction predicted values, aligned with target
 * @returns at most 1; NaN with fewer than two values (sklearn: "not well-defined")
 * @throws RangeError when the lengths differ
 * @example r2Score(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)) // => 0.5
 */
export function r2Score(target: Float64Array, prediction: Float64Array): number {
  checkSameLength('r2Score', target, prediction);
  const n = target.length;
  if (n < 2) return NaN;
  // Means instead of sums: the same ratio.
  const residual = meanSquaredError(target, prediction);
  if (residual === 0) return 1;
  const first = target[0];
  let constant = true;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const x = target[i];
    if (x !== first) constant = false;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  if (constant) return 0;
  const mean = compensatedMean(sum, compensation, n);
  sum = 0;
  compensation = 0;
  for (let i = 0; i < n; i++) {
    const d = target[i] - mean;
    const x = d * d;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const total = compensatedMean(sum, compensation, n);
  // A spread too small to square (differences below ~1e-154) underflows to 0, as in sklearn.
  return total === 0 ? 0 : 1 - residual / total;
}
