import { chiSquare } from '../../stats/chi-square.js';
import { ksStatistic } from '../../stats/ks-statistic.js';
import { numericBinCountsSorted } from '../../stats/numeric-bin-counts-sorted.js';
import { quantileEdges } from '../../stats/quantile-edges.js';
import { wassersteinDistance } from '../../stats/wasserstein.js';
import { wassersteinNormed } from '../../stats/wasserstein-normed.js';
import type { DriftMethod } from '../drift/drift-method.js';
import { binnedStatistics } from '../drift/drift-statistics.js';
import type { FeatureReference } from '../window/feature-reference.js';
import { CategoryDraw } from './category-draw.js';
import { smoothedDraw } from './smoothed-draw.js';

/** How one set of stationary statistics is drawn. */
export interface NullStatisticsOptions {
  /** Pseudo-reference size (the real reference's, or less for a very large one). */
  readonly referenceSize: number;
  /** Pseudo-window size. */
  readonly windowSize: number;
  readonly replicates: number;
  /** Uniforms in (0, 1); seeded for reproducible thresholds. */
  readonly random: () => number;
  /**
   * false: compare the reference itself with windows resampled from it, the naive
   * bootstrap (kept to measure its bias; see ThresholdCalibrator). @default true
   */
  readonly resampleReference?: boolean;
}

/**
 * The statistic of `method` between pairs of independent samples of the same
 * distribution, the reference's own: a pseudo-reference of `referenceSize` values and
 * a pseudo-window of `windowSize` values, both drawn from the reference (numbers
 * from its smoothed distribution, see smoothedDraw; categories by their counts).
 * Each pair is compared as windowDrift compares a window: numeric bins at the
 * pseudo-reference's own deciles (the real edges are the real reference's), KS and
 * Wasserstein on the raw draws, categories over the union of both. Raw draws, not
 * profiles: a statistic read from a window profile is at most a few thousandths
 * off and mostly below the exact one (test/evaluate/window), so thresholds err on
 * the side of fewer alarms; so do they for a reference known by its profile, whose
 * windows are smoothed to its resolution before KS and Wasserstein.
 *
 * @returns one statistic per replicate (NaN where it cannot be computed); undefined
 *   when the method does not apply to the reference's kind or the reference is empty
 */
export function nullStatistics(reference: FeatureReference, method: DriftMethod, options: NullStatisticsOptions): Float64Array | undefined {
  if (reference.size === 0) return undefined;
  return reference.kind === 'numerical' ? numericNull(reference.sorted, method, options) : categoryNull(reference, method, options);
}

function numericNull(population: Float64Array, method: DriftMethod, options: NullStatisticsOptions): Float64Array | undefined {
  const statistic = numericStatistic(method);
  if (statistic === undefined) return undefined;
  const { replicates, random } = options;
  const resample = options.resampleReference ?? true;
  const r = resample ? new Float64Array(options.referenceSize) : population;
  const w = new Float64Array(options.windowSize);
  const out = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    if (resample) smoothedDraw(population, r, random);
    smoothedDraw(population, w, random);
    out[b] = statistic(r, w);
  }
  return out;
}

function numericStatistic(method: DriftMethod): ((r: Float64Array, w: Float64Array) => number) | undefined {
  switch (method) {
    case 'ks':
      return ksStatistic;
    case 'wasserstein':
      return wassersteinDistance;
    case 'wasserstein_normed':
      return wassersteinNormed;
    case 'chi2':
      return undefined;
    default:
      return (r, w) => {
        const edges = quantileEdges(r);
        return binnedStatistics(numericBinCountsSorted(r, edges), numericBinCountsSorted(w, edges))[method];
      };
  }
}

function categoryNull(
  reference: Exclude<FeatureReference, { kind: 'numerical' }>,
  method: DriftMethod,
  options: NullStatisticsOptions,
): Float64Array | undefined {
  const numbers = reference.kind === 'discrete';
  if (!numbers && (method === 'ks' || method === 'wasserstein' || method === 'wasserstein_normed')) return undefined;
  // Discrete values in ascending numeric order, so counts expand to sorted samples.
  const entries = [...reference.counts];
  if (numbers) entries.sort((a, b) => Number(a[0]) - Number(b[0]));
  const values = Float64Array.from(entries, ([key]) => (numbers ? Number(key) : NaN));
  const weights = Float64Array.from(entries, ([, count]) => count);
  const draw = new CategoryDraw(weights);
  const { replicates, random } = options;
  const resample = options.resampleReference ?? true;
  const rc = new Float64Array(entries.length);
  const wc = new Float64Array(entries.length);
  const out = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    if (resample) draw.counts(options.referenceSize, random, rc);
    else rc.set(weights);
    draw.counts(options.windowSize, random, wc);
    out[b] = numbers && (method === 'ks' || method === 'wasserstein' || method === 'wasserstein_normed')
      ? valueStatistic(method, expand(values, rc), expand(values, wc))
      : categoryStatistic(method, rc, wc);
  }
  return out;
}

function valueStatistic(method: 'ks' | 'wasserstein' | 'wasserstein_normed', r: Float64Array, w: Float64Array): number {
  return method === 'ks' ? ksStatistic(r, w) : method === 'wasserstein' ? wassersteinDistance(r, w) : wassersteinNormed(r, w);
}

/** The statistic over the categories either sample has (as categoricalBinCounts keeps them). */
function categoryStatistic(method: DriftMethod, rc: Float64Array, wc: Float64Array): number {
  let k = 0;
  for (let i = 0; i < rc.length; i++) if (rc[i] !== 0 || wc[i] !== 0) k++;
  const r = new Float64Array(k);
  const w = new Float64Array(k);
  for (let i = 0, j = 0; i < rc.length; i++) {
    if (rc[i] !== 0 || wc[i] !== 0) {
      r[j] = rc[i];
      w[j++] = wc[i];
    }
  }
  return method === 'chi2' ? chiSquare(r, w).statistic : binnedStatistics(r, w)[method as 'psi'];
}

function expand(values: Float64Array, counts: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const out = new Float64Array(total);
  for (let i = 0, j = 0; i < counts.length; i++) out.fill(values[i], j, (j += counts[i]));
  return out;
}
