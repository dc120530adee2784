import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { decodeTracesJson } from '../../src/otlp/index.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { exportCall } from './grpc-export-call.js';
import { rawExportCall } from './raw-grpc-stream.js';

/*
 * The bearer token of an OTLP/gRPC call is checked on its metadata, before the request
 * message is read: shown with messages that would fail if they were read (a frame
 * flagged gzip that is not gzip) or that never come at all, each contrasted with the
 * same call carrying an ingest token, which does get its message read.
 */
const INGEST_SECRET = '0123456789abcdef0123';
const ADMIN_SECRET = 'fedcba9876543210fedc';
let work: string;
let processor: Processor;
let grpcPort: number;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'modelwatch-grpc-gate-'));
  writeFileSync(join(work, 'ingest.tokens'), `collector:${INGEST_SECRET}\n`);
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN_SECRET}\n`);
  grpcPort = await freePort();
  processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${grpcPort}, auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }`,
    'prometheus: { port: 0 }',
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
});

after(async () => {
  await processor?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

const notGzip = { bytes: Buffer.from('these bytes are flagged gzip but are not gzip at all'), compressed: true };

test('a message that cannot be inflated: refused for its token, not failed for its bytes; with an ingest token the inflating fails', async () => {
  const missing = await rawExportCall(grpcPort, 'traces', { message: notGzip, waitMs: 5_000 });
  assert.deepEqual(missing.answered && missing.grpcStatus, status.UNAUTHENTICATED, JSON.stringify(missing));
  const unknown = await rawExportCall(grpcPort, 'traces', { message: notGzip, bearer: 'not-a-configured-token-at-all', waitMs: 5_000 });
  assert.deepEqual(unknown.answered && unknown.grpcStatus, status.UNAUTHENTICATED, JSON.stringify(unknown));
  const admin = await rawExportCall(grpcPort, 'logs', { message: notGzip, bearer: ADMIN_SECRET, waitMs: 5_000 });
  assert.deepEqual(admin.answered && admin.grpcStatus, status.PERMISSION_DENIED, JSON.stringify(admin));
  assert.ok(admin.answered && /ops/.test(admin.grpcMessage), 'names the token by its id');
  const ingest = await rawExportCall(grpcPort, 'traces', { message: notGzip, bearer: INGEST_SECRET, waitMs: 5_000 });
  assert.deepEqual(ingest.answered && ingest.grpcStatus, status.INTERNAL, `let in, the message is inflated and that fails: ${JSON.stringify(ingest)}`);
});

test('headers and no message yet: refused at once without a token; with an ingest token the receiver waits for the message', async () => {
  const refused = await rawExportCall(grpcPort, 'traces', { waitMs: 5_000 });
  assert.deepEqual(refused.answered && refused.grpcStatus, status.UNAUTHENTICATED, JSON.stringify(refused));
  const waiting = await rawExportCall(grpcPort, 'traces', { bearer: INGEST_SECRET, waitMs: 300 });
  assert.equal(waiting.answered, false, `let in, the call waits for its message: ${JSON.stringify(waiting)}`);
});

test('refused calls reach no consumer and add no body bytes; they are counted by status code', async () => {
  const receiver = processor.grpcReceiver;
  assert.ok(receiver);
  const body = encodeTraces(decodeTracesJson(encodeTracesJsonRequest([{ 'ml.model.name': 'gated', 'ml.feature.x': 1 }])));
  const before = receiver.stats();
  const countOf = (stats: typeof before, code: number): number => stats.responses.filter((r) => r.status === code).reduce((sum, r) => sum + r.count, 0);
  assert.equal((await exportCall(grpcPort, 'traces', body)).code, status.UNAUTHENTICATED);
  assert.equal((await exportCall(grpcPort, 'traces', body, { gzip: true, bearer: ADMIN_SECRET })).code, status.PERMISSION_DENIED);
  const refused = receiver.stats();
  assert.equal(refused.bodyBytes, before.bodyBytes, 'no byte of a refused message was read');
  assert.equal(countOf(refused, status.UNAUTHENTICATED) - countOf(before, status.UNAUTHENTICATED), 1);
  assert.equal(countOf(refused, status.PERMISSION_DENIED) - countOf(before, status.PERMISSION_DENIED), 1);
  assert.ok(!processor.registry.list().some((m) => m.model === 'gated'), 'nothing refused was taken');
  assert.equal((await exportCall(grpcPort, 'traces', body, { bearer: INGEST_SECRET })).code, status.OK);
  assert.equal(receiver.stats().bodyBytes - refused.bodyBytes, body.length, 'a message let in is counted whole');
  assert.ok(processor.registry.list().some((m) => m.model === 'gated'));
});
