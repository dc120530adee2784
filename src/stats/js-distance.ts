import { alignedShares } from './aligned-shares.js';

/**
 * Jensen-Shannon distance (CONVENTIONS.md §5), as
 * scipy.spatial.distance.jensenshannon(r, c, base=2) on the raw reference and current
 * shares: sqrt(JSD), where JSD = (KL(r || m) + KL(c || m)) / 2 in bits and
 * m = (r + c) / 2. A zero share contributes 0, like scipy's rel_entr(0, m) = 0, so a
 * bin present in one sample only adds s ln 2 (s = its share) to the sum of terms.
 *
 * Per bin, with s = r + c and d = (r - c) / s, the two terms
 * r ln(r / m) + c ln(c / m) equal (s / 2) (2 d atanh(d) + ln(1 - d^2)). For nearly
 * equal shares (|d| < 0.5) this form is used because it keeps full relative accuracy,
 * whereas the direct form cancels down to its second-order part, an error the square
 * root then magnifies (for two samples of 4 million values that differ in two counts,
 * scipy is 7e-11 away from the 50-digit value, this function 1e-16). For |d| >= 0.5
 * the direct form is accurate and 1 - d^2 would not be.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, aligned with `reference`
 * @returns a distance in [0, 1]; NaN if either sample is empty
 * @throws RangeError if the arrays differ in length
 * @example jsDistance([1, 0], [0, 1]) // => 1 (disjoint: each bin adds ln 2, JSD = 2 ln 2 / (2 ln 2))
 * @example jsDistance([1, 2], [2, 4]) // => 0 (same shares)
 */
export function jsDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const s = alignedShares(reference, current, 'jsDistance');
  if (s === null) return NaN;
  let sum = 0;
  for (let i = 0; i < s.reference.length; i++) {
    const r = s.reference[i];
    const c = s.current[i];
    const total = r + c;
    if (r === 0 || c === 0) {
      sum += total * Math.LN2;
      continue;
    }
    const d = (r - c) / total;
    if (Math.abs(d) < 0.5) sum += 0.5 * total * (2 * d * Math.atanh(d) + Math.log1p(-d * d));
    else sum += r * Math.log((2 * r) / total) + c * Math.log((2 * c) / total);
  }
  return Math.sqrt(sum / (2 * Math.LN2));
}
