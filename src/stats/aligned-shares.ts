import { shares } from './shares.js';

/** The shares of a reference and a current sample over the same bins. */
export interface AlignedShares {
  reference: Float64Array;
  current: Float64Array;
}

/**
 * The first step of every binned statistic of CONVENTIONS.md §5: check that the two
 * count arrays describe the same bins, and turn counts into shares.
 *
 * Bins that do not line up are a programmer error, so they throw; an empty sample is
 * data (a quiet window), so it is reported as null and the statistic returns NaN.
 *
 * @param reference count per bin in the reference sample
 * @param current count per bin in the current sample, same bins
 * @param statistic the caller's name, for the error message
 * @returns both shares, or null when either sample has no values (zero total, or no bins)
 * @throws RangeError if the two arrays differ in length
 * @example alignedShares([1, 3], [2, 2], 'psi') // => { reference: [0.25, 0.75], current: [0.5, 0.5] }
 */
export function alignedShares(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  statistic: string,
): AlignedShares | null {
  if (reference.length !== current.length) {
    throw new RangeError(
      `${statistic}: reference and current counts must be aligned on the same bins, ` +
        `got ${reference.length} and ${current.length} bins`,
    );
  }
  const r = shares(reference);
  const c = shares(current);
  if (r.length === 0 || isEmpty(reference) || isEmpty(current)) return null;
  return { reference: r, current: c };
}

function isEmpty(counts: ArrayLike<number>): boolean {
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) return false;
  return true;
}
