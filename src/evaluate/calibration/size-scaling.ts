import type { DriftMethod } from '../drift/drift-method.js';

/**
 * How a method's statistic between two independent samples of one distribution, of
 * sizes n and m, scales with the sizes, asymptotically: with v = 1/n + 1/m,
 * - KS, Wasserstein (plain and normed), JS distance, Hellinger and TVD grow as √v
 *   (each is a norm of a difference of two empirical distributions, whose
 *   fluctuations have variance v);
 * - PSI and KL as v (quadratic in that difference, like a chi-square over the bins);
 * - the chi-square statistic as m v = 1 + m/n: its expected counts are m times shares
 *   that are themselves estimated from n values, a noise the test itself ignores.
 *
 * @returns the factor turning a threshold calibrated at sizes (nFrom, mFrom) into one for (nTo, mTo)
 */
export function sizeScale(method: DriftMethod, nFrom: number, mFrom: number, nTo: number, mTo: number): number {
  const ratio = (1 / nTo + 1 / mTo) / (1 / nFrom + 1 / mFrom);
  switch (method) {
    case 'psi':
    case 'kl':
      return ratio;
    case 'chi2':
      return (ratio * mTo) / mFrom;
    default:
      return Math.sqrt(ratio);
  }
}
