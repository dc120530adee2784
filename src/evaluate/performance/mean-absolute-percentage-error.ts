import { checkSameLength } from './check-same-length.js';
import { compensatedMean } from './compensated-mean.js';

/** float64 machine epsilon, 2^-52, the floor sklearn puts under |yᵢ|. */
const EPS = Number.EPSILON;

/**
 * Mean absolute percentage error as a fraction (0.1 means 10 %), mean of
 * |yᵢ − ŷᵢ| / max(|yᵢ|, ε) with ε = 2^-52, as
 * `sklearn.metrics.mean_absolute_percentage_error`. A target of 0 with a wrong
 * prediction therefore contributes |ŷᵢ| / 2.2e-16, a huge but finite value, as in sklearn.
 *
 * @param target true values
 * @param prediction predicted values, aligned with target
 * @returns ≥ 0; NaN for empty input
 * @throws RangeError when the lengths differ
 * @example meanAbsolutePercentageError(Float64Array.of(2, 4), Float64Array.of(3, 3)) // => 0.375
 */
export function meanAbsolutePercentageError(target: Float64Array, prediction: Float64Array): number {
  checkSameLength('meanAbsolutePercentageError', target, prediction);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < target.length; i++) {
    const y = target[i];
    const x = Math.abs(prediction[i] - y) / Math.max(Math.abs(y), EPS);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensatedMean(sum, compensation, target.length);
}
