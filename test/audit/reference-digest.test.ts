import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { referenceDigest } from '../../src/audit/reference-digest.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

test('the digest is the SHA-256 of the columns as [name, values] pairs in code-point order of the names', () => {
  const columns = new Map<string, unknown[]>([['x', [1, 2.5]], ['plan', ['a', null]]]);
  assert.equal(referenceDigest(columns), sha256('[["plan",["a",null]],["x",[1,2.5]]]'));
});

test('the order columns were seen in does not change it; any value, name or row order does', () => {
  const base = referenceDigest(new Map([['a', [1, 2]], ['b', ['u', 'v']]]));
  assert.equal(referenceDigest(new Map([['b', ['u', 'v']], ['a', [1, 2]]])), base);
  assert.notEqual(referenceDigest(new Map([['a', [1, 3]], ['b', ['u', 'v']]])), base);
  assert.notEqual(referenceDigest(new Map([['a', [2, 1]], ['b', ['u', 'v']]])), base);
  assert.notEqual(referenceDigest(new Map([['a', [1, 2]], ['c', ['u', 'v']]])), base);
  // The text "1" is not the number 1: a CSV upload (text) and a collected reference (numbers) differ.
  assert.notEqual(referenceDigest(new Map([['a', ['1', '2']], ['b', ['u', 'v']]])), base);
});

test('numeric-looking names sort as text, and astral characters by code point', () => {
  assert.equal(referenceDigest(new Map([['10', [1]], ['9', [2]]])), sha256('[["10",[1]],["9",[2]]]'));
  assert.equal(referenceDigest(new Map([['\u{1F600}', [1]], ['\uFF01', [2]]])), sha256('[["\uFF01",[2]],["\u{1F600}",[1]]]'));
});

test('a reference read back from its JSON (as the store keeps it) digests the same', () => {
  const columns = new Map<string, unknown[]>([['x', [0.1 + 0.2, -0, 1e21]], ['y', [true, null, 'é']]]);
  const stored = JSON.stringify(Object.fromEntries(columns));
  const loaded = new Map(Object.entries(JSON.parse(stored) as Record<string, unknown[]>));
  assert.equal(referenceDigest(loaded), referenceDigest(columns));
});

test('an empty reference has a digest of its own', () => {
  assert.equal(referenceDigest(new Map()), sha256('[]'));
});
