import { alignedShares } from './aligned-shares.js';
import { SHARE_FLOOR } from './share-floor.js';

/**
 * Kullback-Leibler divergence of the current from the reference distribution
 * (CONVENTIONS.md §5): sum over bins of c ln(c / r), in nats, where r and c are the
 * reference and current shares, each floored at 0.0001 and not renormalised. Because
 * of the floor, the result can fall a hair below 0 when both samples leave the same
 * bins nearly empty.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, aligned with `reference`
 * @returns KL(current || reference); NaN if either sample is empty
 * @throws RangeError if the arrays differ in length
 * @example klDivergence([1, 1], [1, 3]) // => 0.25 ln(0.25 / 0.5) + 0.75 ln(0.75 / 0.5) ≈ 0.1308
 */
export function klDivergence(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const s = alignedShares(reference, current, 'klDivergence');
  if (s === null) return NaN;
  let sum = 0;
  for (let i = 0; i < s.reference.length; i++) {
    const r = Math.max(s.reference[i], SHARE_FLOOR);
    const c = Math.max(s.current[i], SHARE_FLOOR);
    sum += c * Math.log(c / r);
  }
  return sum;
}
