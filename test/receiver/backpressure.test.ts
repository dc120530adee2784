import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RouteRequest } from '../../src/receiver/route.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { send } from './http-client.js';
import { runningReceiver } from './running-receiver.js';

/**
 * Backpressure with a slow consumer: every taken request waits 100 ms in a durable
 * step (as `serve --data-dir` waits for its journal) while 40 clients send at once,
 * again and again. The receiver must answer 503 with Retry-After once its in-flight
 * bounds are full, and the bytes it buffers must never pass `maxBufferedBytes` (the
 * bound is checked before a chunk is kept, so not even by one body); every client
 * that honours Retry-After gets its data in.
 */
const CLIENTS = 40;
const REQUESTS_PER_CLIENT = 3;
const BODY_BYTES = 20_000;
const MAX_BUFFERED_BYTES = 100_000;
const MAX_REQUESTS = 8;
const SLOW_MS = 100;

/** A traces request of one span, padded by an attribute to about `bytes` bytes. */
function paddedJson(bytes: number): string {
  const bare = encodeTracesJsonRequest([{ pad: '' }]);
  return encodeTracesJsonRequest([{ pad: 'x'.repeat(bytes - bare.length) }]);
}

test('a slow consumer under many clients: 503 with Retry-After once the intake is full, buffered bytes never past the bound', { timeout: 120_000 }, async (t) => {
  let slowSteps = 0;
  let mostBuffered = 0;
  let mostInFlight = 0;
  const breaches = new Map<string, number>();
  const { baseUrl, receiver } = await runningReceiver(t, {
    maxBodyBytes: 32_000, maxBufferedBytes: MAX_BUFFERED_BYTES, maxConcurrentRequests: MAX_REQUESTS, retryAfterSeconds: 1,
    boundBreached: (bound) => breaches.set(bound, (breaches.get(bound) ?? 0) + 1),
    durable: async (_signal: string, request: RouteRequest) => {
      slowSteps++;
      assert.ok(request.body.length > 0);
      await sleep(SLOW_MS);
    },
  });
  const watch = setInterval(() => {
    const { bufferedBytes, inFlightRequests } = receiver.stats();
    mostBuffered = Math.max(mostBuffered, bufferedBytes);
    mostInFlight = Math.max(mostInFlight, inFlightRequests);
  }, 1);
  t.after(() => clearInterval(watch));
  const heapBefore = process.memoryUsage().heapUsed;
  let mostHeap = heapBefore;

  const statuses = new Map<number, number>();
  const retryAfters = new Set<string | string[] | undefined>();
  const body = paddedJson(BODY_BYTES);
  const client = async (): Promise<void> => {
    for (let sent = 0; sent < REQUESTS_PER_CLIENT;) {
      const response = await send(`${baseUrl}/v1/traces`, { headers: { 'Content-Type': 'application/json' }, body });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      mostHeap = Math.max(mostHeap, process.memoryUsage().heapUsed);
      if (response.status === 200) {
        sent++;
        continue;
      }
      assert.equal(response.status, 503);
      retryAfters.add(response.headers['retry-after']);
      await sleep(Number(response.headers['retry-after']) * 1000 * Math.random());
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearInterval(watch);

  t.diagnostic(`statuses ${JSON.stringify(Object.fromEntries(statuses))}; breaches ${JSON.stringify(Object.fromEntries(breaches))}; most buffered ${mostBuffered} bytes of ${MAX_BUFFERED_BYTES}; most in flight ${mostInFlight} of ${MAX_REQUESTS}; heap +${((mostHeap - heapBefore) / 2 ** 20).toFixed(1)} MiB at most`);
  assert.equal(statuses.get(200), CLIENTS * REQUESTS_PER_CLIENT, 'every client got its data in, by honouring Retry-After');
  assert.equal(slowSteps, CLIENTS * REQUESTS_PER_CLIENT);
  assert.ok((statuses.get(503) ?? 0) > 0, 'the intake filled and said so');
  assert.deepEqual([...retryAfters], ['1']);
  assert.equal((breaches.get('receiver.max_inflight_bytes') ?? 0) + (breaches.get('receiver.max_inflight_requests') ?? 0), statuses.get(503),
    'each 503 told to the self-metrics, under the bound that refused it');
  assert.ok(mostBuffered <= MAX_BUFFERED_BYTES, `buffered ${mostBuffered} > ${MAX_BUFFERED_BYTES}`);
  assert.ok(mostBuffered >= MAX_BUFFERED_BYTES - BODY_BYTES, `the byte bound was reached (${mostBuffered})`);
  assert.ok(mostInFlight <= MAX_REQUESTS);
  assert.equal(receiver.stats().bufferedBytes, 0, 'everything given back');
});
