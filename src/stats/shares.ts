/**
 * Shares of a sample per bin (CONVENTIONS.md §5): counts divided by their sum, the
 * sample's non-missing count.
 *
 * An empty sample (sum 0) has no distribution: every share is NaN (0 / 0), which the
 * statistics built on shares pass through as a NaN result.
 *
 * @param counts non-negative count per bin
 * @returns a new Float64Array of the same length
 * @example shares([1, 3]) // => Float64Array [0.25, 0.75]
 */
export function shares(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / total;
  return out;
}
