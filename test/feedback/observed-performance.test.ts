import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureValue } from '../../src/extract/inference-batch.js';
import { classificationMetrics, regressionMetrics } from '../../src/evaluate/performance/index.js';
import { JoinedRows } from '../../src/feedback/joined-rows.js';
import { observedPerformance } from '../../src/feedback/observed-performance.js';
import { seededRandom } from '../helpers/seeded-random.js';

function rowsOf(labels: FeatureValue[], predictions: FeatureValue[], scores: (number | null)[] = []): JoinedRows {
  const rows = new JoinedRows();
  labels.forEach((label, i) => rows.add(label, { version: '1', windowStart: 0, prediction: predictions[i], score: scores[i] ?? null, keptUnixMs: 0 }));
  return rows;
}

test('a binary classifier with scores: the metrics of `modelwatch report` (sklearn\'s), rows missing a label or prediction left out', () => {
  const random = seededRandom(2);
  const labels: FeatureValue[] = [];
  const predictions: FeatureValue[] = [];
  const scores: number[] = [];
  for (let i = 0; i < 500; i++) {
    const score = random();
    labels.push(random() < score ? 1 : 0);
    predictions.push(score > 0.5 ? 1 : 0);
    scores.push(score);
  }
  const withMissing = rowsOf([...labels, null, 1], [...predictions, 1, null], [...scores, 0.5, 0.5]);
  const expected = classificationMetrics({ target: labels.map(String), prediction: predictions.map(String), score: Float64Array.from(scores) });
  assert.deepEqual(observedPerformance(withMissing, ''), {
    accuracy: expected.accuracy, precision: expected.precision, recall: expected.recall, f1: expected.f1,
    roc_auc: expected.roc_auc, log_loss: expected.log_loss,
  });
});

test('without scores for every row, no ROC AUC or log loss; string classes work', () => {
  const metrics = observedPerformance(rowsOf(['cat', 'dog', 'cat', 'bird'], ['cat', 'cat', 'cat', 'bird'], [0.9]), '')!;
  assert.equal(metrics.accuracy, 0.75);
  assert.equal(metrics.roc_auc, undefined);
  assert.equal(metrics.log_loss, undefined);
});

test('continuous numbers are a regression unless the task says classification; the task wins', () => {
  const labels = [1.5, 2.5, 3.5, 10];
  const predictions = [1, 3, 3, 9];
  const expected = regressionMetrics(Float64Array.from(labels), Float64Array.from(predictions));
  assert.deepEqual(observedPerformance(rowsOf(labels, predictions), ''), { mae: expected.mae, rmse: expected.rmse, mape: expected.mape, r2: expected.r2 });
  assert.equal(observedPerformance(rowsOf([1, 2, 1, 2], [1, 2, 2, 2]), '')!.accuracy, 0.75, 'few integers: classes');
  assert.equal(observedPerformance(rowsOf([1, 2, 1, 2], [1, 2, 2, 2]), 'regression')!.mae, 0.25);
  assert.equal(observedPerformance(rowsOf(['a'], ['b']), 'regression'), undefined, 'text cannot be regressed');
});

test('nothing to compute: undefined', () => {
  assert.equal(observedPerformance(rowsOf([null], [1]), ''), undefined);
});

test('binary classes other than 0/1: the positive one is the class the scores are the probability of; without scores, accuracy alone', () => {
  const labels = ['malignant', 'benign', 'malignant', 'benign', 'benign'];
  const predictions = ['malignant', 'benign', 'benign', 'benign', 'malignant'];
  const scores = [0.9, 0.2, 0.4, 0.1, 0.7];
  const expected = classificationMetrics({ target: labels, prediction: predictions, positiveLabel: 'malignant', score: Float64Array.from(scores) });
  const metrics = observedPerformance(rowsOf(labels, predictions, scores), 'classification')!;
  assert.deepEqual([metrics.precision, metrics.recall, metrics.roc_auc], [expected.precision, expected.recall, expected.roc_auc]);
  assert.deepEqual(observedPerformance(rowsOf(labels, predictions), 'classification'), { accuracy: 0.6 });
});

test('a model with probabilities of more than two classes is multiclass in every window: macro averages, one-vs-rest ROC AUC and log loss', () => {
  const classes = ['a', 'b', 'c'];
  const rows = new JoinedRows();
  const labels = ['a', 'b', 'b', 'a', 'c', 'c'];
  const predictions = ['a', 'b', 'a', 'a', 'c', 'b'];
  const probabilities = [[0.7, 0.2, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.8, 0.1, 0.1], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3]];
  labels.forEach((label, i) => rows.add(label, { version: '1', windowStart: 0, prediction: predictions[i], score: null, probabilityClasses: classes, probabilities: probabilities[i], keptUnixMs: 0 }));
  const columns = classes.map((_, c) => Float64Array.from(probabilities, (row) => row[c]));
  const expected = classificationMetrics({ target: labels, prediction: predictions, probabilities: { classes, columns } });
  assert.deepEqual(observedPerformance(rows, 'classification'), {
    accuracy: expected.accuracy, precision: expected.precision, recall: expected.recall, f1: expected.f1,
    roc_auc: expected.roc_auc, log_loss: expected.log_loss,
  });
  assert.ok(Number.isFinite(expected.roc_auc));

  // A window where only two of the classes occur: still macro averages, not a binary task without a positive class.
  const two = new JoinedRows();
  ['a', 'b', 'b'].forEach((label, i) => two.add(label, { version: '1', windowStart: 0, prediction: ['a', 'a', 'b'][i], score: null, probabilityClasses: classes, probabilities: probabilities[i], keptUnixMs: 0 }));
  const metrics = observedPerformance(two, 'classification')!;
  assert.equal(metrics.recall, (1 + 0.5) / 2, 'sklearn: recall_score([a, b, b], [a, a, b], average="macro")');
  assert.equal(metrics.roc_auc, undefined, 'class "c" never occurs: the one-vs-rest AUC is undefined');
});
