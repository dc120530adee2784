import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracy } from '../../../src/evaluate/performance/accuracy.js';
import { averagedPrecisionRecallF1 } from '../../../src/evaluate/performance/averaged-precision-recall-f1.js';
import { binaryPrecisionRecallF1 } from '../../../src/evaluate/performance/binary-precision-recall-f1.js';
import { compareCodePoints } from '../../../src/evaluate/performance/compare-code-points.js';
import { confusionMatrix } from '../../../src/evaluate/performance/confusion-matrix.js';
import { defaultPositiveLabel } from '../../../src/evaluate/performance/default-positive-label.js';
import { encodeLabels } from '../../../src/evaluate/performance/encode-labels.js';
import { precisionRecallF1 } from '../../../src/evaluate/performance/precision-recall-f1.js';

describe('compareCodePoints', () => {
  it('sorts as Python sorts str, unlike UTF-16 order for astral characters', () => {
    const labels = ['😀', '！', 'b', 'B', '10', '9', 'é', 'a'];
    assert.deepEqual([...labels].sort(compareCodePoints), ['10', '9', 'B', 'a', 'b', 'é', '！', '😀']);
    assert.ok('😀' < '！', 'JavaScript alone would put the emoji first');
    assert.ok(compareCodePoints('ab', 'a') > 0 && compareCodePoints('a', 'a') === 0);
  });
});

describe('encodeLabels and confusionMatrix', () => {
  it('encodes against the sorted union of labels', () => {
    const encoded = encodeLabels(['b', 'a'], ['b', 'c']);
    assert.deepEqual(encoded.labels, ['a', 'b', 'c']);
    assert.deepEqual([...encoded.target], [1, 0]);
    assert.deepEqual([...encoded.prediction], [1, 2]);
  });

  it('counts true labels in rows and predictions in columns', () => {
    const cm = confusionMatrix(encodeLabels(['a', 'a', 'b'], ['a', 'b', 'b']));
    assert.deepEqual(cm, { labels: ['a', 'b'], matrix: [[1, 1], [0, 1]] });
    assert.equal(accuracy(cm), 2 / 3);
  });

  it('handles no rows', () => {
    const cm = confusionMatrix(encodeLabels([], []));
    assert.deepEqual(cm, { labels: [], matrix: [] });
    assert.ok(Number.isNaN(accuracy(cm)));
    assert.ok(Number.isNaN(averagedPrecisionRecallF1(cm).macro.f1));
  });

  it('throws RangeError on misaligned labels', () => {
    assert.throws(() => encodeLabels(['a'], ['a', 'b']), RangeError);
  });
});

describe('precision, recall and F1', () => {
  it('are 0 where undefined, as sklearn by default', () => {
    assert.deepEqual(precisionRecallF1(0, 0, 3), { precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(precisionRecallF1(0, 2, 0), { precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(precisionRecallF1(2, 4, 2), { precision: 0.5, recall: 1, f1: 2 / 3 });
  });

  it('of a positive label absent from the matrix are 0', () => {
    assert.deepEqual(binaryPrecisionRecallF1({ labels: ['0'], matrix: [[4]] }, '1'), { precision: 0, recall: 0, f1: 0 });
  });

  it('count a label that is only predicted in the macro average, with weight 0 in the weighted one', () => {
    const { macro, weighted } = averagedPrecisionRecallF1({ labels: ['a', 'b'], matrix: [[1, 1], [0, 0]] });
    // a: precision 1/1, recall 1/2, F1 2/3; b (never true): precision 0/1, recall 0, F1 0.
    assert.deepEqual(macro, { precision: 0.5, recall: 0.25, f1: (2 * 0.5) / 1.5 / 2 });
    assert.deepEqual(weighted, { precision: 1, recall: 0.5, f1: (2 * 0.5) / 1.5 });
  });
});

describe('defaultPositiveLabel', () => {
  it('prefers "1", then "true" in any case, then the partner of a lone "0" or "false"', () => {
    assert.equal(defaultPositiveLabel(['0', '1']), '1');
    assert.equal(defaultPositiveLabel(['1', 'true']), '1');
    assert.equal(defaultPositiveLabel(['False', 'True']), 'True');
    assert.equal(defaultPositiveLabel(['true']), 'true');
    assert.equal(defaultPositiveLabel(['0']), '1');
    assert.equal(defaultPositiveLabel(['False']), 'True');
    assert.equal(defaultPositiveLabel(['FALSE']), 'TRUE');
    assert.equal(defaultPositiveLabel(['false']), 'true');
    assert.equal(defaultPositiveLabel(['cat', 'dog']), undefined);
    assert.equal(defaultPositiveLabel(['0', '2']), undefined);
    assert.equal(defaultPositiveLabel([]), undefined);
  });
});
