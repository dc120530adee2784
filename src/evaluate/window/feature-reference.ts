import type { ValueInterval } from './value-interval.js';

/**
 * What the processor keeps of one feature's reference (CONVENTIONS.md §5: the
 * baseline sample each window is judged against), and what a window of that
 * feature is profiled with. Built once per model version and feature, by
 * numericalReference, categoricalReference, referenceFromProfile or featureReference;
 * immutable afterwards, so windows and calibrations can share it.
 *
 * Three kinds, as §5 and src/evaluate/drift/default-decision.ts decide:
 * - 'numerical': numbers with more than 5 distinct reference values, compared as
 *   numbers (KS, Wasserstein) and over reference-quantile bins;
 * - 'discrete': numbers with at most 5 distinct reference values, compared as
 *   categories (the values' text, as String(x)), with KS and Wasserstein still
 *   reported since the values are numbers;
 * - 'categorical': any other feature (a non-numeric reference value makes the feature
 *   categorical, the report's type rule).
 */
export type FeatureReference = NumericalReference | DiscreteReference | CategoricalReference;

/** Sketch settings of a numeric window profile, chosen from the reference. */
export interface WindowSketchOptions {
  readonly relativeAccuracy: number;
  readonly maxBins: number;
}

export interface NumericalReference {
  readonly kind: 'numerical';
  /** Non-missing reference values: the n of §5's "reference of at most 1,000 values". */
  readonly size: number;
  /** True when `sorted` holds the reference's own values; false when rebuilt from a profile. */
  readonly exact: boolean;
  /**
   * The reference values ascending; from a profile, a pseudo-sample of at most
   * 10,000 values rebuilt from its bins and sketch (see pseudoSample).
   */
  readonly sorted: Float64Array;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation, the scale of wasserstein_normed. */
  readonly std: number;
  /** The §5 bin edges (reference deciles, duplicates removed). */
  readonly edges: Float64Array;
  /** Reference count per §5 bin. */
  readonly binCounts: Float64Array;
  /** The window profile's edges: a refinement of `edges` (see windowEdges). */
  readonly windowEdges: Float64Array;
  /** For each window bin, its §5 bin (see coarseBinOf). */
  readonly coarseBin: Int32Array;
  readonly sketch: WindowSketchOptions;
  /**
   * From a profile: the intervals it knows its counts in (see profilePieces), inside
   * which `sorted` is spread evenly; windows are smoothed the same way before KS and
   * Wasserstein (see smearedSample). null for exact values.
   */
  readonly pieces: readonly ValueInterval[] | null;
}

export interface DiscreteReference {
  readonly kind: 'discrete';
  readonly size: number;
  readonly exact: true;
  /** The reference values ascending. */
  readonly sorted: Float64Array;
  /** Count per value, keyed by String(value) as the report keys them. */
  readonly counts: ReadonlyMap<string, number>;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation, the scale of wasserstein_normed. */
  readonly std: number;
  /** nextDown(min) and max: the window counts out-of-range values exactly. */
  readonly windowEdges: Float64Array;
  /** Most distinct values a window counts one by one. */
  readonly maxCategories: number;
}

export interface CategoricalReference {
  readonly kind: 'categorical';
  readonly size: number;
  /** False when built from a profile that had overflowed (its rarest categories pooled). */
  readonly exact: boolean;
  /** Count per category (no zero counts); a profile's overflow is pooled as OVERFLOW_CATEGORY. */
  readonly counts: ReadonlyMap<string, number>;
  /** Most categories a window counts one by one; the rest are pooled. */
  readonly maxCategories: number;
}

/**
 * The bin that pools the values of categories a profile did not keep (its overflow),
 * named as the instrumentation names its overflow (CONVENTIONS.md §3).
 */
export const OVERFLOW_CATEGORY = '__other__';
