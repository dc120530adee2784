import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAdminRoutes } from '../../src/admin/admin-routes.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ACCEPTED_ALL } from '../../src/pipeline/consumer.js';
import { OtlpHttpReceiver } from '../../src/receiver/otlp-http-receiver.js';
import { Processor } from '../../src/serve/processor.js';
import { flatten, logRecords } from '../export/otlp-json.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { OtlpSink } from '../helpers/otlp-sink.js';

/**
 * The audit log of `modelwatch serve` with receiver.auth, in memory (no data dir):
 * every admin action on a model version, and every refused admin request, is one
 * record in GET /admin/audit and one OTLP log record at a real loopback backend.
 */
const work = mkdtempSync(join(tmpdir(), 'modelwatch-audit-'));
const ADMIN = 'auditADMINauditADMIN00';
const INGEST = 'auditINGESTauditINGEST';
const STRANGER = 'notAtokenNOTatoken0000';
const SECRETS = [ADMIN, INGEST, STRANGER];
let processor: Processor;
let sink: OtlpSink;
let base: string;
/** Every answer's body, for the check that no token leaks. */
const answers: string[] = [];

before(async () => {
  writeFileSync(join(work, 'ingest.tokens'), `collector:${INGEST}\n`);
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN}\n`);
  sink = await OtlpSink.start();
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }',
    'prometheus: { port: 0 }', 'reference: { size: 3 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 1h }`,
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
});

after(async () => {
  await processor.shutdown();
  await sink.close();
  rmSync(work, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function call(method: string, path: string, token?: string, body?: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method, body, signal: AbortSignal.timeout(5000),
    headers: { 'content-type': contentType, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, text };
}

interface ShownRecord {
  time: string; action: string; tokenId: string | null; access: string; model: string | null; version: string | null;
  outcome: number; referenceBefore?: string; referenceAfter?: string;
}

async function auditLog(): Promise<{ records: ShownRecord[]; text: string }> {
  const { status, text } = await call('GET', '/admin/audit?limit=1000', ADMIN);
  assert.equal(status, 200, text);
  return { records: (JSON.parse(text) as { records: ShownRecord[] }).records, text };
}

const CSV_A = 'x,plan\n1,a\n2,b\n3,a\n';
const CSV_B = 'x\n7\n8\n';
// What each upload's reference is, written out by hand: its columns as text, in name order.
const DIGEST_A = sha256('[["plan",["a","b","a"]],["x",["1","2","3"]]]');
const DIGEST_B = sha256('[["x",["7","8"]]]');
// The reference collected from the first three records (x = 0, 1, 2, as numbers).
const DIGEST_COLLECTED = sha256('[["x",[0,1,2]]]');

test('each admin action is recorded with its token id, outcome and the reference digests before and after; refusals too', async () => {
  const started = Date.now();
  const traces = encodeTracesJsonRequest(Array.from({ length: 4 }, (_, i) => ({ 'ml.model.name': 'churn', 'ml.model.version': '2', 'ml.feature.x': i })));
  assert.equal((await call('POST', '/v1/traces', INGEST, traces)).status, 200);

  const q = '?model=churn&version=2';
  const steps: Array<[string, string, string | undefined, string | undefined, string | undefined, number]> = [
    ['DELETE', `/admin/reference${q}`, ADMIN, undefined, undefined, 200],
    ['PUT', `/admin/reference${q}`, ADMIN, CSV_A, 'text/csv', 200],
    ['PUT', `/admin/reference${q}`, ADMIN, CSV_B, 'text/csv', 200],
    ['PUT', `/admin/reference${q}`, ADMIN, 'x,y\n1\n', 'text/csv', 400],
    ['GET', '/v1/models/churn/2/samples', ADMIN, undefined, undefined, 200],
    ['PUT', `/admin/reference${q}`, INGEST, CSV_A, 'text/csv', 403],
    ['DELETE', `/admin/models${q}`, undefined, undefined, undefined, 401],
    ['DELETE', `/admin/models${q}`, STRANGER, undefined, undefined, 401],
    ['GET', '/admin/state', INGEST, undefined, undefined, 403],
    ['DELETE', `/admin/models${q}`, ADMIN, undefined, undefined, 200],
    ['DELETE', '/admin/models?model=nobody', ADMIN, undefined, undefined, 404],
  ];
  for (const [method, path, token, body, type, status] of steps) {
    const answer = await call(method, path, token, body, type);
    assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
  }

  const { records } = await auditLog();
  const finished = Date.now();
  const shown = records.map(({ time, ...rest }) => {
    const at = Date.parse(time);
    assert.ok(at >= started && at <= finished, `${time} within the test`);
    return rest;
  });
  const churn = { model: 'churn', version: '2' } as const;
  const ops = { tokenId: 'ops', access: 'token' } as const;
  assert.deepEqual(shown, [
    { action: 'model.delete', ...ops, model: 'nobody', version: 'unversioned', outcome: 404, referenceBefore: 'none', referenceAfter: 'none' },
    { action: 'model.delete', ...ops, ...churn, outcome: 200, referenceBefore: DIGEST_B, referenceAfter: 'none' },
    { action: 'state.read', tokenId: 'collector', access: 'forbidden', model: null, version: null, outcome: 403 },
    { action: 'model.delete', tokenId: null, access: 'unknown', ...churn, outcome: 401 },
    { action: 'model.delete', tokenId: null, access: 'missing', ...churn, outcome: 401 },
    { action: 'reference.replace', tokenId: 'collector', access: 'forbidden', ...churn, outcome: 403 },
    { action: 'samples.export', ...ops, ...churn, outcome: 200 },
    { action: 'reference.replace', ...ops, ...churn, outcome: 400, referenceBefore: DIGEST_B, referenceAfter: DIGEST_B },
    { action: 'reference.replace', ...ops, ...churn, outcome: 200, referenceBefore: DIGEST_A, referenceAfter: DIGEST_B },
    { action: 'reference.replace', ...ops, ...churn, outcome: 200, referenceBefore: 'none', referenceAfter: DIGEST_A },
    { action: 'reference.reset', ...ops, ...churn, outcome: 200, referenceBefore: DIGEST_COLLECTED, referenceAfter: 'none' },
  ]);
  assert.deepEqual((JSON.parse((await call('GET', '/admin/audit?limit=2', ADMIN)).text) as { records: ShownRecord[] }).records.map((r) => r.outcome), [404, 200],
    'limit takes the newest');
  assert.equal((await call('GET', '/admin/audit?limit=0', ADMIN)).status, 400);
});

test('the same records reach the OTLP backend as modelwatch.audit.admin_action log records', async () => {
  const { records } = await auditLog();
  await processor.exporter.forceFlush();
  const audit = () => sink.at('/v1/logs').flatMap((request) => logRecords(JSON.parse(request.body.toString('utf8'))))
    .map(({ record }) => record).filter((record) => record.eventName === 'modelwatch.audit.admin_action');
  await sink.waitFor(() => audit().length >= records.length, 'the audit log records');
  const emitted = audit().map((record) => ({ ...flatten(record.attributes), severity: record.severityText, time: Number(BigInt(record.timeUnixNano ?? 0) / 1_000_000n) }));
  const expected = [...records].reverse().map((r) => ({
    'modelwatch.audit.action': r.action,
    'modelwatch.audit.access': r.access,
    'modelwatch.audit.outcome': r.outcome,
    ...(r.tokenId === null ? {} : { 'modelwatch.audit.token_id': r.tokenId }),
    ...(r.model === null ? {} : { 'ml.model.name': r.model }),
    ...(r.version === null ? {} : { 'ml.model.version': r.version }),
    ...(r.referenceBefore === undefined ? {} : { 'modelwatch.audit.reference_before': r.referenceBefore }),
    ...(r.referenceAfter === undefined ? {} : { 'modelwatch.audit.reference_after': r.referenceAfter }),
    severity: r.outcome < 300 ? 'INFO' : 'WARN',
    time: Date.parse(r.time),
  }));
  assert.deepEqual(emitted, expected);
});

test('no token, nor any 8 characters of one, appears in the audit log, its OTLP records or the admin answers', async () => {
  const { text } = await auditLog();
  const outputs = [text, ...answers, ...sink.requests.map((request) => request.body.toString('latin1'))];
  for (const secret of SECRETS) {
    for (let from = 0; from + 8 <= secret.length; from++) {
      const piece = secret.slice(from, from + 8);
      for (const output of outputs) assert.ok(!output.includes(piece), `"${piece}" of a token leaked`);
    }
  }
});

test('when its audit record cannot be kept, a change is answered 500 MODELWATCH_ERR_AUDIT_FAILED and a sample is not handed out', async () => {
  const refused = () => Promise.reject(new Error('disk full'));
  const failing = new AuditLog({ append: refused, newest: () => [] });
  const receiver = new OtlpHttpReceiver({ traces: processor.pipeline.spans, logs: processor.pipeline.logs, metrics: { consumeMetrics: () => ACCEPTED_ALL } }, { port: 0 });
  // The processor's registry (it has churn 2's sample from the first test), behind a second receiver whose audit log refuses everything.
  addAdminRoutes(receiver, { registry: processor.registry, audit: failing });
  await receiver.start();
  try {
    const at = `http://127.0.0.1:${receiver.address().port}`;
    const put = await fetch(`${at}/admin/reference?model=churn&version=3`, { method: 'PUT', body: CSV_B, headers: { 'content-type': 'text/csv' }, signal: AbortSignal.timeout(5000) });
    assert.equal(put.status, 500);
    assert.equal(((await put.json()) as { error: string }).error, 'MODELWATCH_ERR_AUDIT_FAILED');
    assert.equal(processor.registry.referenceDigestOf({ model: 'churn', version: '3' }), DIGEST_B, 'the change itself was made');
    await sendAfterDelete();
    const sample = await fetch(`${at}/v1/models/churn/2/samples`, { signal: AbortSignal.timeout(5000) });
    assert.equal(sample.status, 500);
    assert.equal(((await sample.json()) as { error: string }).error, 'MODELWATCH_ERR_AUDIT_FAILED', 'an error, not the records');
    const bad = await fetch(`${at}/admin/reference?model=churn`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/pdf' }, signal: AbortSignal.timeout(5000) });
    assert.equal(bad.status, 400, 'a refusal stays what it was');
  } finally {
    await receiver.shutdown();
  }
});

/** Churn 2 was deleted by the first test: records bring it and its sample back. */
async function sendAfterDelete(): Promise<void> {
  const traces = encodeTracesJsonRequest(Array.from({ length: 2 }, (_, i) => ({ 'ml.model.name': 'churn', 'ml.model.version': '2', 'ml.feature.x': i })));
  assert.equal((await call('POST', '/v1/traces', INGEST, traces)).status, 200);
  assert.equal((await call('GET', '/v1/models/churn/2/samples', ADMIN)).status, 200);
}
