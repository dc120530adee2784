import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Attributes, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { RandomForestClassifier } from 'ml-random-forest';
import { CapturePolicy } from '../../instrumentation/capture-policy.js';
import { InferenceRecorder } from '../../instrumentation/inference-recorder.js';
import { inferenceIdsOf } from '../../instrumentation/inference-ids.js';
import { instrumentModel } from '../../instrumentation/instrument-model.js';
import { createInstruments, type Instruments } from '../../instrumentation/instruments.js';
import type { CellValue, ObservedInference } from '../../instrumentation/observed-inference.js';
import { predictionOutputs } from '../../instrumentation/prediction-outputs.js';
import { MAX_CATEGORIES, OVERFLOW } from '../../instrumentation/profile-recorder.js';
import { rowInputs } from '../../instrumentation/row-inputs.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { inMemoryTelemetry, type InMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { seededRandom } from '../helpers/seeded-random.js';

const telemetry = inMemoryTelemetry();
const recorder = new InferenceRecorder(telemetry.tracerProvider.getTracer('test'), telemetry.meterProvider.getMeter('test'));
after(() => telemetry.shutdown());

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const CLASSES = ['setosa', 'versicolor', 'virginica'];

/** sklearn's iris, as the report fixtures hold it: features and the class index. */
function iris(file: string): { x: number[][]; y: number[] } {
  const [, ...lines] = readFileSync(join(fixturesDir, 'report', file), 'utf8').trim().split('\n');
  const rows = lines.map((line) => line.split(','));
  return { x: rows.map((r) => r.slice(0, 4).map(Number)), y: rows.map((r) => CLASSES.indexOf(r[4])) };
}

const spansSince = (count: number) => telemetry.spans().slice(count);

test('an ml.js random forest through instrumentModel: same results, one §1 span per call', async () => {
  const train = iris('iris-reference.csv');
  const forest = new RandomForestClassifier({ seed: 3, nEstimators: 10, useSampleBagging: false });
  forest.train(train.x, train.y);
  const predict = instrumentModel((rows: number[][]) => forest.predict(rows), { name: 'iris', version: '1', task: 'classification', featureNames: FEATURES }, recorder);

  const { x } = iris('iris-current.csv');
  const before = telemetry.spans().length;
  const batch = x.slice(0, 5);
  const labels = predict(batch);
  assert.deepEqual(labels, forest.predict(batch), 'the same result');
  const [span] = spansSince(before);
  assert.equal(span.name, 'predict iris');
  assert.equal(span.kind, SpanKind.INTERNAL);
  const ids = inferenceIdsOf(labels)!;
  assert.deepEqual(ids, [0, 1, 2, 3, 4].map((i) => `${span.spanContext().spanId}:${i}`));
  assert.deepEqual(span.attributes['ml.inference.id'], ids);
  assert.equal(span.attributes['ml.batch.size'], 5);
  assert.deepEqual(span.attributes['ml.feature.petal_length'], batch.map((row) => row[2]));
  assert.deepEqual(span.attributes['ml.prediction'], labels);
  assert.equal(span.attributes['ml.model.version'], '1');

  const records = await telemetry.points('ml.inference.records');
  assert.equal(records.find((p) => p.attributes['ml.model.name'] === 'iris')!.value, 5);
  const durations = await telemetry.points('ml.inference.duration');
  assert.equal((durations.find((p) => p.attributes['ml.model.name'] === 'iris')!.value as { count: number }).count, 1);
});

test('an async remote-model call: a CLIENT span, the same resolved value, row objects as features', async () => {
  const hook: string[][] = [];
  const score = instrumentModel(async (row: { amount: number; country: string }) => ({ fraud: row.amount > 100 }), {
    name: 'fraud',
    spanKind: SpanKind.CLIENT,
    readOutput: (result) => ({ predictions: [(result as { fraud: boolean }).fraud] }),
    onInference: (info) => hook.push([...info.inferenceIds]),
  }, recorder);
  const before = telemetry.spans().length;
  const result = await score({ amount: 250, country: 'fr' });
  assert.deepEqual(result, { fraud: true });
  const [span] = spansSince(before);
  assert.equal(span.kind, SpanKind.CLIENT);
  assert.deepEqual([span.attributes['ml.feature.amount'], span.attributes['ml.feature.country'], span.attributes['ml.prediction']], [250, 'fr', true]);
  assert.deepEqual(hook, [[span.spanContext().spanId]]);
  assert.deepEqual(inferenceIdsOf(result), [span.spanContext().spanId]);
});

test('errors pass through unchanged; the span says ERROR with error.type', async () => {
  class ModelServerDown extends Error {
    override name = 'ModelServerDown';
  }
  const failing = instrumentModel(async (_row: object) => { throw new ModelServerDown('503'); }, { name: 'down' }, recorder);
  const syncFailing = instrumentModel((_row: object): number => { throw new RangeError('bad row'); }, { name: 'sync-down' }, recorder);
  const before = telemetry.spans().length;
  await assert.rejects(failing({ a: 1 }), (error) => error instanceof ModelServerDown && error.message === '503');
  assert.throws(() => syncFailing({ a: 1 }), RangeError);
  const [asyncSpan, syncSpan] = spansSince(before);
  assert.equal(asyncSpan.status.code, SpanStatusCode.ERROR);
  assert.equal(asyncSpan.attributes['error.type'], 'ModelServerDown');
  assert.equal(syncSpan.attributes['error.type'], 'RangeError');
  const durations = await telemetry.points('ml.inference.duration');
  assert.ok(durations.some((p) => p.attributes['ml.model.name'] === 'down' && p.attributes['error.type'] === 'ModelServerDown'));
});

test('a throwing hook or output reader never reaches the caller, and the result is unchanged', () => {
  const predict = instrumentModel((row: number[]) => row.length, {
    name: 'careless',
    onInference: () => { throw new Error('hook bug'); },
    readOutput: () => { throw new Error('reader bug'); },
  }, recorder);
  const before = telemetry.spans().length;
  assert.equal(predict([1, 2, 3]), 3);
  assert.equal(spansSince(before).length, 1, 'the span still ends');
});

test('the wrapper keeps `this` and every argument', () => {
  const model = { bias: 10, predict(row: number[], scale: number) { return row[0] * scale + this.bias; } };
  model.predict = instrumentModel(model.predict, { name: 'with-this' }, recorder);
  assert.equal(model.predict([2], 3), 16);
});

test('options are checked when the model is wrapped', () => {
  assert.throws(() => instrumentModel(() => 1, { name: '' }, recorder), /non-empty name/);
  assert.throws(() => instrumentModel(() => 1, { name: 'm', maxFeatures: 0 }, recorder), /maxFeatures/);
});

test('profiles mode: no raw value on the span, the §3 per-feature metrics instead', async () => {
  const predict = instrumentModel((rows: { x: number; plan: string | null }[]) => rows.map(() => 'ok'), { name: 'profiled', mode: 'profiles' }, recorder);
  const before = telemetry.spans().length;
  predict([{ x: 1.5, plan: 'pro' }, { x: 2.5, plan: null }, { x: 3, plan: 'pro' }]);
  const [span] = spansSince(before);
  assert.equal(Object.keys(span.attributes).some((k) => k.startsWith('ml.feature.') || k === 'ml.prediction'), false);
  const values = (await telemetry.points('ml.feature.value')).filter((p) => p.attributes['ml.model.name'] === 'profiled');
  assert.deepEqual(values.map((p) => [p.attributes['ml.feature.name'], (p.value as { count: number; sum: number }).count, (p.value as { sum: number }).sum]), [['x', 3, 7]]);
  const categories = (await telemetry.points('ml.feature.category')).filter((p) => p.attributes['ml.model.name'] === 'profiled');
  assert.deepEqual(categories.map((p) => [p.attributes['ml.feature.name'], p.attributes['ml.feature.value'], p.value]).sort(),
    [['ml.prediction', 'ok', 3], ['plan', 'pro', 2]]);
  const missing = (await telemetry.points('ml.feature.missing')).filter((p) => p.attributes['ml.model.name'] === 'profiled');
  assert.deepEqual(missing.map((p) => [p.attributes['ml.feature.name'], p.value]), [['plan', 1]]);
});

test('a tracer that throws costs the host nothing: the prediction still runs once and returns', () => {
  const broken = { startSpan: () => { throw new Error('tracer bug'); } } as unknown as Tracer;
  const calls: number[] = [];
  const predict = instrumentModel((x: number) => { calls.push(x); return x + 1; }, { name: 'broken-tracer' },
    new InferenceRecorder(broken, telemetry.meterProvider.getMeter('test')));
  assert.equal(predict(1), 2);
  assert.deepEqual(calls, [1]);
});

/**
 * Profiles mode as first written: one SDK call per value, a fresh attributes object
 * each. The oracle for the per-call counts and the attribute objects built once.
 */
function referenceProfile(instruments: Instruments, model: { name: string; version?: string }, policy: CapturePolicy, observed: ObservedInference, categories: Map<string, Set<string>>): void {
  const base: Attributes = { 'ml.model.name': model.name };
  if (model.version !== undefined) base['ml.model.version'] = model.version;
  const counts = { truncated: 0, overflow: 0 };
  const category = (feature: string, value: string): string => {
    const key = `${model.name}\u0000${model.version ?? ''}\u0000${feature}`;
    let seen = categories.get(key);
    if (seen === undefined) categories.set(key, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size < MAX_CATEGORIES) return (seen.add(value), value);
    counts.overflow++;
    return OVERFLOW;
  };
  const column = (feature: string, values: readonly CellValue[], hashed: boolean) => {
    const attributes = { ...base, 'ml.feature.name': feature };
    for (const value of values) {
      if (value === null) instruments.featureMissing.add(1, attributes);
      else if (typeof value === 'number' && !hashed) instruments.featureValue.record(value, attributes);
      else instruments.featureCategory.add(1, { ...attributes, 'ml.feature.value': category(feature, String(value)) });
    }
  };
  let recorded = 0;
  for (const [name, values] of observed.features) {
    const treatment = policy.treatmentOf(name);
    if (treatment === 'drop') continue;
    if (recorded === policy.maxFeatures) {
      counts.overflow++;
      continue;
    }
    recorded++;
    column(name, policy.values(values, treatment, counts), treatment === 'hash');
  }
  if (observed.predictions !== undefined) column('ml.prediction', policy.values(observed.predictions, 'send', counts), false);
  if (counts.truncated > 0) instruments.truncated.add(counts.truncated, base);
  if (counts.overflow > 0) instruments.overflow.add(counts.overflow, base);
}

test('profiles mode exports the same metrics as one SDK call per value did: values, categories past the cap, missing, truncated, dropped', async () => {
  const options = {
    name: 'profiled-same', version: '2', mode: 'profiles' as const, maxTextLength: 8, maxFeatures: 5,
    captureInputs: ['amount', 'city', 'note', 'flag', 'email', 'tier', 'ratio'], sensitive: ['email'], hashKey: 'k',
  };
  type Row = Record<string, number | string | boolean | null>;
  const random = seededRandom(3);
  const row = (i: number): Row => ({
    amount: random() < 0.1 ? null : Math.round(random() * 1000) / 10 - 20,
    city: random() < 0.1 ? null : `city-${Math.floor(random() * 400)}`,
    note: ['short', 'a note longer than eight', null][i % 3],
    flag: i % 4 === 0,
    email: `user${i % 7}@example.com`,
    ignored: 'never recorded',
    tier: i % 5,
    ratio: random(),
  });
  const calls = [1, 64, 3, 1, 40, 64, 2].map((size, c) => Array.from({ length: size }, (_, i) => row(c * 100 + i)));
  const classify = (rows: Row[]) => rows.map((r) => (typeof r.amount === 'number' && r.amount > 30 ? 'high' : 'low'));

  const reference = inMemoryTelemetry();
  const referenceInstruments = createInstruments(reference.meterProvider.getMeter('test'));
  const categories = new Map<string, Set<string>>();
  const policy = new CapturePolicy(options);
  const predict = instrumentModel(classify, options, recorder);
  for (const rows of calls) {
    const predictions = predict(rows);
    const inputs = rowInputs(rows)!;
    referenceProfile(referenceInstruments, options, policy, { rows: inputs.rows, features: inputs.features, ...predictionOutputs(predictions, inputs.rows) }, categories);
  }

  const names = ['ml.feature.value', 'ml.feature.category', 'ml.feature.missing', 'modelwatch.instrumentation.truncated_values', 'modelwatch.instrumentation.dropped_features'];
  const exported = async (source: InMemoryTelemetry) => Object.fromEntries(await Promise.all(names.map(async (name) => [name,
    (await source.points(name)).filter((p) => p.attributes['ml.model.name'] === options.name).map((p) => ({ attributes: p.attributes, value: p.value }))])));
  const expected = await exported(reference);
  await reference.shutdown();
  assert.ok(expected['ml.feature.category'].some((p: { attributes: Attributes }) => p.attributes['ml.feature.value'] === OVERFLOW), 'the cap is reached');
  assert.ok(expected['modelwatch.instrumentation.truncated_values'].length > 0 && expected['modelwatch.instrumentation.dropped_features'].length > 0);
  assert.deepStrictEqual(await exported(telemetry), expected);
});

test('a call whose attributes cannot all be read leaves none on its span (the prediction still returns)', () => {
  const predict = instrumentModel((row: { plan: string; email: string }) => row.plan.length, {
    name: 'bad-hash-key', sensitive: ['email'], hashKey: 42 as unknown as string,
  }, recorder);
  const before = telemetry.spans().length;
  assert.equal(predict({ plan: 'pro', email: 'a@b.c' }), 3);
  const [span] = spansSince(before);
  assert.deepEqual(span.attributes, {}, 'the hash failed on the second feature: not even the first is set');
});

test('profiles mode: NaN and infinite values are counted missing, as the processor counts them', async () => {
  const predict = instrumentModel((rows: { z: number }[]) => rows.map(() => 1), { name: 'profiled-nan', mode: 'profiles' }, recorder);
  predict([{ z: 1 }, { z: NaN }, { z: Infinity }, { z: 3 }]);
  const values = (await telemetry.points('ml.feature.value')).filter((p) => p.attributes['ml.model.name'] === 'profiled-nan' && p.attributes['ml.feature.name'] === 'z');
  assert.deepEqual(values.map((p) => (p.value as { count: number }).count), [2]);
  const missing = (await telemetry.points('ml.feature.missing')).filter((p) => p.attributes['ml.model.name'] === 'profiled-nan' && p.attributes['ml.feature.name'] === 'z');
  assert.deepEqual(missing.map((p) => p.value), [2]);
});
