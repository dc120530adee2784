import { alignedShares } from './aligned-shares.js';

/**
 * Total variation distance (CONVENTIONS.md §5): 0.5 * sum over bins of |r - c|, on the
 * raw (unfloored) reference and current shares.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, aligned with `reference`
 * @returns a distance in [0, 1]; NaN if either sample is empty
 * @throws RangeError if the arrays differ in length
 * @example totalVariation([1, 1], [1, 3]) // => 0.5 (|0.5 - 0.25| + |0.5 - 0.75|) = 0.25
 */
export function totalVariation(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const s = alignedShares(reference, current, 'totalVariation');
  if (s === null) return NaN;
  let sum = 0;
  for (let i = 0; i < s.reference.length; i++) sum += Math.abs(s.reference[i] - s.current[i]);
  return 0.5 * sum;
}
