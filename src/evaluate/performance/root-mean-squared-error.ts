import { checkSameLength } from './check-same-length.js';
import { meanSquaredError } from './mean-squared-error.js';

/**
 * Root mean squared error, sqrt(mean of (yᵢ − ŷᵢ)²): the square root of
 * `sklearn.metrics.mean_squared_error` (what `squared=False` returns in 1.2.1).
 *
 * @param target true values
 * @param prediction predicted values, aligned with target
 * @returns ≥ 0; NaN for empty input
 * @throws RangeError when the lengths differ
 * @example rootMeanSquaredError(Float64Array.of(0, 0), Float64Array.of(3, 5)) // => sqrt(17)
 */
export function rootMeanSquaredError(target: Float64Array, prediction: Float64Array): number {
  checkSameLength('rootMeanSquaredError', target, prediction);
  return Math.sqrt(meanSquaredError(target, prediction));
}

