import gammainc from '@stdlib/math-base-special-gammainc';
import { alignedShares } from './aligned-shares.js';
import { SHARE_FLOOR } from './share-floor.js';

/** Pearson's chi-square goodness-of-fit test of the current counts, as chiSquare returns it. */
export interface ChiSquareResult {
  /** sum over bins of (observed - expected)^2 / expected */
  statistic: number;
  /** upper tail of the chi-square distribution with `degreesOfFreedom` at `statistic` */
  pValue: number;
  /** number of bins - 1 (0 when there are fewer than two bins) */
  degreesOfFreedom: number;
}

/**
 * Chi-square test of the current counts against the reference distribution
 * (CONVENTIONS.md §5, for categorical features): expected shares are the reference
 * shares floored at 0.0001 and renormalised to sum 1, expected counts are those
 * shares times the current count, and the statistic and p-value are those of
 * scipy.stats.chisquare(current counts, expected counts): Pearson's statistic with
 * k - 1 degrees of freedom for k bins, and p = Q(df / 2, statistic / 2), the
 * regularized upper incomplete gamma function (stdlib's gammainc).
 *
 * Like scipy, a single bin gives statistic 0 and p NaN (zero degrees of freedom: the
 * test has nothing to compare), and an empty sample gives statistic and p NaN.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, aligned with `reference`
 * @returns statistic, p-value and degrees of freedom
 * @throws RangeError if the arrays differ in length
 * @example chiSquare([1, 1], [4, 6]) // => { statistic: 0.4, pValue: ≈ 0.5271, degreesOfFreedom: 1 } (expected 5 and 5: (1 + 1) / 5)
 */
export function chiSquare(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  const s = alignedShares(reference, current, 'chiSquare');
  const degreesOfFreedom = Math.max(reference.length - 1, 0);
  if (s === null) return { statistic: NaN, pValue: NaN, degreesOfFreedom };
  const k = s.reference.length;
  let flooredTotal = 0;
  for (let i = 0; i < k; i++) flooredTotal += Math.max(s.reference[i], SHARE_FLOOR);
  let currentTotal = 0;
  for (let i = 0; i < k; i++) currentTotal += current[i];
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const expected = (Math.max(s.reference[i], SHARE_FLOOR) / flooredTotal) * currentTotal;
    const diff = current[i] - expected;
    statistic += (diff * diff) / expected;
  }
  const pValue = degreesOfFreedom > 0 ? gammainc(statistic / 2, degreesOfFreedom / 2, true, true) : NaN;
  return { statistic, pValue, degreesOfFreedom };
}
