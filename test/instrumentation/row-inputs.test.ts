import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowInputs } from '../../instrumentation/row-inputs.js';
import { predictionOutputs } from '../../instrumentation/prediction-outputs.js';

test('a row object, an array of rows, a row as an array and a matrix all become columns', () => {
  assert.deepEqual(rowInputs({ tenure: 12, plan: 'pro', trial: false }), {
    rows: 1, features: new Map<string, unknown[]>([['tenure', [12]], ['plan', ['pro']], ['trial', [false]]]),
  });
  assert.deepEqual(rowInputs([{ a: 1, b: 'x' }, { a: 2 }, { b: 'y', c: { nested: true } }]), {
    rows: 3, features: new Map<string, unknown[]>([['a', [1, 2, null]], ['b', ['x', null, 'y']], ['c', [null, null, null]]]),
  });
  assert.deepEqual(rowInputs([5.1, 3.5], ['sepal_length', 'sepal_width']), {
    rows: 1, features: new Map([['sepal_length', [5.1]], ['sepal_width', [3.5]]]),
  });
  assert.deepEqual(rowInputs([[1, 2, 3], [4, 5]], ['a', 'b']), {
    rows: 2, features: new Map([['a', [1, 4]], ['b', [2, 5]], ['f2', [3, null]]]),
  });
  assert.deepEqual(rowInputs([Float32Array.of(0.5, 1.5)]), { rows: 1, features: new Map([['f0', [0.5]], ['f1', [1.5]]]) });
});

test('inputs that are not rows give no columns', () => {
  assert.equal(rowInputs('a prompt'), undefined);
  assert.equal(rowInputs(42), undefined);
  assert.equal(rowInputs(new Map([['a', 1]])), undefined);
  assert.equal(rowInputs(null), undefined);
});

test('outputs: values, arrays of values, and rows of class probabilities', () => {
  assert.deepEqual(predictionOutputs(3.2, 1), { predictions: [3.2] });
  assert.deepEqual(predictionOutputs('setosa', 1), { predictions: ['setosa'] });
  assert.deepEqual(predictionOutputs([0, 2, 1], 3), { predictions: [0, 2, 1] });
  assert.deepEqual(predictionOutputs({ label: 'x' }, 1), {}, 'an object needs readOutput');
  const classes = ['setosa', 'versicolor', 'virginica'];
  assert.deepEqual(predictionOutputs([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]], 2, classes), {
    predictions: ['versicolor', 'setosa'],
    scores: [0.7, 0.6],
    probabilities: new Map([['setosa', [0.1, 0.6]], ['versicolor', [0.7, 0.3]], ['virginica', [0.2, 0.1]]]),
  });
  const binary = predictionOutputs([0.2, 0.8], 1);
  assert.deepEqual([binary.predictions, binary.scores], [[1], [0.8]], 'one row of two probabilities: the score is the positive class\'s');
  assert.deepEqual(predictionOutputs([0.2, 0.8], 2), { predictions: [0.2, 0.8] }, 'two rows: two predictions');
});
