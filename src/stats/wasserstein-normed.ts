import { populationStd } from './population-std.js';
import { wassersteinDistance } from './wasserstein.js';

/** The smallest scale wassersteinNormed divides by, so a constant reference gives a finite result. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/**
 * Wasserstein distance in units of the reference's spread (CONVENTIONS.md §5,
 * `wasserstein_normed`): wassersteinDistance(reference, current) divided by
 * max(population std of the reference, 0.001). A constant reference therefore gives
 * 1000 times the raw distance rather than a division by zero.
 *
 * @param reference finite values, ascending (see sortedFinite)
 * @param current finite values, ascending
 * @returns the normed distance; NaN if either sample is empty
 * @example wassersteinNormed(Float64Array.of(0, 2), Float64Array.of(1, 3)) // => 1 (distance 1, std 1)
 */
export function wassersteinNormed(reference: Float64Array, current: Float64Array): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_STD_FLOOR);
}
