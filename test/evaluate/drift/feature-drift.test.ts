import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoricalFeatureDrift, numericalFeatureDrift } from '../../../src/evaluate/drift/feature-drift.js';
import { datasetDrift } from '../../../src/evaluate/drift/dataset-drift.js';

const range = (n: number, offset = 0, step = 1) => Float64Array.from({ length: n }, (_, i) => offset + i * step);

test('a reference of at most 1,000 numeric values is judged by KS p < 0.05', () => {
  const same = numericalFeatureDrift(range(1000), range(500, 0, 2));
  assert.equal(same.method, 'ks');
  assert.equal(same.threshold, 0.05);
  assert.equal(same.comparedAs, 'numerical');
  assert.equal(same.drifted, false);
  assert.equal(same.pValue, same.stats.ks_p_value);
  const shifted = numericalFeatureDrift(range(1000), range(500, 400));
  assert.equal(shifted.drifted, true);
  assert.ok(shifted.pValue! < 0.05);
});

test('a larger numeric reference is judged by normed Wasserstein >= 0.1', () => {
  const drift = numericalFeatureDrift(range(1001), range(1001, 100));
  assert.equal(drift.method, 'wasserstein_normed');
  assert.equal(drift.pValue, null);
  assert.equal(drift.statistic, drift.stats.wasserstein_normed);
  assert.equal(drift.drifted, drift.statistic >= 0.1);
  assert.equal(drift.drifted, true, '100 / std(0..1000) ≈ 0.35');
});

test('a numeric column with at most 5 distinct reference values drifts as categories', () => {
  const reference = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  const drift = numericalFeatureDrift(reference, Float64Array.from([0, 1, 2, 3, 4, 5]));
  assert.equal(drift.comparedAs, 'categorical');
  assert.equal(drift.method, 'chi2');
  assert.ok(drift.stats.ks !== undefined && drift.stats.chi2 !== undefined, 'both value and category statistics');
  const sixValues = numericalFeatureDrift(Float64Array.from([0, 1, 2, 3, 4, 5]), Float64Array.from([0, 1]));
  assert.equal(sixValues.comparedAs, 'numerical');
});

test('categorical features use chi2, then JS distance past 1,000 reference values', () => {
  const small = categoricalFeatureDrift(new Map([['a', 600], ['b', 400]]), new Map([['a', 10], ['b', 90]]));
  assert.equal(small.method, 'chi2');
  assert.equal(small.drifted, true);
  const large = categoricalFeatureDrift(new Map([['a', 601], ['b', 400]]), new Map([['a', 60], ['b', 40]]));
  assert.equal(large.method, 'js_distance');
  assert.equal(large.drifted, false);
});

test('a chosen method and threshold replace the default; an unfit method is refused', () => {
  const psi = numericalFeatureDrift(range(100), range(100, 10), { method: 'psi' });
  assert.deepEqual([psi.method, psi.threshold, psi.statistic], ['psi', 0.1, psi.stats.psi]);
  assert.equal(numericalFeatureDrift(range(100), range(100, 50)).drifted, true);
  const strict = numericalFeatureDrift(range(100), range(100, 50), { threshold: 1e-30 });
  assert.equal(strict.method, 'ks');
  assert.equal(strict.drifted, false, 'D = 0.5 on 100 vs 100 values has p ≈ 1e-11');
  assert.throws(() => categoricalFeatureDrift(new Map([['a', 1]]), new Map([['a', 1]]), { method: 'ks' }),
    /drift method "ks" does not apply to categorical values/);
});

test('an empty current sample gives NaN statistics and no drift', () => {
  const drift = numericalFeatureDrift(range(100), new Float64Array(0));
  assert.ok(Number.isNaN(drift.statistic));
  assert.equal(drift.drifted, false);
});

test('dataset drift is the share of drifted features against 0.5', () => {
  assert.deepEqual(datasetDrift([true, false]), { driftedShare: 0.5, drifted: true, threshold: 0.5 });
  assert.deepEqual(datasetDrift([true, false, false]).drifted, false);
  assert.equal(datasetDrift([true, false, false], 0.3).drifted, true);
  assert.ok(Number.isNaN(datasetDrift([]).driftedShare));
  assert.equal(datasetDrift([]).drifted, false);
});
