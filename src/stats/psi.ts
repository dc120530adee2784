import { alignedShares } from './aligned-shares.js';
import { SHARE_FLOOR } from './share-floor.js';

/**
 * Population stability index (CONVENTIONS.md §5): sum over bins of (c - r) ln(c / r),
 * where r and c are the reference and current shares, each floored at 0.0001 (not
 * renormalised), so a bin empty in one sample contributes a finite term.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, aligned with `reference`
 * @returns PSI >= 0; NaN if either sample is empty
 * @throws RangeError if the arrays differ in length
 * @example psi([1, 1], [1, 3]) // => (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) ≈ 0.2747
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const s = alignedShares(reference, current, 'psi');
  if (s === null) return NaN;
  let sum = 0;
  for (let i = 0; i < s.reference.length; i++) {
    const r = Math.max(s.reference[i], SHARE_FLOOR);
    const c = Math.max(s.current[i], SHARE_FLOOR);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}
