import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SpanStatusCode } from '@opentelemetry/api';
import { isWrapped } from '@opentelemetry/instrumentation';
import type * as TF from '@tensorflow/tfjs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ModelInstrumentation, inferenceIdsOf, type ModelInstrumentationConfig } from '../../instrumentation/index.js';
import { assertClose } from '../helpers/close-to.js';
import { type InMemoryTelemetry, observing, onlySpan } from '../helpers/in-memory-telemetry.js';
import { argmax, classifier, expectedProbabilities, loadTfjs } from './tfjs-classifier.js';

// Enabled before TF.js loads: the require hook patches tfjs-converter as @tensorflow/tfjs requires it.
const instrumentation = new ModelInstrumentation({ enabled: false });
instrumentation.enable();
const tf = loadTfjs();

const IRIS: ModelInstrumentationConfig = {
  models: [{ name: 'iris-graph', featureNames: classifier.FEATURES, classes: classifier.CLASSES }],
};
const GRAPH_URL = 'memory://graphs/fraud/model.json';
tf.io.registerLoadRouter(((url: string | string[]) => (url === GRAPH_URL ? tf.io.fromMemory(classifier.graphArtifacts()) : null)) as Parameters<
  typeof tf.io.registerLoadRouter
>[0]);

const observer = observing<ModelInstrumentationConfig>(instrumentation);
/** Fresh providers and the given config for one test (the models it builds get that config). */
const observe = (config: ModelInstrumentationConfig): InMemoryTelemetry => observer.observe(config);
afterEach(() => observer.reset());

/** The GraphModel made from in-memory artifacts (no network, no file). */
function graphModel(): ReturnType<typeof tf.loadGraphModelSync> {
  return tf.loadGraphModelSync(classifier.graphArtifacts());
}

function batch(): TF.Tensor2D {
  return tf.tensor2d(classifier.ROWS.map((row) => [...row]));
}

/** Asserts a span carries the classifier's features and outputs for classifier.ROWS. */
function assertClassified(span: ReadableSpan): void {
  const rows = classifier.ROWS;
  assert.equal(span.attributes['ml.batch.size'], rows.length);
  classifier.FEATURES.forEach((feature, j) =>
    assert.deepEqual(span.attributes[`ml.feature.${feature}`], rows.map((row) => Math.fround(row[j])), feature),
  );
  const expected = rows.map(expectedProbabilities);
  assert.deepEqual(span.attributes['ml.prediction'], expected.map((p) => classifier.CLASSES[argmax(p)]));
  classifier.CLASSES.forEach((label, k) => {
    const probabilities = span.attributes[`ml.prediction.proba.${label}`] as number[];
    expected.forEach((p, i) => assertClose(probabilities[i], p[k], { absolute: 1e-6 }, `row ${i} proba ${label}`));
  });
}

describe('TF.js GraphModel, patched through @tensorflow/tfjs-converter', () => {
  it('makes one span for predict, which calls execute itself', () => {
    const { spans } = observe(IRIS);
    const model = graphModel();
    const result = model.predict(batch()) as TF.Tensor;

    const span = onlySpan(spans());
    assert.equal(span.name, 'predict iris-graph');
    assertClassified(span);
    assert.equal(result.isDisposed, false);
    assert.deepEqual(inferenceIdsOf(result), span.attributes['ml.inference.id']);
  });

  it('makes one span for execute, with the values an uninstrumented execute gives', () => {
    const { spans } = observe(IRIS);
    const model = graphModel();
    const input = batch();
    instrumentation.disable();
    const plain = model.execute(input) as TF.Tensor;
    instrumentation.enable();
    assert.equal(spans().length, 0);

    const result = model.execute(input) as TF.Tensor;
    assertClassified(onlySpan(spans()));
    assert.deepEqual(result.dataSync(), plain.dataSync());
  });

  it('traces executeAsync and predictAsync when their promise settles', async () => {
    const { spans } = observe(IRIS);
    const model = graphModel();
    const pending = model.executeAsync(batch());
    assert.equal(spans().length, 0, 'the span ends when the result is there');
    const result = (await pending) as TF.Tensor;
    assertClassified(onlySpan(spans()));
    assert.deepEqual(inferenceIdsOf(result), spans()[0].attributes['ml.inference.id']);

    await model.predictAsync(batch());
    assert.equal(spans().length, 2, 'predictAsync, which calls executeAsync, is one span');
    assertClassified(spans()[1]);
  });

  it('names a model loaded from a URL after it and a model from memory by config, else `model`', async () => {
    const { spans } = observe({ models: [{ match: 'fraud', version: '4' }] });
    const fromUrl = await tf.loadGraphModel(GRAPH_URL);
    fromUrl.predict(batch());
    graphModel().predict(batch());

    const [named, unnamed] = spans();
    assert.equal(named.name, 'predict fraud');
    assert.equal(named.attributes['ml.model.version'], '4');
    assert.equal(unnamed.name, 'predict model');
    assert.equal(unnamed.attributes['ml.model.version'], undefined);
    assert.deepEqual(unnamed.attributes['ml.feature.f0'], classifier.ROWS.map((row) => Math.fround(row[0])), 'default feature names');
  });

  it('lets an error through unchanged and marks the span ERROR', () => {
    const { spans } = observe(IRIS);
    const model = graphModel();
    const twoInputs = [batch(), batch()];
    instrumentation.disable();
    const plain = captureError(() => model.predict(twoInputs));
    instrumentation.enable();
    const thrown = captureError(() => model.predict(twoInputs));

    assert.equal(thrown.constructor, plain.constructor);
    assert.equal(thrown.message, plain.message);
    const span = onlySpan(spans());
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], plain.name);
  });

  it('restores the original methods on disable()', () => {
    const { spans } = observe(IRIS);
    const methods = ['predict', 'execute', 'predictAsync', 'executeAsync'] as const;
    const originals = methods.map((name) => (tf.GraphModel.prototype[name] as { __original?: unknown }).__original);
    originals.forEach((original, k) => assert.equal(typeof original, 'function', methods[k]));

    instrumentation.disable();
    try {
      methods.forEach((name, k) => assert.equal(tf.GraphModel.prototype[name], originals[k], name));
      graphModel().predict(batch());
      assert.equal(spans().length, 0);
    } finally {
      instrumentation.enable();
    }
    methods.forEach((name) => assert.ok(isWrapped(tf.GraphModel.prototype[name]), name));
  });
});

function captureError(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  assert.fail('the call did not throw');
}
