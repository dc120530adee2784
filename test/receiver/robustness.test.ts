import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../helpers/seeded-random.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { send, waitFor } from './http-client.js';
import { runningReceiver } from './running-receiver.js';

const PATHS = ['/v1/traces', '/v1/logs', '/v1/metrics'];
const TYPES = ['application/json', 'application/x-protobuf'];

test('garbage bodies on every route and encoding get 400 or 200, never a 500, and the server carries on', async (t) => {
  const { baseUrl, receiver } = await runningReceiver(t);
  const random = seededRandom(7);
  const statuses = new Set<number>();
  for (let i = 0; i < 60; i++) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256));
    const response = await send(`${baseUrl}${PATHS[i % 3]}`, { headers: { 'Content-Type': TYPES[(i >> 1) % 2] }, body: bytes });
    statuses.add(response.status);
    assert.ok(response.status === 400 || response.status === 200, `garbage ${i}: ${response.status} ${response.body.toString()}`);
  }
  assert.ok(statuses.has(400));
  for (const path of PATHS) {
    for (const type of TYPES) {
      const empty = await send(`${baseUrl}${path}`, { headers: { 'Content-Type': type }, body: '' });
      assert.equal(empty.status, type === TYPES[0] ? 400 : 200, `${path} ${type}: an empty protobuf message is a valid empty request; an empty JSON text is not JSON`);
    }
  }
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: { 'Content-Type': 'application/json' }, body: readOtlpExample('trace.json') })).status, 200);
  assert.equal(receiver.stats().responses.some((c) => c.status === 500), false);
});

/** Sends headers and part of a body, then drops the connection. */
async function abortMidBody(url: string, headers: Record<string, string | number>, part: Uint8Array): Promise<void> {
  await new Promise<void>((resolve) => {
    const req = request(url, { method: 'POST', agent: false, headers });
    req.on('error', () => resolve());
    req.write(part, () => setTimeout(() => { req.destroy(); resolve(); }, 20));
  });
}

test('a client that drops the connection mid-body leaves the server up and the intake empty', async (t) => {
  const { baseUrl, receiver, consumer } = await runningReceiver(t);
  const body = Buffer.from(readOtlpExample('trace.json'));
  await abortMidBody(`${baseUrl}/v1/traces`, { 'Content-Type': 'application/json', 'Content-Length': body.length }, body.subarray(0, 100));
  const gzipped = gzipSync(body);
  await abortMidBody(`${baseUrl}/v1/traces`, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gzipped.length }, gzipped.subarray(0, 50));
  await waitFor(() => receiver.stats().abortedRequests === 2, 'both aborts to be seen');
  await waitFor(() => receiver.stats().inFlightRequests === 0 && receiver.stats().bufferedBytes === 0, 'the intake to empty');
  assert.equal(consumer.traces.length, 0);
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: { 'Content-Type': 'application/json' }, body })).status, 200);
});

test('bytes that are not HTTP get an HTTP 400 from Node and do not disturb the server', async (t) => {
  const { baseUrl, receiver } = await runningReceiver(t);
  const { port } = receiver.address();
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no reply within 5 s')));
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n');
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  assert.equal((await send(`${baseUrl}/v1/traces`, { headers: { 'Content-Type': 'application/json' }, body: readOtlpExample('trace.json') })).status, 200);
});
