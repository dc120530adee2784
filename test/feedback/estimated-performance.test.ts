import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitCbpe } from '../../src/evaluate/estimated/index.js';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { GroundTruthJoin } from '../../src/feedback/ground-truth-join.js';
import { REFERENCE_WINDOW } from '../../src/feedback/joined-rows.js';
import { PerformanceTracker } from '../../src/feedback/performance-tracker.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import { decodeNumber, decodeNumbers } from '../helpers/fixtures.js';
import { fitReference, loadMulticlassScenarios, probabilitiesOf, type FixtureRows } from '../evaluate/estimated/multiclass-shift-chunks.js';
import { loadShiftScenarios } from '../evaluate/estimated/shift-chunks.js';

/*
 * Estimated performance in the processor's flow, on breast-cancer data under
 * covariate shift (test/fixtures/cbpe.json): the reference's predictions and labels
 * go through the join, a shifted chunk's predictions come without labels, and the
 * window's estimate equals CBPE fitted directly on the same rows, positive class found
 * from the scores alone.
 */
const [scenario] = loadShiftScenarios();
const [split] = scenario.splits;
const WINDOW_MS = 60_000;

function batch(ids: string[], predictions: FeatureValue[], scores: number[]): InferenceBatch {
  return {
    model: 'cancer', version: '1', task: 'classification', rows: ids.length, timeUnixMs: 0, traceId: '', spanId: '',
    inferenceIds: ids, features: new Map(), predictions, scores,
  };
}

test('a window without labels gets CBPE\'s estimate, fitted on the reference\'s labelled, scored predictions', () => {
  const join = new GroundTruthJoin({ horizonMs: 86_400_000, maxPendingPerModel: 10_000, retain: () => 'always' });
  const published: PerformanceSignals[] = [];
  const tracker = new PerformanceTracker(join, { windowMs: WINDOW_MS, minLabels: 30, publish: (s) => published.push(s) });
  const referenceScores = Array.from(decodeNumbers(split.reference.score));
  const referenceIds = referenceScores.map((_, i) => `r${i}`);
  join.retain(batch(referenceIds, split.reference.prediction, referenceScores), REFERENCE_WINDOW, 0);
  split.reference.label.forEach((label, i) => join.acceptLabel({ model: 'cancer', version: '', inferenceId: referenceIds[i], label, timeUnixMs: 0 }, 1));
  tracker.flush();
  assert.equal(published.length, 0, 'the reference is the baseline, not a window');

  const chunk = split.chunks[0];
  const chunkScores = Array.from(decodeNumbers(chunk.score));
  join.retain(batch(chunkScores.map((_, i) => `c${i}`), chunk.prediction, chunkScores), WINDOW_MS, 2);
  tracker.estimateWindow('cancer', '1', WINDOW_MS);

  const direct = fitCbpe({ scores: Float64Array.from(referenceScores), labels: split.reference.label, predictions: split.reference.prediction, positiveLabel: scenario.positive_label })
    .estimate({ scores: Float64Array.from(chunkScores), predictions: chunk.prediction });
  assert.equal(published.length, 1);
  const [estimated] = published;
  assert.equal(estimated.source, 'estimated');
  assert.deepEqual([estimated.windowStartUnixMs, estimated.windowEndUnixMs, estimated.labelled], [WINDOW_MS, 2 * WINDOW_MS, 0]);
  assert.deepEqual(estimated.metrics, { accuracy: direct.accuracy, precision: direct.precision, recall: direct.recall, f1: direct.f1, roc_auc: direct.roc_auc });
  assert.ok(estimated.baseline?.accuracy !== undefined, 'the reference\'s observed accuracy is the baseline');
});

test('no estimate without a labelled reference that has both classes and scores', () => {
  const join = new GroundTruthJoin({ horizonMs: 86_400_000, maxPendingPerModel: 10_000, retain: () => 'always' });
  const published: PerformanceSignals[] = [];
  const tracker = new PerformanceTracker(join, { windowMs: WINDOW_MS, minLabels: 5, publish: (s) => published.push(s) });
  const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
  join.retain(batch(ids, ids.map(() => 'yes'), ids.map(() => 0.9)), REFERENCE_WINDOW, 0);
  ids.forEach((id) => join.acceptLabel({ model: 'cancer', version: '1', inferenceId: id, label: 'yes', timeUnixMs: 0 }, 1));
  join.retain(batch(ids.map((id) => `w${id}`), ids.map(() => 'yes'), ids.map(() => 0.8)), WINDOW_MS, 2);
  tracker.estimateWindow('cancer', '1', WINDOW_MS);
  tracker.estimateWindow('cancer', '1', 7 * WINDOW_MS);
  assert.equal(published.length, 0);
});

test('a model with probabilities of three classes gets the multiclass estimate, equal to multiclass CBPE fitted directly on the same rows', () => {
  const [wine] = loadMulticlassScenarios();
  const [wineSplit] = wine.splits;
  const join = new GroundTruthJoin({ horizonMs: 86_400_000, maxPendingPerModel: 10_000, retain: () => 'always' });
  const published: PerformanceSignals[] = [];
  const tracker = new PerformanceTracker(join, { windowMs: WINDOW_MS, minLabels: 15, publish: (s) => published.push(s) });
  const wineBatch = (prefix: string, rows: FixtureRows): InferenceBatch => ({
    model: 'wine', version: '1', task: 'classification', rows: rows.prediction.length, timeUnixMs: 0, traceId: '', spanId: '',
    inferenceIds: rows.prediction.map((_, i) => `${prefix}${i}`), features: new Map(), predictions: rows.prediction,
    probabilities: new Map(wine.classes.map((c) => [c, Array.from(decodeNumbers(rows.proba[c]))])),
  });
  join.retain(wineBatch('r', wineSplit.reference), REFERENCE_WINDOW, 0);
  wineSplit.reference.label.forEach((label, i) => join.acceptLabel({ model: 'wine', version: '', inferenceId: `r${i}`, label, timeUnixMs: 0 }, 1));
  tracker.flush();
  const chunk = wineSplit.chunks[1];
  join.retain(wineBatch('c', chunk), WINDOW_MS, 2);
  tracker.estimateWindow('wine', '1', WINDOW_MS);

  const direct = fitReference(wine, wineSplit).estimate({ probabilities: probabilitiesOf(chunk, wine.classes), predictions: chunk.prediction });
  assert.equal(published.length, 1);
  const [estimated] = published;
  assert.equal(estimated.source, 'estimated');
  assert.deepEqual(estimated.metrics, { accuracy: direct.accuracy, precision: direct.precision, recall: direct.recall, f1: direct.f1, roc_auc: direct.roc_auc });
  assert.ok(estimated.baseline?.roc_auc !== undefined, 'the reference\'s observed multiclass metrics, ROC AUC included, are the baseline');

  // Its labels arrive: the observed figures are the multiclass metrics of the same rows.
  chunk.label.forEach((label, i) => join.acceptLabel({ model: 'wine', version: '1', inferenceId: `c${i}`, label, timeUnixMs: 0 }, 3));
  tracker.flush();
  const observed = published.find((p) => p.source === 'observed')!;
  assert.equal(observed.metrics.accuracy, decodeNumber(chunk.realized.accuracy));
  assert.ok(Math.abs(observed.metrics.f1! - decodeNumber(chunk.realized.f1)) < 1e-12, 'sklearn\'s macro F1');
});
