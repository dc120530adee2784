import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { sdkSpansOfEveryType } from '../otlp/sdk-telemetry.js';
import { send, waitFor } from './http-client.js';
import { runningReceiver } from './running-receiver.js';
import { statusOf } from './status-body.js';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PROTOBUF_TYPE = { 'Content-Type': 'application/x-protobuf' };
const traceJson = (): string => readOtlpExample('trace.json');
const traceProtobuf = (): Uint8Array => encodeTraces(decodeTracesJson(traceJson()));

/** A valid, empty traces request padded with an unknown field to exactly `bytes` bytes. */
function paddedJson(bytes: number): string {
  const prefix = '{"resourceSpans":[],"padding":"';
  const text = `${prefix}${'x'.repeat(bytes - prefix.length - 2)}"}`;
  assert.equal(text.length, bytes);
  return text;
}

test('200 with partial_success in both encodings when the consumer rejects some items', async (t) => {
  const { consumer, baseUrl, receiver } = await runningReceiver(t);
  const spans = await sdkSpansOfEveryType();
  consumer.reply = () => ({ rejected: 2, message: 'ml.feature.age has 2 values for 3 rows' });

  const asProtobuf = await send(`${baseUrl}/v1/traces`, { headers: PROTOBUF_TYPE, body: ProtobufTraceSerializer.serializeRequest(spans) });
  assert.equal(asProtobuf.status, 200);
  assert.equal(asProtobuf.headers['content-type'], 'application/x-protobuf');
  const fromProtobuf = ProtobufTraceSerializer.deserializeResponse(asProtobuf.body);
  assert.equal(Number(fromProtobuf.partialSuccess?.rejectedSpans), 2);
  assert.equal(fromProtobuf.partialSuccess?.errorMessage, 'ml.feature.age has 2 values for 3 rows');

  const asJson = await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: JsonTraceSerializer.serializeRequest(spans) });
  assert.equal(asJson.status, 200);
  assert.equal(asJson.headers['content-type'], 'application/json');
  assert.deepStrictEqual(JSON.parse(asJson.body.toString()), {
    partialSuccess: { rejectedSpans: '2', errorMessage: 'ml.feature.age has 2 values for 3 rows' },
  });

  consumer.reply = () => ({ rejected: 99 });
  const clamped = await send(`${baseUrl}/v1/logs`, { headers: PROTOBUF_TYPE, body: ProtobufLogsSerializer.serializeRequest([]) });
  assert.equal(clamped.status, 200, 'an empty request is a success');
  assert.equal(clamped.body.length, 0, 'no items, so nothing can be rejected');
  const overCount = await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: traceJson() });
  assert.deepStrictEqual(JSON.parse(overCount.body.toString()), {
    partialSuccess: { rejectedSpans: '1', errorMessage: '1 of 1 spans were rejected' },
  }, 'a rejected count is capped at the items sent, and gets a default message');

  assert.deepStrictEqual(receiver.stats().rejectedItems, { traces: 5, logs: 0, metrics: 0 });
  assert.deepStrictEqual(receiver.stats().acceptedItems, { traces: 2, logs: 0, metrics: 0 });
});

test('400 with a google.rpc.Status, in the request encoding, for a body that does not decode', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const cases: Array<[string, Record<string, string>, Uint8Array | string, RegExp]> = [
    ['JSON syntax', JSON_TYPE, '{"resourceSpans": [', /not valid JSON/],
    ['JSON shape', JSON_TYPE, '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 7}]}]}]}', /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId/],
    ['truncated protobuf', PROTOBUF_TYPE, traceProtobuf().subarray(0, 40), /truncated/],
    ['garbage protobuf', PROTOBUF_TYPE, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), /malformed protobuf/],
    ['JSON sent as protobuf', PROTOBUF_TYPE, traceJson(), /protobuf/],
  ];
  for (const [what, headers, body, message] of cases) {
    const response = await send(`${baseUrl}/v1/traces`, { headers, body });
    assert.equal(response.status, 400, what);
    assert.equal(response.headers['content-type'], headers['Content-Type'], `${what}: the Status comes in the request's encoding`);
    const status = statusOf(response);
    assert.equal(status.code, 3, `${what}: INVALID_ARGUMENT`);
    assert.match(status.message, /^MODELWATCH_ERR_OTLP_UNDECODABLE: \/v1\/traces: /, what);
    assert.match(status.message, message, what);
  }
  const corrupt = await send(`${baseUrl}/v1/traces`, {
    headers: { ...PROTOBUF_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync(traceProtobuf()).subarray(0, 30),
  });
  assert.equal(corrupt.status, 400, 'a truncated gzip stream');
  assert.match(statusOf(corrupt).message, /^MODELWATCH_ERR_BODY_CORRUPT: the gzip body cannot be decompressed/);
  const notGzip = await send(`${baseUrl}/v1/traces`, { headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: traceJson() });
  assert.equal(notGzip.status, 400, 'a body that is not gzip at all');
  assert.equal(consumer.traces.length, 0, 'nothing undecodable reaches the consumer');
});

test('gzip and deflate bodies are decompressed; a query string does not change the route', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const bodies: Array<[string, Uint8Array]> = [['gzip', gzipSync(traceJson())], ['deflate', deflateSync(traceJson())], ['x-gzip', gzipSync(traceJson())]];
  for (const [encoding, body] of bodies) {
    const response = await send(`${baseUrl}/v1/traces?tenant=a`, { headers: { ...JSON_TYPE, 'Content-Encoding': encoding }, body });
    assert.equal(response.status, 200, encoding);
  }
  const withCharset = await send(`${baseUrl}/v1/traces`, { headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: traceJson() });
  assert.equal(withCharset.status, 200, 'media type parameters and case do not matter');
  assert.equal(consumer.traces.length, 4);
});

test('404 for a path with no route, 405 with Allow for a method other than POST', async (t) => {
  const { baseUrl, receiver } = await runningReceiver(t);
  for (const path of ['/', '/v1/trace', '/v1/traces/', '/v2/traces']) {
    const response = await send(`${baseUrl}${path}`, { headers: JSON_TYPE, body: traceJson() });
    assert.equal(response.status, 404, path);
    assert.equal(statusOf(response).code, 5, `${path}: NOT_FOUND`);
    assert.match(statusOf(response).message, /MODELWATCH_ERR_NOT_FOUND/);
  }
  for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
    const response = await send(`${baseUrl}/v1/metrics`, { method, headers: PROTOBUF_TYPE });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.allow, 'POST', method);
    if (method !== 'HEAD') assert.equal(statusOf(response).code, 12, `${method}: UNIMPLEMENTED`);
  }
  const counted = receiver.stats().responses;
  assert.deepStrictEqual(counted.find((c) => c.route === 'unknown'), { route: 'unknown', status: 404, count: 4 });
  assert.deepStrictEqual(counted.find((c) => c.route === '/v1/metrics'), { route: '/v1/metrics', status: 405, count: 4 });
});

test('415 for an unknown content type or encoding, before reading the body', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  for (const headers of [{ 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/protobuf' }, {}]) {
    const response = await send(`${baseUrl}/v1/logs`, { headers, body: traceJson() });
    assert.equal(response.status, 415, JSON.stringify(headers));
    assert.equal(response.headers['content-type'], 'application/json');
    assert.match(statusOf(response).message, /MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE: \/v1\/logs: Content-Type ".*" is not accepted; send application\/x-protobuf or application\/json/);
  }
  const brotli = await send(`${baseUrl}/v1/traces`, { headers: { ...PROTOBUF_TYPE, 'Content-Encoding': 'br' }, body: traceProtobuf() });
  assert.equal(brotli.status, 415);
  assert.equal(brotli.headers['accept-encoding'], 'gzip, deflate, identity');
  assert.equal(brotli.headers['content-type'], 'application/x-protobuf');
  assert.match(statusOf(brotli).message, /MODELWATCH_ERR_UNSUPPORTED_ENCODING/);
  assert.equal(consumer.logs.length + consumer.traces.length, 0);
});

test('413 past the size cap: by Content-Length, while streaming, and after decompression', async (t) => {
  const limit = 4096;
  const { consumer, baseUrl } = await runningReceiver(t, { maxBodyBytes: limit, maxBufferedBytes: limit });
  const big = paddedJson(limit + 1);
  const declared = await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: big });
  assert.equal(declared.status, 413, 'a declared length over the cap');
  assert.match(statusOf(declared).message, /MODELWATCH_ERR_BODY_TOO_LARGE: the request body is larger than 4096 bytes/);
  const chunked = await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: big, chunked: true });
  assert.equal(chunked.status, 413, 'a chunked body over the cap');
  const inflated = await send(`${baseUrl}/v1/traces`, { headers: { ...PROTOBUF_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync(big) });
  assert.equal(inflated.status, 413, 'a small gzip body that inflates past the cap');
  assert.equal(statusOf(inflated).code, 3);
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: paddedJson(limit) })).status, 200, 'exactly at the cap is fine');
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: paddedJson(limit), chunked: true })).status, 200, 'chunked, at the cap');
  assert.equal(consumer.traces.length, 2);
});

test('413 for a gzip bomb, refused without inflating it', async (t) => {
  const limit = 1024 * 1024;
  const { baseUrl, receiver } = await runningReceiver(t, { maxBodyBytes: limit });
  // 1 GiB of zeros in about 1 MiB: 1,024 gzip members of 1 MiB each (a gzip stream may hold many members).
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 1024 }, () => member));
  assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb is small on the wire (${bomb.length} bytes)`);
  const response = await send(`${baseUrl}/v1/traces`, { headers: { ...PROTOBUF_TYPE, 'Content-Encoding': 'gzip' }, body: bomb, timeoutMs: 10_000 });
  assert.equal(response.status, 413);
  const inflated = receiver.stats().bodyBytes;
  assert.ok(inflated <= limit + 64 * 1024, `inflated ${inflated} bytes of 1 GiB before refusing (cap ${limit})`);
  await waitFor(() => receiver.stats().inFlightRequests === 0, 'the refused request to leave the intake');
  assert.equal(receiver.stats().bufferedBytes, 0);
});

/** Starts a POST that declares `length` bytes and sends only `sent` of them, keeping the request open. */
function holdRequest(url: string, length: number, sent: number): { finish: () => Promise<number>; abort: () => void } {
  let resolveStatus: (status: number) => void = () => undefined;
  let rejectStatus: (error: Error) => void = () => undefined;
  const status = new Promise<number>((resolve, reject) => { resolveStatus = resolve; rejectStatus = reject; });
  const req = request(url, { method: 'POST', agent: false, headers: { ...JSON_TYPE, 'Content-Length': length } }, (res) => {
    res.resume();
    res.on('end', () => resolveStatus(res.statusCode ?? 0));
  });
  req.on('error', rejectStatus);
  const body = paddedJson(length);
  req.write(body.slice(0, sent));
  return {
    finish: () => {
      req.end(body.slice(sent));
      const timer = setTimeout(() => req.destroy(new Error('no answer within 5 s')), 5000);
      return status.finally(() => clearTimeout(timer));
    },
    abort: () => req.destroy(),
  };
}

test('503 with Retry-After when the intake is full: too many requests in flight', async (t) => {
  const { baseUrl, receiver } = await runningReceiver(t, { maxConcurrentRequests: 1, retryAfterSeconds: 7 });
  const held = holdRequest(`${baseUrl}/v1/traces`, 200, 50);
  await waitFor(() => receiver.stats().inFlightRequests === 1, 'the first request to be in flight');
  for (const [type, body] of [[JSON_TYPE, traceJson()], [PROTOBUF_TYPE, traceProtobuf()]] as const) {
    const refused = await send(`${baseUrl}/v1/traces`, { headers: type, body });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '7');
    assert.equal(refused.headers['content-type'], type['Content-Type']);
    assert.equal(statusOf(refused).code, 14, 'UNAVAILABLE');
    assert.match(statusOf(refused).message, /MODELWATCH_ERR_INTAKE_FULL/);
  }
  assert.equal(await held.finish(), 200, 'the request in flight completes');
  await waitFor(() => receiver.stats().inFlightRequests === 0, 'the intake to empty');
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: traceJson() })).status, 200, 'room again');
});

test('503 with Retry-After when the intake is full: too many body bytes buffered', async (t) => {
  const { baseUrl, receiver } = await runningReceiver(t, { maxBodyBytes: 1000, maxBufferedBytes: 1000 });
  const held = holdRequest(`${baseUrl}/v1/traces`, 1000, 800);
  await waitFor(() => receiver.stats().bufferedBytes === 800, 'the first body to be partly buffered');
  const refused = await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: paddedJson(500) });
  assert.equal(refused.status, 503);
  assert.equal(refused.headers['retry-after'], '1');
  assert.match(statusOf(refused).message, /MODELWATCH_ERR_INTAKE_FULL: the receiver is at capacity \(too many body bytes buffered\)/);
  assert.equal(await held.finish(), 200);
  await waitFor(() => receiver.stats().bufferedBytes === 0, 'the buffered bytes to be given back');
});

test('500 with a Status when the consumer throws; the error goes to diag and the server carries on', async (t) => {
  const { consumer, baseUrl, receiver } = await runningReceiver(t);
  const errors: string[] = [];
  diag.setLogger({ error: (m: string) => errors.push(m), warn: () => undefined, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.ERROR);
  t.after(() => diag.disable());
  consumer.reply = () => new Error('the model registry exploded');
  for (const [type, body] of [[JSON_TYPE, traceJson()], [PROTOBUF_TYPE, traceProtobuf()]] as const) {
    const response = await send(`${baseUrl}/v1/traces`, { headers: type, body });
    assert.equal(response.status, 500);
    assert.equal(response.headers['content-type'], type['Content-Type']);
    assert.equal(statusOf(response).code, 13, 'INTERNAL');
    assert.match(statusOf(response).message, /MODELWATCH_ERR_CONSUMER_FAILED: \/v1\/traces/);
    assert.doesNotMatch(statusOf(response).message, /exploded/, 'internals stay in the server log');
  }
  assert.equal(errors.length, 2);
  assert.match(errors[0], /POST \/v1\/traces failed: Error: the model registry exploded/);
  consumer.reply = () => ({ rejected: 0 });
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: JSON_TYPE, body: traceJson() })).status, 200);
  assert.deepStrictEqual(receiver.stats().responses.filter((c) => c.route === '/v1/traces').map((c) => [c.status, c.count]), [[500, 2], [200, 1]]);
});
