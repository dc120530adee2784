import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CapturePolicy } from '../../instrumentation/capture-policy.js';
import { inferenceAttributes } from '../../instrumentation/inference-attributes.js';
import type { ObservedInference } from '../../instrumentation/observed-inference.js';

const model = { name: 'churn', version: '3', task: 'classification' as const };
const observed: ObservedInference = {
  rows: 2,
  features: new Map<string, (number | string | boolean | null)[]>([
    ['tenure', [12, null]], ['plan', ['pro', 'basic']], ['email', ['a@x.io', 'b@y.io']], ['mixed', [1, 'two']], ['ratio', [NaN, 0.5]],
  ]),
  predictions: ['stay', 'leave'],
  scores: [0.9, 0.7],
  probabilities: new Map([['stay', [0.9, 0.3]], ['leave', [0.1, 0.7]]]),
};

test('spans mode: the §1 attributes, arrays of N per feature, homogeneous, null for missing', () => {
  const { attributes, counts } = inferenceAttributes(model, new CapturePolicy({}), observed, ['s:0', 's:1']);
  assert.deepEqual(attributes, {
    'ml.model.name': 'churn', 'ml.model.version': '3', 'ml.model.task': 'classification', 'ml.batch.size': 2,
    'ml.inference.id': ['s:0', 's:1'],
    'ml.feature.tenure': [12, null], 'ml.feature.plan': ['pro', 'basic'], 'ml.feature.email': ['a@x.io', 'b@y.io'],
    'ml.feature.mixed': ['1', 'two'], 'ml.feature.ratio': [null, 0.5],
    'ml.prediction': ['stay', 'leave'], 'ml.prediction.score': [0.9, 0.7],
    'ml.prediction.proba.stay': [0.9, 0.3], 'ml.prediction.proba.leave': [0.1, 0.7],
  });
  assert.deepEqual(counts, { truncated: 0, overflow: 0 });
});

test('one row gives scalars', () => {
  const one = { rows: 1, features: new Map([['x', [1.5]], ['y', [null]]]), predictions: [1] };
  const { attributes } = inferenceAttributes({ name: 'm' }, new CapturePolicy({}), one, ['abc']);
  assert.deepEqual(attributes, { 'ml.model.name': 'm', 'ml.batch.size': 1, 'ml.inference.id': 'abc', 'ml.feature.x': 1.5, 'ml.feature.y': [null], 'ml.prediction': 1 });
});

test('captureInputs, sensitive features dropped or hashed, truncation and the feature cap', () => {
  const named = inferenceAttributes(model, new CapturePolicy({ captureInputs: ['tenure', 'email'], sensitive: ['email'] }), observed, ['a', 'b']);
  assert.deepEqual(Object.keys(named.attributes).filter((k) => k.startsWith('ml.feature.')), ['ml.feature.tenure'], 'email is sensitive and has no key: dropped');

  const key = 'secret';
  const hashed = inferenceAttributes(model, new CapturePolicy({ sensitive: ['email'], hashKey: key }), observed, ['a', 'b']).attributes['ml.feature.email'] as string[];
  assert.deepEqual(hashed, ['a@x.io', 'b@y.io'].map((v) => createHmac('sha256', key).update(v).digest('hex').slice(0, 32)));

  const none = inferenceAttributes(model, new CapturePolicy({ captureInputs: 'none' }), observed, ['a', 'b']);
  assert.deepEqual(Object.keys(none.attributes).filter((k) => k.startsWith('ml.feature.')), []);
  assert.deepEqual(none.attributes['ml.prediction'], ['stay', 'leave'], 'outputs are still sent');

  const capped = inferenceAttributes(model, new CapturePolicy({ maxFeatures: 2, maxTextLength: 3 }), observed, ['a', 'b']);
  assert.deepEqual(Object.keys(capped.attributes).filter((k) => k.startsWith('ml.feature.')), ['ml.feature.tenure', 'ml.feature.plan']);
  assert.deepEqual(capped.attributes['ml.feature.plan'], ['pro', 'bas']);
  assert.deepEqual(capped.counts, { truncated: 3, overflow: 3 }, '"basic", "stay", "leave" cut; email, mixed, ratio left out');
});

test('scores and probabilities outside [0, 1] are not sent as such; profiles mode sends no value', () => {
  const logits = { rows: 1, features: new Map(), predictions: [1], scores: [2.3], probabilities: new Map([['a', [-1]]]) };
  const { attributes } = inferenceAttributes({ name: 'm' }, new CapturePolicy({}), logits, ['x']);
  assert.equal(attributes['ml.prediction.score'], undefined);
  assert.equal(attributes['ml.prediction.proba.a'], undefined);
  const profiles = inferenceAttributes({ ...model, mode: 'profiles' }, new CapturePolicy({}), observed, ['a', 'b']).attributes;
  assert.deepEqual(Object.keys(profiles).sort(), ['ml.batch.size', 'ml.inference.id', 'ml.model.name', 'ml.model.task', 'ml.model.version']);
});
