/**
 * Data quality of one feature in the current sample, relative to the reference.
 * Ratios of rows: missing and type-mismatched values over all rows. Ratios of
 * values: out-of-range and new-category values over the current's valid values.
 * A ratio that does not apply to the feature's type is null; one over zero rows or
 * values is NaN.
 */
export interface FeatureQuality {
  readonly missingRatio: number;
  readonly typeMismatchRatio: number;
  readonly outOfRangeRatio: number | null;
  readonly newCategoryRatio: number | null;
}

export interface CurrentCounts {
  /** All rows of the current sample. */
  readonly rows: number;
  readonly missing: number;
  readonly mismatched: number;
}

/** What the ratios are made of; `outOfRange` only for numerical features, `newCategory` only for categorical ones. */
export interface QualityCounts extends CurrentCounts {
  /** Valid (non-missing, well-typed) values. */
  readonly values: number;
  readonly outOfRange?: number;
  readonly newCategory?: number;
}

/** The ratios from their counts: shared by the batch report (exact samples) and the processor (profiles). */
export function qualityFromCounts(counts: QualityCounts): FeatureQuality {
  return {
    missingRatio: counts.missing / counts.rows,
    typeMismatchRatio: counts.mismatched / counts.rows,
    outOfRangeRatio: counts.outOfRange === undefined ? null : counts.outOfRange / counts.values,
    newCategoryRatio: counts.newCategory === undefined ? null : counts.newCategory / counts.values,
  };
}

/**
 * @param current counts of the current sample
 * @param referenceSorted finite reference values, ascending: their [min, max] is the expected range
 * @param currentSorted finite current values, ascending
 */
export function numericalQuality(current: CurrentCounts, referenceSorted: Float64Array, currentSorted: Float64Array): FeatureQuality {
  let outside = NaN;
  if (referenceSorted.length > 0) {
    const min = referenceSorted[0];
    const max = referenceSorted[referenceSorted.length - 1];
    // Both samples are sorted: the out-of-range values are a prefix and a suffix.
    let below = 0;
    while (below < currentSorted.length && currentSorted[below] < min) below++;
    let above = 0;
    while (above < currentSorted.length - below && currentSorted[currentSorted.length - 1 - above] > max) above++;
    outside = below + above;
  }
  return qualityFromCounts({ ...current, values: currentSorted.length, outOfRange: outside });
}

/**
 * @param current counts of the current sample
 * @param referenceCounts the reference's categories (missing excluded)
 * @param currentCounts the current's categories (missing excluded)
 */
export function categoricalQuality(
  current: CurrentCounts,
  referenceCounts: ReadonlyMap<string, number>,
  currentCounts: ReadonlyMap<string, number>,
): FeatureQuality {
  let values = 0;
  let unseen = 0;
  for (const [category, count] of currentCounts) {
    values += count;
    if (!referenceCounts.has(category)) unseen += count;
  }
  return qualityFromCounts({ ...current, values, newCategory: unseen });
}
