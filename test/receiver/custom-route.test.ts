import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { RouteRequest } from '../../src/receiver/route.js';
import { send } from './http-client.js';
import { runningReceiver } from './running-receiver.js';
import { statusOf } from './status-body.js';

test('route() adds an endpoint with the same body handling, bounds, errors and counters', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t, { maxBodyBytes: 1000 });
  const seen: RouteRequest[] = [];
  receiver.route('/v1/feedback', async (request) => {
    seen.push(request);
    const feedback = JSON.parse(request.body.toString('utf8')) as { label: string };
    if (feedback.label === 'boom') throw new Error('feedback store down');
    return { status: 202, contentType: 'application/json', body: JSON.stringify({ accepted: 1 }) };
  }, { methods: ['post'], mediaTypes: ['application/json'] });

  const gzipped = gzipSync(JSON.stringify({ label: 'yes' }));
  const accepted = await send(`${baseUrl}/v1/feedback?source=batch`, {
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipped,
  });
  assert.equal(accepted.status, 202);
  assert.deepStrictEqual(JSON.parse(accepted.body.toString()), { accepted: 1 });
  assert.equal(seen[0].method, 'POST');
  assert.equal(seen[0].path, '/v1/feedback');
  assert.equal(seen[0].query, 'source=batch');
  assert.equal(seen[0].mediaType, 'application/json');
  assert.equal(seen[0].body.toString(), '{"label":"yes"}', 'the handler gets the body decompressed');
  assert.deepStrictEqual(seen[0].wire, { encoding: 'gzip', bytes: gzipped }, 'and as it came over the wire');

  assert.equal((await send(`${baseUrl}/v1/feedback`, { headers: { 'Content-Type': 'text/csv' }, body: 'a,b' })).status, 415);
  assert.equal((await send(`${baseUrl}/v1/feedback`, { method: 'GET' })).headers.allow, 'POST');
  assert.equal((await send(`${baseUrl}/v1/feedback`, { headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(1001) })).status, 413);
  const failed = await send(`${baseUrl}/v1/feedback`, { headers: { 'Content-Type': 'application/json' }, body: '{"label":"boom"}' });
  assert.equal(failed.status, 500);
  assert.equal(seen[1].wire, undefined, 'an uncompressed body has no wire form apart');
  assert.match(statusOf(failed).message, /MODELWATCH_ERR_CONSUMER_FAILED: \/v1\/feedback/);

  assert.deepStrictEqual(
    receiver.stats().responses.filter((c) => c.route === '/v1/feedback').map((c) => [c.status, c.count]).sort(),
    [[202, 1], [405, 1], [413, 1], [415, 1], [500, 1]].sort(),
  );
  assert.throws(() => receiver.route('/v1/feedback', () => ({ status: 200 })), /already has a route/);
  assert.throws(() => receiver.route('/v1/traces', () => ({ status: 200 })), /already has a route/);
  assert.throws(() => receiver.route('feedback', () => ({ status: 200 })), /starts with "\/"/);
});
