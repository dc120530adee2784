/**
 * Exact null probability P(D ≥ h/n) of the two-sample Kolmogorov–Smirnov statistic when
 * both samples have n values (no ties), by the reflection principle (Gnedenko & Korolyuk
 * 1951; Hodges 1958, eq. 2.3):
 *   P(D_{n,n} ≥ h/n) = 2 Σ_{k≥1} (−1)^(k−1) C(2n, n − kh) / C(2n, n).
 * With R_k = C(2n, n − kh)/C(2n, n − (k−1)h) = Π_{j<h} (n − (k−1)h − j)/(n + (k−1)h + j + 1),
 * a product of h factors in (0, 1), the alternating sum is evaluated from its last term
 * inwards as 2R₁(1 − R₂(1 − R₃(1 − …))), which avoids both huge binomials and cancellation.
 * This is the scheme of scipy's `_compute_prob_outside_square` (scipy 1.10.1), whose
 * results it reproduces bit for bit.
 *
 * @param n size of each sample, ≥ 1
 * @param h integer numerator of D = h/n, 1 ≤ h ≤ n
 * @returns the p-value; like scipy's, it can round to just above 1 (by an ulp) when h is
 *   small and the p-value is within an ulp of 1, e.g. n = 5, h = 1: `ksTwoSample` relies
 *   on that to reproduce scipy's fallback to the asymptotic p-value. Arguments are not
 *   checked; never throws.
 * @example ksEqualSizesSf(1, 1) // => 1 (two single values always differ by D = 1)
 * @example ksEqualSizesSf(2, 2) // => 1/3 (2 of the C(4,2) = 6 orderings separate the samples)
 */
export function ksEqualSizesSf(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    // R_(k+1); it is 0 once n − kh − j reaches 0, past the last term.
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}
