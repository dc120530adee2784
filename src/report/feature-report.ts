import { ModelwatchError } from '../errors.js';
import type { Table } from '../io/table.js';
import { sortedFinite } from '../stats/sorted-finite.js';
import { categoricalFeatureDrift, type DriftOverride, type FeatureDrift, numericalFeatureDrift } from '../evaluate/drift/feature-drift.js';
import { categoricalQuality, type FeatureQuality, numericalQuality } from '../evaluate/quality/feature-quality.js';
import type { FeatureBins, FeatureReport } from './report-types.js';

export interface FeatureColumns {
  readonly name: string;
  readonly reference: { readonly table: Table; readonly column: number };
  readonly current: { readonly table: Table; readonly column: number };
}

/**
 * Drift and data quality of one feature, from exact raw values. The type rule: a
 * column is numerical when every non-missing reference value is a number, else
 * categorical; `forceCategorical` overrides. A current value that is not a number
 * in a numerical column is a type mismatch.
 */
export function featureReport(columns: FeatureColumns, forceCategorical: boolean, override: DriftOverride): FeatureReport {
  const { reference, current } = columns;
  const referenceNumbers = forceCategorical ? null : reference.table.numeric(reference.column);
  if (referenceNumbers !== null && referenceNumbers.mismatched === 0) {
    const currentNumbers = current.table.numeric(current.column);
    const referenceSorted = sortedFinite(referenceNumbers.values);
    const currentSorted = sortedFinite(currentNumbers.values);
    const drift = guarded(columns.name, () => numericalFeatureDrift(referenceSorted, currentSorted, override));
    const quality = numericalQuality(
      { rows: current.table.rows, missing: currentNumbers.missing, mismatched: currentNumbers.mismatched },
      referenceSorted,
      currentSorted,
    );
    return assemble(columns.name, 'numerical', drift, quality);
  }

  const referenceText = reference.table.text(reference.column);
  const currentText = current.table.text(current.column);
  const referenceCounts = countCategories(referenceText.values);
  const currentCounts = countCategories(currentText.values);
  const drift = guarded(columns.name, () => categoricalFeatureDrift(referenceCounts, currentCounts, override));
  const quality = categoricalQuality(
    { rows: current.table.rows, missing: currentText.missing, mismatched: 0 },
    referenceCounts,
    currentCounts,
  );
  return assemble(columns.name, 'categorical', drift, quality);
}

function assemble(name: string, type: FeatureReport['type'], drift: FeatureDrift, quality: FeatureQuality): FeatureReport {
  const { method, threshold, statistic, pValue, drifted, stats } = drift;
  return { name, type, method, threshold, statistic, pValue, drifted, stats, quality, bins: plainBins(drift.bins) };
}

/** Plain arrays, so the bins read the same in JSON as in code. */
function plainBins(bins: FeatureDrift['bins']): FeatureBins {
  const counts = { reference: Array.from(bins.reference), current: Array.from(bins.current) };
  return 'edges' in bins ? { edges: Array.from(bins.edges), ...counts } : { categories: bins.categories, ...counts };
}

/** A method chosen for a feature it cannot apply to is the user's choice: report it as usage. */
function guarded(feature: string, evaluate: () => FeatureDrift): FeatureDrift {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ModelwatchError('MODELWATCH_ERR_USAGE', `feature "${feature}": ${error.message}`);
    }
    throw error;
  }
}

export function countCategories(values: ReadonlyArray<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
