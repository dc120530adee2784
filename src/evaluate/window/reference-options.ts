import { DEFAULT_MAX_CATEGORIES } from '../../profile/categorical-profile.js';

/** How a FeatureReference is built; every option has a default that suits `modelwatch serve`. */
export interface ReferenceOptions {
  /** B, the number of §5 quantile bins for numeric features. @default 10 */
  bins?: number;
  /**
   * Finer reference quantiles (i / resolution) offered as window bin edges, so that
   * KS and Wasserstein read from a window profile agree with the exact ones (see
   * windowEdges). @default 100
   */
  resolution?: number;
  /** Most sketch buckets per sign in a numeric window profile (memory: 16 bytes each, both signs). @default 1024 */
  maxBins?: number;
  /**
   * Most categories a window profile counts one by one; the rest are pooled.
   * @default the larger of 100 and twice the reference's categories, cut to `categoryLimit`
   */
  maxCategories?: number;
  /**
   * Most categories a window profile counts one by one when `maxCategories` is not
   * given (`limits.categories_per_feature`); never fewer than the reference's own, so
   * the limit bounds only the new categories a window may bring. @default Infinity
   */
  categoryLimit?: number;
}

/** @default 100 */
export const DEFAULT_RESOLUTION = 100;
/** @default 10 */
export const DEFAULT_BINS = 10;
/** @default 1024 */
export const DEFAULT_WINDOW_MAX_BINS = 1024;

/** Window category cap for a reference with `categories` categories. */
export function windowMaxCategories(categories: number, options: ReferenceOptions): number {
  return options.maxCategories ?? Math.max(categories, 1, Math.min(options.categoryLimit ?? Infinity, Math.max(DEFAULT_MAX_CATEGORIES, 2 * categories)));
}
