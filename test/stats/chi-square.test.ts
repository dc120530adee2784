import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquare } from '../../src/stats/chi-square.js';

test('chiSquare: hand-checkable, two degrees of freedom where p = exp(-statistic / 2)', () => {
  // Uniform reference, 12 current values: expected 4, 4, 4, so (4 + 0 + 4) / 4 = 2.
  const result = chiSquare([1, 1, 1], [2, 4, 6]);
  assert.equal(result.statistic, 2);
  assert.equal(result.degreesOfFreedom, 2);
  assert.ok(Math.abs(result.pValue - Math.exp(-1)) < 1e-15);
});

test('chiSquare: observed equal to expected gives statistic 0 and p 1', () => {
  assert.deepEqual(chiSquare([10, 20, 30], [1, 2, 3]), { statistic: 0, pValue: 1, degreesOfFreedom: 2 });
});

test('chiSquare: one category gives statistic 0 and p NaN, like scipy', () => {
  const result = chiSquare([12], [7]);
  assert.equal(result.statistic, 0);
  assert.ok(Number.isNaN(result.pValue));
  assert.equal(result.degreesOfFreedom, 0);
});

test('chiSquare: an empty sample gives NaN statistic and p, never a throw', () => {
  for (const [r, c] of [[[1, 2], [0, 0]], [[0, 0], [1, 2]], [[], []]] as const) {
    const result = chiSquare(r, c);
    assert.ok(Number.isNaN(result.statistic));
    assert.ok(Number.isNaN(result.pValue));
    assert.equal(result.degreesOfFreedom, Math.max(r.length - 1, 0));
  }
});

test('chiSquare: a category new in the current sample is floored, not divided by zero', () => {
  // Expected shares [1, 0.0001] / 1.0001 of 2 values.
  const e1 = (2 * 1) / 1.0001;
  const e2 = (2 * 0.0001) / 1.0001;
  const result = chiSquare([5, 0], [1, 1]);
  assert.ok(Math.abs(result.statistic - ((1 - e1) ** 2 / e1 + (1 - e2) ** 2 / e2)) < 1e-9);
  assert.ok(result.pValue >= 0 && result.pValue < 1e-100);
});

test('chiSquare: counts on different bins are a RangeError', () => {
  assert.throws(() => chiSquare([1, 2], [1, 2, 3]), RangeError);
});
