import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeMetricsProtobuf } from '../../src/otlp/protobuf/decode-metrics-protobuf.js';
import type { Metric } from '../../src/otlp/types.js';
import { collectMetrics } from './sdk-telemetry.js';

const MODEL = { 'ml.model.name': 'churn', 'ml.model.version': 'v2' };

test('SDK metrics of every type: the protobuf and JSON decodes are equal and hold what was recorded', async () => {
  const resourceMetrics = await collectMetrics((meter) => {
    meter.createCounter('ml.inference.records', { unit: '{record}', description: 'records scored' }).add(512, MODEL);
    meter.createUpDownCounter('queue.depth').add(-3, { queue: 'a' });
    meter.createGauge('model.temperature').record(0.7, MODEL);
    const duration = meter.createHistogram('ml.inference.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } });
    for (const seconds of [0.005, 0.05, 0.05, 2]) duration.record(seconds, MODEL);
    const values = meter.createHistogram('ml.feature.value.exponential');
    for (const value of [1, 2, 4, 8, 0]) values.record(value, { 'ml.feature.name': 'age' });
    meter.createObservableGauge('memory.free').addCallback((result) => result.observe(12345, { pool: 'heap' }));
  });

  const protobuf = decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
  const json = decodeMetricsJson(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(resourceMetrics)!));
  assert.deepStrictEqual(json, protobuf, 'JSON and protobuf decodes of the same metrics are deep-equal');

  const metrics = new Map<string, Metric>(
    protobuf.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics)).map((m) => [m.name, m]),
  );
  const counter = metrics.get('ml.inference.records')!;
  assert.equal(counter.type, 'sum');
  assert.equal(counter.isMonotonic, true);
  assert.equal(counter.aggregationTemporality, 2);
  assert.equal(counter.unit, '{record}');
  assert.equal(counter.description, 'records scored');
  assert.equal(counter.dataPoints[0].value, 512);
  assert.deepStrictEqual(counter.dataPoints[0].attributes, new Map(Object.entries(MODEL)));
  assert.ok(counter.dataPoints[0].timeUnixMs > 1.6e12, 'a point time in Unix milliseconds');
  assert.ok(counter.dataPoints[0].startTimeUnixMs <= counter.dataPoints[0].timeUnixMs);

  const upDown = metrics.get('queue.depth')!;
  assert.equal(upDown.type, 'sum');
  assert.equal(upDown.isMonotonic, false);
  assert.equal(upDown.dataPoints[0].value, -3);

  assert.equal(metrics.get('model.temperature')!.type, 'gauge');
  assert.equal(metrics.get('model.temperature')!.dataPoints[0].value, 0.7);
  assert.equal(metrics.get('memory.free')!.type, 'gauge');
  assert.equal(metrics.get('memory.free')!.dataPoints[0].value, 12345);

  const histogram = metrics.get('ml.inference.duration')!;
  assert.equal(histogram.type, 'histogram');
  assert.equal(histogram.aggregationTemporality, 2);
  const point = histogram.dataPoints[0];
  assert.equal(point.count, 4);
  assert.equal(point.sum, 2.105);
  assert.equal(point.min, 0.005);
  assert.equal(point.max, 2);
  assert.deepStrictEqual(point.explicitBounds, [0.01, 0.1, 1]);
  assert.deepStrictEqual(point.bucketCounts, [1, 2, 0, 1]);

  const exponential = metrics.get('ml.feature.value.exponential')!;
  assert.equal(exponential.type, 'exponentialHistogram');
  const ePoint = exponential.dataPoints[0];
  assert.equal(ePoint.count, 5);
  assert.equal(ePoint.sum, 15);
  assert.equal(ePoint.min, 0);
  assert.equal(ePoint.max, 8);
  assert.equal(ePoint.zeroCount, 1);
  assert.equal(typeof ePoint.scale, 'number');
  assert.equal(ePoint.positive!.bucketCounts.reduce((a, b) => a + b, 0), 4);
  assert.deepStrictEqual(ePoint.negative!.bucketCounts.filter((c) => c !== 0), [], 'the SDK records no negative values in histograms');
  assert.deepStrictEqual(ePoint.attributes, new Map([['ml.feature.name', 'age']]));
});
