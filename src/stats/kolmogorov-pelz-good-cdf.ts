/**
 * Pelz–Good (1976, JRSS B 38(2)) asymptotic approximation to the CDF of the two-sided
 * one-sample Kolmogorov–Smirnov statistic, P(Dₙ ≤ d) ≈ K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^1.5
 * with z = d√n, each Kᵢ written as a theta series in q = exp(−π²/(8z²)) so it converges
 * fast for small z. Coefficients as printed by Simard & L'Ecuyer (2011, eq. 5 and §3):
 *   K₀ = √(2π)/z Σ q^(m²),                                m = 2k − 1, k = 1, 2, …
 *   K₁ = √(π/2)/(3z⁴) Σ (π²m²/4 − z²) q^(m²)
 *   K₂ = √(2π)/(72z⁷) Σ (6z⁶ + 2z⁴ + π²m²(2z⁴ − 5z²)/4 + π⁴m⁴(1 − 2z²)/16) q^(m²)
 *        − π²√(2π)/(36z³) Σ k² e^(−π²k²/(2z²))
 *   K₃ = √(2π)/(6480z¹⁰) Σ (−30z⁶ − 90z⁸ + π²m²(135z⁴ − 96z⁶)/4 + π⁴m⁴(212z⁴ − 60z²)/16
 *        + π⁶m⁶(5 − 30z²)/64) q^(m²) + π²√(2π)/(216z⁶) Σ (3z² − π²k²) k² e^(−π²k²/(2z²))
 * The series are cut after ⌈16z/π⌉ terms, as scipy does; its error is then far below the
 * truncation error of the expansion itself.
 *
 * @param n sample size, an integer ≥ 1 (meant for large n)
 * @param d the statistic
 * @returns the approximate P(Dₙ ≤ d); 0 for d ≤ 0 or when q underflows, 1 for d ≥ 1; never throws
 * @example kolmogorovPelzGoodCdf(1e6, 0.0005) // => 0.03616… (z = 0.5: Kolmogorov's K₀(0.5) = 0.03605 plus 1/√n terms)
 */
export function kolmogorovPelzGoodCdf(n: number, d: number): number {
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const z8 = z4 * z4;
  const logQ = -PI2 / 8 / z2;
  if (logQ < MIN_LOG) return 0;
  const q = Math.exp(logQ);

  const terms = Math.ceil((16 * z) / Math.PI);
  // Σ c(m) q^(m²) over odd m by Horner's rule in q: (2k + 1)² − (2k − 1)² = 8k.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = terms; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const step = Math.pow(q, 8 * k);
    s0 = s0 * step + 1;
    s1 = s1 * step + (PI2 * m2) / 4 - z2;
    s2 = s2 * step + 6 * z6 + 2 * z4 + (PI2 * m2 * (2 * z4 - 5 * z2)) / 4 + (PI4 * m4 * (1 - 2 * z2)) / 16;
    s3 =
      s3 * step +
      (-30 * z6 - 90 * z8) +
      (PI2 * m2 * (135 * z4 - 96 * z6)) / 4 +
      (PI4 * m4 * (212 * z4 - 60 * z2)) / 16 +
      (PI6 * m6 * (5 - 30 * z2)) / 64;
  }
  const scale = q * SQRT_2PI;
  const k0 = (s0 * scale) / z;
  const k1 = (s1 * scale) / (6 * z4);
  let k2 = (s2 * scale) / (72 * z6 * z);
  let k3 = (s3 * scale) / (6480 * z8 * z2);

  // The sums over all integers k, in r = exp(−π²/(2z²)).
  const r = Math.exp(-PI2 / 2 / z2);
  let t2 = 0;
  let t3 = 0;
  for (let k = terms; k >= 1; k--) {
    const k2sq = k * k;
    const rk = Math.pow(r, k2sq);
    t2 += k2sq * rk;
    t3 += (3 * z2 - PI2 * k2sq) * k2sq * rk;
  }
  k2 += (t2 * PI2 * SQRT_2PI) / (-36 * z2 * z);
  k3 += (t3 * PI2 * SQRT_2PI) / (216 * z6);

  const rootN = Math.sqrt(n);
  return k0 + k1 / rootN + k2 / n + k3 / (n * rootN);
}

const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** exp() of anything below this is 0 or subnormal. */
const MIN_LOG = -708;
