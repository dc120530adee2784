import { kolmogorovSf } from '../../stats/kolmogorov-sf.js';
import { ksEqualSizesSf } from '../../stats/ks-equal-sizes-sf.js';
import { ksLatticeSf } from '../../stats/ks-lattice-sf.js';
import { nextUp } from './adjacent-double.js';

/** scipy's MAX_AUTO_N: ks_2samp(method="auto") is exact up to this many values per sample. */
const MAX_EXACT_SIZE = 10000;

/**
 * The two-sample KS p-value of ksTwoSample (scipy's ks_2samp, method "auto") for a
 * statistic D between samples of sizes n and m, without the samples: what a window
 * needs when its values were profiled (D is read from a pseudo-sample, the sizes
 * are the true ones) and what a calibrated threshold on D translates to. The same
 * steps as src/stats/ks-two-sample.ts: exact when both sizes are at most 10,000 (D
 * re-quantised to h / lcm(n, m)), the asymptotic kstwo(round(nm / (n + m))) tail
 * otherwise or when the exact value leaves [0, 1].
 *
 * src/stats could export this step of ksTwoSample; until it does, it lives here and
 * test/evaluate/window/ks-p-value.test.ts checks it against ksTwoSample.
 *
 * @param d the statistic, in [0, 1]
 * @param n reference size, >= 1
 * @param m window size, >= 1
 * @returns the (re-quantised) statistic and its p-value; NaN for both if a size is 0 or d is NaN
 */
export function ksPValue(d: number, n: number, m: number): { statistic: number; pValue: number } {
  if (!(n >= 1 && m >= 1) || Number.isNaN(d)) return { statistic: NaN, pValue: NaN };
  if (Math.max(n, m) <= MAX_EXACT_SIZE) {
    const lcm = (n / gcd(n, m)) * m;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1 };
    const p = n === m ? ksEqualSizesSf(n, h) : ksLatticeSf(n, m, h);
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p };
  }
  const big = Math.max(n, m);
  const small = Math.min(n, m);
  const p = kolmogorovSf(d, roundHalfEven((big * small) / (big + small)));
  return { statistic: d, pValue: p < 0 ? 0 : p > 1 ? 1 : p };
}

/**
 * The p-value threshold equivalent to "D above `limit`" for sizes n and m: a window
 * whose ksPValue is below it has D > limit, and one with D <= limit has not.
 * On the exact path D takes the values h / lcm(n, m), so the threshold sits just
 * above the p-value of the smallest such value above `limit`.
 *
 * @returns the threshold; 0 (nothing drifts) when no D in [0, 1] exceeds `limit`, and 1
 *   (nothing drifts either) where the p-value of the first D above `limit` is still 1
 */
export function ksPValueThreshold(limit: number, n: number, m: number): number {
  if (!(limit < 1)) return 0;
  if (Math.max(n, m) <= MAX_EXACT_SIZE) {
    const lcm = (n / gcd(n, m)) * m;
    // A limit read off a calibration is itself some h / lcm, computed with rounding.
    const x = limit * lcm;
    const nearest = Math.round(x);
    const h = Math.max((Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.floor(x)) + 1, 1);
    const p = ksPValue(h / lcm, n, m).pValue;
    // The smallest double above p: "p-value < threshold" then means "p-value <= p".
    return p >= 1 ? 1 : nextUp(p);
  }
  return ksPValue(limit, n, m).pValue;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
