import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccessTokens, TokenSet } from '../../src/auth/access-tokens.js';
import { BearerAuth } from '../../src/auth/bearer-auth.js';

const A = 'collector:AAAAAAAAAAAAAAAAAAAA';
const B = 'collector-next:bbbbbbbbbbbbbbbbbbbb+/==';

test('id:token entries are read from lines, commas or spaces; comment lines are skipped', () => {
  const { tokens, problems } = parseAccessTokens(`# rotation under way\n${A}\r\n\n  ${B}  \n`);
  assert.deepEqual(problems, []);
  assert.deepEqual(tokens, [
    { id: 'collector', secret: 'AAAAAAAAAAAAAAAAAAAA' },
    { id: 'collector-next', secret: 'bbbbbbbbbbbbbbbbbbbb+/==' },
  ]);
  assert.deepEqual(parseAccessTokens(`${A},${B}`).tokens.map((t) => t.id), ['collector', 'collector-next']);
  assert.deepEqual(parseAccessTokens('').tokens, []);
});

test('a bad entry is named by position and id, never by its token', () => {
  const secrets = ['q7Zk', 'has"quote"0123456789', 'noid0123456789abcdefg', 'AAAAAAAAAAAAAAAAAAAA'];
  const { tokens, problems } = parseAccessTokens(`a:${secrets[0]}\nb:${secrets[1]}\n${secrets[2]}\n${A}\n${A}\nbad/id:${secrets[3]}`);
  assert.deepEqual(tokens.map((t) => t.id), ['collector']);
  assert.equal(problems.length, 5);
  assert.match(problems[0].message, /^entry 1 \(a\): the token is shorter than 16/);
  assert.match(problems[1].message, /^entry 2 \(b\): the token has characters a Bearer token cannot carry/);
  assert.match(problems[2].message, /^entry 3 has no id/);
  assert.match(problems[3].message, /^entry 5: the id collector is given twice/);
  assert.match(problems[4].message, /^entry 6: the id must be/);
  const text = problems.map((p) => p.message).join('\n');
  for (const secret of secrets) assert.ok(!text.includes(secret), `a problem quotes ${secret}`);
});

test('a token set knows its tokens by id and nothing else: prefixes, extensions and case differ', () => {
  const set = new TokenSet(parseAccessTokens(`${A}\n${B}`).tokens);
  assert.equal(set.size, 2);
  assert.equal(set.identify('AAAAAAAAAAAAAAAAAAAA'), 'collector');
  assert.equal(set.identify('bbbbbbbbbbbbbbbbbbbb+/=='), 'collector-next');
  for (const wrong of ['', 'AAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAA', 'aaaaaaaaaaaaaaaaaaaa', 'collector', 'collector:AAAAAAAAAAAAAAAAAAAA']) {
    assert.equal(set.identify(wrong), undefined, JSON.stringify(wrong));
  }
  assert.equal(new TokenSet([]).identify('AAAAAAAAAAAAAAAAAAAA'), undefined);
});

test('BearerAuth: the verdict for each role, token and header form', () => {
  const ingest = parseAccessTokens(A).tokens;
  const admin = parseAccessTokens('ops:OOOOOOOOOOOOOOOOOOOO').tokens;
  const auth = new BearerAuth({ ingest, admin });
  const check = (authorization: string | undefined, role: 'ingest' | 'admin') => auth.check(authorization === undefined ? {} : { authorization }, role);
  assert.deepEqual(check('Bearer AAAAAAAAAAAAAAAAAAAA', 'ingest'), { outcome: 'allowed', tokenId: 'collector' });
  assert.deepEqual(check('bearer  AAAAAAAAAAAAAAAAAAAA', 'ingest'), { outcome: 'allowed', tokenId: 'collector' }, 'the scheme is case-insensitive');
  assert.deepEqual(check(undefined, 'ingest'), { outcome: 'unauthenticated', reason: 'missing' });
  assert.deepEqual(check('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'ingest'), { outcome: 'unauthenticated', reason: 'missing' });
  assert.deepEqual(check('Bearer nope', 'ingest'), { outcome: 'unauthenticated', reason: 'unknown' });
  assert.deepEqual(check('Bearer OOOOOOOOOOOOOOOOOOOO', 'ingest'), { outcome: 'forbidden', tokenId: 'ops' });
  assert.deepEqual(check('Bearer OOOOOOOOOOOOOOOOOOOO', 'admin'), { outcome: 'allowed', tokenId: 'ops' });
  assert.deepEqual(check('Bearer AAAAAAAAAAAAAAAAAAAA', 'admin'), { outcome: 'forbidden', tokenId: 'collector' });
  assert.deepEqual(check(undefined, 'admin'), { outcome: 'unauthenticated', reason: 'missing' });

  const none = new BearerAuth({ ingest: [], admin: [] });
  assert.deepEqual(none.check({}, 'ingest'), { outcome: 'allowed' }, 'no tokens: open, as before');
  assert.deepEqual(none.check({}, 'admin'), { outcome: 'allowed' });
  const ingestOnly = new BearerAuth({ ingest, admin: [] });
  assert.deepEqual(ingestOnly.check({ authorization: 'Bearer AAAAAAAAAAAAAAAAAAAA' }, 'admin'), { outcome: 'forbidden', tokenId: 'collector' },
    'ingest tokens and no admin token: the admin API is closed, not open');
  const adminOnly = new BearerAuth({ ingest: [], admin });
  assert.deepEqual(adminOnly.check({}, 'ingest'), { outcome: 'allowed' });
  assert.deepEqual(adminOnly.check({}, 'admin'), { outcome: 'unauthenticated', reason: 'missing' });
});
