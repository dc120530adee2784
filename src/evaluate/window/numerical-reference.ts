import { FEW_DISTINCT_VALUES } from '../drift/default-decision.js';
import { distinctCount, valueCounts } from '../drift/drift-statistics.js';
import { numericBinCountsSorted } from '../../stats/numeric-bin-counts-sorted.js';
import { populationStd } from '../../stats/population-std.js';
import { quantileEdges } from '../../stats/quantile-edges.js';
import { sortedFinite } from '../../stats/sorted-finite.js';
import { nextDown } from './adjacent-double.js';
import type { DiscreteReference, NumericalReference } from './feature-reference.js';
import {
  DEFAULT_BINS, DEFAULT_RESOLUTION, DEFAULT_WINDOW_MAX_BINS, type ReferenceOptions, windowMaxCategories,
} from './reference-options.js';
import { sketchAccuracy } from './sketch-accuracy.js';
import type { ValueInterval } from './value-interval.js';
import { coarseBinOf, windowEdges } from './window-edges.js';

/**
 * The reference of a numeric feature from its exact values. With more than 5
 * distinct values it is 'numerical'; with at most 5 (a flag, a small count) it is
 * 'discrete' and drifts as categories, exactly as `modelwatch report` decides
 * (numericalFeatureDrift).
 *
 * @param values the reference's values in any order; NaN and ±Infinity are missing and dropped
 * @param options bins, window resolution and sizes (see ReferenceOptions)
 * @example numericalReference(Float64Array.of(0, 1, 1, 0)).kind // => 'discrete'
 */
export function numericalReference(values: ArrayLike<number>, options: ReferenceOptions = {}): NumericalReference | DiscreteReference {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  const min = n === 0 ? NaN : sorted[0];
  const max = n === 0 ? NaN : sorted[n - 1];
  if (distinctCount(sorted) <= FEW_DISTINCT_VALUES) {
    const counts = valueCounts(sorted);
    return {
      kind: 'discrete',
      size: n,
      exact: true,
      sorted,
      counts,
      min,
      max,
      std: populationStd(sorted),
      windowEdges: n === 0 ? new Float64Array(0) : Float64Array.of(nextDown(min), max),
      maxCategories: windowMaxCategories(counts.size, options),
    };
  }
  const edges = quantileEdges(sorted, options.bins ?? DEFAULT_BINS);
  return numericalFromSorted(sorted, true, edges, numericBinCountsSorted(sorted, edges), populationStd(sorted), options);
}

/**
 * A 'numerical' reference from values ascending (exact, or a profile's pseudo-sample)
 * and the §5 bins and scale known for them.
 */
export function numericalFromSorted(
  sorted: Float64Array,
  exact: boolean,
  edges: Float64Array,
  binCounts: Float64Array,
  std: number,
  options: ReferenceOptions,
  size = sorted.length,
  range: { min: number; max: number } = { min: sorted[0], max: sorted[sorted.length - 1] },
  pieces: readonly ValueInterval[] | null = null,
): NumericalReference {
  const fine = sorted.length === 0 ? new Float64Array(0) : quantileEdges(sorted, options.resolution ?? DEFAULT_RESOLUTION);
  const windowEdgesOfReference = windowEdges(edges, fine, range.min, range.max);
  const maxBins = options.maxBins ?? DEFAULT_WINDOW_MAX_BINS;
  return {
    kind: 'numerical',
    size,
    exact,
    sorted,
    min: range.min,
    max: range.max,
    std,
    edges,
    binCounts,
    windowEdges: windowEdgesOfReference,
    coarseBin: coarseBinOf(windowEdgesOfReference, edges),
    sketch: { relativeAccuracy: sketchAccuracy(sorted, maxBins), maxBins },
    pieces,
  };
}
