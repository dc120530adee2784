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
