import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { encodeLogs, encodeMetrics, encodeTraces } from '../otlp/encode-protobuf.js';
import { readOtlpExample, type OtlpExample } from '../helpers/otlp-examples.js';
import { send } from './http-client.js';
import { runningReceiver } from './running-receiver.js';

const ROUTES: ReadonlyArray<[OtlpExample, string]> = [
  ['trace.json', '/v1/traces'], ['metrics.json', '/v1/metrics'], ['logs.json', '/v1/logs'], ['events.json', '/v1/logs'],
];

test('every official OTLP/JSON example is accepted in full, as it is', async (t) => {
  const { consumer, baseUrl, receiver } = await runningReceiver(t);
  for (const [file, path] of ROUTES) {
    const response = await send(`${baseUrl}${path}`, { headers: { 'Content-Type': 'application/json' }, body: readOtlpExample(file) });
    assert.equal(response.status, 200, `${file}: ${response.body.toString()}`);
    assert.equal(response.headers['content-type'], 'application/json', file);
    assert.deepStrictEqual(JSON.parse(response.body.toString()), {}, `${file}: full success carries no partial_success`);
  }
  assert.deepStrictEqual(consumer.traces, [decodeTracesJson(readOtlpExample('trace.json'))]);
  assert.deepStrictEqual(consumer.metrics, [decodeMetricsJson(readOtlpExample('metrics.json'))]);
  assert.deepStrictEqual(consumer.logs, [decodeLogsJson(readOtlpExample('logs.json')), decodeLogsJson(readOtlpExample('events.json'))]);
  assert.equal(consumer.traces[0].resourceSpans[0].scopeSpans[0].spans[0].traceId, '5b8efff798038103d269b633813fc60c');
  const stats = receiver.stats();
  assert.deepStrictEqual(stats.acceptedItems, { traces: 1, logs: 2, metrics: 4 });
  assert.deepStrictEqual(stats.rejectedItems, { traces: 0, logs: 0, metrics: 0 });
});

test('the same examples as protobuf are accepted in full and decode to the same data', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const bodies: Array<[string, Uint8Array]> = [
    ['/v1/traces', encodeTraces(decodeTracesJson(readOtlpExample('trace.json')))],
    ['/v1/metrics', encodeMetrics(decodeMetricsJson(readOtlpExample('metrics.json')), { packed: true })],
    ['/v1/logs', encodeLogs(decodeLogsJson(readOtlpExample('logs.json')))],
  ];
  for (const [path, body] of bodies) {
    const response = await send(`${baseUrl}${path}`, { headers: { 'Content-Type': 'application/x-protobuf' }, body });
    assert.equal(response.status, 200, path);
    assert.equal(response.headers['content-type'], 'application/x-protobuf', path);
    assert.equal(response.body.length, 0, `${path}: an empty ExportServiceResponse`);
  }
  assert.deepStrictEqual(consumer.traces, [decodeTracesJson(readOtlpExample('trace.json'))]);
  assert.deepStrictEqual(consumer.metrics, [decodeMetricsJson(readOtlpExample('metrics.json'))]);
  assert.deepStrictEqual(consumer.logs, [decodeLogsJson(readOtlpExample('logs.json'))]);
});
