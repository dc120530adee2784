import type { CategoricalBinCounts } from '../../stats/categorical-bin-counts.js';

/** A numeric feature's §5 bins: edges at the reference quantiles; bin k holds the values with k edges strictly below them. */
export interface NumericalBins {
  /** Strictly ascending; one bin more than edges, the first and last open-ended. */
  readonly edges: Float64Array;
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/**
 * The bins a feature's binned drift statistics (psi, kl, js_distance, hellinger, tvd;
 * chi2) were computed on, with the reference's and the window's count in each: the
 * two distributions as the verdict saw them, for pictures. Numeric features have the
 * §5 bins (`edges`); categorical ones, and numbers with few distinct reference values,
 * the union of the categories seen in either sample (`categories`; a window's overflow
 * is one category, `__other__`).
 */
export type DriftBins = NumericalBins | CategoricalBinCounts;
