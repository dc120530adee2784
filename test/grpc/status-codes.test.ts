import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { decodeTracesJson } from '../../src/otlp/index.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { exportCall } from './grpc-export-call.js';

/*
 * The OTLP/gRPC receiver's answers, seen by a raw grpc-js client: partial success,
 * INVALID_ARGUMENT, RESOURCE_EXHAUSTED with RetryInfo when the intake (shared with
 * OTLP/HTTP) is full, gzip and its decompressed-size cap, and bearer tokens.
 */
const INGEST = 'collector:0123456789abcdef0123';
const ADMIN = 'ops:fedcba9876543210fedc';
let work: string;
let processor: Processor;
let guarded: Processor;
let grpcPort: number;
let guardedPort: number;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'modelwatch-grpc-'));
  writeFileSync(join(work, 'ingest.tokens'), `${INGEST}\n`);
  writeFileSync(join(work, 'admin.tokens'), `${ADMIN}\n`);
  grpcPort = await freePort();
  processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${grpcPort}, max_body_bytes: 4096, max_inflight_requests: 1, retry_after: 2s }`,
    'prometheus: { port: 0 }', 'limits: { string_length: 20 }',
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
  guardedPort = await freePort();
  guarded = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${guardedPort}, auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }`,
    'prometheus: { port: 0 }',
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await guarded.start();
});

after(async () => {
  await processor?.shutdown();
  await guarded?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

const spans = (attributes: SpanAttributes[]): Uint8Array => encodeTraces(decodeTracesJson(encodeTracesJsonRequest(attributes)));

test('a span past a limit is answered OK with partial_success naming the limit; the others are taken', async () => {
  const answer = await exportCall(grpcPort, 'traces', spans([
    { 'ml.model.name': 'limits', 'ml.feature.city': 'short' },
    { 'ml.model.name': 'limits', 'ml.feature.city': 'x'.repeat(21) },
  ]));
  assert.equal(answer.code, status.OK, answer.details);
  assert.equal(answer.partial?.rejected, 1);
  assert.match(answer.partial?.errorMessage ?? '', /limits\.string_length/);
  assert.ok(processor.registry.list().some((m) => m.model === 'limits' && m.referenceRows === 1));
});

test('bytes that are not an export request are INVALID_ARGUMENT, with the decoder\'s reason', async () => {
  const answer = await exportCall(grpcPort, 'traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  assert.equal(answer.code, status.INVALID_ARGUMENT);
  assert.match(answer.details, /MODELWATCH_ERR_OTLP_UNDECODABLE/);
  assert.equal(answer.statusDetails?.retryDelayMs, undefined, 'not worth retrying');
});

test('gzip-compressed requests are read; one that inflates past max_body_bytes is refused without RetryInfo', async () => {
  const ok = await exportCall(grpcPort, 'traces', spans([{ 'ml.model.name': 'zipped', 'ml.feature.x': 1 }]), { gzip: true });
  assert.equal(ok.code, status.OK, ok.details);
  assert.ok(processor.registry.list().some((m) => m.model === 'zipped'));
  const bomb = await exportCall(grpcPort, 'logs', new Uint8Array(64 * 1024), { gzip: true });
  assert.equal(bomb.code, status.RESOURCE_EXHAUSTED);
  assert.equal(bomb.statusDetails?.retryDelayMs, undefined, 'too large is permanent: no RetryInfo, so OTLP clients do not retry');
});

test('with the intake full (an HTTP request holds its one slot), gRPC answers RESOURCE_EXHAUSTED with RetryInfo', async () => {
  // An OTLP/HTTP request that sent its headers and part of its body holds the intake's only slot.
  const held = request({ host: '127.0.0.1', port: processor.receiver.address().port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': '100' } });
  held.on('error', () => undefined);
  held.write(Buffer.alloc(10));
  try {
    const deadline = Date.now() + 5_000;
    while (processor.receiver.stats().inFlightRequests === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const answer = await exportCall(grpcPort, 'traces', spans([{ 'ml.model.name': 'late', 'ml.feature.x': 1 }]));
    assert.equal(answer.code, status.RESOURCE_EXHAUSTED, answer.details);
    assert.match(answer.details, /MODELWATCH_ERR_INTAKE_FULL/);
    assert.equal(answer.statusDetails?.code, status.RESOURCE_EXHAUSTED);
    assert.equal(answer.statusDetails?.retryDelayMs, 2_000, 'RetryInfo carries receiver.retry_after');
  } finally {
    held.destroy();
  }
  const deadline = Date.now() + 5_000;
  while (processor.receiver.stats().inFlightRequests > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const after = await exportCall(grpcPort, 'traces', spans([{ 'ml.model.name': 'late', 'ml.feature.x': 1 }]));
  assert.equal(after.code, status.OK, 'taken again once the slot is free');
});

test('with tokens: none or an unknown one is UNAUTHENTICATED, an admin token PERMISSION_DENIED, an ingest token OK', async () => {
  const body = spans([{ 'ml.model.name': 'guarded', 'ml.feature.x': 1 }]);
  const missing = await exportCall(guardedPort, 'traces', body);
  assert.equal(missing.code, status.UNAUTHENTICATED);
  const unknown = await exportCall(guardedPort, 'traces', body, { bearer: 'not-a-configured-token-at-all' });
  assert.equal(unknown.code, status.UNAUTHENTICATED);
  assert.doesNotMatch(unknown.details, /not-a-configured/, 'the presented token is not echoed');
  const admin = await exportCall(guardedPort, 'traces', body, { bearer: ADMIN.slice(ADMIN.indexOf(':') + 1) });
  assert.equal(admin.code, status.PERMISSION_DENIED);
  assert.match(admin.details, /ops/, 'names the token by its id');
  assert.equal(guarded.registry.list().length, 0, 'nothing refused was taken');
  const ingest = await exportCall(guardedPort, 'logs', new Uint8Array(0), { bearer: INGEST.slice(INGEST.indexOf(':') + 1) });
  assert.equal(ingest.code, status.OK, ingest.details);
  const taken = await exportCall(guardedPort, 'traces', body, { bearer: INGEST.slice(INGEST.indexOf(':') + 1) });
  assert.equal(taken.code, status.OK, taken.details);
  assert.ok(guarded.registry.list().some((m) => m.model === 'guarded'));
});
