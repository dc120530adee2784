/**
 * CDF of the two-sided one-sample Kolmogorov–Smirnov statistic, P(Dₙ < d), by Durbin's
 * (1968) matrix formula as evaluated by Marsaglia, Tsang & Wang (2003, J. Stat. Softw.
 * 8(18)): write n·d = k − h with k an integer and 0 ≤ h < 1, build the m×m matrix H
 * (m = 2k − 1) with H[i][j] = 1/(i − j + 1)! for i − j + 1 ≥ 0, its first column and last
 * row corrected by the (1 − hʲ)/j! terms, and P(Dₙ < d) = n!/nⁿ · (Hⁿ)[k−1][k−1].
 * Work is O(m³ log n), so it suits small n·d; Simard & L'Ecuyer (2011) use it where
 * n·d² is small, which is where `kolmogorovSf` calls it.
 * Intermediate powers are rescaled by exact powers of two, so nothing overflows.
 *
 * @param n sample size, an integer ≥ 1
 * @param d the statistic, 0 ≤ d
 * @returns P(Dₙ < d) in [0, 1]; arguments are not checked (see `kolmogorovSf`), never throws
 * @example kolmogorovDurbinCdf(1, 0.75) // => 0.5 (one point: Dₙ = max(U, 1 − U) < 0.75)
 */
export function kolmogorovDurbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = inverseFactorial[j - 1] / j;

  // Durbin's H; squared in place below, so it holds H^(2^i) as the loop goes.
  const power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j++) power[i * m + j] = inverseFactorial[i - j + 1];
  }
  for (let i = 0; i < m; i++) {
    const corrected = (1 - Math.pow(h, i + 1)) * inverseFactorial[i + 1];
    power[i * m] = corrected;
    power[(m - 1) * m + (m - 1 - i)] = corrected;
  }
  power[(m - 1) * m] = (1 - 2 * Math.pow(h, m) + Math.pow(Math.max(0, 2 * h - 1), m)) * inverseFactorial[m];

  // Square-and-multiply; each matrix carries its own power-of-two exponent.
  let powerExponent = 0;
  let result: Float64Array | null = null;
  let resultExponent = 0;
  const scratch = new Float64Array(m * m);
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      if (result === null) {
        result = power.slice();
      } else {
        multiplyInto(result, power, scratch, m);
        result.set(scratch);
      }
      resultExponent += powerExponent + rescale(result);
    }
    if (e > 1) {
      multiplyInto(power, power, scratch, m);
      power.set(scratch);
      powerExponent = 2 * powerExponent + rescale(power);
    }
  }

  // n!/nⁿ, folded in one factor at a time, rescaled as it shrinks.
  let p = (result as Float64Array)[(k - 1) * m + (k - 1)];
  let exponent = resultExponent;
  for (let i = 1; i <= n; i++) {
    p = (p * i) / n;
    if (p !== 0 && Math.abs(p) < 2 ** -128) {
      p *= 2 ** 128;
      exponent -= 128;
    }
  }
  const cdf = timesPowerOfTwo(p, exponent);
  return cdf < 0 ? 0 : cdf > 1 ? 1 : cdf;
}

function multiplyInto(a: Float64Array, b: Float64Array, out: Float64Array, m: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let l = 0; l < m; l++) {
      const a_il = a[row + l];
      if (a_il === 0) continue;
      const bRow = l * m;
      for (let j = 0; j < m; j++) out[row + j] += a_il * b[bRow + j];
    }
  }
}

/** Divides the matrix by a power of two that brings its largest entry near 1; returns that power. */
function rescale(a: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > largest) largest = v;
  }
  if (largest === 0 || (largest < 2 ** 64 && largest > 2 ** -64)) return 0;
  const shift = Math.floor(Math.log2(largest));
  const factor = timesPowerOfTwo(1, -shift);
  for (let i = 0; i < a.length; i++) a[i] *= factor;
  return shift;
}

/** x·2^e without overflowing or underflowing an intermediate power of two. */
function timesPowerOfTwo(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}
