import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoricalProfile, NumericProfile } from '../../../src/profile/index.js';
import { categoricalQuality, numericalQuality } from '../../../src/evaluate/quality/feature-quality.js';
import { categoricalProfileQuality, numericalProfileQuality } from '../../../src/evaluate/quality/profile-quality.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';

test('a numeric window profile gives the ratios the report computes from raw values', () => {
  const reference = sortedFinite([1, 2, 3, 4, 5]);
  const rows: unknown[] = [0, 1, 2.5, 5, 6, 7, null, 'NA', 'abc', 3];
  const window = new NumericProfile({ expectedRange: { min: 1, max: 5 } });
  for (const v of rows) window.add(v);
  const fromProfile = numericalProfileQuality(window);
  const finite = sortedFinite(rows.filter((v): v is number => typeof v === 'number'));
  const fromValues = numericalQuality({ rows: 10, missing: 2, mismatched: 1 }, reference, finite);
  assert.deepEqual(fromProfile, fromValues);
  assert.deepEqual(fromProfile, { missingRatio: 0.2, typeMismatchRatio: 0.1, outOfRangeRatio: 3 / 7, newCategoryRatio: null });
});

test('a categorical window profile seeded with the reference categories counts new ones exactly', () => {
  const reference = new Map([['red', 5], ['green', 2]]);
  const window = new CategoricalProfile({ categories: reference.keys() });
  for (const v of ['red', 'blue', 'blue', null, 'green', 'NA', 'pink']) window.add(v);
  const fromProfile = categoricalProfileQuality(window, reference.keys());
  const fromValues = categoricalQuality({ rows: 7, missing: 2, mismatched: 0 }, reference, new Map([['red', 1], ['blue', 2], ['green', 1], ['pink', 1]]));
  assert.deepEqual(fromProfile, fromValues);
  assert.equal(fromProfile.newCategoryRatio, 3 / 5);
});
