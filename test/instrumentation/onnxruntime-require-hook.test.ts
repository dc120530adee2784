import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type * as Ort from 'onnxruntime-node';
import { ModelInstrumentation } from '../../instrumentation/model-instrumentation.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { inMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { CLASSES, FEATURE_NAMES, TINY_METADATA } from '../fixtures/models/tiny-classifier.js';

/*
 * The way an app uses it: the instrumentation is registered first, onnxruntime-node is
 * required after, and the require hook patches it. Nothing in this file may load
 * onnxruntime before registerInstrumentations (type imports only).
 */

const require = createRequire(import.meta.url);
const loadedEarly = Object.keys(require.cache).filter((path) => path.includes('onnxruntime'));

const telemetry = inMemoryTelemetry();
const instrumentation = new ModelInstrumentation({ models: [{ match: /tiny-classifier\.onnx$/, classes: [...CLASSES], featureNames: [...FEATURE_NAMES] }] });
const unregister = registerInstrumentations({
  instrumentations: [instrumentation],
  tracerProvider: telemetry.tracerProvider,
  meterProvider: telemetry.meterProvider,
});
after(async () => {
  unregister();
  await telemetry.shutdown();
});

const ort = require('onnxruntime-node') as typeof Ort;
const modelPath = join(fixturesDir, 'models', 'tiny-classifier.onnx');
const feeds = () => ({ features: new ort.Tensor('float32', Float32Array.of(5.1, 3.5, 1.4, 0.2, 6.6, 3.0, 5.6, 2.0), [2, 4]) });
const run = () => (ort.InferenceSession as unknown as { prototype: { run: { __wrapped?: boolean } } }).prototype.run;

test('registered before require, the instrumentation patches onnxruntime-node as it loads', async () => {
  assert.deepEqual(loadedEarly, [], 'onnxruntime was loaded before the instrumentation: this test would prove nothing');
  assert.equal(run().__wrapped, true);
  const session = await ort.InferenceSession.create(modelPath);
  const before = telemetry.spans().length;
  await session.run(feeds());
  const [span] = telemetry.spans().slice(before);
  assert.equal(span.name, `predict ${TINY_METADATA.name}`);
  assert.deepEqual(span.attributes['ml.feature.petal_width'], [0.2, 2]);
  assert.deepEqual(span.attributes['ml.prediction'], ['setosa', 'virginica']);
  await session.release();
});

test('disable() restores the original run, enable() patches again', async () => {
  const session = await ort.InferenceSession.create(modelPath);
  instrumentation.disable();
  try {
    assert.equal(run().__wrapped, undefined);
    const before = telemetry.spans().length;
    await session.run(feeds());
    assert.equal(telemetry.spans().length, before, 'no span while disabled');
  } finally {
    instrumentation.enable();
  }
  assert.equal(run().__wrapped, true);
  const before = telemetry.spans().length;
  await session.run(feeds());
  assert.equal(telemetry.spans().length, before + 1);
  await session.release();
});
