import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

/**
 * DELETE /admin/models on a real processor without tokens: a version is forgotten
 * (state, join, sample), the others stay, and its next records start it afresh.
 */
let processor: Processor;
let base: string;

before(async () => {
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }', 'prometheus: { port: 0 }', 'reference: { size: 3 }',
    'feedback: { retain_predictions: always }',
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
});

after(() => processor.shutdown());

async function call(method: string, path: string, body?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, { method, body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) as Record<string, unknown> : { text } };
}

async function sendRows(version: string, from: number, rows: number): Promise<void> {
  const spans = Array.from({ length: rows }, (_, i) => ({
    'ml.model.name': 'churn', 'ml.model.version': version, 'ml.inference.id': `${version}-${from + i}`, 'ml.feature.x': from + i, 'ml.prediction': (from + i) % 2,
  }));
  assert.equal((await call('POST', '/v1/traces', encodeTracesJsonRequest(spans))).status, 200);
}

type Listed = { model: string; version: string; phase: string; referenceRows: number };
const versions = async () => ((await call('GET', '/admin/models')).body.models as Listed[]).map((m) => `${m.model}@${m.version}:${m.phase}`).sort();
const pending = async () => ((await call('GET', '/admin/state')).body.join as { pendingPredictions: number }).pendingPredictions;

test('a deleted version is forgotten, the others stay, and its next records collect a new reference', async () => {
  await sendRows('1', 0, 5);
  await sendRows('2', 0, 4);
  assert.deepEqual(await versions(), ['churn@1:monitoring', 'churn@2:monitoring']);
  assert.equal(await pending(), 9, 'every prediction kept for the join');
  assert.equal((await call('GET', '/v1/models/churn/1/samples')).status, 200);

  const deleted = await call('DELETE', '/admin/models?model=churn&version=1');
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.deepEqual(deleted.body, { model: 'churn', version: '1', deleted: true });
  assert.deepEqual(await versions(), ['churn@2:monitoring']);
  assert.equal(await pending(), 4, "version 1's pending predictions are gone, version 2's stay");
  const sample = await call('GET', '/v1/models/churn/1/samples');
  assert.equal(sample.status, 404);

  await sendRows('1', 100, 2);
  assert.deepEqual(((await call('GET', '/admin/models')).body.models as Listed[]).find((m) => m.version === '1'),
    { model: 'churn', version: '1', phase: 'reference', referenceRows: 2 }, 'collecting a new reference, 2 of 3 rows so far');
});

test('deleting an unknown version is a 404 with a coded JSON error; without ?model= a 400', async () => {
  const unknown = await call('DELETE', '/admin/models?model=churn&version=9');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error, 'MODELWATCH_ERR_NOT_FOUND');
  assert.match(String(unknown.body.message), /model "churn" version "9" is not known/);
  const usage = await call('DELETE', '/admin/models');
  assert.equal(usage.status, 400);
  assert.equal(usage.body.error, 'MODELWATCH_ERR_USAGE');
});

test('without tokens the audit records say so: no token id, access "open"', async () => {
  const records = (await call('GET', '/admin/audit')).body.records as { action: string; tokenId: unknown; access: string; outcome: number }[];
  assert.ok(records.length >= 3);
  for (const record of records) {
    assert.equal(record.tokenId, null);
    assert.equal(record.access, 'open');
  }
  assert.deepEqual(records.filter((r) => r.action === 'model.delete').map((r) => r.outcome), [400, 404, 200]);
});
