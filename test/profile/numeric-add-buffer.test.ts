import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NUMERIC_ADD_BUFFER_SIZE, NumericAddBuffer } from '../../src/profile/numeric-add-buffer.js';
import { NumericProfile } from '../../src/profile/numeric-profile.js';
import { seededRandom, standardNormal } from '../helpers/seeded-random.js';

test('a buffered profile, once flushed, is the profile of adding each value at once, to the last bit', () => {
  const random = seededRandom(9);
  const others: unknown[] = [null, undefined, NaN, Infinity, 'abc', ' 2.5 ', 'NA', true, 7n, [1], ''];
  const values = Array.from({ length: 5 * NUMERIC_ADD_BUFFER_SIZE + 17 }, () =>
    random() < 0.1 ? others[Math.floor(random() * others.length)] : 1e6 + standardNormal(random) * 1e-3);
  const direct = new NumericProfile({ edges: [1e6 - 1e-3, 1e6, 1e6 + 1e-3], expectedRange: { min: 1e6 - 2e-3, max: 1e6 + 2e-3 } });
  const buffered = new NumericAddBuffer(new NumericProfile({ edges: [1e6 - 1e-3, 1e6, 1e6 + 1e-3], expectedRange: { min: 1e6 - 2e-3, max: 1e6 + 2e-3 } }));
  for (const value of [...values, 1e6, 1e6 + 1e-4, 1e6 - 1e-4]) {
    direct.add(value);
    buffered.add(value);
  }
  assert.notDeepEqual(buffered.profile.serialize(), direct.serialize(), 'values are still held');
  buffered.flush();
  assert.deepEqual(buffered.profile.serialize(), direct.serialize());
  assert.ok(direct.missing > 0 && direct.typeMismatch > 0, 'the values exercise every kind of record');
  buffered.flush();
  assert.deepEqual(buffered.profile.serialize(), direct.serialize(), 'a second flush adds nothing');
});

test('adding a column (addColumn, addMissing) is adding its values one by one, in order, to the last bit', () => {
  const random = seededRandom(12);
  const others: unknown[] = [null, undefined, NaN, 'abc', ' 2.5 ', true, ''];
  const options = { edges: [-1, 0, 1], expectedRange: { min: -2, max: 2 } };
  const byValue = new NumericAddBuffer(new NumericProfile(options));
  const byColumn = new NumericAddBuffer(new NumericProfile(options));
  // Columns of several lengths, some longer than the buffer, read from a row onwards, with columns the batch lacks between.
  for (let column = 0; column < 40; column++) {
    const length = Math.floor(random() * 2.5 * NUMERIC_ADD_BUFFER_SIZE);
    const from = Math.floor(random() * 4);
    if (column % 7 === 3) {
      for (let row = from; row < length; row++) byValue.add(null);
      byColumn.addMissing(Math.max(length - from, 0));
      continue;
    }
    const values = Array.from({ length }, () => (random() < 0.05 ? others[Math.floor(random() * others.length)] : standardNormal(random)));
    for (let row = from; row < length; row++) byValue.add(values[row]);
    byColumn.addColumn(values, from, length);
  }
  byValue.flush();
  byColumn.flush();
  assert.deepEqual(byColumn.profile.serialize(), byValue.profile.serialize());
  assert.ok(byValue.profile.missing > 0 && byValue.profile.typeMismatch > 0 && byValue.profile.count > 10 * NUMERIC_ADD_BUFFER_SIZE);
});

test('adding a column of numbers (addNumbers) is adding its values one by one, in order, to the last bit', () => {
  const random = seededRandom(13);
  const options = { edges: [-1, 0, 1], expectedRange: { min: -2, max: 2 } };
  const byValue = new NumericAddBuffer(new NumericProfile(options));
  const byColumn = new NumericAddBuffer(new NumericProfile(options));
  // Runs shorter and longer than the buffer, from a row onwards, between values held one at a time.
  for (let column = 0; column < 60; column++) {
    const length = Math.floor(random() * 2.5 * NUMERIC_ADD_BUFFER_SIZE);
    const from = Math.floor(random() * 4);
    const values = Float64Array.from({ length }, () => (random() < 0.03 ? NaN : random() < 0.01 ? -0 : 1e3 + standardNormal(random)));
    for (let row = from; row < length; row++) byValue.add(values[row]);
    byColumn.addNumbers(values, from, length);
    const single = standardNormal(random);
    byValue.add(single);
    byColumn.add(single);
  }
  byValue.flush();
  byColumn.flush();
  assert.deepEqual(byColumn.profile.serialize(), byValue.profile.serialize());
  assert.ok(byValue.profile.missing > 0 && byValue.profile.count > 20 * NUMERIC_ADD_BUFFER_SIZE);
});
