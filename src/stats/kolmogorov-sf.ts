import { kolmogorovDurbinCdf } from './kolmogorov-durbin-cdf.js';
import { kolmogorovPelzGoodCdf } from './kolmogorov-pelz-good-cdf.js';
import { kolmogorovPomeranzCdf } from './kolmogorov-pomeranz-cdf.js';
import { smirnovSf } from './smirnov-sf.js';

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic,
 * P(Dₙ ≥ d) with Dₙ = sup |Fₙ(x) − F(x)| for n points from a continuous F; the same as
 * `scipy.stats.kstwo.sf(d, n)` (scipy 1.10.1), whose algorithm choice it follows.
 *
 * Definition and method: Simard & L'Ecuyer (2011), "Computing the Two-Sided
 * Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11), with t = n·d:
 * - d ≤ 1/(2n): 1; d ≥ 1: 0 (the support of Dₙ is [1/(2n), 1]);
 * - t ≤ 1: Ruben–Gambino, P(Dₙ < d) = n!/nⁿ (2t − 1)ⁿ;
 * - t ≥ n − 1: Ruben–Gambino, 2(1 − d)ⁿ;
 * - d ≥ ½: exactly 2·P(D⁺ₙ ≥ d) (`smirnovSf`), as the two one-sided events are disjoint;
 * - n ≤ 140: n·d² ≤ 0.754693 Durbin's matrix (Marsaglia–Tsang–Wang), n·d² ≤ 4 Pomeranz,
 *   else 2·P(D⁺ₙ ≥ d) (Miller's approximation: it drops the chance of crossing both
 *   bounds, negligible there);
 * - n > 140: n·d² ≥ 370: 0; n·d² ≥ 2.2: 2·P(D⁺ₙ ≥ d); n ≤ 100000 and n·d^1.5 ≤ 1.4:
 *   1 − Durbin; otherwise 1 − Pelz–Good, an asymptotic expansion rather than an exact
 *   value (as in scipy).
 *
 * @param d the statistic
 * @param n sample size, an integer ≥ 1
 * @returns P(Dₙ ≥ d) in [0, 1]; NaN when d is NaN or n is not a positive integer (never throws)
 * @example kolmogorovSf(0.75, 1) // => 0.5 (one point: Dₙ = max(U, 1 − U) ≥ 0.75 half the time)
 * @example kolmogorovSf(0.9, 2) // => 0.02 up to rounding (t = 1.8 ≥ n − 1: 2(1 − 0.9)²)
 */
export function kolmogorovSf(d: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(d)) return NaN;
  if (d <= 0.5 / n) return 1;
  if (d >= 1) return 0;

  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clip01(1 - rubenGambinoCdf(n, t));
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - d, n));
  if (d >= 0.5) return clip01(2 * smirnovSf(n, d));

  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clip01(1 - kolmogorovDurbinCdf(n, d));
    if (nd2 <= 4) return clip01(1 - kolmogorovPomeranzCdf(n, d));
    return clip01(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip01(2 * smirnovSf(n, d));
  if (n <= 100000 && n * Math.pow(d, 1.5) <= 1.4) return clip01(1 - kolmogorovDurbinCdf(n, d));
  return clip01(1 - kolmogorovPelzGoodCdf(n, d));
}

/** n!/nⁿ (2t − 1)ⁿ, for ½ < t = n·d ≤ 1 (Ruben & Gambino 1982). */
function rubenGambinoCdf(n: number, t: number): number {
  const base = 2 * t - 1;
  if (n <= 140) {
    let p = 1;
    for (let i = 1; i <= n; i++) p *= (i / n) * base;
    return p;
  }
  // log(n!/nⁿ) by Stirling's series; n > 140 makes four terms exact to double precision.
  const r = 1 / n;
  const r2 = r * r;
  const logRatio = 0.5 * Math.log(2 * Math.PI * n) - n + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
  return Math.exp(logRatio + n * Math.log(base));
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
