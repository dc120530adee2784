import { CategoricalProfile, type SerializedCategoricalProfile } from '../../profile/categorical-profile.js';
import { NumericProfile, type SerializedNumericProfile } from '../../profile/numeric-profile.js';
import { numericBinCountsSorted } from '../../stats/numeric-bin-counts-sorted.js';
import { quantileEdges } from '../../stats/quantile-edges.js';
import { categoricalReference } from './categorical-reference.js';
import { type CategoricalReference, type NumericalReference, OVERFLOW_CATEGORY } from './feature-reference.js';
import { numericalFromSorted } from './numerical-reference.js';
import { profilePieces, pseudoSample } from './pseudo-sample.js';
import { DEFAULT_BINS, type ReferenceOptions } from './reference-options.js';

/** Most values rebuilt from a numeric profile to stand for its reference. */
export const PROFILE_SAMPLE_POINTS = 10_000;

/**
 * The reference of a feature from a saved profile (src/profile, as serialized by
 * `modelwatch profile`), when its raw values are not at hand.
 *
 * Numeric: §5 edges and bin counts are the profile's own (exact, so binned metrics
 * equal the report's on the file the profile was made from); a profile without edges
 * gets edges estimated from its sketch, and binned metrics are then approximate.
 * KS, Wasserstein and calibration use a pseudo-sample of at most 10,000 values
 * rebuilt from the bins and sketch (see pseudoSample). Always 'numerical': the
 * at-most-5-distinct-values rule needs exact values, which a profile does not keep.
 *
 * Categorical: the kept categories' exact counts; an overflow (categories the
 * profile did not keep) is pooled as one category, OVERFLOW_CATEGORY, and the
 * reference is marked inexact.
 *
 * @throws Error if a serialized profile is malformed (see the profiles' deserialize)
 */
export function referenceFromProfile(profile: NumericProfile | SerializedNumericProfile, options?: ReferenceOptions): NumericalReference;
export function referenceFromProfile(profile: CategoricalProfile | SerializedCategoricalProfile, options?: ReferenceOptions): CategoricalReference;
export function referenceFromProfile(
  profile: NumericProfile | CategoricalProfile | SerializedNumericProfile | SerializedCategoricalProfile,
  options?: ReferenceOptions,
): NumericalReference | CategoricalReference;
export function referenceFromProfile(
  profile: NumericProfile | CategoricalProfile | SerializedNumericProfile | SerializedCategoricalProfile,
  options: ReferenceOptions = {},
): NumericalReference | CategoricalReference {
  const live = revive(profile);
  if (live instanceof CategoricalProfile) {
    const counts = live.categories();
    if (live.overflow > 0) counts.set(OVERFLOW_CATEGORY, (counts.get(OVERFLOW_CATEGORY) ?? 0) + live.overflow);
    return categoricalReference(counts, options, live.overflow === 0);
  }
  const n = live.valueCount;
  const sorted = pseudoSample(live, Math.min(n, PROFILE_SAMPLE_POINTS));
  const own = live.edges;
  const edges = own ?? quantileEdges(sorted, options.bins ?? DEFAULT_BINS);
  const binCounts = own !== undefined ? live.binCounts! : numericBinCountsSorted(sorted, edges);
  const range = { min: live.min, max: live.max };
  return numericalFromSorted(sorted, false, edges, binCounts, Math.sqrt(live.variance), options, n, range, profilePieces(live));
}

function revive(
  profile: NumericProfile | CategoricalProfile | SerializedNumericProfile | SerializedCategoricalProfile,
): NumericProfile | CategoricalProfile {
  if (profile instanceof NumericProfile || profile instanceof CategoricalProfile) return profile;
  return profile.kind === 'categorical' ? CategoricalProfile.deserialize(profile) : NumericProfile.deserialize(profile);
}
