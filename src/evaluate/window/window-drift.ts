import { CategoricalProfile } from '../../profile/categorical-profile.js';
import { NumericProfile } from '../../profile/numeric-profile.js';
import { categoricalBinCounts } from '../../stats/categorical-bin-counts.js';
import { chiSquare } from '../../stats/chi-square.js';
import { ksStatistic } from '../../stats/ks-statistic.js';
import { wassersteinDistance } from '../../stats/wasserstein.js';
import { WASSERSTEIN_STD_FLOOR } from '../../stats/wasserstein-normed.js';
import type { ThresholdSource } from '../../pipeline/window-signals.js';
import { defaultDecision } from '../drift/default-decision.js';
import { crossesThreshold, defaultThreshold, type DriftMethod } from '../drift/drift-method.js';
import { binnedStatistics, type DriftStatistics } from '../drift/drift-statistics.js';
import type { DriftOverride } from '../drift/feature-drift.js';
import { DiscreteNumericProfile } from './discrete-numeric-profile.js';
import { type FeatureReference, OVERFLOW_CATEGORY } from './feature-reference.js';
import { ksPValue } from '../../stats/ks-p-value.js';
import { thresholdAbove } from './method-threshold.js';
import { pseudoSample, smearedSample } from './pseudo-sample.js';
import type { ThresholdProvider } from './threshold-provider.js';
import type { DriftBins } from './drift-bins.js';
import { coarseCounts } from './window-edges.js';
import type { WindowProfile } from './window-profile.js';

/** Most values rebuilt from a numeric window for KS and Wasserstein. @default 10000 */
export const DEFAULT_MAX_POINTS = 10_000;

export interface WindowDriftOptions {
  /** The feature's configured method and threshold; a threshold set here is 'configured'. */
  readonly override?: DriftOverride;
  /** Calibrated thresholds (a ThresholdCalibrator); without one, unset thresholds are §5's defaults. */
  readonly thresholds?: ThresholdProvider;
  /**
   * Most values rebuilt from a numeric window: larger windows are judged from values at
   * evenly spaced ranks (the p-value still uses the true size). @default 10000
   */
  readonly maxPoints?: number;
}

/** The verdict on one feature in one closed window. */
export interface WindowDrift {
  /** How the values were compared: numerically, or as categories. */
  readonly comparedAs: 'numerical' | 'categorical';
  readonly method: DriftMethod;
  /** The deciding method's statistic (for `ks` and `chi2` the test statistic; see pValue). */
  readonly statistic: number;
  readonly pValue: number | null;
  /** In the method's terms: a p-value for `ks` and `chi2`, a statistic for the rest. */
  readonly threshold: number;
  readonly thresholdSource: ThresholdSource;
  readonly drifted: boolean;
  /** Every §5 statistic that applies. */
  readonly stats: DriftStatistics;
  /** Values compared: the window's non-missing values of the feature. */
  readonly windowSize: number;
  /** The bins the binned statistics were computed on, with both samples' counts (for pictures of the two distributions). */
  readonly bins: DriftBins;
}

/**
 * Drift of one feature in one window against its reference, by the §5 definitions.
 *
 * - Binned metrics (psi, kl, js_distance, hellinger, tvd; chi2 for categories) come
 *   from exact counts: the window's bins refine the §5 bins (numeric) or its
 *   categories are counted one by one (categorical), so on the same records they are
 *   exactly `modelwatch report`'s.
 * - KS and Wasserstein (numeric) are computed between the reference's values and a
 *   pseudo-sample rebuilt from the window profile (see pseudoSample), with the true
 *   sizes for the p-value; for a 'discrete' reference whose window has not overflowed
 *   they are exact.
 * - The deciding method is the override's, else §5's default for the reference size
 *   (defaultDecision). Its threshold: the override's ('configured'); else, with a
 *   threshold provider, the calibrated one for this window size ('calibrated'); else
 *   §5's default ('default').
 *
 * @param reference the feature's reference
 * @param window the window profile, made by createWindowProfile(reference)
 * @throws TypeError if the window's type or edges do not match the reference
 * @throws RangeError if the override names a method that does not apply (e.g. `ks` on categories)
 */
export function windowDrift(reference: FeatureReference, window: WindowProfile, options: WindowDriftOptions = {}): WindowDrift {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const compared = compare(reference, window, maxPoints);
  const override = options.override ?? {};
  const base = defaultDecision(reference.kind === 'numerical', reference.size);
  const method = override.method ?? base.method;
  const statistic = compared.stats[method];
  const comparedAs = reference.kind === 'numerical' ? 'numerical' : 'categorical';
  if (statistic === undefined) throw new RangeError(`drift method "${method}" does not apply to ${comparedAs} values`);
  const pValue = method === 'ks' ? compared.stats.ks_p_value! : method === 'chi2' ? compared.stats.chi2_p_value! : null;

  let threshold: number;
  let thresholdSource: ThresholdSource;
  const calibrated = override.threshold === undefined ? options.thresholds?.threshold(method, compared.m) : undefined;
  if (override.threshold !== undefined) {
    threshold = override.threshold;
    thresholdSource = 'configured';
  } else if (calibrated?.pValueBelow !== undefined) {
    threshold = calibrated.pValueBelow;
    thresholdSource = 'calibrated';
  } else if (calibrated?.statisticAbove !== undefined && !Number.isNaN(calibrated.statisticAbove)) {
    const context = { n: reference.size, m: compared.m, degreesOfFreedom: compared.degreesOfFreedom };
    threshold = thresholdAbove(method, calibrated.statisticAbove, context);
    thresholdSource = 'calibrated';
  } else {
    threshold = override.method === undefined ? base.threshold : defaultThreshold(method);
    thresholdSource = 'default';
  }
  return {
    comparedAs,
    method,
    statistic,
    pValue,
    threshold,
    thresholdSource,
    drifted: crossesThreshold(method, statistic, pValue, threshold),
    stats: compared.stats,
    windowSize: compared.m,
    bins: compared.bins,
  };
}

interface Comparison {
  stats: DriftStatistics;
  m: number;
  degreesOfFreedom: number;
  bins: DriftBins;
}

function compare(reference: FeatureReference, window: WindowProfile, maxPoints: number): Comparison {
  switch (reference.kind) {
    case 'numerical': {
      if (!(window instanceof NumericProfile)) throw new TypeError('a numerical reference needs a NumericProfile window');
      const fine = window.binCounts;
      if (fine === undefined || !sameEdges(window.edges!, reference.windowEdges)) {
        throw new TypeError("the window's bin edges are not its reference's window edges (use createWindowProfile)");
      }
      const m = window.valueCount;
      const current = coarseCounts(fine, reference.coarseBin, reference.edges.length + 1);
      const binned = binnedStatistics(reference.binCounts, current);
      const rebuilt = pseudoSample(window, Math.min(m, maxPoints), reference.sorted);
      const points = reference.pieces === null ? rebuilt : smearedSample(reference.pieces, rebuilt);
      return {
        stats: { ...valueStatistics(reference.sorted, reference.size, reference.std, points, m), ...binned },
        m,
        degreesOfFreedom: 0,
        bins: { edges: reference.edges, reference: reference.binCounts, current },
      };
    }
    case 'discrete': {
      if (!(window instanceof DiscreteNumericProfile)) throw new TypeError('a discrete reference needs a DiscreteNumericProfile window');
      const m = window.valueCount;
      const categories = categoryStatistics(reference.counts, window.values);
      const points = window.values.overflow === 0
        ? expand(window.values.categories(), m, maxPoints)
        : pseudoSample(window.numbers, Math.min(m, maxPoints), reference.sorted);
      const values = valueStatistics(reference.sorted, reference.size, reference.std, points, m);
      return { ...categories, stats: { ...values, ...categories.stats }, m };
    }
    case 'categorical': {
      if (!(window instanceof CategoricalProfile)) throw new TypeError('a categorical reference needs a CategoricalProfile window');
      return { ...categoryStatistics(reference.counts, window), m: window.valueCount };
    }
  }
}

/** KS and Wasserstein between the reference values and a window's (pseudo-)sample of true size m. */
function valueStatistics(reference: Float64Array, n: number, std: number, points: Float64Array, m: number) {
  if (reference.length === 0 || points.length === 0) {
    return { ks: NaN, ks_p_value: NaN, wasserstein: NaN, wasserstein_normed: NaN };
  }
  const ks = ksPValue(ksStatistic(reference, points), n, m);
  const wasserstein = wassersteinDistance(reference, points);
  return {
    ks: ks.statistic,
    ks_p_value: ks.pValue,
    wasserstein,
    wasserstein_normed: wasserstein / Math.max(std, WASSERSTEIN_STD_FLOOR),
  };
}

/** Binned metrics and chi2 over the union of categories, as categoricalStatistics, plus the degrees of freedom and the bins. */
function categoryStatistics(reference: ReadonlyMap<string, number>, window: CategoricalProfile): { stats: DriftStatistics; degreesOfFreedom: number; bins: DriftBins } {
  const current = window.categories();
  if (window.overflow > 0) current.set(OVERFLOW_CATEGORY, (current.get(OVERFLOW_CATEGORY) ?? 0) + window.overflow);
  const bins = categoricalBinCounts(reference, current);
  const chi2 = chiSquare(bins.reference, bins.current);
  return {
    stats: { ...binnedStatistics(bins.reference, bins.current), chi2: chi2.statistic, chi2_p_value: chi2.pValue },
    degreesOfFreedom: chi2.degreesOfFreedom,
    bins,
  };
}

/**
 * The sorted values of exact value counts (keys are String(x), which Number() reads
 * back exactly); past maxPoints, the values at evenly spaced ranks.
 */
function expand(counts: ReadonlyMap<string, number>, m: number, maxPoints: number): Float64Array {
  const values = [...counts].filter(([, c]) => c > 0).map(([k, c]) => [Number(k), c] as const).sort((a, b) => a[0] - b[0]);
  const size = Math.min(m, maxPoints);
  const out = new Float64Array(size);
  let j = 0;
  let start = 0;
  for (const [x, c] of values) {
    while (j < size && (size === m ? j : Math.floor(((j + 0.5) * m) / size)) < start + c) out[j++] = x;
    start += c;
  }
  return out;
}

function sameEdges(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
