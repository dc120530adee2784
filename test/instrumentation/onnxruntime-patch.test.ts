import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diag, DiagLogLevel, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type * as Ort from 'onnxruntime-node';
import { inferenceIdsOf } from '../../instrumentation/inference-ids.js';
import { ModelInstrumentation } from '../../instrumentation/model-instrumentation.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { inMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { CLASSES, FEATURE_NAMES, TINY_METADATA } from '../fixtures/models/tiny-classifier.js';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node') as typeof Ort;
const modelPath = join(fixturesDir, 'models', 'tiny-classifier.onnx');
/** The class behind the factory type onnxruntime declares: the patch wraps its prototype's run. */
const currentRun = (): unknown => (ort.InferenceSession as unknown as { prototype: { run: unknown } }).prototype.run;
const originalRun = currentRun();
const { create: originalCreate } = ort.InferenceSession;

const telemetry = inMemoryTelemetry();
after(() => telemetry.shutdown());

/** The instrumentation's definitions, applied by hand to the already loaded module (no require hook). */
function instrumentation(config: ConstructorParameters<typeof ModelInstrumentation>[0] = {}): InstrumentationModuleDefinition[] {
  const instance = new ModelInstrumentation({ ...config, enabled: false });
  instance.setTracerProvider(telemetry.tracerProvider);
  instance.setMeterProvider(telemetry.meterProvider);
  return instance.getModuleDefinitions();
}
const definitionOf = (definitions: InstrumentationModuleDefinition[], name: string) => definitions.find((d) => d.name === name)!;

const IRIS_ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [5.9, 2.8, 4.3, 1.3],
  [6.6, 3.0, 5.6, 2.0],
  [4.9, 3.1, 1.5, 0.1],
  [6.3, 2.5, 4.9, 1.5],
];
const feedsOf = (rows: number[][]) => ({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]) });
const spansSince = (count: number): ReadableSpan[] => telemetry.spans().slice(count);

/** Arg-max class of each row of a [N, 3] probability tensor. */
function argmaxLabels(probabilities: Ort.Tensor): string[] {
  const data = probabilities.data as Float32Array;
  return Array.from({ length: probabilities.dims[0] }, (_, r) => {
    const row = Array.from(data.subarray(r * 3, r * 3 + 3));
    return CLASSES[row.indexOf(Math.max(...row))];
  });
}

test('onnxruntime-node sessions: one §1 span per run, the same results as an uninstrumented session', async (t) => {
  const plain = await ort.InferenceSession.create(modelPath);
  const expectedOne = await plain.run(feedsOf(IRIS_ROWS.slice(0, 1)));
  const expectedFive = await plain.run(feedsOf(IRIS_ROWS));

  const definitions = instrumentation({ models: [{ match: 'tiny-classifier', classes: [...CLASSES], featureNames: [...FEATURE_NAMES], task: 'classification' }] });
  const definition = definitionOf(definitions, 'onnxruntime-node');
  assert.deepEqual(definition.supportedVersions, ['>=1.8.0 <2']);
  definition.patch!(ort, '1.30.0');
  t.after(() => definition.unpatch!(ort, '1.30.0'));
  assert.notEqual(currentRun(), originalRun);
  assert.notEqual(ort.InferenceSession.create, originalCreate);

  const session = await ort.InferenceSession.create(modelPath);
  await t.test('a batch of one: scalars', async () => {
    const before = telemetry.spans().length;
    const result = await session.run(feedsOf(IRIS_ROWS.slice(0, 1)));
    assert.deepEqual(result.probabilities.data, expectedOne.probabilities.data);
    assert.deepEqual(result.probabilities.dims, [1, 3]);
    const [span, ...others] = spansSince(before);
    assert.equal(others.length, 0);
    // Named and versioned from the model's own metadata_props; the config entry matched on the path.
    assert.equal(span.name, `predict ${TINY_METADATA.name}`);
    assert.equal(span.kind, SpanKind.INTERNAL);
    const a = span.attributes;
    assert.equal(a['ml.model.name'], TINY_METADATA.name);
    assert.equal(a['ml.model.version'], TINY_METADATA.version);
    assert.equal(a['ml.model.task'], 'classification');
    assert.equal(a['ml.batch.size'], 1);
    assert.equal(a['ml.inference.id'], span.spanContext().spanId);
    FEATURE_NAMES.forEach((name, j) => assert.equal(a[`ml.feature.${name}`], IRIS_ROWS[0][j], name));
    assert.equal(a['ml.prediction'], argmaxLabels(expectedOne.probabilities)[0]);
    const probabilities = expectedOne.probabilities.data as Float32Array;
    CLASSES.forEach((label, k) => assert.equal(Math.fround(a[`ml.prediction.proba.${label}`] as number), probabilities[k], label));
    assert.equal(Math.fround(a['ml.prediction.score'] as number), Math.max(...probabilities));
    assert.deepEqual(inferenceIdsOf(result), [span.spanContext().spanId]);
  });

  await t.test('a batch of five: arrays of five', async () => {
    const before = telemetry.spans().length;
    const result = await session.run(feedsOf(IRIS_ROWS));
    assert.deepEqual(result.probabilities.data, expectedFive.probabilities.data);
    const [span] = spansSince(before);
    const a = span.attributes;
    assert.equal(a['ml.batch.size'], 5);
    const id = span.spanContext().spanId;
    assert.deepEqual(a['ml.inference.id'], [0, 1, 2, 3, 4].map((i) => `${id}:${i}`));
    FEATURE_NAMES.forEach((name, j) => assert.deepEqual(a[`ml.feature.${name}`], IRIS_ROWS.map((row) => row[j]), name));
    const labels = argmaxLabels(expectedFive.probabilities);
    assert.deepEqual(a['ml.prediction'], labels);
    assert.deepEqual(new Set(labels), new Set(CLASSES), 'the batch has every class');
    const probabilities = expectedFive.probabilities.data as Float32Array;
    CLASSES.forEach((label, k) => {
      const column = a[`ml.prediction.proba.${label}`] as number[];
      assert.equal(column.length, 5);
      column.forEach((p, r) => assert.equal(Math.fround(p), probabilities[r * 3 + k], `${label} row ${r}`));
    });
    const scores = a['ml.prediction.score'] as number[];
    scores.forEach((score, r) => assert.equal(Math.fround(score), Math.max(...probabilities.subarray(r * 3, r * 3 + 3))));
  });

  await t.test('§3 metrics: one duration per run, rows counted', async () => {
    const records = await telemetry.points('ml.inference.records');
    const mine = records.filter((p) => p.attributes['ml.model.name'] === TINY_METADATA.name);
    assert.equal(mine.reduce((sum, p) => sum + (p.value as number), 0), 6);
    const durations = await telemetry.points('ml.inference.duration');
    const runs = durations.filter((p) => p.attributes['ml.model.name'] === TINY_METADATA.name && p.attributes['error.type'] === undefined);
    assert.equal(runs.reduce((sum, p) => sum + (p.value as { count: number }).count, 0), 2);
  });

  await t.test('a bad feed: the same error as without the instrumentation, and an ERROR span', async () => {
    const bad = { petals: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [1, 4]) };
    const expected = await plain.run(bad).then(() => assert.fail('the uninstrumented run should fail'), (error: unknown) => error as Error);
    const before = telemetry.spans().length;
    const error = await session.run(bad).then(() => assert.fail('the run should fail'), (e: unknown) => e as Error);
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    const [span] = spansSince(before);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, expected.message);
    assert.equal(span.attributes['error.type'], expected.name);
    assert.equal(span.attributes['ml.model.name'], TINY_METADATA.name);
  });

  await t.test('a session created before the patch is still traced, named by the config alone', async () => {
    const before = telemetry.spans().length;
    const result = await plain.run(feedsOf(IRIS_ROWS.slice(0, 2)));
    assert.deepEqual(result.probabilities.data, expectedFive.probabilities.data.slice(0, 6));
    const [span] = spansSince(before);
    // Its path was never seen, so the entry matching 'tiny-classifier' does not apply: the default name.
    assert.equal(span.name, 'predict model');
    assert.deepEqual(span.attributes['ml.feature.features_0'], [5.1, 5.9], 'no featureNames: <input>_<j>');
  });

  await t.test('unpatching restores the original methods: runs are no longer traced', async () => {
    definition.unpatch!(ort, '1.30.0');
    assert.equal(currentRun(), originalRun);
    assert.equal(ort.InferenceSession.create, originalCreate);
    const before = telemetry.spans().length;
    await session.run(feedsOf(IRIS_ROWS.slice(0, 1)));
    assert.equal(telemetry.spans().length, before);
  });
  await session.release();
  await plain.release();
});

test('both module definitions patch the one class once: one span per run, and either unpatches it', async (t) => {
  const definitions = instrumentation({ models: [{ name: 'iris', version: '7', classes: [...CLASSES] }] });
  const common = require('onnxruntime-common') as { InferenceSession: unknown };
  assert.equal(common.InferenceSession, ort.InferenceSession, 'onnxruntime-node re-exports onnxruntime-common\'s class');
  definitionOf(definitions, 'onnxruntime-common').patch!(common, '1.30.0');
  t.after(() => definitionOf(definitions, 'onnxruntime-common').unpatch!(common, '1.30.0'));
  const patchedRun = currentRun();
  definitionOf(definitions, 'onnxruntime-node').patch!(ort, '1.30.0');
  assert.equal(currentRun(), patchedRun, 'not wrapped a second time');

  const session = await ort.InferenceSession.create(readFileSync(modelPath));
  const before = telemetry.spans().length;
  await session.run(feedsOf(IRIS_ROWS.slice(0, 3)));
  const spans = spansSince(before);
  assert.equal(spans.length, 1);
  // A configured name and version win over the model's metadata, read here from the bytes.
  assert.equal(spans[0].name, 'predict iris');
  assert.equal(spans[0].attributes['ml.model.version'], '7');
  assert.deepEqual(spans[0].attributes['ml.prediction'], ['setosa', 'versicolor', 'virginica']);

  definitionOf(definitions, 'onnxruntime-node').unpatch!(ort, '1.30.0');
  assert.equal(currentRun(), originalRun);
  assert.equal(ort.InferenceSession.create, originalCreate);
  await session.release();
});

test('the run\'s promise settles with the very result or error of the original', async (t) => {
  // A stand-in InferenceSession whose run's outcome the test holds, to compare identities.
  const outcome: { value?: unknown; error?: unknown } = {};
  class InferenceSession {
    readonly inputNames = ['x'];
    readonly outputNames = ['y'];
    static async create(): Promise<InferenceSession> {
      return new InferenceSession();
    }
    async run(_feeds: unknown): Promise<unknown> {
      if (outcome.error !== undefined) throw outcome.error;
      return outcome.value;
    }
  }
  const fake = { InferenceSession };
  const definition = definitionOf(instrumentation({ models: [{ name: 'fake' }] }), 'onnxruntime-node');
  definition.patch!(fake, '1.30.0');
  t.after(() => definition.unpatch!(fake, '1.30.0'));
  const session = await InferenceSession.create();

  const value = { y: { type: 'float32', dims: [1], data: Float32Array.of(0.5) } };
  outcome.value = value;
  assert.equal(await session.run({ x: { type: 'float32', dims: [1], data: Float32Array.of(2) } }), value);
  const thrown = new RangeError('from the runtime');
  outcome.error = thrown;
  await assert.rejects(session.run({}), (error: unknown) => error === thrown);

  // Feeds that make no sense to the reader (a tensor lying about its shape): the run is untouched.
  outcome.error = undefined;
  const before = telemetry.spans().length;
  const liar = { x: { type: 'float32', dims: [4, 4], get data(): never { throw new Error('not readable'); } } };
  assert.equal(await session.run(liar), value);
  const [span] = spansSince(before);
  assert.equal(span.name, 'predict fake');
  assert.equal(span.status.code, SpanStatusCode.UNSET);
});

test('a model whose options are invalid runs untraced, and says so once', async (t) => {
  const errors: string[] = [];
  diag.setLogger({ error: (message: string) => errors.push(message), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
  t.after(() => diag.disable());
  const definition = definitionOf(instrumentation({ models: [{ name: 'broken', maxTextLength: 0 }] }), 'onnxruntime-node');
  definition.patch!(ort, '1.30.0');
  t.after(() => definition.unpatch!(ort, '1.30.0'));
  const session = await ort.InferenceSession.create(modelPath);
  const before = telemetry.spans().length;
  const first = await session.run(feedsOf(IRIS_ROWS.slice(0, 1)));
  await session.run(feedsOf(IRIS_ROWS.slice(0, 1)));
  assert.deepEqual(first.probabilities.dims, [1, 3]);
  assert.equal(telemetry.spans().length, before);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /tiny-classifier\.onnx is not monitored/);
  await session.release();
});
