import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { OtlpHttpReceiver } from '../../src/receiver/otlp-http-receiver.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { RecordingConsumer } from './recording-consumer.js';
import { send, waitFor } from './http-client.js';

function newReceiver(options = {}): { receiver: OtlpHttpReceiver; consumer: RecordingConsumer } {
  const consumer = new RecordingConsumer();
  return { consumer, receiver: new OtlpHttpReceiver({ traces: consumer, logs: consumer, metrics: consumer }, { port: 0, ...options }) };
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

test('start binds a port, shutdown is safe twice and before start, a shut-down receiver does not restart', async () => {
  const idle = newReceiver().receiver;
  await idle.shutdown();
  await idle.shutdown();
  await assert.rejects(idle.start(), /shut down/);

  const { receiver } = newReceiver();
  assert.throws(() => receiver.address(), /not listening/);
  await receiver.start();
  await receiver.start();
  const { host, port } = receiver.address();
  assert.equal(host, '127.0.0.1');
  assert.ok(port > 0);

  const clash = newReceiver({ port }).receiver;
  await assert.rejects(clash.start(), /EADDRINUSE/);
  await clash.shutdown();

  await Promise.all([receiver.shutdown(), receiver.shutdown()]);
  await assert.rejects(send(`http://127.0.0.1:${port}/v1/traces`, { headers: JSON_TYPE, body: '{}' }), /ECONNREFUSED/);
});

test('options out of range are refused when the receiver is built', () => {
  const consumer = new RecordingConsumer();
  const consumers = { traces: consumer, logs: consumer, metrics: consumer };
  assert.throws(() => new OtlpHttpReceiver(consumers, { port: 70000 }), /port must be an integer from 0 to 65535/);
  assert.throws(() => new OtlpHttpReceiver(consumers, { maxBodyBytes: 0 }), /maxBodyBytes/);
  assert.throws(() => new OtlpHttpReceiver(consumers, { maxBodyBytes: 10, maxBufferedBytes: 5 }), /maxBufferedBytes must be an integer from 10/);
});

test('shutdown lets a request in flight finish, closes idle keep-alive connections, then stops', { timeout: 10_000 }, async () => {
  const { receiver, consumer } = newReceiver();
  await receiver.start();
  const url = `http://127.0.0.1:${receiver.address().port}/v1/traces`;
  const body = Buffer.from(readOtlpExample('trace.json'));

  const agent = new Agent({ keepAlive: true });
  const kept = await new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...JSON_TYPE, 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(kept, 200, 'a request on a keep-alive connection, which then sits idle');

  let answer: { status: number; connection: string | undefined } | undefined;
  const held = request(url, { method: 'POST', agent: false, headers: { ...JSON_TYPE, 'Content-Length': body.length } }, (res) => {
    res.resume();
    res.on('end', () => { answer = { status: res.statusCode ?? 0, connection: res.headers.connection }; });
  });
  held.on('error', () => undefined);
  held.write(body.subarray(0, 10));
  await waitFor(() => receiver.stats().inFlightRequests === 1, 'the held request to be in flight');

  let stopped = false;
  const stopping = receiver.shutdown().then(() => { stopped = true; });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(stopped, false, 'shutdown waits for the request in flight');
  held.end(body.subarray(10));
  await waitFor(() => stopped, 'shutdown to finish once the request is answered');
  await stopping;
  assert.deepStrictEqual(answer, { status: 200, connection: 'close' });
  assert.equal(consumer.traces.length, 2);
  agent.destroy();
});

test('shutdown cuts a connection that will not finish once shutdownTimeoutMs has passed', { timeout: 10_000 }, async () => {
  const { receiver } = newReceiver({ shutdownTimeoutMs: 100 });
  await receiver.start();
  const stuck = request(`http://127.0.0.1:${receiver.address().port}/v1/traces`, {
    method: 'POST', agent: false, headers: { ...JSON_TYPE, 'Content-Length': 1000 },
  });
  const cut = new Promise<void>((resolve) => stuck.on('error', () => resolve()));
  stuck.write('{"resourceSpans":');
  await waitFor(() => receiver.stats().inFlightRequests === 1, 'the stuck request to be in flight');
  await receiver.shutdown();
  await cut;
  await waitFor(() => receiver.stats().abortedRequests === 1, 'the cut request to count as aborted');
  assert.equal(receiver.stats().inFlightRequests, 0);
});
