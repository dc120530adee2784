import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packValues, unpackValues } from '../../src/samples/packed-values.js';

test('packed values come back as they went in: numbers (NaN, ±0, infinities), text, booleans, missing', () => {
  const values = [1.5, 'red', null, -0, Number.NaN, true, Infinity, false, '', 42];
  const packed = packValues(values);
  assert.deepEqual(unpackValues(packed), values);
  assert.deepEqual([...packed.otherAt!], [1, 2, 5, 7, 8]);
  assert.equal(packValues([1, 2, 3]).otherAt, undefined, 'all numbers: no side arrays');
  assert.deepEqual(unpackValues(packValues([])), []);
});
