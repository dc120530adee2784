import assert from 'node:assert/strict';

/**
 * Asserts |actual − expected| ≤ tolerance · max(1, |expected|): absolute below 1,
 * relative above (for large-magnitude regression metrics). NaN must meet NaN.
 */
export function assertCloseTo(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  assert.equal(typeof actual, 'number', `${what}: missing`);
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  const bound = tolerance * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual! - expected) <= bound, `${what}: got ${actual}, expected ${expected} (±${bound})`);
}
