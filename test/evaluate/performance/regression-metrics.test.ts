import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compensatedMean } from '../../../src/evaluate/performance/compensated-mean.js';
import { meanAbsolutePercentageError } from '../../../src/evaluate/performance/mean-absolute-percentage-error.js';
import { r2Score } from '../../../src/evaluate/performance/r2-score.js';
import { regressionMetrics } from '../../../src/evaluate/performance/regression-metrics.js';
import { rootMeanSquaredError } from '../../../src/evaluate/performance/root-mean-squared-error.js';
import { decodeNumber, decodeNumbers, loadFixture } from '../../helpers/fixtures.js';
import { assertCloseTo } from '../../helpers/close-to.js';
import { seededRandom } from '../../helpers/seeded-random.js';

type Num = number | string;
interface Case {
  name: string;
  target: Num[];
  prediction: Num[];
  expected: Record<'mae' | 'rmse' | 'mape' | 'r2', Num>;
}
const fixture = loadFixture<{ cases: { regression: Case[] } }>('performance.json');

/** Absolute below 1, relative above: regression metrics scale with the data (MAPE reaches 9e13). */
const TOLERANCE = 1e-9;

describe('regressionMetrics against sklearn 1.2.1 (test/fixtures/performance.json)', () => {
  for (const c of fixture.cases.regression) {
    it(c.name, () => {
      const got = regressionMetrics(decodeNumbers(c.target), decodeNumbers(c.prediction));
      for (const m of ['mae', 'rmse', 'mape', 'r2'] as const) assertCloseTo(got[m], decodeNumber(c.expected[m]), TOLERANCE, m);
    });
  }
});

describe('regressionMetrics', () => {
  it('scores a small case by hand', () => {
    const got = regressionMetrics(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4));
    assertCloseTo(got.mae, 1 / 3, 1e-15, 'mae');
    assertCloseTo(got.rmse, Math.sqrt(1 / 3), 1e-15, 'rmse');
    assertCloseTo(got.mape, 1 / 9, 1e-15, 'mape');
    assert.equal(got.r2, 0.5); // 1 - 1 / 2
  });

  it('is NaN everywhere on empty input; R² is NaN for a single value', () => {
    const empty = regressionMetrics(new Float64Array(0), new Float64Array(0));
    for (const v of Object.values(empty)) assert.ok(Number.isNaN(v));
    assert.deepEqual({ ...regressionMetrics(Float64Array.of(4), Float64Array.of(3)), r2: 0 }, { mae: 1, rmse: 1, mape: 0.25, r2: 0 });
    assert.ok(Number.isNaN(r2Score(Float64Array.of(4), Float64Array.of(3))));
  });

  it('throws RangeError on misaligned inputs', () => {
    assert.throws(() => regressionMetrics(Float64Array.of(1, 2), Float64Array.of(1)), RangeError);
    assert.throws(() => r2Score(Float64Array.of(1), new Float64Array(0)), RangeError);
  });

  it('scores a constant target 1 when predicted exactly and 0 otherwise', () => {
    assert.equal(r2Score(Float64Array.of(-2, -2, -2), Float64Array.of(-2, -2, -2)), 1);
    assert.equal(r2Score(Float64Array.of(-2, -2, -2), Float64Array.of(-2, -2, -2 + 1e-8)), 0);
    // sklearn gives about -5e27 here, its mean of three 0.1s being 0.10000000000000002.
    assert.equal(r2Score(Float64Array.of(0.1, 0.1, 0.1), Float64Array.of(0.1, 0.1, 0.2)), 0);
  });

  it('divides by machine epsilon where the target is 0, as sklearn', () => {
    assert.equal(meanAbsolutePercentageError(Float64Array.of(0, 0), Float64Array.of(0, 0)), 0);
    assert.equal(meanAbsolutePercentageError(Float64Array.of(0), Float64Array.of(1)), 2 ** 52);
  });

  it('overflows to Infinity rather than NaN', () => {
    assert.equal(rootMeanSquaredError(Float64Array.of(0, 0), Float64Array.of(1e200, 1)), Infinity);
  });

  it('sums without losing small terms to large ones', () => {
    assert.equal(compensatedMean(0, 1, 3), 1 / 3);
    assert.equal(compensatedMean(Infinity, NaN, 2), Infinity);
    assert.ok(Number.isNaN(compensatedMean(0, 0, 0)));
    // Targets 1e9 + k/1024 for random integers k in [0, 103): exact in float64, with
    // exact integer sums to check against. A plain sum of a million values near 1e9
    // drifts by thousands of units, which moves R² (spread ~0.03) by about 1 %.
    const n = 1_000_000;
    const random = seededRandom(5);
    const k = Float64Array.from({ length: n }, () => Math.floor(random() * 103));
    const target = Float64Array.from(k, (v) => 1e9 + v / 1024);
    const prediction = Float64Array.from(target, (t, i) => t + (i % 3) - 1); // misses by exactly 1 on 2 rows in 3
    let sumK = 0;
    let sumKK = 0;
    for (const v of k) {
      sumK += v;
      sumKK += v * v;
    }
    const variance = (sumKK - (sumK * sumK) / n) / n / 1024 ** 2;
    const missed = n - Math.floor((n + 1) / 3);
    const got = regressionMetrics(target, prediction);
    assertCloseTo(got.mae, missed / n, 1e-12, 'mae');
    assertCloseTo(got.rmse, Math.sqrt(missed / n), 1e-12, 'rmse');
    assertCloseTo(got.r2, 1 - missed / n / variance, 1e-12, 'r2');
  });
});
