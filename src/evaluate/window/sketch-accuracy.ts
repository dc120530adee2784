import { ZERO_THRESHOLD } from '../../profile/quantile-sketch.js';

/** Finest relative accuracy chosen; below it buckets would only cost memory. */
export const FINEST_ACCURACY = 1e-4;
/** Coarsest relative accuracy chosen: the profile's default. */
export const COARSEST_ACCURACY = 0.01;

/**
 * Relative accuracy α for a window's quantile sketch, fitted to the reference: the
 * smallest α in [1e-4, 0.01] at which the reference's magnitudes, per sign, span at
 * most half of `maxBins` buckets (a bucket covers a factor (1 + α) / (1 - α), about
 * e^(2α)), leaving the other half for a window that strays.
 *
 * Why not the default 0.01: the sketch's error is relative to zero, so on values
 * around 1,000 ± 10 one bucket spans 20, two standard deviations, and Wasserstein
 * read from the window was off by up to 10% (test/evaluate/window). Data spanning a
 * narrow range of magnitudes can afford a finer α in the same memory; data spanning
 * many decades get the default.
 *
 * @param sorted reference values, ascending
 * @param maxBins buckets per sign of the window sketch
 */
export function sketchAccuracy(sorted: Float64Array, maxBins: number): number {
  const span = Math.max(logSpan(sorted, 1), logSpan(sorted, -1));
  const alpha = span / maxBins;
  return alpha < FINEST_ACCURACY ? FINEST_ACCURACY : alpha > COARSEST_ACCURACY ? COARSEST_ACCURACY : alpha;
}

/** ln(largest / smallest magnitude) among the values of one sign; 0 if none. */
function logSpan(sorted: Float64Array, sign: 1 | -1): number {
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sign * sorted[i];
    if (x > ZERO_THRESHOLD) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return hi === 0 ? 0 : Math.log(hi / lo);
}
