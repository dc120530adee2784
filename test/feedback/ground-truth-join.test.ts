import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { GroundTruthJoin, type JoinSettings, type RetainPredictions } from '../../src/feedback/ground-truth-join.js';
import { JoinedRows, REFERENCE_WINDOW } from '../../src/feedback/joined-rows.js';
import { RecentEntries } from '../../src/feedback/recent-entries.js';
import { seededRandom } from '../helpers/seeded-random.js';

const HOUR = 3_600_000;

function settings(retain: RetainPredictions = 'always', overrides: Partial<JoinSettings> = {}): JoinSettings {
  return { horizonMs: 24 * HOUR, maxPendingPerModel: 1_000, retain: () => retain, ...overrides };
}

/** A batch of predictions with ids `<prefix><i>`. */
function batch(model: string, version: string, ids: string[], predictions: FeatureValue[], scores?: number[]): InferenceBatch {
  return {
    model, version, task: '', rows: ids.length, timeUnixMs: 0, traceId: '', spanId: '',
    inferenceIds: ids, features: new Map(), predictions, ...(scores === undefined ? {} : { scores }),
  };
}

const label = (model: string, inferenceId: string, value: FeatureValue, version = '') => ({ model, version, inferenceId, label: value, timeUnixMs: 0 });

test('a label joins its prediction in the window the prediction was counted in, not the label\'s', () => {
  const join = new GroundTruthJoin(settings());
  join.retain(batch('churn', '1', ['a', 'b'], ['yes', 'no'], [0.9, 0.2]), 60_000, 1_000);
  join.retain(batch('churn', '1', ['c'], ['no']), 120_000, 61_000);
  assert.equal(join.acceptLabel(label('churn', 'a', 'no'), 200_000), 'joined');
  const [updated, ...rest] = join.takeUpdated();
  assert.equal(rest.length, 0, 'only the window of "a"');
  assert.deepEqual([updated.model, updated.version, updated.windowStart], ['churn', '1', 60_000]);
  assert.deepEqual([updated.rows.labels, updated.rows.predictions, updated.rows.scores], [['no'], ['yes'], [0.9]]);
  assert.equal(updated.rows.kept, 2);
  assert.equal(updated.rows.coverage, 0.5);
  assert.equal(join.acceptLabel(label('churn', 'a', 'no'), 200_001), 'waiting', 'a prediction is joined once');
  assert.deepEqual(join.takeUpdated(), [], 'nothing changed since');
});

test('a label that comes first waits for its prediction, which joins it on arrival', () => {
  const join = new GroundTruthJoin(settings());
  assert.equal(join.acceptLabel(label('churn', 'x', 'yes'), 0), 'waiting');
  join.retain(batch('churn', '2', ['x', 'y'], ['yes', 'no']), 0, 10);
  const [updated] = join.takeUpdated();
  assert.deepEqual([updated.version, updated.rows.labels, updated.rows.predictions], ['2', ['yes'], ['yes']]);
  assert.equal(join.joined, 1);
  assert.deepEqual(join.stats(), { pendingPredictions: 1, waitingLabels: 0, dropped: 0 });
});

test('a label naming a version joins only a prediction of that version', () => {
  const join = new GroundTruthJoin(settings());
  join.retain(batch('m', '1', ['id'], [1]), 0, 0);
  assert.equal(join.acceptLabel(label('m', 'id', 1, '2'), 1), 'waiting');
  assert.equal(join.acceptLabel(label('m', 'id', 0, '1'), 2), 'joined');
});

test('auto keeps predictions from the model\'s first label on; never keeps none', () => {
  const auto = new GroundTruthJoin(settings('auto'));
  assert.equal(auto.retains('m'), false);
  auto.acceptLabel(label('m', 'early', 1), 0);
  assert.equal(auto.retains('m'), true);
  assert.equal(auto.retains('other'), false, 'per model');
  assert.equal(new GroundTruthJoin(settings('never')).retains('m'), false);
});

test('past the horizon, unjoined predictions, waiting labels and old windows are let go (counted); the reference stays', () => {
  const join = new GroundTruthJoin(settings('always', { horizonMs: HOUR }));
  join.retain(batch('m', '1', ['ref'], [1]), REFERENCE_WINDOW, 0);
  join.acceptLabel(label('m', 'ref', 1), 0);
  join.retain(batch('m', '1', ['old'], [1]), 0, 0);
  join.acceptLabel(label('m', 'orphan', 1), 0);
  join.expire(2 * HOUR);
  assert.deepEqual(join.stats(), { pendingPredictions: 0, waitingLabels: 0, dropped: 2 });
  assert.equal(join.acceptLabel(label('m', 'old', 1), 2 * HOUR), 'waiting', 'its prediction is gone');
  assert.equal(join.referenceRows('m', '1')?.labelled, 1);
});

test('predictions past max_pending push out the oldest', () => {
  const join = new GroundTruthJoin(settings('always', { maxPendingPerModel: 3 }));
  join.retain(batch('m', '1', ['a', 'b', 'c', 'd', 'e'], [1, 1, 1, 1, 1]), 0, 0);
  assert.deepEqual(join.stats(), { pendingPredictions: 3, waitingLabels: 0, dropped: 2 });
  assert.equal(join.acceptLabel(label('m', 'a', 1), 1), 'waiting');
  assert.equal(join.acceptLabel(label('m', 'e', 1), 1), 'joined');
});

test('RecentEntries: a key set again moves to the newest end; expire stops at the first young entry', () => {
  const entries = new RecentEntries<{ keptUnixMs: number }>(10, 100);
  entries.set('a', { keptUnixMs: 0 });
  entries.set('b', { keptUnixMs: 50 });
  entries.set('a', { keptUnixMs: 120 });
  entries.expire(160);
  assert.equal(entries.size, 1);
  assert.ok(entries.take('a'));
  assert.equal(entries.dropped, 1);
});

test('a window past its row bound holds a uniform sample of its labelled rows, and counts them all', () => {
  const rows = new JoinedRows(1_000, seededRandom(5));
  const pending = (prediction: number) => ({ version: '1', windowStart: 0, prediction, score: null, keptUnixMs: 0 });
  for (let i = 0; i < 10_000; i++) rows.add(i % 2, pending(i));
  assert.equal(rows.labelled, 10_000);
  assert.equal(rows.labels.length, 1_000);
  const mean = (rows.predictions as number[]).reduce((a, b) => a + b, 0) / 1_000;
  // Uniform over 0..9999: mean 4999.5, sd of the mean about 2887/sqrt(1000) = 91.
  assert.ok(Math.abs(mean - 4_999.5) < 400, `sample mean ${mean}`);
  rows.predictions.forEach((p, i) => assert.equal(rows.labels[i], (p as number) % 2, 'rows stay aligned'));
});
