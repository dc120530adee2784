import type { InferenceBatch } from '../extract/inference-batch.js';
import { packRow, packValues } from './packed-values.js';
import type { SampleRecord } from './sample-record.js';

/**
 * Row `row` of a batch as a sample record. A single-row batch is read through its
 * `row` (its columns would be built on first read, which is the allocation extraction
 * avoids), and so is a row of single-row spans (`rowOf`); a batch built column by
 * column through its columns, by position when it has them in order (`featureColumns`). Only records the
 * reservoir takes are read, so this is off the per-record hot path.
 */
export function batchRecord(batch: InferenceBatch, row: number): SampleRecord {
  // Rows of single-row spans gathered into columns (SpanRowsBatch) are read from their span's row too: no Map lookup per feature.
  const single = batch.row ?? batch.rowOf?.(row);
  const label = batch.labels?.[row];
  if (single !== undefined) {
    return {
      inferenceId: batch.inferenceIdOf?.(row) ?? batch.inferenceIds[row],
      timeUnixMs: batch.timesUnixMs?.[row] ?? batch.timeUnixMs,
      featureNames: single.featureNames,
      featureValues: packValues(single.featureValues),
      prediction: single.prediction,
      score: single.score,
      label: label ?? undefined,
    };
  }
  const columns = batch.featureColumns;
  const featureNames = batch.featureNames ?? [...batch.features.keys()];
  const featureValues = columns !== undefined
    ? packRow(columns, row)
    : packValues(featureNames.map((name) => batch.features.get(name)![row] ?? null));
  return {
    // One row's id: the reservoir takes a few rows of a batch, whose whole id column may not exist yet.
    inferenceId: batch.inferenceIdOf?.(row) ?? batch.inferenceIds[row],
    timeUnixMs: batch.timesUnixMs?.[row] ?? batch.timeUnixMs,
    featureNames,
    featureValues,
    prediction: batch.predictions?.[row],
    score: batch.scores?.[row],
    label: label ?? undefined,
  };
}
