import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationMetrics } from '../../../src/evaluate/performance/classification-metrics.js';
import { assertCloseTo } from '../../helpers/close-to.js';

describe('classificationMetrics', () => {
  it('scores a small binary task by hand', () => {
    const got = classificationMetrics({ target: ['1', '0', '1', '1'], prediction: ['1', '0', '0', '1'] });
    assert.equal(got.accuracy, 0.75);
    assert.equal(got.precision, 1); // 2 predicted "1", both right
    assert.equal(got.recall, 2 / 3); // 3 true "1", 2 found
    assertCloseTo(got.f1, 0.8, 1e-15, 'f1');
    assert.equal(got.positive_label, '1');
    assert.deepEqual(got.confusion_matrix, { labels: ['0', '1'], matrix: [[1, 0], [1, 2]] });
    assert.equal(got.roc_auc, undefined);
    assert.equal(got.precision_weighted, undefined);
  });

  it('scores a small multiclass task by hand, macro and weighted', () => {
    // a: 2 true, 1 found, 1 predicted; b: 1 true, found, 2 predicted; c: 1 true, found, 1 predicted.
    const got = classificationMetrics({ target: ['a', 'a', 'b', 'c'], prediction: ['a', 'b', 'b', 'c'] });
    assert.equal(got.accuracy, 0.75);
    assertCloseTo(got.precision, (1 + 0.5 + 1) / 3, 1e-15, 'macro precision');
    assertCloseTo(got.recall, (0.5 + 1 + 1) / 3, 1e-15, 'macro recall');
    assertCloseTo(got.recall_weighted, 0.75, 1e-15, 'weighted recall equals accuracy');
    assertCloseTo(got.precision_weighted, (2 * 1 + 0.5 + 1) / 4, 1e-15, 'weighted precision');
    assert.equal(got.positive_label, undefined);
    assert.deepEqual(got.confusion_matrix.matrix, [[1, 1, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('returns NaN for every metric on empty input, never throwing', () => {
    const got = classificationMetrics({ target: [], prediction: [], score: new Float64Array(0) });
    for (const m of [got.accuracy, got.precision, got.recall, got.f1, got.roc_auc, got.log_loss]) assert.ok(Number.isNaN(m));
    assert.deepEqual(got.confusion_matrix, { labels: [], matrix: [] });
    assert.equal(got.positive_label, undefined);
    const noScores = classificationMetrics({ target: [], prediction: [] });
    assert.equal(noScores.roc_auc, undefined);
  });

  it('handles a single row', () => {
    const got = classificationMetrics({ target: ['1'], prediction: ['1'], score: Float64Array.of(0.9) });
    assert.deepEqual([got.accuracy, got.precision, got.recall, got.f1], [1, 1, 1, 1]);
    assert.ok(Number.isNaN(got.roc_auc!), 'AUC needs both classes in the target');
    assertCloseTo(got.log_loss, -Math.log(0.9), 1e-15, 'log loss');
  });

  it('scores a window where every row is negative, taking "1" as the positive class', () => {
    const got = classificationMetrics({ target: ['0', '0'], prediction: ['0', '0'] });
    assert.equal(got.positive_label, '1');
    assert.deepEqual([got.accuracy, got.precision, got.recall, got.f1], [1, 0, 0, 0]);
  });

  it('is binary with two labels across target and prediction, multiclass with three', () => {
    const binary = classificationMetrics({ target: ['0', '0'], prediction: ['0', '1'] });
    assert.equal(binary.positive_label, '1');
    assert.equal(binary.precision_weighted, undefined);
    const multi = classificationMetrics({ target: ['a', 'b'], prediction: ['a', 'c'] });
    assert.equal(multi.positive_label, undefined);
    assert.equal(typeof multi.f1_weighted, 'number');
    assert.deepEqual(multi.confusion_matrix.labels, ['a', 'b', 'c']);
  });

  it('scores two labels as multiclass when asked: macro averages over them, no positive label', () => {
    // sklearn: precision_score(['cat', 'cat', 'dog'], ['cat', 'dog', 'dog'], average='macro') = (1 + 0.5) / 2.
    const got = classificationMetrics({ target: ['cat', 'cat', 'dog'], prediction: ['cat', 'dog', 'dog'], multiclass: true });
    assert.equal(got.positive_label, undefined);
    assert.equal(got.precision, 0.75);
    assert.equal(got.recall, 0.75);
    assert.throws(() => classificationMetrics({ target: ['cat', 'dog'], prediction: ['cat', 'dog'] }), /positive/);
  });

  it('finds a "true" positive label whatever its case', () => {
    const got = classificationMetrics({ target: ['TRUE', 'FALSE'], prediction: ['TRUE', 'TRUE'] });
    assert.equal(got.positive_label, 'TRUE');
    assert.equal(got.precision, 0.5);
  });

  it('asks for --positive-label, listing the labels, when it cannot tell the positive class', () => {
    const call = () => classificationMetrics({ target: ['cat', 'dog'], prediction: ['dog', 'dog'] });
    assert.throws(call, (e: Error) => /--positive-label/.test(e.message) && /"cat"/.test(e.message) && /"dog"/.test(e.message));
    const got = classificationMetrics({ target: ['cat', 'dog'], prediction: ['dog', 'dog'], positiveLabel: 'cat' });
    assert.deepEqual([got.precision, got.recall], [0, 0]);
  });

  it('rejects a positive label that is not one of the two labels seen', () => {
    assert.throws(
      () => classificationMetrics({ target: ['a', 'b'], prediction: ['a', 'b'], positiveLabel: 'c' }),
      (e: Error) => /"c"/.test(e.message) && /--positive-label/.test(e.message),
    );
  });

  it('throws RangeError on misaligned inputs', () => {
    assert.throws(() => classificationMetrics({ target: ['a'], prediction: [] }), RangeError);
    assert.throws(() => classificationMetrics({ target: ['1'], prediction: ['1'], score: new Float64Array(2) }), RangeError);
    const columns = [Float64Array.of(1), Float64Array.of(0)];
    assert.throws(() => classificationMetrics({ target: ['a'], prediction: ['a'], probabilities: { classes: ['a'], columns } }), RangeError);
    assert.throws(
      () => classificationMetrics({ target: ['a', 'b'], prediction: ['a', 'b'], probabilities: { classes: ['a', 'b'], columns } }),
      RangeError,
    );
    assert.throws(
      () => classificationMetrics({ target: ['a'], prediction: ['a'], probabilities: { classes: ['a', 'a'], columns } }),
      RangeError,
    );
  });

  it('ignores a positive-class score for a multiclass task', () => {
    const got = classificationMetrics({ target: ['a', 'b', 'c'], prediction: ['a', 'b', 'c'], score: Float64Array.of(1, 1, 1) });
    assert.equal(got.roc_auc, undefined);
    assert.equal(got.log_loss, undefined);
  });

  it('gives NaN ROC AUC and log loss when a target class has no probability column', () => {
    const probabilities = { classes: ['a', 'b'], columns: [Float64Array.of(0.9, 0.2, 0.5), Float64Array.of(0.1, 0.8, 0.5)] };
    const got = classificationMetrics({ target: ['a', 'b', 'c'], prediction: ['a', 'b', 'a'], probabilities });
    assert.ok(Number.isNaN(got.roc_auc!));
    assert.ok(Number.isNaN(got.log_loss!));
  });

  it('reads a binary score from the positive column of two probability columns', () => {
    const probabilities = { classes: ['no', 'yes'], columns: [Float64Array.of(0.8, 0.4, 0.3), Float64Array.of(0.2, 0.6, 0.7)] };
    const got = classificationMetrics({ target: ['no', 'yes', 'no'], prediction: ['no', 'yes', 'yes'], positiveLabel: 'yes', probabilities });
    assert.equal(got.roc_auc, 0.5); // yes=0.6 beats no=0.2, loses to no=0.7
    assertCloseTo(got.log_loss, -(Math.log(0.8) + Math.log(0.6) + Math.log(0.3)) / 3, 1e-15, 'log loss');
  });

  it('scores a million binary rows', () => {
    const n = 1_000_000;
    const target: string[] = new Array(n);
    const prediction: string[] = new Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = ((i * 7919) % 1000) / 1000;
      target[i] = i % 3 === 0 ? '1' : '0';
      score[i] = s;
      prediction[i] = s >= 0.5 ? '1' : '0';
    }
    const got = classificationMetrics({ target, prediction, score });
    assert.equal(got.confusion_matrix.matrix.flat().reduce((a, b) => a + b), n);
    // Scores cycle through 0.000..0.999 independently of i mod 3, so the AUC is close to 1/2.
    assert.ok(Math.abs(got.roc_auc! - 0.5) < 0.01, `AUC ${got.roc_auc}`);
  });
});
