import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { SingleRowBatch } from '../../src/extract/single-row-batch.js';
import { SpanRowsBatch } from '../../src/extract/span-rows-batch.js';
import { batchRecord } from '../../src/samples/batch-record.js';
import { seededRandom } from '../helpers/seeded-random.js';

test('a row of single-row spans (SpanRowsBatch) makes the same sample record read from its span as from its columns', () => {
  const random = seededRandom(5);
  const names = ['age', 'plan', 'score', 'active'];
  const pick = (): FeatureValue => [() => Math.round(random() * 90), () => (random() < 0.5 ? 'basic' : 'plus'), () => null, () => random() < 0.5][Math.floor(random() * 4)]();
  const spans = Array.from({ length: 9 }, (_, i) => new SingleRowBatch({
    model: 'churn', version: 'v1', task: 'classification', timeUnixMs: 1_000 + i,
    ids: { traceId: `${i}`.padStart(32, 'a'), spanId: `${i}`.padStart(16, 'b') },
    inferenceId: i % 3 === 0 ? `id-${i}` : undefined,
    row: { featureNames: names, featureValues: names.map(pick), prediction: random() < 0.5 ? 1 : 0, score: i % 4 === 0 ? null : random() },
    label: i % 2 === 0 ? 'yes' : null, probabilityClasses: undefined, probabilityValues: undefined, errorType: undefined,
  }));
  const rows = new SpanRowsBatch(spans);
  // The same rows with only what a batch built column by column has.
  const byColumns: InferenceBatch = {
    model: rows.model, version: rows.version, task: rows.task, rows: rows.rows, timeUnixMs: rows.timeUnixMs, timesUnixMs: rows.timesUnixMs,
    traceId: rows.traceId, spanId: rows.spanId, inferenceIds: rows.inferenceIds, features: rows.features,
    predictions: rows.predictions, scores: rows.scores, labels: rows.labels,
  };
  for (let row = 0; row < rows.rows; row++) {
    const record = batchRecord(rows, row);
    assert.deepEqual(record, batchRecord(byColumns, row), `row ${row}`);
    assert.deepEqual(record, batchRecord(spans[row], 0), `row ${row} as its own span`);
  }
});
