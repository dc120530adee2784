import assert from 'node:assert/strict';

/**
 * Asserts |actual - expected| <= absolute + relative * |expected|. Two NaNs are equal
 * (an uncomputable statistic on both sides); null in a fixture means NaN.
 */
export function assertClose(actual: number | null, expected: number | null, tolerance: { absolute?: number; relative?: number }, what: string): void {
  const a = actual ?? NaN;
  const e = expected ?? NaN;
  if (Number.isNaN(e)) {
    assert.ok(Number.isNaN(a), `${what}: expected NaN, got ${a}`);
    return;
  }
  const bound = (tolerance.absolute ?? 0) + (tolerance.relative ?? 0) * Math.abs(e);
  assert.ok(Math.abs(a - e) <= bound, `${what}: ${a} differs from ${e} by ${Math.abs(a - e)} (allowed ${bound})`);
}

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
