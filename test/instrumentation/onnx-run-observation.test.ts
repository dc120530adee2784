import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { observeOnnxRun } from '../../instrumentation/onnx-run-observation.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;
const f32 = (values: number[], dims: number[]) => new ort.Tensor('float32', Float32Array.from(values), dims);
const i64 = (values: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);

const single = { inputNames: ['features'], outputNames: ['probabilities'] };
const twoRows = { features: f32([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]) };
const probs = { probabilities: f32([0.7, 0.2, 0.1, 0.1, 0.3, 0.6], [2, 3]) };

test('a [N, F] input gives F features named <input>_<j>, unless featureNames names every column', () => {
  const byDefault = observeOnnxRun(twoRows, probs, single, { name: 'm' });
  assert.equal(byDefault.rows, 2);
  assert.deepEqual([...byDefault.features.keys()], ['features_0', 'features_1', 'features_2', 'features_3']);
  assert.deepEqual(byDefault.features.get('features_2'), [3, 7]);
  // The resolver fills featureNames with the ONNX input names: those name inputs, not columns.
  const resolverDefault = observeOnnxRun(twoRows, probs, single, { name: 'm', featureNames: ['features'] });
  assert.deepEqual([...resolverDefault.features.keys()], [...byDefault.features.keys()]);
  const named = observeOnnxRun(twoRows, probs, single, { name: 'm', featureNames: ['a', 'b', 'c', 'd'] });
  assert.deepEqual(named.features.get('d'), [4, 8]);
  const tooFew = observeOnnxRun(twoRows, probs, single, { name: 'm', featureNames: ['a', 'b', 'c'] });
  assert.ok(tooFew.features.has('features_3'), 'names that do not fit are not applied half-way');
});

test('one input per column (sklearn-onnx) gives features named after the inputs, in the model\'s order', () => {
  const session = { inputNames: ['age', 'plan', 'active'], outputNames: ['label', 'probabilities'] };
  const feeds = {
    active: new ort.Tensor('bool', Uint8Array.of(1, 0), [2, 1]),
    plan: new ort.Tensor('string', ['pro', 'free'], [2, 1]),
    age: f32([31, 47.5], [2, 1]),
  };
  const result = { label: i64([1, 0], [2]), probabilities: f32([0.25, 0.75, 0.9, 0.1], [2, 2]) };
  const observed = observeOnnxRun(feeds, result, session, { name: 'churn', classes: ['stay', 'churn'] });
  assert.deepEqual([...observed.features], [['age', [31, 47.5]], ['plan', ['pro', 'free']], ['active', [true, false]]]);
  assert.deepEqual(observed.predictions, [1, 0], 'the label output, as the model gives it');
  assert.deepEqual(observed.scores, [0.75, 0.1], 'binary: the probability of the positive class');
  assert.deepEqual([...observed.probabilities!], [['stay', [0.25, 0.9]], ['churn', [0.75, 0.1]]]);
});

test('several wide inputs: featureNames run across them in order', () => {
  const session = { inputNames: ['numeric', 'flags'], outputNames: ['y'] };
  const feeds = { numeric: f32([1, 2, 3, 4], [2, 2]), flags: new ort.Tensor('bool', Uint8Array.of(1, 0, 0, 1), [2, 2]) };
  const result = { y: f32([0.5, 1.5], [2, 1]) };
  const observed = observeOnnxRun(feeds, result, session, { name: 'm', featureNames: ['x1', 'x2', 'f1', 'f2'] });
  assert.deepEqual([...observed.features], [['x1', [1, 3]], ['x2', [2, 4]], ['f1', [true, false]], ['f2', [false, true]]]);
  const unnamed = observeOnnxRun(feeds, result, session, { name: 'm' });
  assert.deepEqual([...unnamed.features.keys()], ['numeric_0', 'numeric_1', 'flags_0', 'flags_1']);
  assert.deepEqual(unnamed.predictions, [0.5, 1.5], 'a [N, 1] float output is a regression prediction');
  assert.equal(unnamed.probabilities, undefined);
});

test('probabilities give the arg-max class, its score and every class\'s probability', () => {
  const observed = observeOnnxRun(twoRows, probs, single, { name: 'm', classes: ['a', 'b', 'c'] });
  assert.deepEqual(observed.predictions, ['a', 'c']);
  assert.deepEqual(observed.scores, [0.7, 0.6]);
  assert.deepEqual(observed.probabilities!.get('b'), [0.2, 0.3]);
  const unlabelled = observeOnnxRun(twoRows, probs, single, { name: 'm' });
  assert.deepEqual(unlabelled.predictions, [0, 2], 'without classes, the class index');
});

test('outputs that are not probabilities or predictions are left alone', () => {
  const logits = { logits: f32([2.5, -1, 0.3, 4, 1, 1], [2, 3]) };
  const observed = observeOnnxRun(twoRows, logits, { inputNames: ['features'], outputNames: ['logits'] }, { name: 'm', classes: ['a', 'b', 'c'] });
  assert.equal(observed.predictions, undefined);
  assert.equal(observed.probabilities, undefined);
  assert.equal(observed.features.size, 4, 'the inputs are still read');
  const wrongRows = observeOnnxRun(twoRows, { y: f32([1, 2, 3], [3]) }, { inputNames: ['features'], outputNames: ['y'] }, { name: 'm' });
  assert.equal(wrongRows.predictions, undefined, 'an output whose rows are not the inputs\' is not a per-row prediction');
  const nonTensor = observeOnnxRun(twoRows, { map: new Map() }, { inputNames: ['features'], outputNames: ['map'] }, { name: 'm' });
  assert.equal(nonTensor.predictions, undefined);
});

test('a sigmoid output of a binary classifier is the positive class\'s probability', () => {
  const session = { inputNames: ['features'], outputNames: ['p'] };
  const result = { p: f32([0.875, 0.25], [2, 1]) };
  const observed = observeOnnxRun(twoRows, result, session, { name: 'm', classes: ['no', 'yes'] });
  assert.deepEqual(observed.predictions, ['yes', 'no']);
  assert.deepEqual(observed.scores, [0.875, 0.25]);
  assert.deepEqual(observed.probabilities!.get('no'), [0.125, 0.75]);
  const regression = observeOnnxRun(twoRows, result, session, { name: 'm' });
  assert.deepEqual(regression.predictions, [0.875, 0.25], 'without a classifier declared, a value');
});

test('without a tabular input, the rows come from the outputs', () => {
  const image = { pixels: f32(new Array(2 * 3 * 2 * 2).fill(0.5), [2, 3, 2, 2]) };
  const observed = observeOnnxRun(image, probs, { inputNames: ['pixels'], outputNames: ['probabilities'] }, { name: 'm' });
  assert.equal(observed.rows, 2);
  assert.equal(observed.features.size, 0);
  assert.deepEqual(observed.predictions, [0, 2]);
  assert.equal(observeOnnxRun(undefined, undefined, { inputNames: [], outputNames: [] }, { name: 'm' }).rows, 1);
});
