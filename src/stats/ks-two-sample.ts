import { kolmogorovSf } from './kolmogorov-sf.js';
import { ksEqualSizesSf } from './ks-equal-sizes-sf.js';
import { ksLatticeSf } from './ks-lattice-sf.js';
import { ksStatistic } from './ks-statistic.js';

export interface KsResult {
  /** D = sup |F_ref − F_cur|; on the exact path, re-quantised to h/lcm(n, m) as scipy does. */
  statistic: number;
  pValue: number;
  /** true when pValue is the exact permutation probability, false when asymptotic. */
  exact: boolean;
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, exactly as
 * `scipy.stats.ks_2samp(reference, current, alternative="two-sided", method="auto")` in
 * scipy 1.10.1 (CONVENTIONS.md §5).
 *
 * - Statistic: D = sup |F_ref(x) − F_cur(x)| over the observed values (`ksStatistic`).
 * - Exact p-value when both sizes are at most 10000: D is re-quantised to h/lcm(n, m)
 *   with h = round(D·lcm) (half to even), then P(D ≥ h/lcm) by `ksEqualSizesSf` when
 *   n = m, else by lattice paths (`ksLatticeSf`). h = 0 gives p = 1.
 *   When the exact value is not in [0, 1], scipy falls back to the asymptotic p-value
 *   (with the re-quantised D) and reports it as such; so does this. It happens: for
 *   n = m and small h, where the true p-value is within an ulp of 1, the equal-size sum
 *   rounds to 1.0000000000000002 for many n (e.g. n = 5, h = 1). The lattice method
 *   cannot leave [0, 1], as each step is a weighted mean of numbers in [0, 1].
 * - Otherwise: kolmogorovSf(D, round(n·m/(n + m))), the one-sample two-sided
 *   distribution with the effective size (Simard & L'Ecuyer 2011), not the Kolmogorov limit.
 * The p-value is clipped to [0, 1]. Ties need no special handling beyond the statistic;
 * like scipy, the p-value is the one for continuous data (conservative under ties).
 *
 * @param reference finite values sorted ascending (the caller guarantees it; not re-sorted)
 * @param current finite values sorted ascending
 * @returns statistic, p-value and whether the p-value is exact; if either sample is empty,
 *   `{ statistic: NaN, pValue: NaN, exact: false }` (scipy raises instead); never throws
 * @example ksTwoSample(Float64Array.of(1, 2), Float64Array.of(3, 4))
 *   // => { statistic: 1, pValue: 1/3, exact: true } (2 of the 6 orderings separate them)
 */
export function ksTwoSample(reference: Float64Array, current: Float64Array): KsResult {
  const n = reference.length;
  const m = current.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: NaN, exact: false };
  let d = ksStatistic(reference, current);

  if (Math.max(n, m) <= MAX_EXACT_SIZE) {
    const lcm = (n / gcd(n, m)) * m;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, exact: true };
    const p = n === m ? ksEqualSizesSf(n, h) : ksLatticeSf(n, m, h);
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p, exact: true };
  }

  const big = Math.max(n, m);
  const small = Math.min(n, m);
  const effectiveSize = roundHalfEven((big * small) / (big + small));
  const p = kolmogorovSf(d, effectiveSize);
  return { statistic: d, pValue: p < 0 ? 0 : p > 1 ? 1 : p, exact: false };
}

/** scipy's MAX_AUTO_N: method="auto" is exact up to this many values per sample. */
const MAX_EXACT_SIZE = 10000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
