import { ksTwoSample } from '../../stats/ks-two-sample.js';
import { wassersteinDistance } from '../../stats/wasserstein.js';
import { wassersteinNormed } from '../../stats/wasserstein-normed.js';
import { quantileEdges } from '../../stats/quantile-edges.js';
import { numericBinCountsSorted } from '../../stats/numeric-bin-counts-sorted.js';
import type { CategoricalBinCounts } from '../../stats/categorical-bin-counts.js';
import { psi } from '../../stats/psi.js';
import { klDivergence } from '../../stats/kl-divergence.js';
import { jsDistance } from '../../stats/js-distance.js';
import { hellinger } from '../../stats/hellinger.js';
import { totalVariation } from '../../stats/total-variation.js';
import { chiSquare } from '../../stats/chi-square.js';

/**
 * Every §5 statistic that applies to a feature, keyed as in the report's JSON. A
 * value is NaN where it cannot be computed (an empty sample).
 */
export interface DriftStatistics {
  ks?: number;
  ks_p_value?: number;
  wasserstein?: number;
  wasserstein_normed?: number;
  psi: number;
  kl: number;
  js_distance: number;
  hellinger: number;
  tvd: number;
  chi2?: number;
  chi2_p_value?: number;
}

/** Compares raw values: KS and Wasserstein, on finite values sorted ascending. */
export function valueStatistics(reference: Float64Array, current: Float64Array) {
  const ks = ksTwoSample(reference, current);
  return {
    ks: ks.statistic,
    ks_p_value: ks.pValue,
    wasserstein: wassersteinDistance(reference, current),
    wasserstein_normed: wassersteinNormed(reference, current),
  };
}

/** The binned metrics of §5 on aligned bin counts. */
export function binnedStatistics(reference: ArrayLike<number>, current: ArrayLike<number>) {
  return {
    psi: psi(reference, current),
    kl: klDivergence(reference, current),
    js_distance: jsDistance(reference, current),
    hellinger: hellinger(reference, current),
    tvd: totalVariation(reference, current),
  };
}

/** A numeric feature's §5 bins: edges at the reference quantiles, both samples' counts in them. */
export interface NumericalBinCounts {
  /** strictly ascending; bin k holds the values with k edges strictly below them */
  edges: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** The bins the binned statistics of a numeric feature are computed on, kept so a report can draw them. */
export function numericalBins(reference: Float64Array, current: Float64Array, bins = 10): NumericalBinCounts {
  const edges = quantileEdges(reference, bins);
  return { edges, reference: numericBinCountsSorted(reference, edges), current: numericBinCountsSorted(current, edges) };
}

/** Numeric features: values compared directly, bins at the reference deciles (see numericalBins). */
export function numericalStatistics(reference: Float64Array, current: Float64Array, bins: NumericalBinCounts): DriftStatistics {
  return {
    ...valueStatistics(reference, current),
    ...binnedStatistics(bins.reference, bins.current),
  };
}

/** Categorical features: bins are the union of categories; chi-square against the reference shares. */
export function categoricalStatistics(bins: CategoricalBinCounts): DriftStatistics {
  const chi2 = chiSquare(bins.reference, bins.current);
  return {
    ...binnedStatistics(bins.reference, bins.current),
    chi2: chi2.statistic,
    chi2_p_value: chi2.pValue,
  };
}

/** Distinct values of a sorted sample with their counts, keyed by the number's shortest text. */
export function valueCounts(sorted: Float64Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    counts.set(String(sorted[i]), j - i);
    i = j;
  }
  return counts;
}

/** Number of distinct values in a sorted sample. */
export function distinctCount(sorted: Float64Array): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}
