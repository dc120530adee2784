/** Aligned category counts of two samples, as returned by categoricalBinCounts. */
export interface CategoricalBinCounts {
  /** every category seen in either sample, ascending by UTF-16 code units */
  categories: string[];
  /** reference count per category, 0 where the reference never saw it */
  reference: Float64Array;
  /** current count per category, 0 where the current sample never saw it */
  current: Float64Array;
}

/**
 * Bins for a categorical feature (CONVENTIONS.md §5): the union of the categories seen
 * in either sample, with both samples' counts aligned on it, ready for the binned
 * statistics (psi, jsDistance, chiSquare, ...).
 *
 * A category is seen when its count is non-zero, so a key kept with a count of 0 in
 * both maps (say, by a window that was reset) adds no bin: it would change nothing in
 * TVD, JS or Hellinger but would shift PSI, KL and chi-square through the share floor
 * and the degrees of freedom. The order is JavaScript's default string order (UTF-16
 * code units), which makes the result independent of the maps' insertion order.
 *
 * @param reference category -> count in the reference sample
 * @param current category -> count in the current sample
 * @returns the categories and two aligned Float64Arrays of counts
 * @example
 * categoricalBinCounts(new Map([['b', 2], ['a', 1]]), new Map([['c', 5], ['a', 3]]))
 * // => { categories: ['a', 'b', 'c'], reference: [1, 2, 0], current: [3, 0, 5] }
 */
export function categoricalBinCounts(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): CategoricalBinCounts {
  const seen = new Set<string>();
  for (const [category, count] of reference) if (count !== 0) seen.add(category);
  for (const [category, count] of current) if (count !== 0) seen.add(category);
  const categories = [...seen].sort();
  const r = new Float64Array(categories.length);
  const c = new Float64Array(categories.length);
  for (let i = 0; i < categories.length; i++) {
    r[i] = reference.get(categories[i]) ?? 0;
    c[i] = current.get(categories[i]) ?? 0;
  }
  return { categories, reference: r, current: c };
}
