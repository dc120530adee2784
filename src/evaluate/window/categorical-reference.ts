import type { CategoricalReference } from './feature-reference.js';
import { type ReferenceOptions, windowMaxCategories } from './reference-options.js';

/**
 * The reference of a categorical feature from its exact category counts (missing
 * values excluded), as `modelwatch report` counts them.
 *
 * @param counts category -> count; zero counts are dropped
 * @param exact false when the counts pool categories (a profile's overflow)
 * @throws RangeError if a count is negative or not finite
 * @example categoricalReference(new Map([['a', 3], ['b', 1]])).size // => 4
 */
export function categoricalReference(counts: ReadonlyMap<string, number>, options: ReferenceOptions = {}, exact = true): CategoricalReference {
  const kept = new Map<string, number>();
  let size = 0;
  for (const [category, count] of counts) {
    if (!(count >= 0 && Number.isFinite(count))) throw new RangeError(`category "${category}" has count ${count}`);
    if (count === 0) continue;
    kept.set(category, count);
    size += count;
  }
  return { kind: 'categorical', size, exact, counts: kept, maxCategories: windowMaxCategories(kept.size, options) };
}
