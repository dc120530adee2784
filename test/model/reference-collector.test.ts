import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceCollector } from '../../src/model/reference-collector.js';
import { batch } from './fake-monitor.js';

test('the reference takes rows up to its size, aligned, absent features as null, outputs last', () => {
  const collector = new ReferenceCollector(4);
  assert.equal(collector.add(batch({ a: [1, 2] }, { predictions: ['x', 'y'] })), 2);
  assert.equal(collector.add(batch({ b: [true, false, true] }), 1), 2, 'from row 1, as far as the size allows');
  assert.equal(collector.complete, true);
  assert.equal(collector.add(batch({ a: [9] })), 0);
  assert.deepEqual([...collector.columns()], [
    ['a', [1, 2, null, null]],
    ['b', [null, null, false, true]],
    ['ml.prediction', ['x', 'y', null, null]],
  ]);
});

test('an input feature named like an output is shadowed by the output, as in the window', () => {
  const collector = new ReferenceCollector(2);
  collector.add(batch({ 'ml.prediction': [5, 6], a: [1, 2] }, { predictions: [0, 1] }));
  assert.deepEqual([...collector.columns()], [['a', [1, 2]], ['ml.prediction', [0, 1]]]);
});
