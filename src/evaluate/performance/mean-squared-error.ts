import { compensatedMean } from './compensated-mean.js';

/**
 * Mean squared error, mean of (yᵢ − ŷᵢ)², as `sklearn.metrics.mean_squared_error`.
 * Shared by rootMeanSquaredError and r2Score, which check the lengths.
 *
 * @param target true values
 * @param prediction predicted values, as many as target
 * @returns ≥ 0; NaN for empty input
 * @example meanSquaredError(Float64Array.of(0, 0), Float64Array.of(3, 5)) // => 17
 */
export function meanSquaredError(target: Float64Array, prediction: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < target.length; i++) {
    const d = target[i] - prediction[i];
    const x = d * d;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensatedMean(sum, compensation, target.length);
}
