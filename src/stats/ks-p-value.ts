import { kolmogorovSf } from './kolmogorov-sf.js';
import { ksEqualSizesSf } from './ks-equal-sizes-sf.js';
import { ksLatticeSf } from './ks-lattice-sf.js';

export interface KsResult {
  /** D = sup |F_ref − F_cur|; on the exact path, re-quantised to h/lcm(n, m) as scipy does. */
  statistic: number;
  pValue: number;
  /** true when pValue is the exact permutation probability, false when asymptotic. */
  exact: boolean;
}

/** scipy's MAX_AUTO_N: method="auto" is exact up to this many values per sample. */
const MAX_EXACT_SIZE = 10000;

/**
 * The p-value step of the two-sample KS test (scipy 1.10.1's `ks_2samp`, method
 * "auto"), for a statistic D between samples of sizes n and m: what `ksTwoSample`
 * does after measuring D, and what a processor window needs when D was read from a
 * profile and only the sizes are known.
 *
 * - Exact when both sizes are at most 10000: D is re-quantised to h/lcm(n, m) with
 *   h = round(D·lcm) (half to even), then P(D ≥ h/lcm) by `ksEqualSizesSf` when n = m,
 *   else by lattice paths (`ksLatticeSf`). h = 0 gives p = 1. When the exact value is
 *   not in [0, 1], scipy falls back to the asymptotic p-value (with the re-quantised D)
 *   and reports it as such; so does this. It happens: for n = m and small h, where the
 *   true p-value is within an ulp of 1, the equal-size sum rounds to
 *   1.0000000000000002 for many n (e.g. n = 5, h = 1).
 * - Otherwise: kolmogorovSf(D, round(n·m/(n + m))), the one-sample two-sided
 *   distribution with the effective size (Simard & L'Ecuyer 2011).
 * The p-value is clipped to [0, 1].
 *
 * @param d the statistic, in [0, 1]
 * @param n reference size
 * @param m current size
 * @returns NaN statistic and p-value when a size is 0 or d is NaN; never throws
 * @example ksPValue(1, 2, 2) // => { statistic: 1, pValue: 1/3, exact: true }
 */
export function ksPValue(d: number, n: number, m: number): KsResult {
  if (!(n >= 1 && m >= 1) || Number.isNaN(d)) return { statistic: NaN, pValue: NaN, exact: false };
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
  const p = kolmogorovSf(d, roundHalfEven((big * small) / (big + small)));
  return { statistic: d, pValue: p < 0 ? 0 : p > 1 ? 1 : p, exact: false };
}

/** Greatest common divisor, for lcm(n, m). */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: to the nearest integer, halves to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
