import type { FeatureReference } from '../window/feature-reference.js';

/**
 * Largest share of a numerical reference's values that may repeat an earlier value
 * for its KS threshold to be taken from the continuous null law instead of drawn.
 * Ties only make D smaller under no drift (the continuous law's p-values are then
 * conservative), so a tied reference judged this way alarms less, never more, than
 * the target; drawing is worth its cost only where ties are common enough to cost
 * power (a rounded or integer feature, a 0 that half the rows take).
 */
export const MAX_TIED_SHARE = 0.01;

/**
 * True when the two-sample KS statistic between samples of this reference's
 * (smoothed) distribution follows the distribution-free law of continuous data,
 * up to MAX_TIED_SHARE of tied values: then its calibrated threshold is a p-value.
 * Measured on a normal reference of 1,000 values, draws gave limits within 10% of
 * that law's quantile at windows of 100 to 10,000 values (test/evaluate/calibration).
 */
export function ksNullIsDistributionFree(reference: FeatureReference): boolean {
  if (reference.kind !== 'numerical' || reference.size === 0) return false;
  const { sorted } = reference;
  let tied = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) tied++;
  return tied <= MAX_TIED_SHARE * sorted.length;
}
