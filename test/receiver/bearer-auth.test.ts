import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { parseAccessTokens } from '../../src/auth/access-tokens.js';
import { BearerAuth } from '../../src/auth/bearer-auth.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { send } from './http-client.js';
import { runningReceiver } from './running-receiver.js';
import { statusOf } from './status-body.js';

const INGEST = 'QWERTYUIOPasdfghjkl0';
const INGEST_NEXT = 'zxcvbnmZXCVBNM123456';
const ADMIN = 'adminADMINadmin00000';
const auth = () => new BearerAuth({
  ingest: parseAccessTokens(`collector:${INGEST}\ncollector-next:${INGEST_NEXT}`).tokens,
  admin: parseAccessTokens(`ops:${ADMIN}`).tokens,
});
const traces = encodeTracesJsonRequest([{ 'ml.model.name': 'churn', 'ml.feature.x': 1 }]);

test('OTLP routes take a request with any configured ingest token (rotation), and the route sees the token id', async (t) => {
  const { receiver, consumer, baseUrl } = await runningReceiver(t, { auth: auth() });
  const seen: (string | undefined)[] = [];
  receiver.route('/v1/feedback', (request) => {
    seen.push(request.tokenId);
    return { status: 200 };
  });
  for (const token of [INGEST, INGEST_NEXT]) {
    const answer = await send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: traces });
    assert.equal(answer.status, 200, answer.body.toString());
    const feedback = await send(`${baseUrl}/v1/feedback`, { headers: { authorization: `Bearer ${token}` }, body: '{}' });
    assert.equal(feedback.status, 200);
  }
  assert.equal(consumer.traces.length, 2);
  assert.deepEqual(seen, ['collector', 'collector-next']);
});

test('without a token, or with an unknown one: 401, WWW-Authenticate: Bearer, a google.rpc.Status in the request\'s type, nothing consumed, counted', async (t) => {
  const { receiver, consumer, baseUrl } = await runningReceiver(t, { auth: auth() });
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no token, JSON', { 'content-type': 'application/json' }, 'Bearer realm="modelwatch"'],
    ['no token, protobuf', { 'content-type': 'application/x-protobuf' }, 'Bearer realm="modelwatch"'],
    ['unknown token', { 'content-type': 'application/json', authorization: `Bearer ${INGEST}x` }, 'Bearer realm="modelwatch", error="invalid_token"'],
    ['Basic credentials', { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' }, 'Bearer realm="modelwatch"'],
  ];
  for (const [name, headers, challenge] of cases) {
    const answer = await send(`${baseUrl}/v1/traces`, { headers, body: traces });
    assert.equal(answer.status, 401, name);
    assert.equal(answer.headers['www-authenticate'], challenge, name);
    assert.equal(answer.headers['content-type'], headers['content-type'], name);
    const status = statusOf(answer);
    assert.equal(status.code, 16, `${name}: google.rpc.Code UNAUTHENTICATED`);
    assert.match(status.message, /^MODELWATCH_ERR_UNAUTHENTICATED: \/v1\/traces: /, name);
  }
  assert.equal(consumer.traces.length, 0);
  assert.deepEqual(receiver.stats().responses, [{ route: '/v1/traces', status: 401, count: cases.length }]);
  assert.equal(receiver.stats().bodyBytes, 0, 'refused from the headers: no body byte read');
});

test('an admin route: 401 without a token or with an unknown one, 403 with an ingest token, 200 with an admin token', async (t) => {
  const { receiver, baseUrl } = await runningReceiver(t, { auth: auth() });
  receiver.route('/admin/thing', (request) => ({ status: 200, contentType: 'application/json', body: JSON.stringify({ by: request.tokenId }) }), { methods: ['GET'], role: 'admin' });
  const get = (authorization?: string) => send(`${baseUrl}/admin/thing`, { method: 'GET', headers: authorization === undefined ? {} : { authorization } });
  assert.equal((await get()).status, 401);
  assert.equal((await get('Bearer unknown-token-000000')).status, 401);
  const forbidden = await get(`Bearer ${INGEST}`);
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.headers['www-authenticate'], 'Bearer realm="modelwatch", error="insufficient_scope", scope="admin"');
  assert.deepEqual(statusOf(forbidden), {
    code: 7,
    message: 'MODELWATCH_ERR_FORBIDDEN: /admin/thing: the token collector is not an admin token; use one from receiver.auth.admin_tokens_file or _env',
  });
  const allowed = await get(`Bearer ${ADMIN}`);
  assert.equal(allowed.status, 200);
  assert.deepEqual(JSON.parse(allowed.body.toString()), { by: 'ops' });
  // An admin token is not an ingest token: the roles are separate.
  const adminOnIngest = await send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: traces });
  assert.equal(adminOnIngest.status, 403);
});

test('a refused token never shows in the diagnostic log', async (t) => {
  const lines: string[] = [];
  const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  t.after(() => diag.disable());
  const { baseUrl } = await runningReceiver(t, { auth: auth() });
  const guess = `${INGEST.slice(0, -1)}Z`;
  const answers = [
    await send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${guess}` }, body: traces }),
    await send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: traces }),
  ];
  assert.deepEqual(answers.map((a) => a.status), [401, 403]);
  assert.ok(lines.length >= 2, `the refusals were logged: ${lines.join('\n')}`);
  const log = lines.join('\n');
  for (const secret of [guess, ADMIN, INGEST]) assert.ok(!log.includes(secret), `the log holds a token:\n${log}`);
  for (const answer of answers) assert.ok(!answer.body.toString().includes(guess) && !answer.body.toString().includes(ADMIN), 'the answer echoes the token');
});

test('without tokens the receiver stays open, as before', async (t) => {
  const { baseUrl } = await runningReceiver(t, { auth: new BearerAuth({ ingest: [], admin: [] }) });
  const answer = await send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: traces });
  assert.equal(answer.status, 200);
});
