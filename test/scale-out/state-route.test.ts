import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

/*
 * `GET` and `POST /v1/models/{name}/{version}/state` between two real processors with
 * tokens: a copy and a release out of one, a creation and a merge into the other
 * (which keeps a data dir and still has the merged state after a restart), every
 * refusal with its status and code, each action in the audit log, the transfers in
 * the self-metrics.
 */
const work = mkdtempSync(join(tmpdir(), 'modelwatch-state-route-'));
const ADMIN = 'stateADMINstateADMIN00';
const INGEST = 'stateINGESTstateINGEST';
const STATE_PATH = '/v1/models/churn/2/state';
let source: Processor;
let target: Processor;
let prometheusPort: number;
const published: WindowSignals[] = [];

function config(...lines: string[]) {
  return parseConfig([
    'receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }',
    'reference: { size: 3 }', 'windows: { duration: 1h }', 'ui: { enabled: false }', ...lines,
  ].join('\n'), { name: 'test.yaml', baseDir: work });
}

before(async () => {
  writeFileSync(join(work, 'ingest.tokens'), `collector:${INGEST}\n`);
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN}\n`);
  prometheusPort = await freePort();
  source = new Processor(config('prometheus: { port: 0 }'));
  target = new Processor(config(`prometheus: { port: ${prometheusPort} }`, 'data_dir: target-state'), { windowListener: { publish: (s) => published.push(s) } });
  await Promise.all([source.start(), target.start()]);
});

after(async () => {
  await Promise.all([source?.shutdown(), target?.shutdown()]);
  rmSync(work, { recursive: true, force: true });
});

async function call(processor: Processor, method: string, path: string, token?: string, body?: string, contentType = 'application/json') {
  const response = await fetch(`http://127.0.0.1:${processor.receiver.address().port}${path}`, {
    method, body, signal: AbortSignal.timeout(5000),
    headers: { 'content-type': contentType, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
  return { status: response.status, text: await response.text() };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
// The reference collected from the first three records (x = 0, 1, 2), as the audit log digests it.
const DIGEST = sha256('[["x",[0,1,2]]]');

test('a state is copied, released, created and merged over HTTP, with every refusal clear, audited, counted and durable', { timeout: 30_000 }, async () => {
  const traces = encodeTracesJsonRequest(Array.from({ length: 5 }, (_, i) => ({ 'ml.model.name': 'churn', 'ml.model.version': '2', 'ml.feature.x': i })));
  assert.equal((await call(source, 'POST', '/v1/traces', INGEST, traces)).status, 200);

  assert.equal((await call(source, 'GET', STATE_PATH)).status, 401, 'admin API: a token is needed');
  assert.equal((await call(source, 'GET', STATE_PATH, INGEST)).status, 403, 'an ingest token is not enough');
  const unknown = await call(source, 'GET', '/v1/models/churn/9/state', ADMIN);
  assert.equal(unknown.status, 404);
  assert.equal((JSON.parse(unknown.text) as { message: string }).message, 'model "churn" version "9" is not known here');

  const copied = await call(source, 'GET', STATE_PATH, ADMIN);
  assert.equal(copied.status, 200, copied.text);
  const state = JSON.parse(copied.text) as { format: string; window: { records: number }; reference: { digest: string; columns: { x: number[] } } };
  assert.equal(state.format, 'modelwatch.version-state/1');
  assert.deepEqual([state.window.records, state.reference.digest, state.reference.columns.x], [2, DIGEST, [0, 1, 2]]);

  const refusals: [string | undefined, string, string, number, string][] = [
    [copied.text, 'text/csv', STATE_PATH, 415, 'MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE'],
    ['{"format": ', 'application/json', STATE_PATH, 400, 'MODELWATCH_ERR_BAD_STATE'],
    [copied.text, 'application/json', '/v1/models/churn/3/state', 400, 'MODELWATCH_ERR_BAD_STATE'],
    [copied.text.replace('"records":2', '"records":"two"'), 'application/json', STATE_PATH, 400, 'MODELWATCH_ERR_BAD_STATE'],
  ];
  for (const [body, type, path, status, code] of refusals) {
    const answer = await call(target, 'POST', path, ADMIN, body, type);
    assert.equal(answer.status, status, answer.text);
    assert.equal((JSON.parse(answer.text) as { error: string }).error, code, answer.text);
  }
  assert.equal((await call(target, 'GET', '/admin/models', ADMIN)).text, '{"models":[]}', 'nothing was taken from a refused body');

  const created = await call(target, 'POST', STATE_PATH, ADMIN, copied.text);
  assert.equal(created.status, 200, created.text);
  assert.deepEqual(pick(JSON.parse(created.text)), { outcome: 'created', phase: 'monitoring', windowRecords: 2 });

  const released = await call(source, 'GET', `${STATE_PATH}?release=true`, ADMIN);
  assert.equal(released.status, 200);
  assert.equal((await call(source, 'GET', '/admin/models', ADMIN)).text, '{"models":[]}', 'released: forgotten');
  const merged = await call(target, 'POST', STATE_PATH, ADMIN, released.text);
  assert.deepEqual(pick(JSON.parse(merged.text)), { outcome: 'merged', phase: 'monitoring', windowRecords: 4 });

  // A different reference is a conflict: the state is refused, nothing changes.
  const other = JSON.parse(released.text) as typeof state;
  other.reference.columns.x = [5, 6, 7];
  other.reference.digest = sha256('[["x",[5,6,7]]]');
  const conflict = await call(target, 'POST', STATE_PATH, ADMIN, JSON.stringify(other));
  assert.equal(conflict.status, 409, conflict.text);
  assert.match(conflict.text, /MODELWATCH_ERR_STATE_CONFLICT/);

  const audit = async (processor: Processor) => (JSON.parse((await call(processor, 'GET', '/admin/audit', ADMIN)).text) as { records: Record<string, unknown>[] })
    .records.map(({ action, access, outcome, referenceBefore, referenceAfter }) => ({ action, access, outcome, referenceBefore, referenceAfter }));
  const by = (action: string, outcome: number, referenceBefore?: string, referenceAfter?: string) => ({ action, access: 'token', outcome, referenceBefore, referenceAfter });
  assert.deepEqual(await audit(source), [
    by('state.export', 200, DIGEST, 'none'),
    by('state.export', 200, DIGEST, DIGEST),
    by('state.export', 404, 'none', 'none'),
    { action: 'state.export', access: 'forbidden', outcome: 403, referenceBefore: undefined, referenceAfter: undefined },
    { action: 'state.export', access: 'missing', outcome: 401, referenceBefore: undefined, referenceAfter: undefined },
  ]);
  assert.deepEqual((await audit(target)).slice(0, 3), [by('state.import', 409, DIGEST, DIGEST), by('state.import', 200, DIGEST, DIGEST), by('state.import', 200, 'none', DIGEST)]);

  const transfers = parsePrometheusText(await (await fetch(`http://127.0.0.1:${prometheusPort}/metrics`)).text()).samples
    .filter((s) => s.name === 'modelwatch_state_transfers_total')
    .map((s) => `${s.labels.modelwatch_transfer_direction} ${s.labels.modelwatch_transfer_outcome} ${s.value}`).sort();
  assert.deepEqual(transfers, ['import created 1', 'import merged 1']);

  // Stopping judges the merged window; the imported reference is in the data dir, so a restart monitors against it.
  await target.shutdown();
  assert.deepEqual(published.map((s) => [s.model, s.records]), [['churn', 4]]);
  target = new Processor(config('prometheus: { port: 0 }', 'data_dir: target-state'));
  await target.start();
  const models = JSON.parse((await call(target, 'GET', '/admin/models', ADMIN)).text) as { models: Record<string, unknown>[] };
  assert.deepEqual(models.models.map(({ phase }) => phase), ['monitoring']);
  assert.equal(target.registry.referenceDigestOf({ model: 'churn', version: '2' }), DIGEST);
});

function pick(answer: Record<string, unknown>): Record<string, unknown> {
  const { outcome, phase, windowRecords } = answer;
  return { ...(outcome === undefined ? {} : { outcome }), phase, windowRecords };
}
