import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { SingleRowBatch } from '../../src/extract/single-row-batch.js';

/**
 * Batches for the sample tests: single-row batches as extraction makes them (read
 * through `row`; their columns throw, so a test fails if the sample builds them), and
 * multi-row batches built column by column.
 */
export function singleRow(id: string, features: Record<string, FeatureValue>, extra: {
  timeUnixMs?: number; prediction?: FeatureValue; score?: number | null; label?: FeatureValue;
} = {}): InferenceBatch {
  const batch = new SingleRowBatch({
    model: 'm', version: '1', task: '', timeUnixMs: extra.timeUnixMs ?? 1_717_171_717_000, ids: { traceId: 't', spanId: 's' },
    inferenceId: id,
    row: { featureNames: Object.keys(features), featureValues: Object.values(features), prediction: extra.prediction, score: extra.score },
    label: extra.label, probabilityClasses: undefined, probabilityValues: undefined, errorType: undefined,
  });
  Object.defineProperty(batch, 'features', { get: () => { throw new Error('the sample read the columns of a single-row batch'); } });
  return batch;
}

/** A batch of `ids.length` rows whose feature `x` is the row's index in the whole stream (`firstX` + row). */
export function columnBatch(ids: string[], firstX = 0, timeUnixMs = 1_717_171_717_000): InferenceBatch {
  return {
    model: 'm', version: '1', task: '', rows: ids.length, timeUnixMs, traceId: 't', spanId: 's',
    inferenceIds: ids,
    features: new Map<string, FeatureValue[]>([['x', ids.map((_, i) => firstX + i)]]),
    predictions: ids.map((_, i) => (firstX + i) % 2),
  };
}

/** Ids `prefix0` .. `prefix<n-1>`. */
export function ids(prefix: string, from: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);
}
