import { ModelwatchError } from '../errors.js';
import type { Table } from '../io/table.js';
import { datasetDrift } from '../evaluate/drift/dataset-drift.js';
import type { DriftOverride } from '../evaluate/drift/feature-drift.js';
import { featureReport } from './feature-report.js';
import { performanceReport } from './performance-report.js';
import type { FeatureReport, Report, ReportOptions } from './report-types.js';

/**
 * Compares a current data set with a reference one: drift and data quality of every
 * feature column the two share, dataset drift, and model performance on the current
 * data when target and prediction columns are named. Target, prediction, score and
 * ignored columns are not features.
 *
 * @throws ModelwatchError when a named column does not exist or the files share no column
 */
export function buildReport(reference: Table, current: Table, options: ReportOptions = {}): Report {
  checkNamedColumns(reference, current, options);
  const notFeatures = new Set([
    ...(options.ignore ?? []),
    ...[options.target, options.prediction].filter((c): c is string => c !== undefined),
    ...(options.score ?? []),
  ]);
  const common = reference.columns.filter((name) => current.columns.includes(name));
  if (common.length === 0) {
    throw new ModelwatchError('MODELWATCH_ERR_NO_COMMON_COLUMNS', reference.file, current.file);
  }
  const featureNames = common.filter((name) => !notFeatures.has(name));
  const categorical = new Set(options.categorical ?? []);

  const features: FeatureReport[] = [];
  for (const name of featureNames) {
    features.push(featureReport(
      {
        name,
        reference: { table: reference, column: reference.columns.indexOf(name) },
        current: { table: current, column: current.columns.indexOf(name) },
      },
      categorical.has(name),
      overrideFor(options.drift, name),
    ));
    options.onFeature?.(features.length, featureNames.length);
  }

  const dataset = datasetDrift(features.map((f) => f.drifted), options.driftShare);
  return {
    reference: { file: reference.file, rows: reference.rows },
    current: { file: current.file, rows: current.rows },
    features,
    dataset: {
      ...dataset,
      driftedFeatures: features.filter((f) => f.drifted).length,
      features: features.length,
      missingColumns: reference.columns.filter((name) => !current.columns.includes(name) && !notFeatures.has(name)),
      newColumns: current.columns.filter((name) => !reference.columns.includes(name) && !notFeatures.has(name)),
    },
    performance: options.target !== undefined && options.prediction !== undefined
      ? performanceReport({
        table: current,
        target: options.target,
        prediction: options.prediction,
        score: options.score,
        positiveLabel: options.positiveLabel,
        task: options.task,
      })
      : null,
  };
}

function overrideFor(drift: ReadonlyMap<string, DriftOverride> | undefined, feature: string): DriftOverride {
  return drift?.get(feature) ?? drift?.get('*') ?? {};
}

/** Every column an option names must exist: a typo should fail loudly, not be ignored. */
function checkNamedColumns(reference: Table, current: Table, options: ReportOptions): void {
  const inCurrent: [string, string | undefined][] = [
    ['--target', options.target],
    ['--prediction', options.prediction],
    ...(options.score ?? []).map((c): [string, string] => ['--score', c]),
  ];
  for (const [option, column] of inCurrent) {
    if (column !== undefined && !current.columns.includes(column)) {
      throw new ModelwatchError('MODELWATCH_ERR_UNKNOWN_COLUMN', current.file, option, column, current.columns.join(', '));
    }
  }
  const inEither: [string, string][] = [
    ...(options.categorical ?? []).map((c): [string, string] => ['--categorical', c]),
    ...(options.ignore ?? []).map((c): [string, string] => ['--ignore', c]),
    ...[...(options.drift?.keys() ?? [])].filter((c) => c !== '*').map((c): [string, string] => ['--drift-method', c]),
  ];
  for (const [option, column] of inEither) {
    if (!reference.columns.includes(column) && !current.columns.includes(column)) {
      throw new ModelwatchError('MODELWATCH_ERR_UNKNOWN_COLUMN', reference.file, option, column, reference.columns.join(', '));
    }
  }
  if ((options.target === undefined) !== (options.prediction === undefined)) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', 'performance needs both --target and --prediction');
  }
  if (options.score !== undefined && options.target === undefined) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', '--score needs --target and --prediction');
  }
}
