import type { FeatureQuality } from '../quality/feature-quality.js';
import { CategoricalProfile } from '../../profile/categorical-profile.js';
import { NumericProfile } from '../../profile/numeric-profile.js';
import { DiscreteNumericProfile } from './discrete-numeric-profile.js';
import type { FeatureReference } from './feature-reference.js';
import type { WindowProfile } from './window-profile.js';

/**
 * Data quality of one feature in a window, as src/evaluate/quality computes it for
 * `modelwatch report`: missing and type-mismatched records over all records; values
 * outside the reference's [min, max] (numeric) or in categories the reference never
 * had (categorical) over the window's values. All exact: a numeric window's outer
 * edges are nextDown(min) and max (see windowEdges), so its first and last bins hold
 * exactly the values out of range; a categorical window was seeded with every
 * reference category, so whatever it pooled as overflow is new.
 *
 * @throws TypeError if the window does not match the reference's kind
 */
export function windowQuality(reference: FeatureReference, window: WindowProfile): FeatureQuality {
  const rows = { missingRatio: window.missing / window.count, typeMismatchRatio: window.typeMismatch / window.count };
  if (reference.kind === 'categorical') {
    if (!(window instanceof CategoricalProfile)) throw new TypeError('a categorical reference needs a CategoricalProfile window');
    let unseen = window.overflow;
    for (const [category, count] of window.categories()) if (!reference.counts.has(category)) unseen += count;
    return { ...rows, outOfRangeRatio: null, newCategoryRatio: unseen / window.valueCount };
  }
  const numbers = window instanceof DiscreteNumericProfile ? window.numbers : window;
  if (!(numbers instanceof NumericProfile)) throw new TypeError('a numeric reference needs a numeric window profile');
  const bins = numbers.binCounts;
  const outside = reference.size === 0 || bins === undefined || bins.length < 3 ? NaN : bins[0] + bins[bins.length - 1];
  return { ...rows, outOfRangeRatio: outside / numbers.valueCount, newCategoryRatio: null };
}
