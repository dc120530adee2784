/**
 * The bins of a feature's drift statistics, as the report (FeatureBins, plain arrays)
 * and the processor's windows (DriftBins, typed arrays) both carry them: §5 quantile
 * `edges`, or `categories`, with each sample's count per bin.
 */
export type ChartBins =
  | { readonly edges: ArrayLike<number>; readonly reference: ArrayLike<number>; readonly current: ArrayLike<number> }
  | { readonly categories: readonly string[]; readonly reference: ArrayLike<number>; readonly current: ArrayLike<number> };

/**
 * What a distribution chart draws (src/pictures/distribution-chart-script.ts): one
 * label per bin and each sample's count in it (the chart turns counts into shares, so
 * samples of different sizes compare), and how the bins were made, in words.
 */
export interface DistributionData {
  readonly binning: string;
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
  /** Categories summed into the last bar (0: every category has its own). */
  readonly pooled: number;
}

export interface DistributionOptions {
  /** Above this many categories the chart keeps the largest and sums the rest into one bar. */
  readonly mostCategories: number;
  /** How an edge is written in a bin's label. */
  readonly numberText: (x: number) => string;
  /** Categories that are numbers (a numeric column with few values), ordered by value. */
  readonly categoriesByValue?: boolean;
}

/**
 * A feature's bins as chart data. Quantile bins are labelled as intervals (a value x is
 * in (a, b] when a < x <= b); categories keep their order, or are ordered by value.
 * More than `mostCategories` categories are cut to those with the largest share in
 * either sample, plus an "other" bar holding the rest, so every sample's total is kept.
 */
export function distributionData(bins: ChartBins, options: DistributionOptions): DistributionData {
  if ('edges' in bins) {
    return {
      binning: 'quantile bins of the reference', labels: intervalLabels(Array.from(bins.edges, options.numberText)),
      reference: Array.from(bins.reference), current: Array.from(bins.current), pooled: 0,
    };
  }
  return categoryData(bins, options);
}

function intervalLabels(edges: readonly string[]): string[] {
  if (edges.length === 0) return ['all values'];
  return [`≤ ${edges[0]}`, ...edges.slice(1).map((edge, k) => `(${edges[k]}, ${edge}]`), `> ${edges[edges.length - 1]}`];
}

function categoryData(bins: Extract<ChartBins, { categories: readonly string[] }>, options: DistributionOptions): DistributionData {
  const { categories, reference, current } = bins;
  const referenceTotal = sum(reference);
  const currentTotal = sum(current);
  const share = (i: number) => Math.max(reference[i] / (referenceTotal || 1), current[i] / (currentTotal || 1));
  let order = categories.map((_, i) => i);
  let other: number[] = [];
  if (order.length > options.mostCategories) {
    const bySize = [...order].sort((a, b) => share(b) - share(a) || a - b);
    const kept = new Set(bySize.slice(0, options.mostCategories));
    other = order.filter((i) => !kept.has(i));
    order = order.filter((i) => kept.has(i));
  }
  if (options.categoriesByValue === true) order.sort((a, b) => Number(categories[a]) - Number(categories[b]));
  const labels = order.map((i) => categories[i]);
  const counts = (of: ArrayLike<number>) => order.map((i) => of[i]);
  if (other.length === 0) {
    const binning = options.categoriesByValue === true ? 'distinct values (5 or fewer in the reference)' : 'categories';
    return { binning, labels, reference: counts(reference), current: counts(current), pooled: 0 };
  }
  const rest = (of: ArrayLike<number>) => sum(other.map((i) => of[i]));
  return {
    binning: `the ${options.mostCategories} largest of ${categories.length} categories, the rest as one bar`,
    labels: [...labels, `other (${other.length} categories)`],
    reference: [...counts(reference), rest(reference)],
    current: [...counts(current), rest(current)],
    pooled: other.length,
  };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
