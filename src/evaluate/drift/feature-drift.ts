import { type DriftDecision, defaultDecision, FEW_DISTINCT_VALUES } from './default-decision.js';
import { crossesThreshold, defaultThreshold, type DriftMethod } from './drift-method.js';
import { categoricalBinCounts, type CategoricalBinCounts } from '../../stats/categorical-bin-counts.js';
import {
  categoricalStatistics, distinctCount, type DriftStatistics, numericalBins, type NumericalBinCounts, numericalStatistics,
  valueCounts, valueStatistics,
} from './drift-statistics.js';

/** What a user may set per feature; unset parts take the §5 default. */
export interface DriftOverride {
  readonly method?: DriftMethod;
  readonly threshold?: number;
}

export interface FeatureDrift {
  /** How the values were compared: numerically, or as categories. */
  readonly comparedAs: 'numerical' | 'categorical';
  readonly method: DriftMethod;
  readonly threshold: number;
  readonly statistic: number;
  readonly pValue: number | null;
  readonly drifted: boolean;
  readonly stats: DriftStatistics;
  /** The bins the binned statistics were computed on: quantile bins (numerical) or categories. */
  readonly bins: NumericalBinCounts | CategoricalBinCounts;
}

/**
 * Drift of a numerical feature. A numeric column with at most 5 distinct reference
 * values is compared as categories (its values' text), as §5 prescribes; KS and
 * Wasserstein are still reported for it, since its values are still numbers.
 *
 * @param reference finite reference values, ascending
 * @param current finite current values, ascending
 */
export function numericalFeatureDrift(reference: Float64Array, current: Float64Array, override: DriftOverride = {}): FeatureDrift {
  const asCategories = distinctCount(reference) <= FEW_DISTINCT_VALUES;
  const decision = decide(!asCategories, reference.length, override);
  if (asCategories) {
    const bins = categoricalBinCounts(valueCounts(reference), valueCounts(current));
    return verdict('categorical', decision, { ...valueStatistics(reference, current), ...categoricalStatistics(bins) }, bins);
  }
  const bins = numericalBins(reference, current);
  return verdict('numerical', decision, numericalStatistics(reference, current, bins), bins);
}

/** Drift of a categorical feature from its category counts (missing values excluded). */
export function categoricalFeatureDrift(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
  override: DriftOverride = {},
): FeatureDrift {
  let referenceSize = 0;
  for (const count of reference.values()) referenceSize += count;
  const decision = decide(false, referenceSize, override);
  const bins = categoricalBinCounts(reference, current);
  return verdict('categorical', decision, categoricalStatistics(bins), bins);
}

function decide(numeric: boolean, referenceSize: number, override: DriftOverride): DriftDecision {
  const fallback = defaultDecision(numeric, referenceSize);
  if (override.method === undefined) {
    return { method: fallback.method, threshold: override.threshold ?? fallback.threshold };
  }
  return { method: override.method, threshold: override.threshold ?? defaultThreshold(override.method) };
}

function verdict(
  comparedAs: FeatureDrift['comparedAs'],
  decision: DriftDecision,
  stats: DriftStatistics,
  bins: FeatureDrift['bins'],
): FeatureDrift {
  const { method, threshold } = decision;
  const statistic = stats[method];
  if (statistic === undefined) {
    throw new RangeError(`drift method "${method}" does not apply to ${comparedAs} values`);
  }
  const pValue = method === 'ks' ? stats.ks_p_value! : method === 'chi2' ? stats.chi2_p_value! : null;
  return {
    comparedAs,
    method,
    threshold,
    statistic,
    pValue,
    drifted: crossesThreshold(method, statistic, pValue, threshold),
    stats,
    bins,
  };
}
