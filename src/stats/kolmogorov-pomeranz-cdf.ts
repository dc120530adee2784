/**
 * CDF of the two-sided one-sample Kolmogorov–Smirnov statistic, P(Dₙ < d), by Pomeranz's
 * (1974, CACM algorithm 487) recursion, in the form of Simard & L'Ecuyer (2011, §2.2).
 *
 * With t = n·d and uniform order statistics scaled to u₍ᵢ₎ ∈ [0, n], Dₙ < d exactly when
 * i − t < u₍ᵢ₎ < i − 1 + t for every i. The bounds i − t and i − 1 + t cut [0, n] at
 * 0, g, 1 − g, 1 + g, 2 − g, …, n − g, n (g = min(f, 1 − f), f the fractional part of t),
 * and on each piece the count N(s) of points ≤ s has constant bounds: on (k − g, k + g)
 * k − ⌊t⌋ ≤ N ≤ k + ⌊t⌋, on (k + g, k + 1 − g) k + 1 − ⌊t⌋ − r ≤ N ≤ k + ⌊t⌋ + r with
 * r = 1 when f > ½. A multinomial count of points per piece gives
 *   P(Dₙ < d) = n! · Σ over admissible paths of Π (len/n)^c / c!,
 * summed piece by piece as a convolution over the admissible counts.
 * Rows are rescaled by 2¹²⁸ when they get small, so nothing underflows.
 *
 * @param n sample size, an integer ≥ 1
 * @param d the statistic, 0 < d < 1
 * @returns P(Dₙ < d) in [0, 1]; arguments are not checked (see `kolmogorovSf`), never throws
 * @example kolmogorovPomeranzCdf(1, 0.75) // => 0.5 (one point: Dₙ = max(U, 1 − U) < 0.75)
 */
export function kolmogorovPomeranzCdf(n: number, d: number): number {
  const t = n * d;
  const whole = Math.floor(t);
  const f = t - whole;
  const g = Math.min(f, 1 - f);
  const r = f > 0.5 ? 1 : 0;

  const edgePowers = scaledPowers(g / n, n);
  const widePowers = scaledPowers((2 * g) / n, n);
  const narrowPowers = scaledPowers((1 - 2 * g) / n, n);

  let previous = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  previous[0] = 1;
  let previousLow = 0;
  let previousHigh = 0;
  let exponent = 0;
  const pieces = 2 * n + 1;
  for (let i = 1; i <= pieces; i++) {
    // Piece i ends at a breakpoint; the count there is capped by piece i and floored by piece i + 1.
    const odd = i % 2 === 1;
    const k = odd ? (i - 1) / 2 : i / 2 - 1;
    const high = Math.min(n, odd ? k + whole : k + whole + r);
    let low: number;
    if (i === pieces) low = n;
    else if (odd) low = k + 1 - whole - r;
    else low = k + 1 - whole;
    low = Math.max(0, low);
    const powers = i === 1 || i === pieces ? edgePowers : odd ? widePowers : narrowPowers;

    let largest = 0;
    for (let j = low; j <= high; j++) {
      let s = 0;
      const top = Math.min(j, previousHigh);
      for (let c = previousLow; c <= top; c++) s += previous[c] * powers[j - c];
      next[j] = s;
      if (s > largest) largest = s;
    }
    if (largest === 0) return 0;
    if (largest < 2 ** -128) {
      for (let j = low; j <= high; j++) next[j] *= 2 ** 128;
      exponent -= 128;
    }
    [previous, next] = [next, previous];
    previousLow = low;
    previousHigh = high;
  }

  let cdf = previous[n];
  for (let c = 1; c <= n; c++) {
    if (cdf > 2 ** 128) {
      cdf *= 2 ** -128;
      exponent += 128;
    }
    cdf *= c;
  }
  while (exponent < -1000) {
    cdf *= 2 ** -1000;
    exponent += 1000;
  }
  cdf *= 2 ** exponent;
  return cdf < 0 ? 0 : cdf > 1 ? 1 : cdf;
}

/** pᶜ/c! for c = 0..count. */
function scaledPowers(p: number, count: number): Float64Array {
  const out = new Float64Array(count + 1);
  out[0] = 1;
  for (let c = 1; c <= count; c++) out[c] = (out[c - 1] * p) / c;
  return out;
}
