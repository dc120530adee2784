import { unpackValues } from './packed-values.js';
import type { FeatureValue } from '../extract/inference-batch.js';
import type { SampleRecord } from './sample-record.js';

/** Columns every export has, around the feature columns. */
const LEADING = ['inference_id', 'time'] as const;
const TRAILING = ['prediction', 'score', 'label'] as const;
const FIXED = new Set<string>([...LEADING, ...TRAILING]);

/** One exported cell: text for the id and the time, a record's value otherwise; undefined is missing. */
export type SampleCell = FeatureValue | undefined;

/** A sample laid out as a table: what both export formats write. */
export interface SampleTable {
  /** `inference_id`, `time`, each feature, `prediction`, `score`, `label`. */
  readonly columns: readonly string[];
  /** One array of cells per record, aligned with `columns`. */
  readonly rows: readonly (readonly SampleCell[])[];
}

/**
 * The records as a table. Feature columns are the union of the records' features, in
 * the order they first appear; a record without a feature has a missing cell. A
 * feature named like a fixed column (a feature called `label`) is written
 * `feature.<name>`, so no header holds a name twice and pandas never renames one.
 * `time` is ISO 8601 in UTC with milliseconds, which pandas parses as a datetime.
 */
export function sampleTable(records: readonly SampleRecord[]): SampleTable {
  const featureColumn = new Map<string, number>();
  const featureHeaders: string[] = [];
  for (const record of records) {
    for (const name of record.featureNames) {
      if (featureColumn.has(name)) continue;
      featureColumn.set(name, LEADING.length + featureHeaders.length);
      featureHeaders.push(FIXED.has(name) ? `feature.${name}` : name);
    }
  }
  const columns = [...LEADING, ...featureHeaders, ...TRAILING];
  const trailingAt = LEADING.length + featureHeaders.length;
  const rows = records.map((record) => {
    const row = new Array<SampleCell>(columns.length).fill(undefined);
    row[0] = record.inferenceId;
    row[1] = new Date(record.timeUnixMs).toISOString();
    const { featureNames } = record;
    const featureValues = unpackValues(record.featureValues);
    for (let i = 0; i < featureNames.length; i++) row[featureColumn.get(featureNames[i])!] = featureValues[i];
    row[trailingAt] = record.prediction;
    row[trailingAt + 1] = record.score;
    row[trailingAt + 2] = record.label;
    return row;
  });
  return { columns, rows };
}
