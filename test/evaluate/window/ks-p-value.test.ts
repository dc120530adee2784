import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ksStatistic } from '../../../src/stats/ks-statistic.js';
import { ksTwoSample } from '../../../src/stats/ks-two-sample.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';
import { ksPValue } from '../../../src/stats/ks-p-value.js';
import { ksPValueThreshold } from '../../../src/evaluate/window/ks-p-value.js';
import { nextDown, nextUp } from '../../../src/evaluate/window/adjacent-double.js';
import { normalSample } from '../../helpers/seeded-random.js';

test('ksPValue gives ksTwoSample\'s statistic and p-value from D and the sizes alone', () => {
  const cases: Array<[number, number, number]> = [[1000, 100, 0], [1000, 1000, 0.1], [50, 50, 0.5], [5, 5, 0], [300, 12_000, 0.05], [20_000, 20_000, 0.02], [7, 3, 2]];
  for (const [n, m, shift] of cases) {
    const reference = sortedFinite(normalSample(n, n + m));
    const current = sortedFinite(normalSample(m, n * m + 1, shift));
    const expected = ksTwoSample(reference, current);
    const got = ksPValue(ksStatistic(reference, current), n, m);
    assert.equal(got.statistic, expected.statistic, `n ${n}, m ${m}`);
    assert.equal(got.pValue, expected.pValue, `n ${n}, m ${m}`);
  }
  assert.deepEqual(ksPValue(NaN, 10, 10), { statistic: NaN, pValue: NaN, exact: false });
  assert.deepEqual(ksPValue(0.5, 0, 10), { statistic: NaN, pValue: NaN, exact: false });
});

test('a p-value below ksPValueThreshold(limit) means exactly D above the limit', () => {
  for (const [n, m] of [[1000, 100], [1000, 1000], [200, 3000], [1000, 20_000]]) {
    for (const limit of [0.05, 0.0731, 0.15]) {
      const threshold = ksPValueThreshold(limit, n, m);
      for (const d of [limit - 0.003, limit, limit + 0.0005, limit + 0.003, limit + 0.05]) {
        const { statistic, pValue } = ksPValue(d, n, m);
        assert.equal(pValue < threshold, statistic > limit + 1e-12, `n ${n}, m ${m}, limit ${limit}, D ${d} -> ${statistic}, p ${pValue} vs ${threshold}`);
      }
    }
  }
  assert.equal(ksPValueThreshold(1, 100, 100), 0, 'no D exceeds 1');
  // Where the p-value is 1 for every D near the limit, nothing above it can reach below 1.
  assert.equal(ksPValueThreshold(0.01, 1000, 100), 1);
});

test('nextUp and nextDown step one double', () => {
  assert.equal(nextUp(1), 1 + Number.EPSILON);
  assert.equal(nextDown(1), 1 - Number.EPSILON / 2);
  assert.equal(nextUp(0), Number.MIN_VALUE);
  assert.equal(nextDown(0), -Number.MIN_VALUE);
  assert.equal(nextUp(-1), -1 + Number.EPSILON / 2);
  assert.ok(nextDown(1e300) < 1e300 && nextUp(nextDown(1e300)) === 1e300);
  assert.equal(nextUp(Infinity), Infinity);
  assert.ok(Number.isNaN(nextUp(NaN)));
});
