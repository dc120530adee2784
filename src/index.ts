/**
 * modelwatch's library API: the statistics, profiles, evaluators and the batch
 * report that `modelwatch report` runs, for use from code and notebooks.
 */
export {
  binIndex, categoricalBinCounts, chiSquare, hellinger, jsDistance, klDivergence, kolmogorovSf, ksTwoSample,
  numericBinCounts, numericBinCountsSorted, populationStd, psi, quantileEdges, shares, smirnovSf, sortedFinite,
  totalVariation, wassersteinDistance, wassersteinNormed,
  type CategoricalBinCounts, type ChiSquareResult, type KsResult,
} from './stats/index.js';
export {
  BinCounts, CategoricalProfile, IncompatibleProfileError, NumericProfile, QuantileSketch, numericValue,
  type Profile,
} from './profile/index.js';
export { classificationMetrics, regressionMetrics, type ClassificationInput, type ClassificationMetrics, type RegressionMetrics } from './evaluate/performance/index.js';
export { categoricalFeatureDrift, numericalFeatureDrift, type DriftOverride, type FeatureDrift } from './evaluate/drift/feature-drift.js';
export { datasetDrift, type DatasetDrift } from './evaluate/drift/dataset-drift.js';
export { DRIFT_METHODS, type DriftMethod } from './evaluate/drift/drift-method.js';
export { categoricalQuality, numericalQuality, type FeatureQuality } from './evaluate/quality/feature-quality.js';
export { readTable, type InputFormat } from './io/read-table.js';
export type { NumericColumn, Table, TextColumn } from './io/table.js';
export { buildReport } from './report/build-report.js';
export { reportJson } from './report/report-json.js';
export { reportMarkdown } from './report/report-markdown.js';
export type { FeatureBins, FeatureReport, Report, ReportOptions } from './report/report-types.js';
export { ModelwatchError, errorCatalog, type ErrorCode } from './errors.js';
