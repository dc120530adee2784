import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attributes } from '@opentelemetry/api';
import { AggregationType, type DataPoint, type ExponentialHistogram as SdkExponential, type Histogram as SdkHistogram } from '@opentelemetry/sdk-metrics';
import { InferenceRecorder } from '../../instrumentation/inference-recorder.js';
import { InProcessMetrics, modelMetricsProducer } from '../../instrumentation/in-process-metrics.js';
import { instrumentModel } from '../../instrumentation/instrument-model.js';
import { DURATION_BUCKETS_SECONDS, INSTRUMENT_DESCRIPTORS } from '../../instrumentation/instruments.js';
import { INSTRUMENTATION_NAME } from '../../instrumentation/version.js';
import { inMemoryTelemetry, type InMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { seededRandom } from '../helpers/seeded-random.js';

type Row = Record<string, number | string | boolean | null>;
const EXPONENTIAL_VIEW = [{ instrumentName: 'ml.feature.value', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }];

/** Calls of a model with numbers (non-negative and signed), categories past the cap, missing, truncated and dropped features. */
function workload(seed: number): Row[][] {
  const random = seededRandom(seed);
  const row = (i: number): Row => ({
    amount: random() < 0.1 ? null : Math.round(random() * 1000) / 10,
    delta: random() * 200 - 100,
    city: random() < 0.1 ? null : `city-${Math.floor(random() * 400)}`,
    note: ['short', 'a note longer than eight', null][i % 3],
    flag: i % 4 === 0,
    tier: i % 5,
    extra: 1,
  });
  return [1, 64, 3, 1, 40, 64, 2].map((size, c) => Array.from({ length: size }, (_, i) => row(c * 100 + i)));
}

const OPTIONS = { name: 'in-process', version: '2', mode: 'profiles' as const, maxTextLength: 8, maxFeatures: 6 };
const classify = (rows: Row[]) => rows.map((r) => (typeof r.amount === 'number' && r.amount > 30 ? 'high' : 'low'));

/** The points of one metric of the model, by attributes, with their values. */
async function pointsOf(telemetry: InMemoryTelemetry, name: string): Promise<Map<string, DataPoint<unknown>>> {
  const points = (await telemetry.points(name)).filter((p) => p.attributes['ml.model.name'] === OPTIONS.name);
  return new Map(points.map((p) => [JSON.stringify(Object.entries(p.attributes).sort()), p]));
}

async function recordBoth() {
  const throughApi = inMemoryTelemetry({ views: EXPONENTIAL_VIEW });
  const metrics = new InProcessMetrics();
  const inProcess = inMemoryTelemetry({ metricProducers: [metrics] });
  const apiPredict = instrumentModel(classify, OPTIONS, new InferenceRecorder(throughApi.tracerProvider.getTracer('t'), throughApi.meterProvider.getMeter('t')));
  const ownPredict = instrumentModel(classify, OPTIONS, new InferenceRecorder(inProcess.tracerProvider.getTracer('t'), inProcess.meterProvider.getMeter('t'), metrics));
  for (const rows of workload(5)) {
    assert.deepEqual(ownPredict(rows), apiPredict(rows));
  }
  return { throughApi, inProcess };
}

test('in process, every counter exports what the SDK exports for the same calls', async () => {
  const { throughApi, inProcess } = await recordBoth();
  for (const { name, kind } of Object.values(INSTRUMENT_DESCRIPTORS)) {
    if (kind !== 'counter') continue;
    const expected = await pointsOf(throughApi, name);
    const actual = await pointsOf(inProcess, name);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${name}: the same series`);
    for (const [key, point] of expected) assert.equal(actual.get(key)!.value, point.value, `${name} ${key}`);
  }
  assert.ok((await pointsOf(inProcess, 'ml.feature.category')).size > 100, 'the category cap is reached');
  assert.ok((await pointsOf(inProcess, 'modelwatch.instrumentation.truncated_values')).size > 0);
  assert.ok((await pointsOf(inProcess, 'modelwatch.instrumentation.dropped_features')).size > 0);
  await Promise.all([throughApi.shutdown(), inProcess.shutdown()]);
});

test('in process, ml.feature.value has the SDK\'s exponential buckets for non-negative features, and keeps negative values the API drops', async () => {
  const { throughApi, inProcess } = await recordBoth();
  const expected = await pointsOf(throughApi, 'ml.feature.value');
  const actual = await pointsOf(inProcess, 'ml.feature.value');
  const feature = (p: DataPoint<unknown>) => p.attributes['ml.feature.name'];
  const byFeature = (points: Map<string, DataPoint<unknown>>) => new Map([...points.values()].map((p) => [feature(p), p.value as SdkExponential]));
  const sdk = byFeature(expected);
  const ours = byFeature(actual);
  assert.deepEqual([...ours.keys()].sort(), ['amount', 'delta', 'tier']);
  for (const name of ['amount', 'tier']) {
    const [a, e] = [ours.get(name)!, sdk.get(name)!];
    assert.deepEqual([a.count, a.scale, a.zeroCount, a.min, a.max], [e.count, e.scale, e.zeroCount, e.min, e.max], name);
    assert.deepEqual(a.positive.bucketCounts.filter((c) => c > 0), e.positive.bucketCounts.filter((c) => c > 0), name);
  }
  const delta = ours.get('delta')!;
  const rows = workload(5).flat();
  assert.equal(delta.count, rows.length, 'every delta, negative ones too');
  assert.equal(delta.negative.bucketCounts.reduce((a, b) => a + b, 0), rows.filter((r) => (r.delta as number) < 0).length);
  assert.ok(sdk.get('delta')!.count < rows.length, 'the API dropped the negative ones');
  await Promise.all([throughApi.shutdown(), inProcess.shutdown()]);
});

test('in process, ml.inference.duration has the explicit second buckets, one count per call, under the instrumentation\'s scope and the SDK\'s resource', async () => {
  const { inProcess, throughApi } = await recordBoth();
  const [point] = [...(await pointsOf(inProcess, 'ml.inference.duration')).values()];
  const value = point.value as SdkHistogram;
  assert.deepEqual(value.buckets.boundaries, DURATION_BUCKETS_SECONDS);
  assert.equal(value.count, workload(5).length);
  assert.equal(value.buckets.counts.reduce((a, b) => a + b, 0), value.count);
  assert.deepEqual(point.attributes, { 'ml.model.name': OPTIONS.name, 'ml.model.version': OPTIONS.version });
  const collected = await inProcess.metrics();
  const scope = collected.scopeMetrics.find((s) => s.metrics.some((m) => m.descriptor.name === 'ml.inference.duration'))!.scope;
  assert.equal(scope.name, INSTRUMENTATION_NAME);
  assert.equal(collected.resource.attributes['service.name'] !== undefined, true, 'the SDK\'s resource, not an empty one');
  await Promise.all([throughApi.shutdown(), inProcess.shutdown()]);
});

test('a failed call gets its own duration series with error.type; a new attributes object with the same content finds the same series', async () => {
  const metrics = new InProcessMetrics();
  const telemetry = inMemoryTelemetry({ metricProducers: [metrics] });
  const recorder = new InferenceRecorder(telemetry.tracerProvider.getTracer('t'), telemetry.meterProvider.getMeter('t'), metrics);
  const predict = instrumentModel((x: number) => {
    if (x < 0) throw new RangeError('negative');
    return x;
  }, { name: 'failing', version: '1' }, recorder);
  for (const x of [1, -1, 2, -2, -3]) {
    try {
      predict(x);
    } catch (error) {
      assert.ok(error instanceof RangeError);
    }
  }
  const durations = (await telemetry.points('ml.inference.duration')).filter((p) => p.attributes['ml.model.name'] === 'failing');
  const counts = Object.fromEntries(durations.map((p) => [String(p.attributes['error.type'] ?? 'ok'), (p.value as SdkHistogram).count]));
  assert.deepEqual(counts, { ok: 2, RangeError: 3 });
  const attributes: Attributes = { 'ml.model.version': '1', 'ml.model.name': 'failing' };
  metrics.instruments.records.add(10, attributes);
  const records = (await telemetry.points('ml.inference.records')).filter((p) => p.attributes['ml.model.name'] === 'failing');
  assert.deepEqual(records.map((p) => p.value), [12]);
  await telemetry.shutdown();
});

test('once modelMetricsProducer() is handed out, instrumentModel\'s default recorder records there instead of through the Metrics API', async () => {
  const predict = instrumentModel((rows: { x: number }[]) => rows.map((r) => r.x * 2), { name: 'default-recorder', mode: 'profiles' });
  predict([{ x: 1 }]);
  const producer = modelMetricsProducer();
  assert.equal(modelMetricsProducer(), producer, 'one per process');
  predict([{ x: -1 }, { x: 3 }]);
  const telemetry = inMemoryTelemetry({ metricProducers: [producer] });
  const records = (await telemetry.points('ml.inference.records')).filter((p) => p.attributes['ml.model.name'] === 'default-recorder');
  assert.deepEqual(records.map((p) => p.value), [2], 'only the calls after the hand-out');
  const values = (await telemetry.points('ml.feature.value')).filter((p) => p.attributes['ml.feature.name'] === 'x');
  assert.deepEqual(values.map((p) => [(p.value as SdkExponential).min, (p.value as SdkExponential).max]), [[-1, 3]]);
  await telemetry.shutdown();
});
