import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { GroundTruthJoin, type JoinSettings, type RetainPredictions } from '../../src/feedback/ground-truth-join.js';
import { JoinedRows, REFERENCE_WINDOW } from '../../src/feedback/joined-rows.js';
import { MAX_CLASSES } from '../../src/feedback/probability-columns.js';
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

/** A batch with `ml.prediction.proba.<class>` columns. */
function probabilityBatch(ids: string[], predictions: FeatureValue[], probabilities: Record<string, (number | null)[]>, scores?: number[]): InferenceBatch {
  return { ...batch('wine', '1', ids, predictions, scores), probabilities: new Map(Object.entries(probabilities)) };
}

test('per-class probabilities follow their predictions into the labelled rows and the window outputs, aligned, NaN where missing', () => {
  const join = new GroundTruthJoin(settings());
  join.retain(probabilityBatch(['a', 'b'], ['x', 'y'], { x: [0.7, 0.2], y: [0.2, 0.5], z: [0.1, null] }), 0, 0);
  // A later span without probabilities, and one naming a class in another order plus a new one.
  join.retain(batch('wine', '1', ['c'], ['x'], [0.8]), 0, 0);
  join.retain(probabilityBatch(['d'], ['w'], { z: [0.3], w: [0.4], x: [0.3] }), 0, 0);
  const rows = join.windowRows('wine', '1', 0)!;
  const outputs = rows.outputs;
  assert.deepEqual(outputs.predictions, ['x', 'y', 'x', 'w']);
  assert.deepEqual(outputs.probabilities.classes, ['x', 'y', 'z', 'w']);
  assert.deepEqual(outputs.probabilities.columns, [[0.7, 0.2, NaN, 0.3], [0.2, 0.5, NaN, NaN], [0.1, NaN, NaN, 0.3], [NaN, NaN, NaN, 0.4]]);
  assert.deepEqual(outputs.scores, [NaN, NaN, 0.8, NaN], 'a prediction with probabilities only is kept without a score');

  for (const id of ['d', 'a', 'c']) join.acceptLabel(label('wine', id, 'x'), 1);
  assert.deepEqual(rows.predictions, ['w', 'x', 'x']);
  assert.deepEqual(rows.probabilities.classes, ['z', 'w', 'x', 'y']);
  assert.deepEqual(rows.probabilities.columnsOf(['x', 'y', 'z', 'w']), [[0.3, 0.7, NaN], [NaN, 0.2, NaN], [0.3, 0.1, NaN], [0.4, NaN, NaN]]);
});

test('a window past its row bound keeps each sampled row\'s probabilities with it', () => {
  const rows = new JoinedRows(100, seededRandom(9));
  const classes = ['a', 'b', 'c'];
  for (let i = 0; i < 5_000; i++) {
    const pending = { version: '1', windowStart: 0, prediction: i, score: null, probabilityClasses: classes, probabilities: [i, i + 0.5, -i], keptUnixMs: 0 };
    rows.add(i % 3, pending);
    rows.outputs.add(pending);
  }
  for (const [held, columns] of [[rows.predictions, rows.probabilities.columns], [rows.outputs.predictions, rows.outputs.probabilities.columns]] as const) {
    assert.equal(held.length, 100);
    held.forEach((p, i) => assert.deepEqual(columns.map((column) => column[i]), [p, (p as number) + 0.5, -(p as number)], `row ${i}`));
  }
});

test('the snapshot keeps per-class probabilities of pending predictions, labelled rows and outputs; a snapshot without them still loads', () => {
  const join = new GroundTruthJoin(settings());
  join.retain(probabilityBatch(['a', 'b', 'c'], ['x', 'y', 'x'], { x: [0.6, 0.1, 0.5], y: [0.3, 0.8, null], z: [0.1, 0.1, 0.2] }), REFERENCE_WINDOW, 0);
  join.retain(batch('wine', '1', ['s'], ['x'], [0.9]), REFERENCE_WINDOW, 0);
  join.acceptLabel(label('wine', 'b', 'y'), 1);
  const snapshot = JSON.parse(JSON.stringify(join.snapshot()));

  const restored = new GroundTruthJoin(settings());
  restored.restore(snapshot);
  assert.deepEqual(restored.snapshot(), join.snapshot(), 'restore then snapshot gives the same state');
  const rows = restored.referenceRows('wine', '1')!;
  assert.deepEqual(rows.probabilities.columns, [[0.1], [0.8], [0.1]]);
  assert.deepEqual(rows.outputs.probabilities.columns, [[0.6, 0.1, 0.5, NaN], [0.3, 0.8, NaN, NaN], [0.1, 0.1, 0.2, NaN]]);
  assert.deepEqual(rows.outputs.scores, [NaN, NaN, NaN, 0.9]);
  // The pending predictions kept their probabilities: labels now join them with their values.
  restored.acceptLabel(label('wine', 'c', 'x'), 2);
  restored.acceptLabel(label('wine', 's', 'x'), 2);
  assert.deepEqual(rows.probabilities.columns, [[0.1, 0.5, NaN], [0.8, NaN, NaN], [0.1, 0.2, NaN]]);

  // An older snapshot: six-element pending entries, no probabilities anywhere.
  const old = JSON.parse(JSON.stringify(snapshot));
  for (const model of old.models) {
    delete model.probabilityClasses;
    model.pending = model.pending.map((p: unknown[]) => p.slice(0, 6));
    for (const w of model.windows) {
      delete w.probabilities;
      delete w.outputs.probabilities;
    }
  }
  const fromOld = new GroundTruthJoin(settings());
  fromOld.restore(old);
  const oldRows = fromOld.referenceRows('wine', '1')!;
  assert.deepEqual([oldRows.labels, oldRows.probabilities.classes, oldRows.probabilities.rows], [['y'], [], 1]);
  fromOld.acceptLabel(label('wine', 'a', 'x'), 2);
  assert.deepEqual(oldRows.labels, ['y', 'x']);
  assert.equal(oldRows.probabilities.rows, 2, 'rows without probabilities stay counted, so later columns align');
});

test('past MAX_CLASSES classes a window keeps no more columns and says so, through the snapshot too', () => {
  const join = new GroundTruthJoin(settings());
  const names = Array.from({ length: MAX_CLASSES + 10 }, (_, c) => `class ${c}`);
  join.retain(probabilityBatch(['a', 'b'], ['class 0', 'class 1'], Object.fromEntries(names.map((n) => [n, [0.001, 0.002]]))), 0, 0);
  const outputs = join.windowRows('wine', '1', 0)!.outputs.probabilities;
  assert.equal(outputs.classes.length, MAX_CLASSES);
  assert.equal(outputs.overflowed, true);
  assert.equal(join.windowRows('wine', '1', 0)!.probabilities.overflowed, false, 'no labelled row yet');
  const restored = new GroundTruthJoin(settings());
  restored.restore(JSON.parse(JSON.stringify(join.snapshot())));
  assert.equal(restored.windowRows('wine', '1', 0)!.outputs.probabilities.overflowed, true);
});
