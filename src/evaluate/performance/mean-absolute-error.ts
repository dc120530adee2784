import { checkSameLength } from './check-same-length.js';
import { compensatedMean } from './compensated-mean.js';

/**
 * Mean absolute error, mean of |yᵢ − ŷᵢ|, as `sklearn.metrics.mean_absolute_error`.
 *
 * @param target true values
 * @param prediction predicted values, aligned with target
 * @returns ≥ 0; NaN for empty input
 * @throws RangeError when the lengths differ
 * @example meanAbsoluteError(Float64Array.of(1, 2), Float64Array.of(2, 4)) // => 1.5
 */
export function meanAbsoluteError(target: Float64Array, prediction: Float64Array): number {
  checkSameLength('meanAbsoluteError', target, prediction);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < target.length; i++) {
    const x = Math.abs(prediction[i] - target[i]);
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensatedMean(sum, compensation, target.length);
}
