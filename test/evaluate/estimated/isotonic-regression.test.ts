import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitIsotonicRegression } from '../../../src/evaluate/estimated/isotonic-regression.js';
import { decodeNumbers, loadFixture } from '../../helpers/fixtures.js';

type Num = number | string;
interface Case {
  name: string;
  x: Num[];
  y: Num[];
  query: Num[];
  expected: { at_x: Num[]; at_query: Num[] };
}
const cases = loadFixture<{ cases: { isotonic: Case[] } }>('cbpe.json').cases.isotonic;

/** Pooled means and interpolation round differently from sklearn's Cython by a few ulps at most. */
const TOLERANCE = 1e-12;

function assertAllClose(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= TOLERANCE, `${what}[${i}]: got ${actual[i]}, sklearn ${expected[i]}`);
  }
}

describe('fitIsotonicRegression against sklearn 1.2.1 IsotonicRegression(out_of_bounds="clip") (test/fixtures/cbpe.json)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const fit = fitIsotonicRegression(decodeNumbers(c.x), decodeNumbers(c.y));
      assertAllClose(fit.predict(decodeNumbers(c.x)), decodeNumbers(c.expected.at_x), 'at the training scores');
      assertAllClose(fit.predict(decodeNumbers(c.query)), decodeNumbers(c.expected.at_query), 'at the queries');
    });
  }

  it('covers ties, a single distinct score and queries outside the fitted range', () => {
    const names = cases.map((c) => c.name);
    assert.ok(names.includes('tied_scores_average_first') && names.includes('single_distinct_score'));
    assert.ok(cases.some((c) => Math.min(...decodeNumbers(c.query)) < Math.min(...decodeNumbers(c.x))));
    assert.ok(cases.some((c) => Math.max(...decodeNumbers(c.query)) > Math.max(...decodeNumbers(c.x))));
  });
});

describe('fitIsotonicRegression', () => {
  it('fits a non-decreasing function whose pooled blocks keep the mean of the targets', () => {
    const x = [5, 1, 4, 2, 3, 6];
    const y = [0, 1, 1, 0, 1, 0];
    const fit = fitIsotonicRegression(x, y);
    for (let i = 1; i < fit.y.length; i++) assert.ok(fit.y[i] >= fit.y[i - 1]);
    const total = fit.predict(x).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 3) < 1e-12, 'least squares with a free level keeps the sum of targets');
  });

  it('predicts NaN for a NaN query and rejects bad input', () => {
    assert.ok(Number.isNaN(fitIsotonicRegression([0, 1], [0, 1]).predict([NaN])[0]));
    assert.throws(() => fitIsotonicRegression([], []), RangeError);
    assert.throws(() => fitIsotonicRegression([0, 1], [0]), RangeError);
    assert.throws(() => fitIsotonicRegression([0, NaN], [0, 1]), RangeError);
  });
});
