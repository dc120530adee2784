import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoricalQuality, numericalQuality } from '../../../src/evaluate/quality/feature-quality.js';

test('numerical: missing and mismatches over rows, out-of-range over valid values', () => {
  const quality = numericalQuality({ rows: 10, missing: 2, mismatched: 1 }, Float64Array.of(1, 2, 3), Float64Array.of(0, 1, 2, 3, 3.5, 4, 5));
  assert.deepEqual(quality, { missingRatio: 0.2, typeMismatchRatio: 0.1, outOfRangeRatio: 4 / 7, newCategoryRatio: null });
});

test('numerical: every value out of range, and no values at all', () => {
  assert.equal(numericalQuality({ rows: 2, missing: 0, mismatched: 0 }, Float64Array.of(1), Float64Array.of(0, 2)).outOfRangeRatio, 1);
  assert.ok(Number.isNaN(numericalQuality({ rows: 2, missing: 2, mismatched: 0 }, Float64Array.of(1), new Float64Array(0)).outOfRangeRatio!));
});

test('categorical: the share of current values whose category the reference lacks', () => {
  const quality = categoricalQuality({ rows: 5, missing: 1, mismatched: 0 }, new Map([['a', 3]]), new Map([['a', 1], ['b', 3]]));
  assert.deepEqual(quality, { missingRatio: 0.2, typeMismatchRatio: 0, outOfRangeRatio: null, newCategoryRatio: 0.75 });
});
