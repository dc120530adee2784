import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCEPTED_ALL } from '../../src/pipeline/consumer.js';
import { OtlpHttpReceiver } from '../../src/receiver/otlp-http-receiver.js';
import type { RouteRequest, RouteResponse } from '../../src/receiver/route.js';
import { RecentSample } from '../../src/samples/recent-sample.js';
import { samplesPath, samplesPathKey, samplesRouteHandler, type SampleLookup } from '../../src/samples/samples-route.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { singleRow } from './sample-batches.js';

const MODEL = 'fraud/eu v2';
const sample = new RecentSample({ size: 10, periodMs: 86_400_000, random: seededRandom(1) });
sample.offer(singleRow('r1', { amount: 3 }, { prediction: 1, score: 0.8 }), 1_000);
sample.attachLabel('r1', 0);
const lookup: SampleLookup = (model, version) => (model === MODEL && version === '3' ? sample : undefined);
const handle = samplesRouteHandler(lookup);

function get(path: string, query = ''): RouteResponse {
  const request: RouteRequest = { method: 'GET', path, query, mediaType: '', headers: {}, body: Buffer.alloc(0) };
  return handle(request) as RouteResponse;
}

function errorOf(response: RouteResponse): { error: string; message: string } {
  assert.equal(response.contentType, 'application/json');
  return JSON.parse(String(response.body)) as { error: string; message: string };
}

test('samples paths carry the model and version URL-encoded, a / and spaces included', () => {
  assert.equal(samplesPath({ model: MODEL, version: '3' }), '/v1/models/fraud%2Feu%20v2/3/samples');
  assert.deepEqual(samplesPathKey('/v1/models/fraud%2Feu%20v2/3/samples'), { model: MODEL, version: '3' });
  assert.equal(samplesPathKey('/v1/models/fraud/eu/3/samples'), undefined, 'an unencoded / makes too many segments');
  assert.equal(samplesPathKey('/v1/models/m/3/sample'), undefined);
  assert.equal(samplesPathKey('/v1/models//3/samples'), undefined);
  assert.equal(samplesPathKey('/v1/models/%E0%A4%A/3/samples'), undefined, 'broken percent-encoding');
});

test('answers the CSV by default and JSON Lines on request, as downloads', () => {
  const csv = get(samplesPath({ model: MODEL, version: '3' }));
  assert.equal(csv.status, 200);
  assert.equal(csv.contentType, 'text/csv; charset=utf-8');
  assert.equal(csv.headers?.['Content-Disposition'], 'attachment; filename="fraud_eu_v2-3-samples.csv"');
  assert.equal(csv.body, 'inference_id,time,amount,prediction,score,label\r\nr1,2024-05-31T16:08:37.000Z,3,1,0.8,0\r\n');
  const jsonl = get(samplesPath({ model: MODEL, version: '3' }), 'format=jsonl');
  assert.equal(jsonl.contentType, 'application/x-ndjson');
  assert.deepEqual(JSON.parse(String(jsonl.body)), {
    inference_id: 'r1', time: '2024-05-31T16:08:37.000Z', amount: 3, prediction: 1, score: 0.8, label: 0,
  });
});

test('404 for a version without a sample or a path that is not a samples path; 400 for another format', () => {
  const unknown = get(samplesPath({ model: MODEL, version: '4' }));
  assert.equal(unknown.status, 404);
  assert.deepEqual(errorOf(unknown), { error: 'MODELWATCH_ERR_NOT_FOUND', message: 'model "fraud/eu v2" version "4" has no sample: no record of it was seen' });
  assert.equal(get('/v1/models/a/b/c/samples').status, 404);
  const parquet = get(samplesPath({ model: MODEL, version: '3' }), 'format=parquet');
  assert.equal(parquet.status, 400);
  assert.equal(errorOf(parquet).error, 'MODELWATCH_ERR_USAGE');
  assert.equal(get(samplesPath({ model: MODEL, version: '3' }), 'format=__proto__').status, 400);
});

test('served by the receiver, the export arrives whole with its headers', async () => {
  const consumer = { consumeTraces: () => ACCEPTED_ALL, consumeLogs: () => ACCEPTED_ALL, consumeMetrics: () => ACCEPTED_ALL };
  const receiver = new OtlpHttpReceiver({ traces: consumer, logs: consumer, metrics: consumer }, { port: 0, host: '127.0.0.1' });
  // The receiver matches exact paths; until it matches prefixes, this test registers the one path it asks for.
  const path = samplesPath({ model: MODEL, version: '3' });
  receiver.route(path, handle, { methods: ['GET'] });
  await receiver.start();
  try {
    const response = await fetch(`http://127.0.0.1:${receiver.address().port}${path}?format=csv`, { signal: AbortSignal.timeout(5000) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(await response.text(), /^inference_id,time,amount,prediction,score,label\r\nr1,/);
  } finally {
    await receiver.shutdown();
  }
});
