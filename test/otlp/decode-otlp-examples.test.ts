import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import type { AnyValue } from '../../src/otlp/types.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';

// 1544712660300000000 ns: the examples' timestamps, in milliseconds.
const EXAMPLE_TIME_MS = 1_544_712_660_300;

test('trace.json: ids folded to lower case, times, kind and attributes as the file says', () => {
  const data = decodeTracesJson(readOtlpExample('trace.json'));
  assert.equal(data.resourceSpans.length, 1);
  const [rs] = data.resourceSpans;
  assert.deepStrictEqual(rs.resource.attributes, new Map([['service.name', 'my.service']]));
  const [ss] = rs.scopeSpans;
  assert.deepStrictEqual(ss.scope, {
    name: 'my.library', version: '1.0.0', attributes: new Map([['my.scope.attribute', 'some scope attribute']]),
  });
  assert.equal(ss.spans.length, 1);
  assert.deepStrictEqual({ ...ss.spans[0] }, {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: 'eee19b7ec3c1b173',
    name: "I'm a server span",
    kind: 2,
    startTimeUnixMs: 1_544_712_660_000,
    endTimeUnixMs: 1_544_712_661_000,
    attributes: new Map([['my.span.attr', 'some value']]),
    status: { code: 0, message: '' },
  });
});

test('logs.json: every attribute type, int64 strings, the body and trace context', () => {
  const data = decodeLogsJson(readOtlpExample('logs.json'));
  const [record] = data.resourceLogs[0].scopeLogs[0].logRecords;
  assert.equal(record.timeUnixMs, EXAMPLE_TIME_MS);
  assert.equal(record.observedTimeUnixMs, EXAMPLE_TIME_MS);
  assert.equal(record.severityNumber, 10);
  assert.equal(record.severityText, 'Information');
  assert.equal(record.traceId, '5b8efff798038103d269b633813fc60c');
  assert.equal(record.spanId, 'eee19b7ec3c1b174');
  assert.equal(record.body, 'Example log record');
  assert.equal(record.eventName, '');
  assert.deepStrictEqual(record.attributes, new Map<string, AnyValue>([
    ['string.attribute', 'some string'],
    ['boolean.attribute', true],
    ['int.attribute', 10],
    ['double.attribute', 637.704],
    ['array.attribute', ['many', 'values']],
    ['map.attribute', new Map([['some.map.key', 'some value']])],
  ]));
});

test('events.json: the event name and a key-value list body', () => {
  const data = decodeLogsJson(readOtlpExample('events.json'));
  const [record] = data.resourceLogs[0].scopeLogs[0].logRecords;
  assert.equal(record.eventName, 'browser.page_view');
  assert.equal(record.severityNumber, 9);
  assert.equal(record.traceId, '');
  assert.deepStrictEqual(record.attributes, new Map([['event.attribute', 'some event attribute']]));
  assert.deepStrictEqual(record.body, new Map<string, AnyValue>([
    ['type', 0],
    ['url', 'https://www.guidgenerator.com/online-guid-generator.aspx'],
    ['referrer', 'https://wwww.google.com'],
    ['title', 'Free Online GUID Generator'],
  ]));
});

test('metrics.json: sum, gauge, histogram and exponential histogram as the file says', () => {
  const data = decodeMetricsJson(readOtlpExample('metrics.json'));
  const metrics = data.resourceMetrics[0].scopeMetrics[0].metrics;
  assert.deepStrictEqual(metrics.map((m) => [m.name, m.type]), [
    ['my.counter', 'sum'], ['my.gauge', 'gauge'], ['my.histogram', 'histogram'], ['my.exponential.histogram', 'exponentialHistogram'],
  ]);
  const [counter, gauge, histogram, exponential] = metrics;
  assert.equal(counter.unit, '1');
  assert.equal(counter.description, 'I am a Counter');
  assert.equal(counter.aggregationTemporality, 1);
  assert.equal(counter.isMonotonic, true);
  assert.deepStrictEqual(counter.dataPoints, [{
    attributes: new Map([['my.counter.attr', 'some value']]),
    startTimeUnixMs: EXAMPLE_TIME_MS, timeUnixMs: EXAMPLE_TIME_MS, value: 5,
  }]);
  assert.equal(gauge.dataPoints[0].value, 10);
  assert.equal(gauge.dataPoints[0].startTimeUnixMs, 0);
  assert.equal('isMonotonic' in gauge, false);
  assert.deepStrictEqual(histogram.dataPoints, [{
    attributes: new Map([['my.histogram.attr', 'some value']]),
    startTimeUnixMs: EXAMPLE_TIME_MS, timeUnixMs: EXAMPLE_TIME_MS,
    count: 2, sum: 2, min: 0, max: 2, bucketCounts: [1, 1], explicitBounds: [1],
  }]);
  assert.deepStrictEqual(exponential.dataPoints, [{
    attributes: new Map([['my.exponential.histogram.attr', 'some value']]),
    startTimeUnixMs: EXAMPLE_TIME_MS, timeUnixMs: EXAMPLE_TIME_MS,
    count: 3, sum: 10, min: 0, max: 5, scale: 0, zeroCount: 1,
    positive: { offset: 1, bucketCounts: [0, 2] }, negative: { offset: 0, bucketCounts: [] },
  }]);
});
