import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonlTable } from '../../src/io/jsonl-table.js';

test('takes the union of keys; absent and null are missing', () => {
  const t = new JsonlTable('d.jsonl', '{"a":1,"b":"x"}\n\n{"a":2.5,"c":true}\n{"a":null,"b":"y"}\n');
  assert.deepEqual(t.columns, ['a', 'b', 'c']);
  assert.equal(t.rows, 3);
  assert.deepEqual(Array.from(t.numeric(0).values), [1, 2.5, NaN]);
  assert.equal(t.numeric(0).missing, 1);
  assert.deepEqual(t.text(1).values, ['x', null, 'y']);
  assert.deepEqual(t.text(2).values, [null, 'true', null]);
});

test('numeric strings are numbers; booleans and objects are mismatches in a numeric column', () => {
  const t = new JsonlTable('d.jsonl', '{"a":"3"}\n{"a":false}\n{"a":[1]}\n{"a":"NaN"}\n');
  const a = t.numeric(0);
  assert.deepEqual(Array.from(a.values), [3, NaN, NaN, NaN]);
  assert.equal(a.mismatched, 2);
  assert.equal(a.missing, 1);
  assert.equal(a.firstMismatchRow, 1);
});

test('names file, line and column of a line that is not a JSON object', () => {
  assert.throws(() => new JsonlTable('d.jsonl', '{"a":1}\n{"a":\n'), /^ModelwatchError: d\.jsonl: line 2, column 6: not valid JSON/);
  assert.throws(() => new JsonlTable('d.jsonl', '{"a":1}\n[1,2]\n'), /d\.jsonl: line 2, column 1: each line must be a JSON object/);
  assert.throws(() => new JsonlTable('d.jsonl', '\n\n'), /d\.jsonl: the file is empty/);
});
