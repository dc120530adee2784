import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ksNullIsDistributionFree, MAX_TIED_SHARE } from '../../../src/evaluate/calibration/ks-null.js';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { normalSample } from '../../helpers/seeded-random.js';

test('continuous values follow the distribution-free KS law; rounded ones do not', () => {
  const values = normalSample(1000, 3);
  assert.equal(ksNullIsDistributionFree(numericalReference(values)), true);
  assert.equal(ksNullIsDistributionFree(numericalReference(values.map((x) => Math.round(10 * x)))), false);
});

test('up to MAX_TIED_SHARE of repeated values still counts as untied', () => {
  const values = normalSample(1000, 4);
  const withTies = (count: number) => {
    const copy = values.slice();
    for (let i = 0; i < count; i++) copy[i + 1] = copy[0];
    return numericalReference(copy);
  };
  assert.equal(ksNullIsDistributionFree(withTies(MAX_TIED_SHARE * 1000)), true);
  assert.equal(ksNullIsDistributionFree(withTies(MAX_TIED_SHARE * 1000 + 1)), false);
});

test('categories, few distinct numbers and an empty reference are not numerical: no KS law to read', () => {
  assert.equal(ksNullIsDistributionFree(categoricalReference(new Map([['a', 3], ['b', 4]]))), false);
  assert.equal(ksNullIsDistributionFree(numericalReference(Float64Array.of(0, 1, 0, 1))), false);
  assert.equal(ksNullIsDistributionFree(numericalReference(new Float64Array(0))), false);
});
