import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

let processor: Processor;
let base: string;

before(async () => {
  processor = new Processor(parseConfig('receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }\nreference: { size: 3 }\n', { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
});

after(() => processor.shutdown());

async function call(method: string, path: string, body?: string, contentType?: string) {
  const response = await fetch(`${base}${path}`, {
    method, body, headers: contentType ? { 'content-type': contentType } : {}, signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

async function sendRows(rows: number): Promise<void> {
  const response = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: encodeTracesJsonRequest(Array.from({ length: rows }, (_, i) => ({ 'ml.model.name': 'churn', 'ml.model.version': '2', 'ml.feature.x': i }))),
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 200);
}

const phase = async () => ((await call('GET', '/admin/models')).body.models as { model: string; phase: string; referenceRows: number }[])
  .find((m) => m.model === 'churn');

test('lists model versions, resets a reference, and replaces it with uploaded data', async () => {
  await sendRows(4);
  assert.deepEqual(await phase(), { model: 'churn', version: '2', phase: 'monitoring', referenceRows: 3 });

  const reset = await call('DELETE', '/admin/reference?model=churn&version=2');
  assert.equal(reset.status, 200);
  assert.equal((await phase())!.phase, 'reference', 'collecting a new reference from the next records');

  const replaced = await call('PUT', '/admin/reference?model=churn&version=2', 'x,plan\n1,a\n2,b\n3,a\n', 'text/csv');
  assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
  assert.deepEqual(replaced.body.reference, { rows: 3, features: ['x', 'plan'] });
  assert.equal((await phase())!.phase, 'monitoring');

  const jsonl = await call('PUT', '/admin/reference?model=churn&version=2', '{"x":1}\n{"x":5}\n', 'application/x-ndjson');
  assert.deepEqual(jsonl.body.reference, { rows: 2, features: ['x'] });
});

test('bad admin requests get a coded JSON error, and the server goes on', async () => {
  const noModel = await call('DELETE', '/admin/reference');
  assert.equal(noModel.status, 400);
  assert.equal(noModel.body.error, 'MODELWATCH_ERR_USAGE');
  const badType = await call('PUT', '/admin/reference?model=churn', 'x\n1\n', 'application/pdf');
  assert.equal(badType.status, 400);
  assert.match(String(badType.body.message), /send the reference as text\/csv or application\/x-ndjson/);
  const ragged = await call('PUT', '/admin/reference?model=churn', 'x,y\n1\n', 'text/csv');
  assert.equal(ragged.status, 400);
  assert.equal(ragged.body.message, 'request body: row 2: has 1 fields, the header has 2');
  const wrongMethod = await fetch(`${base}/admin/models`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  assert.equal(wrongMethod.status, 405);
  assert.equal((await call('GET', '/admin/models')).status, 200);
});
