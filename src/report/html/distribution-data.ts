import { distributionData as chartData, type DistributionData } from '../../pictures/distribution-data.js';
import type { FeatureReport } from '../report-types.js';
import { numberText } from '../report-number-text.js';

export type { DistributionData };

/** Above this many categories the report's chart keeps the largest and sums the rest into one bar. */
export const MOST_CATEGORIES_DRAWN = 30;

/** A feature's §5 bins as the report's chart draws them; a numerical column compared as categories is ordered by value. */
export function distributionData(feature: FeatureReport): DistributionData {
  return chartData(feature.bins, { mostCategories: MOST_CATEGORIES_DRAWN, numberText, categoriesByValue: feature.type === 'numerical' });
}
