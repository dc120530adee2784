import type { FeatureBins, FeatureReport } from '../report-types.js';
import { numberText } from '../report-number-text.js';

/**
 * What a distribution chart draws: one label per bin and each sample's count in it
 * (the chart turns counts into shares, so samples of different sizes compare). Also
 * what src/pictures/distribution-chart-script.ts expects.
 */
export interface DistributionData {
  readonly binning: string;
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** Above this many categories a chart keeps the largest and sums the rest into one bar. */
export const MOST_CATEGORIES_DRAWN = 30;

/**
 * A feature's §5 bins as chart data. Quantile bins are labelled as intervals (a value x
 * is in (a, b] when a < x <= b); categories keep their order, except that a numerical
 * column compared as categories is ordered by value. Many categories are cut to the
 * MOST_CATEGORIES_DRAWN with the largest share in either sample, plus an "other" bar
 * holding the rest, so every sample's total is kept.
 */
export function distributionData(feature: FeatureReport): DistributionData {
  const { bins } = feature;
  if ('edges' in bins) {
    return { binning: 'quantile bins of the reference', labels: intervalLabels(bins.edges), reference: [...bins.reference], current: [...bins.current] };
  }
  return categoryData(bins, feature.type === 'numerical');
}

function intervalLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all values'];
  const text = edges.map(numberText);
  return [`≤ ${text[0]}`, ...text.slice(1).map((edge, k) => `(${text[k]}, ${edge}]`), `> ${text[text.length - 1]}`];
}

function categoryData(bins: Extract<FeatureBins, { categories: readonly string[] }>, byValue: boolean): DistributionData {
  const referenceTotal = sum(bins.reference);
  const currentTotal = sum(bins.current);
  const share = (i: number) => Math.max(bins.reference[i] / (referenceTotal || 1), bins.current[i] / (currentTotal || 1));
  let order = bins.categories.map((_, i) => i);
  let other: number[] = [];
  if (order.length > MOST_CATEGORIES_DRAWN) {
    const bySize = [...order].sort((a, b) => share(b) - share(a) || a - b);
    const kept = new Set(bySize.slice(0, MOST_CATEGORIES_DRAWN));
    other = order.filter((i) => !kept.has(i));
    order = order.filter((i) => kept.has(i));
  }
  if (byValue) order.sort((a, b) => Number(bins.categories[a]) - Number(bins.categories[b]));
  const data = {
    binning: byValue ? 'distinct values (5 or fewer in the reference)' : 'categories',
    labels: order.map((i) => bins.categories[i]),
    reference: order.map((i) => bins.reference[i]),
    current: order.map((i) => bins.current[i]),
  };
  if (other.length === 0) return data;
  return {
    binning: `the ${MOST_CATEGORIES_DRAWN} largest of ${bins.categories.length} categories, the rest as one bar`,
    labels: [...data.labels, `other (${other.length} categories)`],
    reference: [...data.reference, sum(other.map((i) => bins.reference[i]))],
    current: [...data.current, sum(other.map((i) => bins.current[i]))],
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
