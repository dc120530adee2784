import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CapturePolicy, MAX_CACHED_FEATURES } from '../../instrumentation/capture-policy.js';
import { inferenceAttributes, PendingAttributes, writeInferenceAttributes } from '../../instrumentation/inference-attributes.js';
import type { CellValue, ObservedInference } from '../../instrumentation/observed-inference.js';
import { seededRandom } from '../helpers/seeded-random.js';

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

/**
 * The attributes as first written (one copy per capture step), the oracle for the
 * single-pass columns, the one-row scalars and the copy of clean columns.
 */
function referenceAttributes(model: { name: string; version?: string; task?: string }, options: ConstructorParameters<typeof CapturePolicy>[0], observed: ObservedInference, ids: readonly string[]) {
  const policy = new CapturePolicy(options);
  const maxText = options.maxTextLength ?? 256;
  const counts = { truncated: 0, overflow: 0 };
  const captured = (values: readonly unknown[], treatment: 'send' | 'hash'): unknown[] => {
    const out = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) out[i] = null;
      else if (treatment === 'hash') out[i] = createHmac('sha256', options.hashKey!).update(String(value)).digest('hex').slice(0, 32);
      else if (typeof value === 'string') out[i] = value.length <= maxText ? value : (counts.truncated++, value.slice(0, maxText));
      else if (typeof value === 'number' || typeof value === 'boolean') out[i] = value;
      else out[i] = null;
    }
    return out;
  };
  const perRow = (values: readonly unknown[], rows: number): unknown => {
    let kind: string | undefined;
    let mixed = false;
    const missing = (v: unknown) => v === null || (typeof v === 'number' && !Number.isFinite(v));
    for (const value of values) {
      if (missing(value)) continue;
      if (kind === undefined) kind = typeof value;
      else if (kind !== typeof value) mixed = true;
    }
    const column = values.map((value) => (missing(value) ? null : mixed ? String(value) : value));
    return rows === 1 && column.length === 1 && column[0] !== null ? column[0] : column;
  };
  const areProbabilities = (values: readonly number[]) => values.length > 0 && values.every((p) => p === null || (p >= 0 && p <= 1));
  const attributes: Record<string, unknown> = { 'ml.model.name': model.name, 'ml.batch.size': observed.rows };
  if (model.version !== undefined) attributes['ml.model.version'] = model.version;
  if (model.task !== undefined) attributes['ml.model.task'] = model.task;
  attributes['ml.inference.id'] = perRow(ids, observed.rows);
  let sent = 0;
  for (const [name, values] of observed.features) {
    const treatment = policy.treatmentOf(name);
    if (treatment === 'drop') continue;
    if (sent === policy.maxFeatures) {
      counts.overflow++;
      continue;
    }
    attributes[`ml.feature.${name}`] = perRow(captured(values, treatment), observed.rows);
    sent++;
  }
  if (observed.predictions !== undefined) attributes['ml.prediction'] = perRow(captured(observed.predictions, 'send'), observed.rows);
  if (observed.scores !== undefined && areProbabilities(observed.scores)) attributes['ml.prediction.score'] = perRow(observed.scores, observed.rows);
  for (const [label, values] of observed.probabilities ?? []) {
    if (areProbabilities(values)) attributes[`ml.prediction.proba.${label}`] = perRow(values, observed.rows);
  }
  return { attributes, counts };
}

/** Columns of every kind the fast paths must tell apart: clean ones, and each thing that needs a conversion. */
function edgeColumns(random: () => number, rows: number): Map<string, CellValue[]> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const odd: unknown[] = [null, undefined, NaN, Infinity, -Infinity, 'a long text value', '', true, { an: 'object' }, [1, 2], 0, -0, 2.5, 'x'];
  const column = (make: () => unknown) => Array.from({ length: rows }, make) as CellValue[];
  const columns = new Map<string, CellValue[]>([
    ['numbers', column(() => random() * 100)],
    ['numbersWithNull', column(() => (random() < 0.2 ? null : random()))],
    ['numbersWithNaN', column(() => (random() < 0.2 ? NaN : random()))],
    ['texts', column(() => pick(['pro', 'basic', 'enterprise-plan-with-a-long-name']))],
    ['shortTexts', column(() => pick(['a', 'bb', null]))],
    ['flags', column(() => random() < 0.5)],
    ['mixed', column(() => pick([1, 'one', true, null]))],
    ['odd', column(() => pick(odd))],
    ['typed', Float64Array.from({ length: rows }, () => (random() < 0.1 ? NaN : random())) as unknown as CellValue[]],
  ]);
  const holes = new Array<CellValue>(rows);
  for (let i = 0; i < rows; i += 2) holes[i] = i;
  columns.set('holes', holes);
  return columns;
}

test('the single-pass columns give what the step-by-step capture gave, for every kind of column and rule', () => {
  const random = seededRandom(11);
  const policies: ConstructorParameters<typeof CapturePolicy>[0][] = [
    {}, { maxTextLength: 5 }, { sensitive: ['texts', 'odd', 'holes'], hashKey: 'k' }, { sensitive: ['numbers'] },
    { captureInputs: ['flags', 'mixed', 'typed'] }, { maxFeatures: 3, maxTextLength: 1 },
  ];
  for (const rows of [1, 2, 7, 64]) {
    for (let trial = 0; trial < 20; trial++) {
      const features = edgeColumns(random, rows);
      const probabilities = Array.from({ length: rows }, () => random());
      const observed: ObservedInference = {
        rows,
        features,
        predictions: features.get(trial % 2 === 0 ? 'texts' : 'odd'),
        scores: trial % 3 === 0 ? [...probabilities.slice(0, -1), 1.5] : probabilities,
        probabilities: new Map<string, readonly number[]>([
          ['a', probabilities], ['b', Float64Array.from(probabilities) as unknown as number[]], ['c', probabilities.map((p, i) => (i === 0 ? NaN : p))],
          ['sparse', Object.assign(new Array<number>(rows), { 0: 0.5 })], ['nulls', probabilities.map((p, i) => (i % 2 === 1 ? null as unknown as number : p))],
        ]),
      };
      const ids = Array.from({ length: rows }, (_, i) => `s:${i}`);
      for (const options of policies) {
        const expected = referenceAttributes(model, options, observed, ids);
        const actual = inferenceAttributes(model, new CapturePolicy(options), observed, ids);
        assert.deepStrictEqual(actual.attributes, expected.attributes, `rows ${rows}, trial ${trial}, ${JSON.stringify(options)}`);
        assert.deepStrictEqual(actual.counts, expected.counts);
        assert.deepStrictEqual(Object.keys(actual.attributes), Object.keys(expected.attributes), 'the same order');
      }
    }
  }
});

test('a clean column is sent as a copy: the attribute never aliases the caller\'s array', () => {
  const values = [1, 2, 3];
  const { attributes } = inferenceAttributes({ name: 'm' }, new CapturePolicy({}), { rows: 3, features: new Map([['x', values]]), scores: [0.1, 0.2, 0.3] }, ['a', 'b', 'c']);
  assert.deepEqual(attributes['ml.feature.x'], values);
  assert.notEqual(attributes['ml.feature.x'], values);
});

test('writeInferenceAttributes sets on a span what inferenceAttributes returns, in the same order', () => {
  const set: [string, unknown][] = [];
  const counts = writeInferenceAttributes(model, new CapturePolicy({ maxTextLength: 3 }), observed, ['s:0', 's:1'], { setAttribute: (key, value) => set.push([key, value]) });
  const { attributes, counts: expected } = inferenceAttributes(model, new CapturePolicy({ maxTextLength: 3 }), observed, ['s:0', 's:1']);
  assert.deepEqual(set, Object.entries(attributes));
  assert.deepEqual(counts, expected);
});

test('featureOf: the decision of treatmentOf and the attribute key, kept per name, still right past the cache bound', () => {
  const policy = new CapturePolicy({ captureInputs: ['a', 'b', 'secret'], sensitive: ['secret'], hashKey: 'k' });
  for (const name of ['a', 'secret', 'other', 'a']) {
    assert.deepEqual(policy.featureOf(name), { treatment: policy.treatmentOf(name), key: `ml.feature.${name}` });
  }
  assert.equal(policy.featureOf('a'), policy.featureOf('a'), 'decided once');
  const open = new CapturePolicy({ sensitive: ['late'] });
  for (let i = 0; i < MAX_CACHED_FEATURES + 10; i++) open.featureOf(`f${i}`);
  assert.deepEqual(open.featureOf('late'), { treatment: 'drop', key: 'ml.feature.late' }, 'a name past the bound is decided all the same');
});

test('PendingAttributes sets what it holds, in order, only when applied', () => {
  const pending = new PendingAttributes();
  writeInferenceAttributes(model, new CapturePolicy({}), observed, ['s:0', 's:1'], pending);
  const set: [string, unknown][] = [];
  const target = { setAttribute: (key: string, value: unknown) => set.push([key, value]) };
  assert.equal(set.length, 0);
  pending.applyTo(target);
  assert.deepEqual(set, Object.entries(inferenceAttributes(model, new CapturePolicy({}), observed, ['s:0', 's:1']).attributes));
});
