import type { CategoricalProfile } from '../../profile/categorical-profile.js';
import type { NumericProfile } from '../../profile/numeric-profile.js';
import { type FeatureQuality, qualityFromCounts } from './feature-quality.js';

/**
 * Data quality of a window from its numeric profile. The profile must have been made
 * with the reference's [min, max] as its expected range, and fed every row of the
 * window (a row without the feature as a missing value), so its count is the rows.
 * Without an expected range the out-of-range ratio is NaN.
 */
export function numericalProfileQuality(window: NumericProfile): FeatureQuality {
  return qualityFromCounts({
    rows: window.count,
    missing: window.missing,
    mismatched: window.typeMismatch,
    values: window.valueCount,
    outOfRange: window.outOfRange ?? NaN,
  });
}

/**
 * Data quality of a window from its categorical profile: values whose category the
 * reference lacks are new. Exact while the window profile kept every reference
 * category (seed it with them); past its cap, categories hidden in the overflow count
 * as new, so the ratio is then an upper bound.
 */
export function categoricalProfileQuality(window: CategoricalProfile, referenceCategories: Iterable<string>): FeatureQuality {
  let known = 0;
  for (const category of referenceCategories) known += window.countOf(category) ?? 0;
  return qualityFromCounts({
    rows: window.count,
    missing: window.missing,
    mismatched: window.typeMismatch,
    values: window.valueCount,
    newCategory: window.valueCount - known,
  });
}
