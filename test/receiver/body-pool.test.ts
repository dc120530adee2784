import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { BodyPool, RouteRequest } from '../../src/receiver/route.js';
import { send, waitFor } from './http-client.js';
import { runningReceiver } from './running-receiver.js';

/*
 * RouteOptions.bodyPool: an uncompressed body with a Content-Length is read straight
 * into the room the pool lends, the handler gets exactly that buffer, and the room
 * goes back to the pool once, after the handler's answer settles, whatever becomes
 * of the request. Any other body is read as usual.
 */

/** A pool that lends fresh buffers for one media type and remembers every loan. */
function recordingPool(mediaType: string) {
  const offered: string[] = [];
  const lent: Buffer[] = [];
  const released: Buffer[] = [];
  const pool: BodyPool = {
    lease: (bytes, type) => {
      offered.push(type);
      if (type !== mediaType) return undefined;
      const body = Buffer.alloc(bytes, 0xee);
      lent.push(body);
      return body;
    },
    release: (body) => {
      released.push(body);
    },
  };
  return { pool, offered, lent, released };
}

/** A handler that answers when told to, recording what it was given. */
function heldHandler() {
  const seen: RouteRequest[] = [];
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const handler = async (req: RouteRequest) => {
    seen.push(req);
    await answered;
    return { status: 200, contentType: 'text/plain', body: 'ok' };
  };
  return { seen, handler, answer: () => answer() };
}

test('a body with a Content-Length is read into the room the pool lends, given back once the answer settles', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t);
  const { pool, lent, released } = recordingPool('application/x-protobuf');
  const held = heldHandler();
  receiver.route('/v1/pooled', held.handler, { bodyPool: pool });
  const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));

  const answer = send(`${baseUrl}/v1/pooled`, { headers: { 'Content-Type': 'application/x-protobuf' }, body });
  await waitFor(() => held.seen.length === 1, 'the handler to be called');
  assert.equal(lent.length, 1, 'one loan');
  assert.equal(lent[0].length, body.length, 'of the declared length');
  assert.equal(held.seen[0].body, lent[0], 'the handler reads the lent buffer itself');
  assert.deepEqual(held.seen[0].body, body, 'holding the body');
  assert.equal(released.length, 0, 'not given back while the handler works');
  held.answer();
  assert.equal((await answer).status, 200);
  await waitFor(() => released.length === 1, 'the loan to be given back');
  assert.equal(released[0], lent[0]);
});

test('a compressed, chunked, empty or other-type body is read as usual', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t);
  const { pool, offered, lent } = recordingPool('application/x-protobuf');
  const seen: RouteRequest[] = [];
  receiver.route('/v1/pooled', (req) => {
    seen.push(req);
    return { status: 200 };
  }, { bodyPool: pool });
  const body = Buffer.from('a body of some length');
  const protobuf = { 'Content-Type': 'application/x-protobuf' };
  const sent = [
    send(`${baseUrl}/v1/pooled`, { headers: { ...protobuf, 'Content-Encoding': 'gzip' }, body: gzipSync(body) }),
    send(`${baseUrl}/v1/pooled`, { headers: protobuf, body, chunked: true }),
    send(`${baseUrl}/v1/pooled`, { headers: protobuf, body: Buffer.alloc(0) }),
    send(`${baseUrl}/v1/pooled`, { headers: { 'Content-Type': 'application/json' }, body }),
  ];
  assert.deepEqual((await Promise.all(sent)).map((response) => response.status), [200, 200, 200, 200]);
  assert.deepEqual(seen.map((req) => req.body.toString()).sort(), ['', ...Array(3).fill(body.toString())].sort());
  assert.deepEqual(offered, ['application/json'], 'only the JSON body was offered to the pool');
  assert.equal(lent.length, 0, 'which declined it');
});

test('the loan is given back when the handler fails or the client goes away mid-body; none is made past max_body_bytes', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t, { maxBodyBytes: 5_000 });
  const { pool, offered, lent, released } = recordingPool('application/x-protobuf');
  receiver.route('/v1/pooled', () => {
    throw new Error('handler down');
  }, { bodyPool: pool });
  const headers = { 'Content-Type': 'application/x-protobuf' };

  assert.equal((await send(`${baseUrl}/v1/pooled`, { headers, body: Buffer.alloc(100, 1) })).status, 500);
  assert.equal((await send(`${baseUrl}/v1/pooled`, { headers, body: Buffer.alloc(6_000, 1) })).status, 413);
  assert.equal(offered.length, 1, 'the body past the cap was refused before any loan');
  await new Promise<void>((resolve, reject) => {
    const req = request(`${baseUrl}/v1/pooled`, { method: 'POST', headers: { ...headers, 'Content-Length': 1000 }, agent: false });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(100, 1), (error) => (error ? reject(error) : setTimeout(() => {
      req.destroy();
      resolve();
    }, 20)));
  });
  await waitFor(() => receiver.stats().abortedRequests === 1, 'the abort to be seen');
  await waitFor(() => released.length === 2, 'every loan to be given back');
  assert.equal(lent.length, 2);
  assert.deepEqual(new Set(released), new Set(lent), 'each loan given back once');
});

test('a loan counts against the intake whole, at once: without room for it, it goes back and the body is read as usual', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t, { maxBodyBytes: 5_000, maxBufferedBytes: 10_000 });
  const lent: Buffer[] = [];
  const released: Buffer[] = [];
  // Room rounded up, as ThreadedSpanExtraction's pool rounds to its shared buffers' size.
  const pool: BodyPool = {
    lease: (bytes) => {
      const body = Buffer.from(new ArrayBuffer(bytes < 100 ? 4_000 : 20_000), 0, bytes);
      lent.push(body);
      return body;
    },
    release: (body) => {
      released.push(body);
    },
  };
  const seen: RouteRequest[] = [];
  receiver.route('/v1/pooled', (req) => {
    seen.push(req);
    return { status: 200 };
  }, { bodyPool: pool });
  const headers = { 'Content-Type': 'application/x-protobuf' };

  assert.equal((await send(`${baseUrl}/v1/pooled`, { headers, body: Buffer.alloc(200, 2) })).status, 200);
  assert.equal(lent.length, 1);
  assert.deepEqual(released, lent, 'the 20,000 bytes behind the loan did not fit the intake: given back at once');
  assert.notEqual(seen[0].body, lent[0], 'and the body was read into a buffer of its own');
  assert.deepEqual(seen[0].body, Buffer.alloc(200, 2));

  assert.equal((await send(`${baseUrl}/v1/pooled`, { headers, body: Buffer.alloc(50, 3) })).status, 200);
  assert.equal(seen[1].body, lent[1], 'a loan that fits is read into');
  await waitFor(() => released.length === 2, 'that loan to be given back too');
});

test('a pool that cannot lend (no memory) leaves the body to be read as usual', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t);
  const seen: RouteRequest[] = [];
  receiver.route('/v1/pooled', (req) => {
    seen.push(req);
    return { status: 200 };
  }, {
    bodyPool: {
      lease: () => {
        throw new RangeError('Array buffer allocation failed');
      },
      release: () => assert.fail('nothing was lent'),
    },
  });
  const body = Buffer.alloc(1_000, 4);
  assert.equal((await send(`${baseUrl}/v1/pooled`, { headers: { 'Content-Type': 'application/x-protobuf' }, body })).status, 200);
  assert.deepEqual(seen[0].body, body);
});
