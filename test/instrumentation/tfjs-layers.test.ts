import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { isWrapped } from '@opentelemetry/instrumentation';
import type * as TF from '@tensorflow/tfjs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ModelInstrumentation, inferenceIdsOf, type ModelInstrumentationConfig } from '../../instrumentation/index.js';
import { assertClose } from '../helpers/close-to.js';
import { type InMemoryTelemetry, observing, onlySpan } from '../helpers/in-memory-telemetry.js';
import { argmax, classifier, expectedProbabilities, loadTfjs } from './tfjs-classifier.js';

// Enabled before TF.js loads, as an app's instrumentation setup is: the require hook
// patches tfjs-layers when @tensorflow/tfjs requires it.
const instrumentation = new ModelInstrumentation({ enabled: false });
instrumentation.enable();
const tf = loadTfjs();

const IRIS: ModelInstrumentationConfig = {
  models: [{ name: 'iris', version: '2', task: 'classification', featureNames: classifier.FEATURES, classes: classifier.CLASSES }],
};

const observer = observing<ModelInstrumentationConfig>(instrumentation);
/** Fresh providers and the given config for one test (the models it builds get that config). */
const observe = (config: ModelInstrumentationConfig): InMemoryTelemetry => observer.observe(config);
afterEach(() => observer.reset());

function column(span: ReadableSpan, key: string): unknown[] {
  const value = span.attributes[key];
  assert.ok(Array.isArray(value), `${key} is an array: ${JSON.stringify(value)}`);
  return value;
}

function metric(metrics: ResourceMetrics, name: string) {
  const found = metrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  assert.ok(found, `metric ${name} recorded`);
  return found;
}

/** A predict with the instrumentation off: what the app gets without modelwatch. */
function uninstrumented<T>(call: () => T): T {
  instrumentation.disable();
  try {
    return call();
  } finally {
    instrumentation.enable();
  }
}

describe('TF.js LayersModel.predict, patched through @tensorflow/tfjs-layers', () => {
  it('patches the base class and Sequential, whose predict delegates to an inner LayersModel', () => {
    assert.ok(isWrapped(tf.LayersModel.prototype.predict));
    assert.ok(isWrapped(tf.LayersModel.prototype.predictOnBatch));
    assert.ok(Object.hasOwn(tf.Sequential.prototype, 'predict'), 'Sequential overrides predict');
    assert.ok(isWrapped(tf.Sequential.prototype.predict));
  });

  it('makes one `predict <name>` span for a row with §1 features, label, score and probabilities', () => {
    const { spans } = observe(IRIS);
    const row = classifier.ROWS[0];
    const model = classifier.buildClassifier(tf);
    model.predict(tf.tensor2d([[...row]]));

    const span = onlySpan(spans());
    assert.equal(span.name, 'predict iris');
    assert.equal(span.kind, SpanKind.INTERNAL);
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    const attributes = span.attributes;
    assert.equal(attributes['ml.model.name'], 'iris');
    assert.equal(attributes['ml.model.version'], '2');
    assert.equal(attributes['ml.model.task'], 'classification');
    assert.equal(attributes['ml.batch.size'], 1);
    assert.equal(attributes['ml.inference.id'], span.spanContext().spanId);
    classifier.FEATURES.forEach((feature, j) => assert.equal(attributes[`ml.feature.${feature}`], Math.fround(row[j]), feature));
    const probabilities = expectedProbabilities(row);
    const best = argmax(probabilities);
    assert.equal(attributes['ml.prediction'], classifier.CLASSES[best]);
    assertClose(attributes['ml.prediction.score'] as number, probabilities[best], { absolute: 1e-6 }, 'score');
    classifier.CLASSES.forEach((label, k) =>
      assertClose(attributes[`ml.prediction.proba.${label}`] as number, probabilities[k], { absolute: 1e-6 }, `proba ${label}`),
    );
  });

  it('makes a batch of five one span whose features and outputs are arrays of five', () => {
    const { spans } = observe(IRIS);
    const model = classifier.buildClassifier(tf);
    model.predict(tf.tensor2d(classifier.ROWS.map((row) => [...row])));

    const span = onlySpan(spans());
    const rows = classifier.ROWS.length;
    assert.equal(span.attributes['ml.batch.size'], rows);
    const spanId = span.spanContext().spanId;
    assert.deepEqual(span.attributes['ml.inference.id'], classifier.ROWS.map((_, i) => `${spanId}:${i}`));
    classifier.FEATURES.forEach((feature, j) =>
      assert.deepEqual(column(span, `ml.feature.${feature}`), classifier.ROWS.map((row) => Math.fround(row[j])), feature),
    );
    const expected = classifier.ROWS.map(expectedProbabilities);
    const labels = expected.map((p) => classifier.CLASSES[argmax(p)]);
    assert.ok(new Set(labels).size > 1, 'the rows are predicted as different classes');
    assert.deepEqual(column(span, 'ml.prediction'), labels);
    classifier.CLASSES.forEach((label, k) => {
      const probabilities = column(span, `ml.prediction.proba.${label}`);
      expected.forEach((p, i) => assertClose(probabilities[i] as number, p[k], { absolute: 1e-6 }, `row ${i} proba ${label}`));
    });
    const scores = column(span, 'ml.prediction.score');
    expected.forEach((p, i) => assertClose(scores[i] as number, Math.max(...p), { absolute: 1e-6 }, `row ${i} score`));
  });

  it('records §3 duration and record counts per call', async () => {
    const { metrics } = observe(IRIS);
    const model = classifier.buildClassifier(tf);
    model.predict(tf.tensor2d([[...classifier.ROWS[0]]]));
    model.predict(tf.tensor2d(classifier.ROWS.map((row) => [...row])));

    const collected = await metrics();
    const [duration] = metric(collected, 'ml.inference.duration').dataPoints as { value: { count: number }; attributes: object }[];
    assert.equal(duration.value.count, 2);
    assert.deepEqual(duration.attributes, { 'ml.model.name': 'iris', 'ml.model.version': '2' });
    const [records] = metric(collected, 'ml.inference.records').dataPoints as { value: number }[];
    assert.equal(records.value, 1 + classifier.ROWS.length);
  });

  it('returns the very tensor predict made, with the values an uninstrumented predict gives', () => {
    const { spans } = observe(IRIS);
    const model = classifier.buildClassifier(tf);
    const input = tf.tensor2d(classifier.ROWS.map((row) => [...row]));
    const plain = uninstrumented(() => model.predict(input) as TF.Tensor);
    assert.equal(spans().length, 0, 'no span while disabled');

    const result = model.predict(input) as TF.Tensor;
    assert.equal(result.isDisposed, false);
    assert.deepEqual(result.shape, plain.shape);
    assert.deepEqual(result.dataSync(), plain.dataSync());
    assert.equal(input.isDisposed, false, 'the input is the caller’s to dispose');
    // Inference ids are kept on the result object the recorder saw: the caller's.
    assert.deepEqual(inferenceIdsOf(result), column(onlySpan(spans()), 'ml.inference.id'));
  });

  it('lets an error through unchanged and marks the span ERROR', async () => {
    const { spans, metrics } = observe(IRIS);
    const model = classifier.buildClassifier(tf);
    const wrongShape = tf.tensor2d([[1, 2, 3]]);
    const plain = uninstrumented(() => captureError(() => model.predict(wrongShape)));
    const thrown = captureError(() => model.predict(wrongShape));

    assert.ok(thrown instanceof Error);
    assert.equal(thrown.constructor, plain.constructor);
    assert.equal(thrown.message, plain.message);
    const span = onlySpan(spans());
    assert.equal(span.name, 'predict iris');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, plain.message);
    assert.equal(span.attributes['error.type'], plain.name);
    const [duration] = metric(await metrics(), 'ml.inference.duration').dataPoints;
    assert.equal(duration.attributes['error.type'], plain.name);
  });

  it('makes one span for predictOnBatch, also delegated by Sequential', () => {
    const { spans } = observe(IRIS);
    classifier.buildClassifier(tf).predictOnBatch(tf.tensor2d([[...classifier.ROWS[1]]]));
    assert.equal(onlySpan(spans()).attributes['ml.batch.size'], 1);
  });

  it('names features f0.., classes by index and the model by its own name without options', () => {
    const { spans } = observe({});
    const row = classifier.ROWS[2];
    const model = classifier.buildClassifier(tf, 'flowers');
    model.predict(tf.tensor2d([[...row]]));

    const span = onlySpan(spans());
    assert.equal(span.name, 'predict flowers');
    row.forEach((value, j) => assert.equal(span.attributes[`ml.feature.f${j}`], Math.fround(value)));
    assert.equal(span.attributes['ml.prediction'], argmax(expectedProbabilities(row)));
    assert.ok(typeof span.attributes['ml.prediction.proba.0'] === 'number');
  });

  it('names a loaded model by its URL and applies the `models` entry that matches it', async () => {
    const { spans } = observe({ models: [{ match: '/churn/', version: '7', classes: classifier.CLASSES }, { name: 'fallback' }] });
    const artifacts = await savedArtifacts(classifier.buildClassifier(tf));
    const router = (url: string | string[]) => (url === 'memory://models/churn/model.json' ? tf.io.fromMemory(artifacts) : null);
    tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
    const churn = await tf.loadLayersModel('memory://models/churn/model.json');
    const inMemory = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    churn.predict(tf.tensor2d([[...classifier.ROWS[0]]]));
    inMemory.predict(tf.tensor2d([[...classifier.ROWS[0]]]));

    const [first, second] = spans();
    assert.equal(first.name, 'predict churn');
    assert.equal(first.attributes['ml.model.version'], '7');
    assert.equal(first.attributes['ml.prediction'], classifier.CLASSES[argmax(expectedProbabilities(classifier.ROWS[0]))]);
    assert.equal(second.name, 'predict fallback', 'a model with no URL gets the entry without match');
  });

  it('names the features of a model with several inputs `<input>_<j>` and reads a regression output', () => {
    const { spans } = observe({ models: [{ name: 'price' }] });
    const area = tf.input({ shape: [2], name: 'area' });
    const rooms = tf.input({ shape: [1], name: 'rooms' });
    const joined = tf.layers.concatenate().apply([area, rooms]) as TF.SymbolicTensor;
    const price = tf.layers.dense({ units: 1, useBias: false }).apply(joined) as TF.SymbolicTensor;
    const model = tf.model({ inputs: [area, rooms], outputs: price });
    model.setWeights([tf.tensor2d([[2], [3], [10]])]);

    const result = model.predict([tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])]) as TF.Tensor;
    const span = onlySpan(spans());
    assert.deepEqual(column(span, 'ml.feature.area_0'), [1, 3]);
    assert.deepEqual(column(span, 'ml.feature.area_1'), [2, 4]);
    assert.deepEqual(column(span, 'ml.feature.rooms_0'), [5, 6]);
    assert.deepEqual(column(span, 'ml.prediction'), [1 * 2 + 2 * 3 + 5 * 10, 3 * 2 + 4 * 3 + 6 * 10]);
    assert.deepEqual(column(span, 'ml.prediction'), Array.from(result.dataSync()));
    assert.equal(span.attributes['ml.prediction.score'], undefined);
  });

  it('reads a sigmoid output as the positive class probability of a binary classifier', () => {
    const { spans } = observe({ models: [{ name: 'spam', classes: ['ham', 'spam'] }] });
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], activation: 'sigmoid' })] });
    model.setWeights([tf.tensor2d([[1]]), tf.tensor1d([0])]);
    model.predict(tf.tensor2d([[-2], [3]]));

    const span = onlySpan(spans());
    assert.deepEqual(column(span, 'ml.prediction'), ['ham', 'spam']);
    const scores = column(span, 'ml.prediction.score');
    assertClose(scores[0] as number, 1 / (1 + Math.exp(2)), { absolute: 1e-6 }, 'score of row 0');
    assertClose(scores[1] as number, 1 / (1 + Math.exp(-3)), { absolute: 1e-6 }, 'score of row 1');
  });

  it('restores the original methods on disable() and patches them again on enable()', () => {
    const { spans } = observe(IRIS);
    const wrapped = tf.LayersModel.prototype.predict as { __original?: unknown };
    const original = wrapped.__original;
    assert.equal(typeof original, 'function');
    const model = classifier.buildClassifier(tf);

    instrumentation.disable();
    try {
      assert.equal(tf.LayersModel.prototype.predict, original);
      assert.ok(!isWrapped(tf.Sequential.prototype.predict));
      assert.ok(!isWrapped(tf.loadLayersModel));
      model.predict(tf.tensor2d([[...classifier.ROWS[0]]]));
      assert.equal(spans().length, 0);
    } finally {
      instrumentation.enable();
    }
    assert.ok(isWrapped(tf.LayersModel.prototype.predict));
    model.predict(tf.tensor2d([[...classifier.ROWS[0]]]));
    assert.equal(spans().length, 1);
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

async function savedArtifacts(model: TF.LayersModel): Promise<TF.io.ModelArtifacts> {
  let artifacts: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  assert.ok(artifacts);
  return artifacts;
}
