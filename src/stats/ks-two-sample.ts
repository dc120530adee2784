import { ksPValue, type KsResult } from './ks-p-value.js';
import { ksStatistic } from './ks-statistic.js';

export type { KsResult } from './ks-p-value.js';

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, exactly as
 * `scipy.stats.ks_2samp(reference, current, alternative="two-sided", method="auto")` in
 * scipy 1.10.1 (CONVENTIONS.md §5): the statistic D = sup |F_ref(x) − F_cur(x)| over
 * the observed values (`ksStatistic`), then its p-value by `ksPValue` (exact up to
 * 10000 values per sample, else the asymptotic kstwo tail). Ties need no special
 * handling beyond the statistic; like scipy, the p-value is the one for continuous
 * data (conservative under ties).
 *
 * @param reference finite values sorted ascending (the caller guarantees it; not re-sorted)
 * @param current finite values sorted ascending
 * @returns statistic, p-value and whether the p-value is exact; if either sample is empty,
 *   `{ statistic: NaN, pValue: NaN, exact: false }` (scipy raises instead); never throws
 * @example ksTwoSample(Float64Array.of(1, 2), Float64Array.of(3, 4))
 *   // => { statistic: 1, pValue: 1/3, exact: true } (2 of the 6 orderings separate them)
 */
export function ksTwoSample(reference: Float64Array, current: Float64Array): KsResult {
  if (reference.length === 0 || current.length === 0) return { statistic: NaN, pValue: NaN, exact: false };
  return ksPValue(ksStatistic(reference, current), reference.length, current.length);
}
