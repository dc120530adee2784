/**
 * The bins a feature's binned drift statistics (psi, kl, js_distance, hellinger, tvd;
 * chi2) were computed on, with the reference's and the window's count in each: the
 * two distributions as the verdict saw them, for pictures.
 *
 * - 'numerical': the §5 bins, edges at the reference quantiles; bin k holds the values
 *   with k edges strictly below them, so there is one more bin than edges and the
 *   first and last are open-ended.
 * - 'categorical': the union of the categories seen in either sample (a numeric
 *   feature with few distinct reference values is compared this way too, its values
 *   as text), ascending by UTF-16 code units; a window's overflow is one category,
 *   `__other__`.
 */
export type DriftBins =
  | {
    readonly kind: 'numerical';
    readonly edges: Float64Array;
    readonly reference: Float64Array;
    readonly current: Float64Array;
  }
  | {
    readonly kind: 'categorical';
    readonly categories: readonly string[];
    readonly reference: Float64Array;
    readonly current: Float64Array;
  };
