import type { DriftMethod } from './drift-method.js';

/** How the drift of one feature is decided. */
export interface DriftDecision {
  readonly method: DriftMethod;
  readonly threshold: number;
}

/** Reference sizes up to this use a statistical test; larger ones a distance (§5). */
export const SMALL_REFERENCE = 1000;
/** A numeric column with at most this many distinct reference values drifts like a categorical one (§5). */
export const FEW_DISTINCT_VALUES = 5;

/**
 * The default verdict of CONVENTIONS.md §5: with a reference of at most 1,000 values,
 * numeric features use `ks` (p < 0.05) and categorical ones `chi2` (p < 0.05); larger
 * references use `wasserstein_normed` >= 0.1 and `js_distance` >= 0.1, since a test's
 * p-value on that much data flags differences too small to matter.
 *
 * @param numeric the feature is numerical with more than 5 distinct reference values
 * @param referenceSize non-missing reference values
 */
export function defaultDecision(numeric: boolean, referenceSize: number): DriftDecision {
  if (referenceSize <= SMALL_REFERENCE) {
    return numeric ? { method: 'ks', threshold: 0.05 } : { method: 'chi2', threshold: 0.05 };
  }
  return numeric ? { method: 'wasserstein_normed', threshold: 0.1 } : { method: 'js_distance', threshold: 0.1 };
}

/** Dataset drift: at least this share of features drifted (§5). */
export const DEFAULT_DRIFT_SHARE = 0.5;
