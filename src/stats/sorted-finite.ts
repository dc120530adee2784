import { sortFloat64 } from './sort-float64.js';

/**
 * The finite values of a sample, sorted ascending, in a new Float64Array. NaN and
 * ±Infinity are invalid measurements: they are dropped here, and callers count them
 * as missing (README, "Missing and invalid values").
 *
 * @param values any numbers
 * @returns the finite ones, ascending
 * @example sortedFinite([3, NaN, 1, Infinity]) // => Float64Array [1, 3]
 */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out[n++] = v;
  }
  return sortFloat64(out.subarray(0, n));
}
