import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitCbpe } from '../../../src/evaluate/estimated/cbpe.js';
import { expectedConfusionMatrix } from '../../../src/evaluate/estimated/expected-confusion-matrix.js';

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) < 1e-12, `${what} ${a} != ${b}`);

/** A reference the calibrator leaves alone: it holds one class, so estimates use the raw scores. */
const uncalibrated = (positiveLabel?: string) =>
  fitCbpe({ scores: Float64Array.of(0.2, 0.3, 0.1, 0.4), labels: ['0', '0', '0', '0'], predictions: ['0', '0', '0', '0'], positiveLabel: positiveLabel ?? '1' });

describe('expectedConfusionMatrix', () => {
  it('adds p and 1 − p to the cells of each row\'s predicted column', () => {
    const cm = expectedConfusionMatrix(Float64Array.of(0.9, 0.2, 0.6), Uint8Array.of(1, 0, 0));
    const [[tn, fp], [fn, tp]] = cm.matrix;
    close(tp, 0.9); close(fp, 0.1); close(tn, 0.8 + 0.4); close(fn, 0.2 + 0.6);
  });
});

describe('fitCbpe', () => {
  it('estimates from the expected confusion matrix: a hand-checked window', () => {
    const estimator = uncalibrated();
    assert.equal(estimator.calibration.applied, false);
    const e = estimator.estimate({ scores: Float64Array.of(0.9, 0.8, 0.3, 0.6), predictions: ['1', '1', '0', '0'] });
    // TP 1.7, FP 0.3, TN 0.7 + 0.4 = 1.1, FN 0.3 + 0.6 = 0.9.
    close(e.accuracy, (1.7 + 1.1) / 4, 'accuracy');
    close(e.precision, 1.7 / 2, 'precision');
    close(e.recall, 1.7 / 2.6, 'recall');
    close(e.f1, (2 * 0.85 * (1.7 / 2.6)) / (0.85 + 1.7 / 2.6), 'f1');
    close(e.expected.false_negatives, 0.9);
    assert.equal(e.rows, 4);
    assert.ok(e.roc_auc > 0.5 && e.roc_auc < 1);
  });

  it('counts every label other than the positive one as negative, and finds the default positive label', () => {
    const estimator = fitCbpe({ scores: Float64Array.of(0.7, 0.2), labels: ['True', 'False'], predictions: ['True', 'False'] });
    assert.equal(estimator.positiveLabel, 'True');
    const e = uncalibrated('yes').estimate({ scores: Float64Array.of(0.9, 0.9), predictions: ['yes', 'maybe'] });
    close(e.precision, 0.9);
    close(e.recall, 0.9 / 1.8);
  });

  it('asks for the positive label when it cannot be told', () => {
    assert.throws(() => fitCbpe({ scores: Float64Array.of(0.7, 0.2), labels: ['cat', 'dog'], predictions: ['cat', 'dog'] }), /positiveLabel/);
  });

  it('gives NaN for an empty window and 0 precision when nothing is predicted positive (zero_division)', () => {
    const estimator = uncalibrated();
    const empty = estimator.estimate({ scores: new Float64Array(0), predictions: [] });
    assert.ok([empty.accuracy, empty.precision, empty.recall, empty.f1, empty.roc_auc].every(Number.isNaN));
    assert.equal(estimator.estimate({ scores: Float64Array.of(0.1, 0.3), predictions: ['0', '0'] }).precision, 0);
  });

  it('rejects misaligned rows and NaN scores', () => {
    assert.throws(() => fitCbpe({ scores: Float64Array.of(0.1), labels: ['1', '0'], predictions: ['1'] }), RangeError);
    assert.throws(() => uncalibrated().estimate({ scores: Float64Array.of(NaN), predictions: ['1'] }), /NaN/);
  });
});
