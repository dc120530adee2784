/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic,
 * P(D⁺ₙ ≥ d) with D⁺ₙ = sup (Fₙ(x) − F(x)) for a sample of size n from a continuous F
 * (the same as `scipy.special.smirnov(n, d)`).
 *
 * Definition: the Smirnov (1944) / Birnbaum–Tingey (1951) sum
 *   P(D⁺ₙ ≥ d) = d · Σ_{v=0}^{⌊n(1−d)⌋} C(n,v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v).
 * Every term is positive, so the sum loses nothing to cancellation. Each term is taken in
 * log space in Loader's (2000) saddle-point form, log C(n,v) split into Stirling
 * remainders, so that no large logarithms cancel: the result keeps about 1e-13 relative
 * accuracy even for n near 10⁶.
 * Regimes follow scipy's cephes `kolmogorov.c` (van Mulbregt 2018, arXiv:1802.06966):
 * closed forms for d ≤ 1/n and d ≥ 1 − 1/n, 0 when −2nd² is below the smallest
 * exponent of a double, and for n > 10⁶ the approximation exp(−(6nd + 1)²/(18n)).
 *
 * @param n sample size, an integer ≥ 1
 * @param d the statistic, in [0, 1]
 * @returns P(D⁺ₙ ≥ d) in [0, 1]; NaN when n is not a positive integer or d is outside [0, 1]
 *   (never throws)
 * @example smirnovSf(1, 0.3) // => 0.7 (one point: D⁺₁ = 1 − U, uniform)
 * @example smirnovSf(2, 0.75) // => 0.0625 (= (1 − d)ⁿ once d ≥ 1 − 1/n)
 */
export function smirnovSf(n: number, d: number): number {
  if (!(Number.isInteger(n) && n >= 1) || !(d >= 0 && d <= 1)) return NaN;
  if (n === 1) return 1 - d;
  if (d === 0) return 1;
  if (d === 1) return 0;

  // n·d exactly, as hi + lo: the sum's range and its last bases depend on ⌊n·d⌋.
  const nxHi = n * d;
  const nxLo = twoProductError(n, d, nxHi);
  let nxFloor = Math.floor(nxHi);
  let nxFrac = nxHi - nxFloor + nxLo;
  if (nxFrac < 0) {
    nxFloor -= 1;
    nxFrac += 1;
  }
  if (nxFrac >= 1) {
    nxFloor += 1;
    nxFrac = 0;
  }

  if (nxFloor === 0 || (nxFloor === 1 && nxFrac === 0)) {
    // d ≤ 1/n: only the v = 0 term of the complementary sum, P(D⁺ₙ < d) = d(1 + d)^(n−1).
    return clip01(1 - d * Math.exp((n - 1) * Math.log1p(d)));
  }
  if (-2 * n * d * d < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return Math.pow(1 - d, n);
  if (n > MAX_EXACT_N) {
    const a = 6 * n * d + 1;
    return Math.exp(-(a * a) / 18 / n);
  }

  const lastV = n - nxFloor - 1;
  // Past the mode, log-concavity of the terms (which holds while v < n²d²) lets the sum stop
  // once the remaining terms cannot reach one part in 2⁶⁰ of it.
  const concaveUpTo = nxHi * nxHi;
  const stirlingN = stirlingError(n);
  const logN = Math.log(n);
  // Neumaier's compensated sum: up to a million terms, adding up to nearly 1 when d is small.
  let sum = Math.exp(n * Math.log1p(-d) - Math.log(d));
  let compensation = 0;
  let previous = sum;
  for (let v = 1; v <= lastV; v++) {
    const w = n - v;
    // n − v − n·d, the last base times n, carried exactly because it may be tiny.
    const s = w - nxHi;
    const sErr = w - s - nxHi - nxLo;
    const rest = s + sErr;
    // nxLo is below half an ulp of nxHi, so it only matters in the difference above.
    const y = nxHi / w;
    const logRest = y <= 0.5 ? Math.log1p(-y) : Math.log(rest / w);
    const logTerm =
      stirlingN -
      stirlingError(v) -
      stirlingError(w) -
      0.5 * (LOG_2PI + Math.log(v) + Math.log(w) - logN) +
      v * Math.log1p(nxHi / v) +
      w * logRest -
      Math.log((nxHi + v) / n);
    const term = Math.exp(logTerm);
    const total = sum + term;
    compensation += sum >= term ? sum - total + term : term - total + sum;
    sum = total;
    if (term < previous && v < concaveUpTo && term * (lastV - v) < sum * TAIL_RATIO) break;
    previous = term;
  }
  return clip01(d * (sum + compensation));
}

/** Terms below 2⁻⁶⁰ of the sum, all of them together, no longer change it. */
const TAIL_RATIO = 2 ** -60;
/** scipy's `n > SMIRNOV_MAX_COMPUTE_N`: beyond it scipy uses the closed approximation. */
const MAX_EXACT_N = 1_000_000;
/** cephes MINLOG = log(2⁻¹⁰²²): smaller exponents underflow. */
const MIN_LOG = -708.3964185322641;
const LOG_2PI = Math.log(2 * Math.PI);

/** Dekker's split constant 2²⁷ + 1, for the exact product below. */
const SPLIT = 134217729;

/** The rounding error of p = fl(a·b), so that a·b = p + error exactly (Dekker 1971). */
function twoProductError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLIT * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/**
 * Stirling's remainder log(k!) − (k + ½)log k + k − ½log(2π). Below 16 it is taken from
 * the exact factorial; from 16 on, five terms of the Bernoulli series leave < 1e-16.
 */
function stirlingError(k: number): number {
  if (k < SMALL_STIRLING.length) return SMALL_STIRLING[k];
  const r = 1 / k;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
}

const SMALL_STIRLING = (() => {
  const table = new Float64Array(16);
  let factorial = 1;
  for (let k = 1; k < table.length; k++) {
    factorial *= k;
    table[k] = Math.log(factorial) - (k + 0.5) * Math.log(k) + k - 0.5 * LOG_2PI;
  }
  return table;
})();

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
