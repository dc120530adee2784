import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the package entry point exposes the report and the statistics', async () => {
  // A self-reference resolves through package.json "exports", as a user's import would.
  const modelwatch = await import('modelwatch');
  const ks = modelwatch.ksTwoSample(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6));
  assert.equal(ks.statistic, 1);
  // 2 of the C(6, 3) = 20 orderings are as extreme; scipy also prints 0.09999999999999999.
  assert.ok(Math.abs(ks.pValue - 0.1) < 1e-15);
  assert.equal(typeof modelwatch.buildReport, 'function');
  assert.equal(typeof modelwatch.NumericProfile, 'function');
  assert.ok(modelwatch.DRIFT_METHODS.includes('psi'));
});
