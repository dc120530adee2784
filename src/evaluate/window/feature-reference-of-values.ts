import { CategoricalProfile } from '../../profile/categorical-profile.js';
import { numericValue } from '../../profile/numeric-value.js';
import { categoricalReference } from './categorical-reference.js';
import type { FeatureReference } from './feature-reference.js';
import { numericalReference } from './numerical-reference.js';
import type { ReferenceOptions } from './reference-options.js';

/**
 * The reference of a feature from its raw values as they arrived (numbers, strings,
 * booleans, null...), by the report's type rule: numeric when every non-missing
 * value reads as a number (see numericValue: decimal strings count), else
 * categorical, each value's category being the one CategoricalProfile gives it.
 * Missing values (null, '', NaN, NA, ...) take no part.
 *
 * @param values the feature's value in each reference record
 * @example featureReference([1, 2, '3', null]).kind // => 'discrete' (3 distinct numbers)
 * @example featureReference(['a', 2]).kind // => 'categorical'
 */
export function featureReference(values: ArrayLike<unknown>, options: ReferenceOptions = {}): FeatureReference {
  const numbers = new Float64Array(values.length);
  let n = 0;
  let numeric = true;
  for (let i = 0; i < values.length && numeric; i++) {
    const v = values[i];
    const x = typeof v === 'number' ? v : numericValue(v);
    if (x === undefined) numeric = false;
    else if (x - x === 0) numbers[n++] = x;
  }
  if (numeric) return numericalReference(numbers.subarray(0, n), options);
  const categories = new CategoricalProfile({ maxCategories: Math.max(values.length, 1) });
  for (let i = 0; i < values.length; i++) categories.add(values[i]);
  return categoricalReference(categories.categories(), options);
}
