import { gcd, ksPValue } from '../../stats/ks-p-value.js';
import { nextUp } from './adjacent-double.js';

/** scipy's MAX_AUTO_N: ks_2samp(method="auto") is exact up to this many values per sample. */
const MAX_EXACT_SIZE = 10000;

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
